/**
 * Ctrl-C in the middle of a migration: the migration is rolled back, the
 * migration lock is released (PostgreSQL: the advisory lock dies with the
 * session; SQLite: the write lock dies with the process, and the journal is
 * rolled back on the next open), and the next `migrate` runs.
 */
import { strict as assert } from 'node:assert'
import { spawn } from 'node:child_process'
import { BIN, runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { TARGETS } from './targets'

const PEOPLE = `tables:
  people:
    columns:
      email: { type: string, length: 100 }
`

/** A migration that changes the schema, then takes seconds. */
const SLOW = `name: 0002_slow
dependsOn: 0001_initial
up:
  - sql: { up: "ALTER TABLE people ADD COLUMN nick text", down: "ALTER TABLE people DROP COLUMN nick" }
  - sql:
      up:
        postgres: "SELECT pg_sleep(5)"
        sqlite: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000000) SELECT count(*) FROM c"
      down: "SELECT 1"
down:
  - sql: "SELECT 1"
  - sql: "ALTER TABLE people DROP COLUMN nick"
`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// MySQL (DDL commits by itself): the interrupted migration is partially applied instead, test/e2e/partial.test.ts.
for (const target of Object.values(TARGETS).filter((t) => t.transactionalDdl)) {
  target.describe(`Ctrl-C during migrate on ${target.dialect}`, function () {
    this.timeout(120000)

    it('rolls the migration back and releases the lock for the next migrate', async () => {
      const project = new TempProject({ 'schemas/app.yaml': PEOPLE })
      const db = await target.create(project)
      try {
        const env = { ...process.env, STRATA_DATABASE_URL: db.url }
        assert.equal((await runCli(['make'], { cwd: project.dir, env })).code, 0)
        assert.equal((await runCli(['make', '--empty', 'slow'], { cwd: project.dir, env })).code, 0)
        project.write({ 'migrations/0002_slow.yaml': SLOW })

        const child = spawn(process.execPath, [BIN, 'migrate'], { cwd: project.dir, env })
        let stderr = ''
        child.stderr.on('data', (d) => (stderr += d))
        const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 130 : null))))
        // Wait until 0001 is recorded: 0002 is then running.
        const started = Date.now()
        for (;;) {
          const applied = await db.rows("SELECT name FROM strata_migrations WHERE name = '0001_initial'").catch(() => [])
          if (applied.length) break
          assert.ok(Date.now() - started < 30000, `0001 was never applied: ${stderr}`)
          await sleep(100)
        }
        await sleep(700)
        child.kill('SIGINT')
        assert.notEqual(await exited, 0)

        const next = await runCli(['migrate', '0001', '--lock-timeout', '20'], { cwd: project.dir, env })
        assert.equal(next.code, 0, next.stdout + next.stderr)
        assert.match(next.stdout, /Nothing to do/)
        const history = await db.rows("SELECT name FROM strata_migrations WHERE name NOT LIKE 'strata:%' ORDER BY name")
        assert.deepEqual(history.map((r) => r.name), ['0001_initial'])
        const columns = (await db.dump()).tables.people!.columns.map((c) => c.name)
        assert.ok(!columns.includes('nick'), `the interrupted migration left a column: ${columns.join(', ')}`)
      } finally {
        await db.drop()
        project.cleanup()
      }
    })
  })
}
