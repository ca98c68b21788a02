/**
 * Bad input that used to reach a stack trace: each ends in a located error,
 * exit 2, nothing written (and the database untouched).
 */
import { strict as assert } from 'node:assert'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync } from 'node:fs'
import { BIN, runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

const GOOD = `tables:
  people:
    columns:
      email: { type: string, length: 100 }
`

interface Case {
  readonly name: string
  readonly files?: Record<string, string>
  readonly args: readonly string[]
  readonly stderr: RegExp
}

const deepFlow = `tables:\n  people:\n    columns:\n      email: { type: string, length: 100, comment: ${'['.repeat(3000)}${']'.repeat(3000)} }\n`
const deepBlock = `tables:\n  people:\n    columns:\n      email: string\n    comment:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 6)}k${i}:`).join('\n')} x\n`

const CASES: readonly Case[] = [
  { name: 'YAML nested 3,000 levels deep in flow style', files: { 'schemas/app.yaml': deepFlow }, args: ['validate'], stderr: /schemas\/app\.yaml:4:\d+ {2}error {2}nested more than 200 levels deep/ },
  { name: 'YAML nested 3,000 levels deep in block style', files: { 'schemas/app.yaml': deepBlock }, args: ['make'], stderr: /schemas\/app\.yaml:\d+:1 {2}error {2}nested more than 200 levels deep/ },
  {
    name: 'a NUL character in an enum value',
    files: { 'schemas/app.yaml': GOOD + '      role: { type: enum, values: ["ad\\0min", reader] }\n' },
    args: ['make'],
    stderr: /schemas\/app\.yaml:5:\d+ {2}error {2}the value at tables\.people\.columns\.role\.values\.0 contains a NUL character/,
  },
  {
    name: 'a NUL character in a default',
    files: { 'schemas/app.yaml': GOOD + '      note: { type: text, default: "a\\0b" }\n' },
    args: ['validate'],
    stderr: /schemas\/app\.yaml:5:\d+ {2}error {2}.*default contains a NUL character/,
  },
  {
    name: 'a NUL character in a comment',
    files: { 'schemas/app.yaml': GOOD + '    comment: "who\\0"\n' },
    args: ['make'],
    stderr: /schemas\/app\.yaml:5:\d+ {2}error {2}.*comment contains a NUL character/,
  },
  { name: 'a PostgreSQL URL that does not parse', args: ['migrate', '-d', 'postgres://u@[::1'], stderr: /database URL "postgres:\/\/u@\[::1" cannot be parsed/ },
  { name: 'a port out of range', args: ['status', '-d', 'postgres://u@localhost:99999/db'], stderr: /cannot be parsed: check the host .*the port/ },
  { name: 'sqlite:/dev/null', args: ['migrate', '-d', 'sqlite:/dev/null'], stderr: /SQLite database "\/dev\/null" is not a regular file/ },
  { name: 'an empty --database', args: ['migrate', '-d', ''], stderr: /--database is empty/ },
  { name: 'migrations: naming a file', files: { 'strata.yaml': 'migrations: notes.txt\n', 'notes.txt': 'hello\n' }, args: ['status'], stderr: /strata\.yaml:1:13 {2}error {2}the migrations folder "notes\.txt" is a file, not a folder/ },
  { name: 'lockTimeout beyond what timers take', files: { 'strata.yaml': 'lockTimeout: 99999999\n' }, args: ['migrate'], stderr: /strata\.yaml:1:14 {2}error {2}.*2147483/ },
  { name: '--lock-timeout beyond what timers take', args: ['migrate', '--lock-timeout', '99999999'], stderr: /2147483/ },
  {
    name: '--default naming a column that is not asked for',
    files: { 'schemas/app.yaml': GOOD + '      age: { type: integer }\n' },
    args: ['make', '--no-input', '--default', 'people.age=1', '--default', 'people.agee=2'],
    stderr: /--default people\.agee: no NOT NULL column without a default, added or dropped, asks for a value there \(asked: people\.age\); nothing was written/,
  },
]

describe('bad inputs that used to crash: located errors, exit 2, nothing written', function () {
  this.timeout(60000)
  for (const c of CASES) {
    it(c.name, async () => {
      const project = new TempProject({ 'schemas/app.yaml': GOOD })
      try {
        assert.equal((await runCli(['make'], { cwd: project.dir })).code, 0)
        project.write(c.files ?? {})
        const before = project.fingerprint()
        const result = await runCli(c.args, { cwd: project.dir })
        assert.equal(result.code, 2, `exit code; stdout: ${result.stdout}\nstderr: ${result.stderr}`)
        assert.match(result.stderr, c.stderr)
        assert.doesNotMatch(result.stderr, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace')
        assert.deepEqual(project.fingerprint(), before, 'nothing written')
      } finally {
        project.cleanup()
      }
    })
  }

  it('migrations: naming a folder that cannot be read: located at the key, exit 2, nothing written, for every command that reads it', async function () {
    // Root reads a mode-000 folder anyway (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): as root the CLI runs
    // with those two capabilities dropped (setpriv, util-linux), so the folder is unreadable for it as for anyone.
    const root = process.getuid?.() === 0
    const setpriv = root ? spawnSync('setpriv', ['--version']).status === 0 : false
    if (root && !setpriv) {
      console.warn('\n#### unreadable-folder case SKIPPED: running as root without setpriv, so a mode-000 folder stays readable ####\n')
      this.skip()
    }
    const drop = ['--inh-caps=-dac_override,-dac_read_search', '--bounding-set=-dac_override,-dac_read_search']
    const project = new TempProject({ 'schemas/app.yaml': GOOD, 'strata.yaml': 'migrations: locked/migrations\n' })
    const locked = project.path('locked', 'migrations')
    try {
      mkdirSync(locked, { recursive: true })
      const before = project.fingerprint()
      chmodSync(locked, 0o000)
      for (const args of [['make'], ['status'], ['migrate'], ['check'], ['lint']]) {
        const command = root ? ['setpriv', [...drop, process.execPath, BIN, ...args]] as const : [process.execPath, [BIN, ...args]] as const
        const result = spawnSync(command[0], command[1], { cwd: project.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', STRATA_DATABASE_URL: '' } })
        assert.equal(result.status, 2, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
        assert.match(result.stderr, /^strata\.yaml:1:13 {2}error {2}the migrations folder "locked\/migrations" cannot be read \(EACCES\): check its permissions/m, args.join(' '))
        assert.doesNotMatch(result.stderr, /\n\s+at .*:\d+:\d+/, 'no stack trace')
      }
      chmodSync(locked, 0o755)
      assert.deepEqual(project.fingerprint(), before, 'nothing written')
      assert.equal(project.exists('db.sqlite3'), false)
    } finally {
      chmodSync(locked, 0o755)
      project.cleanup()
    }
  })

  it('SQLite: a foreign_key_check failure at commit names the migration and the operations that could have caused it', async () => {
    const project = new TempProject({
      'schemas/app.yaml': GOOD + '  posts:\n    columns:\n      title: text\n    relations:\n      author: { belongsTo: people }\n',
    })
    try {
      assert.equal((await runCli(['make'], { cwd: project.dir })).code, 0)
      assert.equal((await runCli(['migrate'], { cwd: project.dir })).code, 0)
      assert.equal((await runCli(['make', '--empty', 'orphan'], { cwd: project.dir })).code, 0)
      const file = 'migrations/0002_orphan.yaml'
      project.write({
        [file]: 'name: 0002_orphan\ndependsOn: 0001_initial\nup:\n  - insert: { table: people, rows: [{ id: 1, email: a@x }] }\n  - insert: { table: posts, rows: [{ id: 1, title: t, author_id: 42 }] }\ndown:\n  - delete: { table: posts, where: { id: 1 } }\n  - delete: { table: people, where: { id: 1 } }\n',
      })
      const result = await runCli(['migrate'], { cwd: project.dir })
      assert.equal(result.code, 3, result.stdout + result.stderr)
      assert.match(result.stderr, /migration 0002_orphan failed \(up\) at commit: foreign key check failed: row 1 of "posts" references a missing row of "people"/)
      assert.match(result.stderr, /Operations that could have caused it: 1 \(insert\), 2 \(insert\)/)
      assert.doesNotMatch(result.stderr, /\n\s+at /)
    } finally {
      project.cleanup()
    }
  })
})
