/**
 * `strata make` beyond the plain case: merging two branches' migrations, the
 * questions it asks on a terminal, and what it does without one.
 */
import { strict as assert } from 'node:assert'
import { spawn } from 'node:child_process'
import { BIN, runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { listTables } from '../helpers/sqlite-inspect'

const BASE = `tables:
  people:
    columns:
      name: { type: string, length: 100 }
`

async function ok(project: TempProject, ...args: string[]) {
  const result = await runCli(args, { cwd: project.dir })
  assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
  return result
}

/** Run the CLI under a pseudo-terminal (util-linux `script`), answering its questions. */
function runOnTerminal(cwd: string, args: readonly string[], answers: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: { ...process.env, NO_COLOR: '1' } })
    let output = ''
    let answered = 0
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString()
      // Answer each question once it is on the screen.
      const asked = (output.match(/\[y\/N\] |existing rows[^:]*: /g) ?? []).length
      while (answered < asked && answered < answers.length) child.stdin.write(`${answers[answered++]}\r`)
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, output }))
  })
}

describe('strata make: merge, questions, no terminal', function () {
  this.timeout(120000)
  let project: TempProject
  afterEach(() => project.cleanup())

  it('--merge writes a merge migration depending on both branches, rebuilds the snapshot, and migrate then applies both', async () => {
    project = new TempProject({ 'schemas/app.yaml': BASE })
    await ok(project, 'make')
    const shared = project.read('migrations/snapshot.json')
    // Branch A adds table a.
    const schemaA = 'tables:\n  a:\n    columns:\n      x: integer\n'
    project.write({ 'schemas/a.yaml': schemaA })
    await ok(project, 'make', 'add_a')
    const migrationA = project.read('migrations/0002_add_a.yaml')
    const snapshotA = project.read('migrations/snapshot.json')
    // Branch B, from the same start, adds table b.
    project.remove('schemas/a.yaml')
    project.remove('migrations/0002_add_a.yaml')
    project.write({ 'migrations/snapshot.json': shared, 'schemas/b.yaml': 'tables:\n  b:\n    columns:\n      y: integer\n' })
    await ok(project, 'make', 'add_b')
    // The merge: both migrations, both schema files, and A's snapshot (as a merge tool may leave it).
    project.write({ 'schemas/a.yaml': schemaA, 'migrations/0002_add_a.yaml': migrationA, 'migrations/snapshot.json': snapshotA })

    const conflict = await runCli(['migrate'], { cwd: project.dir })
    assert.equal(conflict.code, 2)
    assert.match(conflict.stderr, /conflicting migrations: migrations\/0002_add_a\.yaml and migrations\/0002_add_b\.yaml both follow 0001_initial/)

    const merge = await ok(project, 'make', '--merge')
    assert.match(merge.stdout, /merges 0002_add_a \+ 0002_add_b/)
    assert.deepEqual(project.migrationFiles(), ['0001_initial.yaml', '0002_add_a.yaml', '0002_add_b.yaml', '0003_merge_0002_add_a_0002_add_b.yaml'])
    assert.equal(project.read('migrations/0002_add_a.yaml'), migrationA)
    assert.match(project.read('migrations/0003_merge_0002_add_a_0002_add_b.yaml'), /dependsOn: \[ ?0002_add_a, 0002_add_b ?\]/)
    const check = await runCli(['make', '--check'], { cwd: project.dir })
    assert.equal(check.code, 0, check.stdout + check.stderr)
    await ok(project, 'migrate')
    assert.deepEqual(listTables(project.path('db.sqlite3')), ['a', 'b', 'people', 'strata_migrations'])
    const again = await runCli(['make', '--merge'], { cwd: project.dir })
    assert.equal(again.code, 2)
    assert.match(again.stderr, /there is no conflict to merge/)
  })

  it('--merge with a broken migration file exits 2, names it, and writes nothing', async () => {
    project = new TempProject({ 'schemas/app.yaml': BASE })
    await ok(project, 'make')
    project.write({
      'migrations/0002_a.yaml': 'name: 0002_a\ndependsOn: 0001_initial\nup: []\n',
      'migrations/0002_b.yaml': 'name: 0002_b\ndependsOn: 0001_initial\nup:\n  - dropTabel: people\n',
    })
    const before = project.fingerprint()
    const merge = await runCli(['make', '--merge'], { cwd: project.dir })
    assert.equal(merge.code, 2, merge.stdout + merge.stderr)
    assert.match(merge.stderr, /migrations\/0002_b\.yaml:4:5 {2}error {2}.*dropTabel/)
    assert.deepEqual(project.fingerprint(), before)
  })

  it('on a terminal it asks about a rename; yes keeps the data as a renameColumn', async () => {
    project = new TempProject({ 'schemas/app.yaml': BASE })
    await ok(project, 'make')
    project.write({ 'schemas/app.yaml': BASE.replace('name:', 'full_name:') })
    const result = await runOnTerminal(project.dir, ['make'], ['y'])
    assert.equal(result.code, 0, result.output)
    assert.match(result.output, /Did you rename people\.name to people\.full_name\? \[y\/N\]/)
    const text = project.read(`migrations/${project.migrationFiles()[1]}`)
    assert.match(text, /renameColumn: \{ table: people, from: name, to: full_name \}/)
  })

  it('on a terminal, no to the rename question gives drop + add', async () => {
    project = new TempProject({ 'schemas/app.yaml': BASE })
    await ok(project, 'make')
    project.write({ 'schemas/app.yaml': BASE.replace('name: { type: string, length: 100 }', 'name2: { type: string, length: 100, nullable: true }') })
    // After "no", the dropped NOT NULL column has no default: make asks what its down puts back.
    const result = await runOnTerminal(project.dir, ['make'], ['n', 'anon'])
    assert.equal(result.code, 0, result.output)
    const text = project.read(`migrations/${project.migrationFiles()[1]}`)
    assert.match(text, /addColumn/)
    assert.match(text, /dropColumn/)
    assert.match(text, /fill: anon/)
  })

  it('on a terminal it asks for a one-off value for a new NOT NULL column', async () => {
    project = new TempProject({ 'schemas/app.yaml': BASE })
    await ok(project, 'make')
    project.write({ 'schemas/app.yaml': BASE + '      age: { type: integer }\n' })
    const result = await runOnTerminal(project.dir, ['make'], ['42'])
    assert.equal(result.code, 0, result.output)
    assert.match(result.output, /people\.age/)
    assert.match(project.read(`migrations/${project.migrationFiles()[1]}`), /fill: 42/)
  })

  it('on a terminal the one-off value is read as the column type: 00000 stays a string, a misfit is asked again', async () => {
    project = new TempProject({ 'schemas/app.yaml': BASE })
    await ok(project, 'make')
    project.write({ 'schemas/app.yaml': BASE + '      zip: { type: string, length: 5 }\n      adult: { type: boolean }\n' })
    const result = await runOnTerminal(project.dir, ['make'], ['00000', 'maybe', 'true'])
    assert.equal(result.code, 0, result.output)
    assert.match(result.output, /That does not fit boolean: expected true or false, not "maybe"/)
    const text = project.read(`migrations/${project.migrationFiles()[1]}`)
    assert.match(text, /fill: "00000"|fill: '00000'/)
    assert.match(text, /fill: true/)
  })

  it('--default that does not fit the column type: exit 2, the column named, nothing written', async () => {
    project = new TempProject({ 'schemas/app.yaml': BASE })
    await ok(project, 'make')
    project.write({ 'schemas/app.yaml': BASE + '      age: { type: integer }\n' })
    const before = project.fingerprint()
    const result = await runCli(['make', '--default', 'people.age=ten'], { cwd: project.dir })
    assert.equal(result.code, 2, result.stdout + result.stderr)
    assert.match(result.stderr, /--default people\.age=ten: does not fit column people\.age \(integer\): expected an integer, not "ten"/)
    assert.deepEqual(project.fingerprint(), before)
  })

  it('without a terminal an unhinted rename becomes drop + add, with a warning', async () => {
    project = new TempProject({ 'schemas/app.yaml': BASE })
    await ok(project, 'make')
    project.write({ 'schemas/app.yaml': BASE.replace('name: { type: string, length: 100 }', 'name2: { type: string, length: 100, nullable: true }') })
    const result = await ok(project, 'make')
    assert.match(result.stderr, /warning: .*people\.name.*people\.name2.*renamedFrom/)
  })

  it('--dry-run prints the migration and its SQL and writes nothing; --empty writes a blank migration', async () => {
    project = new TempProject({ 'schemas/app.yaml': BASE })
    const before = project.fingerprint()
    const dry = await ok(project, 'make', '--dry-run')
    assert.match(dry.stdout, /name: 0001_initial/)
    assert.match(dry.stdout, /-- SQL \(sqlite\)/)
    assert.match(dry.stdout, /CREATE TABLE "people"/)
    assert.deepEqual(project.fingerprint(), before)
    await ok(project, 'make')
    const empty = await ok(project, 'make', '--empty', 'Backfill names!')
    assert.match(empty.stdout, /0002_backfill_names/)
    assert.match(project.read('migrations/0002_backfill_names.yaml'), /up: \[\]/)
    assert.equal((await runCli(['make', '--check'], { cwd: project.dir })).code, 0)
    await ok(project, 'migrate')
  })
})
