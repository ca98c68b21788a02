/**
 * Database templates (issue 13, src/migrations/template.ts): `migrate` into a
 * SQLite file that does not exist records the database it made under
 * .strata/templates/, and the next such `migrate` of the same migration files
 * copies it. The copy must be what running the SQL gives (compared through
 * SQLite's own catalog, sqlite_master, and the history table), and anything
 * that changes what the SQL would make (an edited migration, a new one, a
 * data operation, a damaged template, an existing database) runs the SQL.
 */
import { strict as assert } from 'node:assert'
import { readdirSync, writeFileSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

const COPIED = /created as a copy of the template of these migrations/

const SCHEMA_1 =
  'tables:\n  people:\n    columns:\n      email: { type: string, length: 100, unique: true }\n      age: { type: integer, nullable: true }\n' +
  '    indexes:\n      - columns: [age]\n  posts:\n    columns:\n      title: string\n    relations:\n      author: { belongsTo: people, onDelete: cascade }\n'
const withColumn = (schema: string, column: string) => schema.replace('      age: { type: integer, nullable: true }\n', `      age: { type: integer, nullable: true }\n      ${column}: { type: text, nullable: true }\n`)
const SCHEMA_2 = withColumn(SCHEMA_1, 'bio')

interface Catalog {
  readonly objects: unknown[]
  readonly history: { name: string; checksum: string; strata_version: string; applied_at: string; duration_ms: number }[]
  readonly pageSize: unknown
  readonly integrity: unknown
}

function catalog(path: string): Catalog {
  const db = new BetterSqlite3(path, { readonly: true })
  try {
    return {
      objects: db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid').all(),
      history: db.prepare('SELECT * FROM strata_migrations ORDER BY applied_at, name').all() as Catalog['history'],
      pageSize: db.pragma('page_size', { simple: true }),
      integrity: db.pragma('integrity_check', { simple: true }),
    }
  } finally {
    db.close()
  }
}

/** What must be equal between a copy and a run of the SQL: everything but the times. */
const timeless = (c: Catalog) => ({ ...c, history: c.history.map(({ applied_at: _a, duration_ms: _d, ...row }) => row) })

describe('database templates (SQLite)', function () {
  this.timeout(120000)
  let project: TempProject
  const migrate = (file: string, env: Record<string, string> = {}, ...args: string[]) =>
    runCli(['migrate', '--database', `sqlite:${file}`, ...args], { cwd: project.dir, env })
  const templates = () => readdirSync(project.path('.strata', 'templates')).filter((f) => f.endsWith('.db'))

  beforeEach(async () => {
    project = new TempProject({ 'schemas/app.yaml': SCHEMA_1 })
    assert.equal((await runCli(['make'], { cwd: project.dir })).code, 0)
    project.write({ 'schemas/app.yaml': SCHEMA_2 })
    assert.equal((await runCli(['make'], { cwd: project.dir })).code, 0)
  })
  afterEach(() => project.cleanup())

  it('records the database a migrate made from nothing, and the next migrate into a new file is that database', async () => {
    const first = await migrate('a.sqlite3')
    assert.equal(first.code, 0, first.stderr)
    assert.doesNotMatch(first.stderr, COPIED)
    assert.equal(templates().length, 1)
    const started = Date.now()
    const second = await migrate('b.sqlite3')
    assert.equal(second.code, 0, second.stderr)
    assert.match(second.stderr, COPIED)
    assert.match(second.stdout, /Applied 0001_\w+ in .*\nApplied 0002_\w+ in .*\n2 migrations on sqlite:/)
    const reference = await migrate('c.sqlite3', { STRATA_TEMPLATES: '0' })
    assert.doesNotMatch(reference.stderr, COPIED)
    const [copy, ran] = [catalog(project.path('b.sqlite3')), catalog(project.path('c.sqlite3'))]
    assert.deepEqual(timeless(copy), timeless(ran))
    assert.equal(copy.integrity, 'ok')
    // The copy's history says it was applied now, in the order the SQL was run.
    assert.deepEqual(copy.history.map((r) => r.name), ran.history.map((r) => r.name))
    for (const row of copy.history) assert.ok(Date.parse(row.applied_at) >= started - 1000, row.applied_at)
    // Applied means applied: status is clean, migrate has nothing to do, and the path down works.
    assert.equal((await runCli(['status', '--database', 'sqlite:b.sqlite3'], { cwd: project.dir })).code, 0)
    assert.match((await migrate('b.sqlite3')).stdout, /Nothing to do/)
    assert.equal((await migrate('b.sqlite3', {}, 'zero')).code, 0)
    assert.deepEqual(catalog(project.path('b.sqlite3')).objects.map((o) => (o as { name: string }).name).filter((n) => !n.startsWith('sqlite_')), ['strata_migrations'])
  })

  it('the --json document of a copy names the template and carries the SQL the recording run ran', async () => {
    const ran = JSON.parse((await migrate('a.sqlite3', {}, '--json')).stdout)
    const copied = JSON.parse((await migrate('b.sqlite3', {}, '--json')).stdout)
    assert.equal(typeof copied.template, 'string')
    assert.equal(ran.template, undefined)
    const shape = (d: { steps: { migration: string; direction: string; statements: string[] }[] }) => d.steps.map((s) => [s.migration, s.direction, s.statements])
    assert.deepEqual(shape(copied), shape(ran))
    assert.ok(copied.steps[0].statements.some((s: string) => s.startsWith('CREATE TABLE "people"')))
  })

  it('an edited migration, even a comment, or a new one, runs the SQL again (and records its own template)', async () => {
    await migrate('a.sqlite3')
    const [file] = readdirSync(project.path('migrations')).filter((f) => f.startsWith('0002_'))
    writeFileSync(project.path('migrations', file!), `${project.read(`migrations/${file}`)}# reviewed\n`)
    const edited = await migrate('b.sqlite3')
    assert.equal(edited.code, 0, edited.stderr)
    assert.doesNotMatch(edited.stderr, COPIED)
    assert.equal(templates().length, 2)
    assert.match((await migrate('c.sqlite3')).stderr, COPIED)
    project.write({ 'schemas/app.yaml': withColumn(SCHEMA_2, 'motto') })
    assert.equal((await runCli(['make'], { cwd: project.dir })).code, 0)
    const added = await migrate('d.sqlite3')
    assert.doesNotMatch(added.stderr, COPIED)
    assert.equal(catalog(project.path('d.sqlite3')).history.filter((r) => !r.name.startsWith('strata:')).length, 3)
  })

  it('never copies into a database that exists, nor after a target, --fake or a damaged template', async () => {
    await migrate('a.sqlite3')
    // An existing (empty) file is the user's: the SQL runs in it.
    writeFileSync(project.path('empty.sqlite3'), '')
    assert.doesNotMatch((await migrate('empty.sqlite3')).stderr, COPIED)
    assert.equal(catalog(project.path('empty.sqlite3')).integrity, 'ok')
    assert.doesNotMatch((await migrate('t.sqlite3', {}, '0001')).stderr, COPIED)
    assert.doesNotMatch((await migrate('f.sqlite3', {}, '--fake')).stderr, COPIED)
    // One byte of the template changed: its hash no longer matches, and the SQL runs.
    const [db] = templates()
    const path = project.path('.strata', 'templates', db!)
    const bytes = require('node:fs').readFileSync(path) as Buffer
    bytes[bytes.length - 1] ^= 1
    writeFileSync(path, bytes)
    const damaged = await migrate('g.sqlite3')
    assert.equal(damaged.code, 0, damaged.stderr)
    assert.doesNotMatch(damaged.stderr, COPIED)
    assert.deepEqual(timeless(catalog(project.path('g.sqlite3'))), timeless(catalog(project.path('a.sqlite3'))))
  })

  it('records nothing for migrations with data operations, or with STRATA_TEMPLATES=0', async () => {
    await migrate('a.sqlite3', { STRATA_TEMPLATES: '0' })
    assert.deepEqual(project.exists('.strata/templates') ? templates() : [], [])
    assert.equal((await runCli(['make', 'rows', '--empty'], { cwd: project.dir })).code, 0)
    const [file] = readdirSync(project.path('migrations')).filter((f) => f.startsWith('0003_'))
    writeFileSync(
      project.path('migrations', file!),
      project.read(`migrations/${file}`).replace(/up: \[\]/, 'up:\n  - insert: { table: people, rows: [{ email: a@example.com }] }').replace(/down: \[\]/, 'down:\n  - delete: { table: people, where: { email: a@example.com } }'),
    )
    const withRows = await migrate('b.sqlite3')
    assert.equal(withRows.code, 0, withRows.stderr)
    assert.deepEqual(project.exists('.strata/templates') ? templates() : [], [])
    assert.doesNotMatch((await migrate('c.sqlite3')).stderr, COPIED)
  })
})
