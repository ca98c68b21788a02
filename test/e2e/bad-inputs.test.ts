/**
 * The bad-input corpus through the real CLI: every case gives its message
 * with its location, its exit code, and leaves every file and the database
 * as they were.
 */
import { strict as assert } from 'node:assert'
import { existsSync, readFileSync } from 'node:fs'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { dumpSchema, rows } from '../helpers/sqlite-inspect'
import { BAD_SCHEMA_INPUTS } from '../schema/bad-inputs'

const GOOD = `tables:
  people:
    columns:
      email: { type: string, length: 100 }
`

const INITIAL = `name: 0001_initial
dependsOn: null
up:
  - createTable:
      name: people
      columns:
        - { name: id, type: bigint, primaryKey: true, autoincrement: true }
        - { name: email, type: string, length: 100 }
down:
  - dropTable: people
`

interface BadCase {
  readonly name: string
  /** Files written over a project that has GOOD migrated as 0001_initial. */
  readonly files?: Record<string, string | Buffer>
  readonly remove?: readonly string[]
  readonly args: readonly string[]
  readonly env?: Record<string, string>
  readonly code: number
  readonly stderr: RegExp
}

const second = (body: string) => `name: 0002_second\ndependsOn: 0001_initial\n${body}`

const MIGRATION_CASES: readonly BadCase[] = [
  {
    name: 'migration file with an unknown operation',
    files: { 'migrations/0002_second.yaml': second('up:\n  - addColumnn: { table: people, column: { name: x, type: text } }\n') },
    args: ['migrate'],
    code: 2,
    stderr: /migrations\/0002_second\.yaml:4:5 {2}error {2}.*addColumnn/,
  },
  {
    name: 'migration file with an operation missing a field',
    files: { 'migrations/0002_second.yaml': second('up:\n  - dropColumn: { table: people }\n') },
    args: ['make'],
    code: 2,
    stderr: /migrations\/0002_second\.yaml:4:\d+ {2}error {2}.*column/,
  },
  {
    name: 'migration file with broken YAML',
    files: { 'migrations/0002_second.yaml': second('up:\n  - dropTable: [people\n') },
    args: ['status'],
    code: 2,
    stderr: /migrations\/0002_second\.yaml:\d+:\d+ {2}error/,
  },
  {
    name: 'migration file with a duplicate key',
    files: { 'migrations/0002_second.yaml': second('up: []\nup: []\n') },
    args: ['migrate'],
    code: 2,
    stderr: /migrations\/0002_second\.yaml:4:1 {2}error {2}.*(duplicate|unique)/i,
  },
  {
    name: 'migration whose name does not match its file',
    files: { 'migrations/0002_second.yaml': 'name: 0002_other\ndependsOn: 0001_initial\nup: []\n' },
    args: ['migrate'],
    code: 2,
    stderr: /migrations\/0002_second\.yaml:1:7 {2}error {2}.*must match the file name/,
  },
  {
    name: 'migration file with a bad file name',
    files: { 'migrations/2-second.yaml': 'name: 0002_second\nup: []\n' },
    args: ['migrate'],
    code: 2,
    stderr: /migrations\/2-second\.yaml:1:1 {2}error {2}.*not a migration file name/,
  },
  {
    name: 'migration depending on a missing one',
    files: { 'migrations/0002_second.yaml': 'name: 0002_second\ndependsOn: 0001_nope\nup: []\n' },
    args: ['make'],
    code: 2,
    stderr: /migrations\/0002_second\.yaml:2:12 {2}error {2}.*dependsOn "0001_nope" is not a migration/,
  },
  {
    name: 'two migrations following the same one (branches merged)',
    files: {
      'migrations/0002_second.yaml': second('up: []\n'),
      'migrations/0002_third.yaml': 'name: 0002_third\ndependsOn: 0001_initial\nup: []\n',
    },
    args: ['migrate'],
    code: 2,
    stderr: /conflicting migrations: migrations\/0002_second\.yaml and migrations\/0002_third\.yaml both follow 0001_initial.*make --merge/,
  },
  {
    name: 'a hand-edited migration that no longer replays to the snapshot',
    files: { 'migrations/0001_initial.yaml': INITIAL.replace('length: 100', 'length: 120') },
    args: ['make'],
    code: 2,
    stderr: /migrations\/0001_initial\.yaml does not replay to the schema recorded in migrations\/snapshot\.json/,
  },
  {
    name: 'a snapshot that disagrees with the migrations',
    files: { 'migrations/snapshot.json': '__SNAPSHOT_EDITED__' },
    args: ['migrate'],
    code: 2,
    stderr: /snapshot\.json does not equal the replay of the migrations/,
  },
  {
    name: 'a snapshot that is not JSON',
    files: { 'migrations/snapshot.json': '{ "formatVersion": 1, ' },
    args: ['status'],
    code: 2,
    stderr: /migrations\/snapshot\.json: not valid JSON/,
  },
  {
    name: 'a migration the snapshot does not know and that changes the schema',
    files: { 'migrations/0002_second.yaml': second('up:\n  - dropTable: people\ndown: []\n') },
    args: ['migrate'],
    code: 2,
    stderr: /migrations\/0002_second\.yaml is not recorded in migrations\/snapshot\.json/,
  },
  {
    name: 'a migration operation that does not fit the schema',
    files: { 'migrations/0002_second.yaml': second('up:\n  - dropColumn: { table: ghosts, column: x }\n') },
    args: ['migrate'],
    code: 2,
    stderr: /migrations\/0002_second\.yaml:4:5 {2}error {2}migration "0002_second", operation 1 \(dropColumn\): table "ghosts" does not exist/,
  },
  {
    name: 'strata.yaml with an unknown key',
    files: { 'strata.yaml': 'schemas: schemas\nmigratons: migrations\n' },
    args: ['status'],
    code: 2,
    stderr: /strata\.yaml:2:1 {2}error {2}.*migratons/,
  },
  {
    name: 'strata.yaml that is not YAML',
    files: { 'strata.yaml': 'databases: [\n' },
    args: ['migrate'],
    code: 2,
    stderr: /strata\.yaml:\d+:\d+ {2}error/,
  },
  {
    name: 'a database name that strata.yaml does not have',
    files: { 'strata.yaml': 'databases:\n  default: sqlite:./db.sqlite3\n' },
    args: ['migrate', '--database', 'production'],
    code: 2,
    stderr: /database "production" is not in strata\.yaml \(known: default\)/,
  },
  {
    name: 'a database URL from an unset environment variable',
    files: { 'strata.yaml': 'databases:\n  default: sqlite:./db.sqlite3\n  production: ${STRATA_TEST_UNSET_VARIABLE}\n' },
    args: ['migrate', '--database', 'production'],
    code: 2,
    stderr: /strata\.yaml:3:\d+ {2}database "production": environment variable STRATA_TEST_UNSET_VARIABLE is not set/,
  },
  {
    name: 'a database URL strata does not know',
    args: ['migrate', '--database', 'oracle://root@localhost/db'],
    code: 2,
    stderr: /database "oracle:\/\/root@localhost\/db" is not in strata\.yaml|not one strata knows/,
  },
  {
    name: 'a migrate target that does not exist',
    args: ['migrate', '0042'],
    code: 2,
    stderr: /migration "0042" not found/,
  },
  {
    name: 'an unknown flag',
    args: ['migrate', '--fast'],
    code: 2,
    stderr: /--fast/,
  },
  {
    name: 'a NOT NULL column added without default and no value for existing rows',
    files: { 'schemas/app.yaml': GOOD + '      age: { type: integer }\n' },
    args: ['make', '--no-input'],
    code: 2,
    stderr: /people\.age.*--default/,
  },
]

