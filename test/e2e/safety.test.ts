/**
 * SPEC §6 through the real CLI, on every dialect's database: a failing
 * migration leaves no trace, concurrent migrate processes apply each
 * migration once, a held lock times out, edited or missing applied
 * migrations stop migrate.
 */
import { strict as assert } from 'node:assert'
import { type CliResult, runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { TARGETS, type Target, type TargetDatabase } from './targets'

const PEOPLE = `tables:
  people:
    columns:
      email: { type: string, length: 100 }
`

/**
 * How many `strata migrate` processes race. SQLite serialises writers on
 * one file; PostgreSQL takes more, since its advisory lock and the history
 * re-read inside each transaction are what keep a migration from running twice.
 */
const RACERS: Record<Target['dialect'], number> = { sqlite: 2, postgres: 8, mysql: 8 }

/** What the database says when a unique constraint cannot be built over duplicates. */
const DUPLICATES = /UNIQUE constraint failed|could not create unique index/

for (const target of Object.values(TARGETS)) {
  target.describe(`safety of migrate on ${target.dialect}`, function () {
    this.timeout(180000)
    let project: TempProject
    let db: TargetDatabase
    const run = (args: string[], where = project): Promise<CliResult> =>
      runCli(args, { cwd: where.dir, env: { STRATA_DATABASE_URL: db.url } })
    const ok = async (...args: string[]) => {
      const result = await run(args)
      assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
      return result
    }
    const history = async () =>
      (await db.rows("SELECT name FROM strata_migrations WHERE name NOT LIKE 'strata:%' ORDER BY name")).map((r) => r.name)

    beforeEach(async () => {
      project = new TempProject({ 'schemas/app.yaml': PEOPLE })
      db = await target.create(project)
    })
    afterEach(async () => {
      await db.drop()
      project.cleanup()
    })

    // Where DDL commits by itself (MySQL) a failed migration is partially applied instead: test/e2e/partial.test.ts.
    if (target.transactionalDdl) it('a migration whose second operation fails exits 3 and leaves no trace of either operation', async () => {
      await ok('make')
      await ok('migrate')
      await db.exec("INSERT INTO people (id, email) VALUES (1, 'a@x'), (2, 'a@x'), (3, 'b@x')")
      const before = await db.dump()
      project.write({
        'schemas/app.yaml': `tables:
  people:
    columns:
      email: { type: string, length: 100, unique: true }
      nickname: { type: string, length: 30, nullable: true }
`,
      })
      await ok('make', 'nick_and_unique')
      const text = project.read('migrations/0002_nick_and_unique.yaml')
      assert.ok(text.indexOf('addColumn') < text.indexOf('addUnique'), 'the failing operation comes second')
      // strata lint counts the duplicates first and stops migrate (exit 1, nothing applied); --force goes on to the database.
      const gated = await run(['migrate'])
      assert.equal(gated.code, 1, gated.stdout + gated.stderr)
      assert.match(gated.stderr, /DT604 .*2 rows of people share 1 value of \(email\)/)
      assert.deepEqual(await db.dump(), before, 'the lint gate applied nothing')
      const result = await run(['migrate', '--force'])
      assert.equal(result.code, 3, result.stdout + result.stderr)
      assert.match(result.stderr, /migration 0002_nick_and_unique failed \(up\), operation 2 \(addUnique\)/)
      assert.match(result.stderr, DUPLICATES)
      assert.match(result.stderr, /SQL: /)
      assert.match(result.stderr, /rolled back/)
      assert.deepEqual(await db.dump(), before, 'neither operation is left')
      assert.deepEqual(await history(), ['0001_initial'])
      assert.deepEqual(await db.rows('SELECT count(*) AS n FROM people'), [{ n: 3 }])
    })

    it(`${RACERS[target.dialect]} migrate processes started together apply each migration exactly once`, async () => {
      await ok('make')
      for (let i = 1; i <= 4; i++) {
        project.write({ 'schemas/app.yaml': PEOPLE + `  table_${i}:\n    columns:\n      value: { type: integer, nullable: true }\n` })
        await ok('make')
      }
      const results = await Promise.all(Array.from({ length: RACERS[target.dialect] }, () => run(['migrate'])))
      for (const r of results) assert.equal(r.code, 0, r.stdout + r.stderr)
      const applied = await history()
      assert.equal(applied.length, 5)
      assert.equal(new Set(applied).size, 5)
      const reported = results.flatMap((r) => [...r.stdout.matchAll(/Applied (\S+)/g)].map((m) => m[1]))
      assert.deepEqual([...reported].sort(), applied, 'each migration applied by exactly one process')
      assert.deepEqual(await db.tables(), ['people', 'strata_migrations', 'table_4'])
    })

    it('a migrate that cannot get the migration lock within --lock-timeout exits 3, says why, and changes nothing', async () => {
      await ok('make')
      const release = await db.holdMigrationLock()
      try {
        const started = Date.now()
        const result = await run(['migrate', '--lock-timeout', '1'])
        assert.equal(result.code, 3, result.stdout + result.stderr)
        assert.match(result.stderr, /another strata migrate .*holds/)
        assert.ok(Date.now() - started < 30000, 'it gave up after about a second')
      } finally {
        await release()
      }
      assert.ok(!(await db.tables()).includes('people'))
      await ok('migrate')
      assert.deepEqual(await history(), ['0001_initial'])
    })

    it('an applied migration edited afterwards stops migrate, naming it; a comment-only edit does not', async () => {
      await ok('make')
      await ok('migrate')
      const original = project.read('migrations/0001_initial.yaml')
      project.write({ 'migrations/0001_initial.yaml': `# reviewed by Ann\n${original}\n\n` })
      await ok('migrate')
      // An edit of the down path keeps the schema effect (so the snapshot agrees) but changes the checksum.
      project.write({ 'migrations/0001_initial.yaml': original.replace(/down:\n[\s\S]*$/, 'down:\n  - dropTable: people\n  - sql: "SELECT 1"\n') })
      const result = await run(['migrate'])
      assert.equal(result.code, 3, result.stdout + result.stderr)
      assert.match(result.stderr, /migration 0001_initial \(migrations\/0001_initial\.yaml\) was edited after it was applied/)
      const status = await run(['status'])
      assert.equal(status.code, 1)
      assert.match(status.stdout, /\[X\] 0001_initial .*EDITED/)
      project.write({ 'migrations/0001_initial.yaml': original })
      await ok('migrate', 'zero')
      assert.deepEqual(await db.tables(), ['strata_migrations'])
    })

    it('a previously applied migration whose file is gone stops migrate', async () => {
      await ok('make')
      await ok('migrate')
      const fresh = new TempProject({ 'schemas/app.yaml': PEOPLE })
      try {
        assert.equal((await run(['make', 'other'], fresh)).code, 0)
        const result = await runCli(['migrate', '--database', db.url], { cwd: fresh.dir })
        assert.equal(result.code, 3, result.stdout + result.stderr)
        assert.match(result.stderr, /previously applied migration 0001_initial is missing/)
        assert.deepEqual(await history(), ['0001_initial'])
      } finally {
        fresh.cleanup()
      }
    })
  })
}
