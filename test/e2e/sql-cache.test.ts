/**
 * `strata sql` remembers its output under .strata/sql/ (issue 13), keyed by
 * the build, the dialect, the direction, STRATA_LOCK_BUDGET and the bytes of
 * every migration up to the one printed: a remembered output is exactly
 * what the command computes, and any change of those inputs computes again.
 */
import { strict as assert } from 'node:assert'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sqlOutputKey } from '../../src/migrations/sql-cache'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

describe('sql output cache', function () {
  this.timeout(120000)
  let project: TempProject
  beforeEach(async () => {
    project = new TempProject({ 'schemas/app.yaml': 'tables:\n  people:\n    columns:\n      email: { type: string, length: 100 }\n' })
    assert.equal((await runCli(['make'], { cwd: project.dir })).code, 0)
    project.write({ 'schemas/app.yaml': 'tables:\n  people:\n    columns:\n      email: { type: string, length: 100 }\n      age: { type: integer, nullable: true }\n' })
    assert.equal((await runCli(['make'], { cwd: project.dir })).code, 0)
  })
  afterEach(() => project.cleanup())

  const outputs = () => readdirSync(project.path('.strata', 'sql')).filter((f) => f.endsWith('.sql'))

  it('a remembered output is what the command computes, for each form, dialect and direction', async () => {
    for (const args of [['sql', '0002'], ['sql', '0002', '--json'], ['sql', '0002', '--down'], ['sql', '0001', '--dialect', 'postgres'], ['sql', '0002', '--dialect', 'mysql', '--down', '--json']]) {
      project.remove('.strata/sql')
      const first = await runCli(args, { cwd: project.dir })
      assert.equal(first.code, 0, first.stderr)
      assert.equal(outputs().length, 1, `${args.join(' ')} recorded`)
      const second = await runCli(args, { cwd: project.dir })
      assert.deepEqual(second, first, args.join(' '))
    }
    assert.ok((await runCli(['sql', '0002', '--dialect', 'postgres'], { cwd: project.dir })).stdout.includes('ALTER TABLE "people" ADD COLUMN "age"'))
  })

  it('an output recorded for other inputs is never served', async () => {
    // A recorded output under the key of the printed migration, but with other text: served as it is, which shows the key is read.
    const first = await runCli(['sql', '0002'], { cwd: project.dir })
    const [file] = outputs()
    writeFileSync(project.path('.strata', 'sql', file!), '-- recorded\n')
    assert.equal((await runCli(['sql', '0002'], { cwd: project.dir })).stdout, '-- recorded\n')
    // Other direction, dialect, lock budget: computed, not that text.
    for (const [args, env] of [[['sql', '0002', '--down'], {}], [['sql', '0002', '--dialect', 'postgres'], {}], [['sql', '0002'], { STRATA_LOCK_BUDGET: '7' }]] as const) {
      const other = await runCli([...args], { cwd: project.dir, env })
      assert.equal(other.code, 0, other.stderr)
      assert.notEqual(other.stdout, '-- recorded\n', args.join(' '))
    }
    // The same migration after an earlier file's bytes changed (a comment): computed again, and the same SQL.
    project.write({ 'migrations/0001_initial.yaml': project.read('migrations/0001_initial.yaml') + '# a comment\n' })
    const again = await runCli(['sql', '0002'], { cwd: project.dir })
    assert.equal(again.stdout, first.stdout)
  })

  it('the key follows every input', () => {
    const files = [{ name: '0001_initial', path: project.path('migrations', '0001_initial.yaml') }]
    const base = { dialect: 'sqlite', chosenBy: 'url:sqlite:./db.sqlite3', down: false, files }
    const key = sqlOutputKey(base)!
    assert.equal(sqlOutputKey(base), key)
    assert.notEqual(sqlOutputKey({ ...base, dialect: 'postgres' }), key)
    assert.notEqual(sqlOutputKey({ ...base, chosenBy: 'postgres' }), key)
    assert.notEqual(sqlOutputKey({ ...base, down: true }), key)
    assert.notEqual(sqlOutputKey({ ...base, files: [...files, { name: '0002_x', path: project.path('migrations', '0001_initial.yaml') }] }), key)
    writeFileSync(files[0]!.path, project.read('migrations/0001_initial.yaml') + '\n')
    assert.notEqual(sqlOutputKey(base), key, 'the bytes')
    assert.equal(sqlOutputKey({ ...base, files: [{ name: 'x', path: join(project.dir, 'missing.yaml') }] }), undefined)
  })
})