describe('bad inputs: clear errors, exit codes, nothing changed', function () {
  this.timeout(120000)
  let base: TempProject

  before(async () => {
    base = new TempProject({ 'schemas/app.yaml': GOOD })
    const make = await runCli(['make'], { cwd: base.dir })
    assert.equal(make.code, 0, make.stderr)
    assert.equal(base.read('migrations/0001_initial.yaml').replace(/^(#.*\n)+/, ''), INITIAL)
    const migrate = await runCli(['migrate'], { cwd: base.dir })
    assert.equal(migrate.code, 0, migrate.stderr)
  })
  after(() => base.cleanup())

  for (const c of MIGRATION_CASES) {
    it(c.name, async () => {
      const project = new TempProject()
      try {
        project.write(Object.fromEntries(Object.entries(base.fingerprint()).map(([file]) => [file, readFileSync(base.path(file))])))
        const files = { ...c.files }
        if (files['migrations/snapshot.json'] === '__SNAPSHOT_EDITED__') {
          files['migrations/snapshot.json'] = project.read('migrations/snapshot.json').replace('"length": 100', '"length": 99')
        }
        project.write(files)
        for (const r of c.remove ?? []) project.remove(r)
        const filesBefore = project.fingerprint()
        const dbBefore = dumpSchema(project.path('db.sqlite3'))
        const historyBefore = rows(project.path('db.sqlite3'), 'SELECT name, checksum FROM strata_migrations ORDER BY name')
        const result = await runCli(c.args, { cwd: project.dir, env: c.env })
        assert.equal(result.code, c.code, `exit code; stdout: ${result.stdout}\nstderr: ${result.stderr}`)
        assert.match(result.stderr, c.stderr)
        assert.deepEqual(project.fingerprint(), filesBefore, 'no file changed')
        assert.deepEqual(dumpSchema(project.path('db.sqlite3')), dbBefore, 'the database is unchanged')
        assert.deepEqual(rows(project.path('db.sqlite3'), 'SELECT name, checksum FROM strata_migrations ORDER BY name'), historyBefore)
      } finally {
        project.cleanup()
      }
    })
  }

  for (const c of BAD_SCHEMA_INPUTS) {
    it(`schema files: ${c.name}`, async () => {
      const project = new TempProject()
      try {
        project.write(
          Object.fromEntries(
            Object.entries(c.files).map(([name, content]) => [name.startsWith('schemas/') ? name : `schemas/${name}`, Buffer.from(content, c.encoding ?? 'utf8')]),
          ),
        )
        const filesBefore = project.fingerprint()
        for (const command of ['validate', 'make']) {
          const result = await runCli([command], { cwd: project.dir })
          assert.equal(result.code, 2, `${command}: ${result.stdout}\n${result.stderr}`)
          for (const e of c.expected) {
            const file = e.file.startsWith('schemas/') ? e.file : `schemas/${e.file}`
            const line = `${file}:${e.line}:${e.column}  error  `
            const found = result.stderr.split('\n').find((l) => l.startsWith(line) && l.includes(e.message))
            assert.ok(found, `${command}: expected "${line}…${e.message}…" in:\n${result.stderr}`)
          }
        }
        assert.deepEqual(project.fingerprint(), filesBefore, 'no file written')
        assert.ok(!existsSync(project.path('db.sqlite3')))
      } finally {
        project.cleanup()
      }
    })
  }

  it('the corpus holds at least 40 cases', () => {
    assert.ok(MIGRATION_CASES.length + BAD_SCHEMA_INPUTS.length >= 40, `${MIGRATION_CASES.length + BAD_SCHEMA_INPUTS.length} cases`)
  })
})
