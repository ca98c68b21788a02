/**
 * SPEC §6 on SQLite through the real CLI: a failing migration leaves no trace,
 * two migrate processes apply each migration once, a held lock times out,
 * edited applied migrations stop migrate.
 */
import { strict as assert } from 'node:assert'
import Database from 'better-sqlite3'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { dumpSchema, exec, rows } from '../helpers/sqlite-inspect'

const PEOPLE = `tables:
  people:
    columns:
      email: { type: string, length: 100 }
`

async function ok(project: TempProject, ...args: string[]) {
  const result = await runCli(args, { cwd: project.dir })
  assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
  return result
}

describe('safety of migrate on SQLite', function () {
  this.timeout(120000)
  let project: TempProject
  const db = () => project.path('db.sqlite3')
  afterEach(() => project.cleanup())

  it('a migration whose second operation fails exits 3 and leaves no trace of either operation', async () => {
    project = new TempProject({ 'schemas/app.yaml': PEOPLE })
    await ok(project, 'make')
    await ok(project, 'migrate')
    exec(db(), "INSERT INTO people (email) VALUES ('a@x'), ('a@x'), ('b@x')")
    const before = dumpSchema(db())
    project.write({
      'schemas/app.yaml': `tables:
  people:
    columns:
      email: { type: string, length: 100, unique: true }
      nickname: { type: string, length: 30, nullable: true }
`,
    })
    await ok(project, 'make', 'nick_and_unique')
    const text = project.read('migrations/0002_nick_and_unique.yaml')
    assert.ok(text.indexOf('addColumn') < text.indexOf('addUnique'), 'the failing operation comes second')
    const result = await runCli(['migrate'], { cwd: project.dir })
    assert.equal(result.code, 3, result.stdout + result.stderr)
    assert.match(result.stderr, /migration 0002_nick_and_unique failed \(up\), operation 2 \(addUnique\)/)
    assert.match(result.stderr, /UNIQUE constraint failed/)
    assert.match(result.stderr, /SQL: /)
    assert.deepEqual(dumpSchema(db()), before, 'neither operation is left')
    assert.deepEqual(rows(db(), "SELECT name FROM strata_migrations WHERE name NOT LIKE 'strata:%'").map((r) => r.name), ['0001_initial'])
    assert.equal(rows(db(), 'SELECT count(*) AS n FROM people')[0]!.n, 3)
  })

  it('two migrate processes started together apply each migration once', async () => {
    project = new TempProject({ 'schemas/app.yaml': PEOPLE })
    await ok(project, 'make')
    for (let i = 1; i <= 4; i++) {
      project.write({ 'schemas/app.yaml': PEOPLE + `  table_${i}:\n    columns:\n      value: { type: integer, nullable: true }\n` })
      await ok(project, 'make')
    }
    const results = await Promise.all([runCli(['migrate'], { cwd: project.dir }), runCli(['migrate'], { cwd: project.dir })])
    for (const r of results) assert.equal(r.code, 0, r.stdout + r.stderr)
    const history = rows(db(), "SELECT name FROM strata_migrations WHERE name NOT LIKE 'strata:%' ORDER BY name").map((r) => r.name)
    assert.equal(history.length, 5)
    assert.equal(new Set(history).size, 5)
    const applied = results.flatMap((r) => [...r.stdout.matchAll(/Applied (\S+)/g)].map((m) => m[1]))
    assert.deepEqual([...applied].sort(), history, 'each migration applied by exactly one process')
  })

  it('a migrate that cannot get the write lock within --lock-timeout exits 3 and says why', async () => {
    project = new TempProject({ 'schemas/app.yaml': PEOPLE })
    await ok(project, 'make')
    const holder = new Database(db())
    holder.exec('CREATE TABLE held (x INTEGER)')
    holder.exec('BEGIN IMMEDIATE')
    try {
      const started = Date.now()
      const result = await runCli(['migrate', '--lock-timeout', '1'], { cwd: project.dir })
      assert.equal(result.code, 3, result.stdout + result.stderr)
      assert.match(result.stderr, /lock/i)
      assert.ok(Date.now() - started < 20000)
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
    }
    await ok(project, 'migrate')
  })

  it('an applied migration edited afterwards stops migrate, naming it; a comment-only edit does not', async () => {
    project = new TempProject({ 'schemas/app.yaml': PEOPLE })
    await ok(project, 'make')
    await ok(project, 'migrate')
    const original = project.read('migrations/0001_initial.yaml')
    project.write({ 'migrations/0001_initial.yaml': `# reviewed by Ann\n${original}\n\n` })
    await ok(project, 'migrate')
    // An edit of the down path keeps the schema effect (so the snapshot agrees) but changes the checksum.
    project.write({ 'migrations/0001_initial.yaml': original.replace(/down:\n[\s\S]*$/, 'down:\n  - dropTable: people\n  - sql: "SELECT 1"\n') })
    const result = await runCli(['migrate'], { cwd: project.dir })
    assert.equal(result.code, 3, result.stdout + result.stderr)
    assert.match(result.stderr, /migration 0001_initial \(migrations\/0001_initial\.yaml\) was edited after it was applied/)
    const status = await runCli(['status'], { cwd: project.dir })
    assert.equal(status.code, 1)
    assert.match(status.stdout, /\[X\] 0001_initial .*EDITED/)
  })

  it('a previously applied migration whose file is gone stops migrate', async () => {
    project = new TempProject({ 'schemas/app.yaml': PEOPLE })
    await ok(project, 'make')
    await ok(project, 'migrate')
    const fresh = new TempProject({ 'schemas/app.yaml': PEOPLE })
    try {
      await ok(fresh, 'make', 'other')
      const result = await runCli(['migrate', '--database', `sqlite:${db()}`], { cwd: fresh.dir })
      assert.equal(result.code, 3, result.stdout + result.stderr)
      assert.match(result.stderr, /previously applied migration 0001_initial is missing/)
    } finally {
      fresh.cleanup()
    }
  })
})
