/**
 * Honest atomicity where DDL commits by itself (MySQL, MariaDB; SPEC §6):
 * a migration that fails at its third DDL statement leaves the first two
 * applied and recorded; `status` shows the partial state; `migrate` refuses
 * with the way out; both ways out — `migrate --rollback` (reverse what ran)
 * and `migrate --finish` after fixing the cause — leave a database equal to
 * a clean one, read with information_schema (not strata's introspector).
 * Ctrl-C in the middle of such a migration leaves it partially applied too.
 */
import { strict as assert } from 'node:assert'
import { spawn } from 'node:child_process'
import { BIN, type CliResult, runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { TARGETS, type TargetDatabase } from './targets'

const PEOPLE = `tables:
  people:
    columns:
      email: { type: string, length: 100 }
`

const CHANGED = `tables:
  people:
    columns:
      email: { type: string, length: 100, unique: true }
      nickname: { type: string, length: 30, nullable: true }
      age: { type: integer, nullable: true }
    indexes:
      - columns: [nickname]
`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

for (const target of Object.values(TARGETS).filter((t) => !t.transactionalDdl)) {
  target.describe(`a migration stopped partway on ${target.dialect} (DDL is not transactional)`, function () {
    this.timeout(240000)
    let project: TempProject
    let db: TargetDatabase
    const extra: TargetDatabase[] = []
    const run = (args: string[], url = db.url): Promise<CliResult> => runCli(args, { cwd: project.dir, env: { STRATA_DATABASE_URL: url } })
    const ok = async (args: string[], url = db.url) => {
      const result = await run(args, url)
      assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
      return result
    }
    const history = async () =>
      db.rows("SELECT name, applied_operations, applied_statements FROM strata_migrations WHERE name NOT LIKE 'strata:%' ORDER BY name")
    /** The same migrations applied to a fresh database up to `to`, read back the same way. */
    const clean = async (to?: string) => {
      const other = await target.create(project)
      extra.push(other)
      await ok(['migrate', ...(to ? [to] : [])], other.url)
      return other.dump()
    }

    beforeEach(async () => {
      project = new TempProject({ 'schemas/app.yaml': PEOPLE })
      db = await target.create(project)
    })
    afterEach(async () => {
      await db.drop()
      for (const d of extra.splice(0)) await d.drop()
      project.cleanup()
    })

    it('fails at its third DDL statement: two recorded, status shows it, migrate refuses; --rollback and --finish each give a clean database', async () => {
      await ok(['make'])
      await ok(['migrate'])
      await db.exec("INSERT INTO people (id, email) VALUES (1, 'a@x'), (2, 'a@x'), (3, 'b@x')")
      project.write({ 'schemas/app.yaml': CHANGED })
      await ok(['make', 'profile'])
      const ops = [...project.read('migrations/0002_profile.yaml').split('\ndown:')[0]!.matchAll(/^ {2}- (\w+):/gm)].map((m) => m[1])
      assert.deepEqual(ops, ['addColumn', 'addColumn', 'addUnique', 'addIndex'], 'the unique over duplicates is the third statement')
      const sql = await ok(['sql', '2'])
      assert.match(sql.stdout, /-- Not atomic: mysql commits each DDL statement by itself\. Each statement is recorded/)

      const failed = await run(['migrate', '--force'])
      assert.equal(failed.code, 3, failed.stdout + failed.stderr)
      assert.match(failed.stderr, /migration 0002_profile failed \(up\), operation 3 \(addUnique\): Duplicate entry/)
      assert.match(failed.stderr, /PARTIALLY APPLIED\. Ran and recorded: statements 1–2 of 4 \(operations 1–2 \(addColumn, addColumn\)\)\. Not run: statements 3–4/)
      assert.match(failed.stderr, /strata migrate --finish.*strata migrate --rollback/)
      assert.deepEqual(await history(), [
        { name: '0001_initial', applied_operations: null, applied_statements: null },
        { name: '0002_profile', applied_operations: 2, applied_statements: null },
      ])
      const columns = await db.rows("SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'people' ORDER BY ORDINAL_POSITION")
      assert.deepEqual(columns.map((r) => r.c), ['id', 'email', 'nickname', 'age'])
      const indexes = await db.rows("SELECT DISTINCT INDEX_NAME AS i FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'people' ORDER BY 1")
      assert.deepEqual(indexes.map((r) => r.i), ['PRIMARY'])

      const status = await run(['status'])
      assert.equal(status.code, 1, status.stdout + status.stderr)
      assert.match(status.stdout, /0002_profile .*PARTLY APPLIED: 2 of 4 operations \(stopped at a failure: strata migrate --finish runs the rest, strata migrate --rollback reverses what ran\)/)
      const json = JSON.parse((await run(['status', '--json'])).stdout) as { migrations: { name: string; applied: boolean; partial?: unknown }[] }
      assert.deepEqual(json.migrations[1], {
        ...json.migrations[1],
        applied: false,
        partial: { appliedOperations: 2, operations: 4, appliedStatements: 0, resolution: 'finish-or-rollback' },
      })

      // Refused, with the way out, whatever the target; nothing runs.
      for (const args of [['migrate', '--force'], ['migrate', '0001'], ['migrate', 'zero']]) {
        const refused = await run(args)
        assert.equal(refused.code, 3, refused.stdout + refused.stderr)
        assert.match(refused.stderr, /migration 0002_profile is partially applied to this database \(operations 1–2 \(addColumn, addColumn\) ran; the rest did not\): fix the cause and run `strata migrate --finish` to run the rest of it, or `strata migrate --rollback` to reverse the statements that ran/)
      }
      assert.equal((await history()).length, 2)

      // Way out 1: reverse the two statements that ran.
      const rolled = await ok(['migrate', '--rollback'])
      assert.match(rolled.stdout, /Reversed 0002_profile/)
      assert.deepEqual((await history()).map((r) => r.name), ['0001_initial'])
      assert.deepEqual(await db.dump(), await clean('0001'), 'equal to a database migrated to 0001 only')
      assert.deepEqual(await db.rows('SELECT id, email FROM people ORDER BY id'), [
        { id: 1, email: 'a@x' },
        { id: 2, email: 'a@x' },
        { id: 3, email: 'b@x' },
      ])
      assert.equal((await run(['migrate', '--rollback'])).code, 2, '--rollback with nothing partial is a usage error')

      // Again, then way out 2: fix the cause (the duplicate row) and finish.
      assert.equal((await run(['migrate', '--force'])).code, 3)
      assert.deepEqual((await history())[1], { name: '0002_profile', applied_operations: 2, applied_statements: null })
      await db.exec('DELETE FROM people WHERE id = 2')
      const finished = await ok(['migrate', '--finish'])
      assert.match(finished.stdout, /Applied 0002_profile/)
      assert.deepEqual(await history(), [
        { name: '0001_initial', applied_operations: null, applied_statements: null },
        { name: '0002_profile', applied_operations: null, applied_statements: null },
      ])
      assert.deepEqual(await db.dump(), await clean(), 'equal to a database migrated whole')
      assert.equal((await run(['diff', '--db'])).code, 0)
      assert.equal((await run(['status'])).code, 0)
      // And the finished migration reverses as any other.
      await ok(['migrate', '0001'])
      assert.deepEqual(await db.dump(), await clean('0001'))
    })

    it('Ctrl-C after a DDL statement leaves the migration partially applied; --rollback reverses it', async () => {
      await ok(['make'])
      await ok(['make', '--empty', 'slow'])
      project.write({
        'migrations/0002_slow.yaml': `name: 0002_slow
dependsOn: 0001_initial
up:
  - sql: { up: "ALTER TABLE people ADD COLUMN nick text", down: "ALTER TABLE people DROP COLUMN nick" }
  - sql: { up: "SELECT SLEEP(20)", down: "SELECT 1" }
`,
      })
      const env = { ...process.env, STRATA_DATABASE_URL: db.url }
      const child = spawn(process.execPath, [BIN, 'migrate'], { cwd: project.dir, env })
      let stderr = ''
      child.stderr.on('data', (d) => (stderr += d))
      const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 130 : null))))
      // Wait until the first statement of 0002 is recorded: the sleep is then running.
      for (;;) {
        const rows = await db.rows("SELECT applied_operations AS n FROM strata_migrations WHERE name = '0002_slow'").catch(() => [])
        if (rows.length) break
        assert.equal(child.exitCode, null, `migrate ended before 0002 began: ${stderr}`)
        await sleep(100)
      }
      child.kill('SIGINT')
      assert.notEqual(await exited, 0)
      const status = await run(['status'])
      assert.match(status.stdout, /0002_slow .*PARTLY APPLIED: 1 of 2 operations/)
      const refused = await run(['migrate', '--lock-timeout', '20'])
      assert.equal(refused.code, 3, refused.stdout + refused.stderr)
      assert.match(refused.stderr, /0002_slow is partially applied/)
      await ok(['migrate', '--rollback', '--lock-timeout', '20'])
      const columns = (await db.dump()).tables.people!.columns.map((c) => c.name)
      assert.deepEqual(columns, ['id', 'email'])
      assert.deepEqual((await history()).map((r) => r.name), ['0001_initial'])
    })
  })
}
