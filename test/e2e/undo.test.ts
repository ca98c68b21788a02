/**
 * `strata make --undo` and `strata snapshot --rebuild` through the real CLI:
 * an unapplied migration is thrown away with the files restored byte for
 * byte; an applied one is refused with the database named; a deleted
 * snapshot is rebuilt from the migrations.
 */
import { strict as assert } from 'node:assert'
import { runCli, succeeding } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { TARGETS } from './targets'

const BASE = `tables:
  people:
    columns:
      name: { type: string, length: 100 }
`
const CHANGED = BASE + '      age: { type: integer, nullable: true }\n'

/** Every file but the database's. */
const files = (project: TempProject) => Object.fromEntries(Object.entries(project.fingerprint()).filter(([path]) => !path.startsWith('db.sqlite3')))

for (const target of Object.values(TARGETS)) {
  target.describe(`make --undo on ${target.dialect}`, function () {
    this.timeout(120000)
    it('restores the files byte for byte when the database has not applied the migration; refuses, naming it, when it has', async () => {
      const project = new TempProject({ 'schemas/app.yaml': BASE })
      const db = await target.create(project)
      const cli = (...args: string[]) => runCli([...args, '--database', db.url], { cwd: project.dir })
      const ok = succeeding(cli)
      try {
        await ok('make')
        await ok('migrate')
        project.write({ 'schemas/app.yaml': CHANGED })
        const before = files(project)
        const snapshot = project.read('migrations/snapshot.json')
        await ok('make', 'ages')
        assert.notDeepEqual(files(project), before)
        const undo = await ok('make', '--undo')
        assert.match(undo.stdout, /Removed migrations\/0002_ages\.yaml \(not applied to /)
        assert.match(undo.stdout, /Restored migrations\/snapshot\.json/)
        assert.deepEqual(files(project), before)
        assert.equal(project.read('migrations/snapshot.json'), snapshot)

        // Made again and applied: refused, the database named, nothing touched.
        await ok('make', 'ages')
        await ok('migrate')
        const applied = files(project)
        const refused = await cli('make', '--undo')
        assert.equal(refused.code, 3, refused.stdout + refused.stderr)
        assert.match(refused.stderr, /0002_ages is applied to (sqlite:|postgres|mysql)[^:]*.*cannot be undone.*strata migrate 0001_initial/)
        assert.deepEqual(files(project), applied)
        // Reversed there, it can go.
        await ok('migrate', '0001')
        await ok('make', '--undo')
        assert.deepEqual(files(project), before)
      } finally {
        await db.drop()
        project.cleanup()
      }
    })
  })
}

describe('make --undo and snapshot --rebuild, on files', function () {
  this.timeout(60000)
  let project: TempProject
  afterEach(() => project.cleanup())
  const ok = async (...args: string[]) => {
    const result = await runCli(args, { cwd: project.dir })
    assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
    return result
  }

  it('undoing the only migration leaves the folder as before the first make, and does not create the database', async () => {
    project = new TempProject({ 'schemas/app.yaml': BASE })
    const before = project.fingerprint()
    await ok('make')
    const undo = await ok('make', '--undo')
    assert.match(undo.stdout, /Removed migrations\/snapshot\.json \(no migration left\)/)
    assert.deepEqual(project.fingerprint(), before)
    const nothing = await runCli(['make', '--undo'], { cwd: project.dir })
    assert.equal(nothing.code, 2)
    assert.match(nothing.stderr, /there is no migration to undo/)
  })

  it('a deleted snapshot is named with the way out, and rebuilt byte for byte from the migrations', async () => {
    project = new TempProject({ 'schemas/app.yaml': BASE })
    await ok('make')
    project.write({ 'schemas/app.yaml': CHANGED })
    await ok('make')
    const snapshot = project.read('migrations/snapshot.json')
    project.remove('migrations/snapshot.json')
    const stuck = await runCli(['make'], { cwd: project.dir })
    assert.equal(stuck.code, 2)
    assert.match(stuck.stderr, /strata snapshot --rebuild/)
    const check = await runCli(['snapshot'], { cwd: project.dir })
    assert.equal(check.code, 1, check.stdout + check.stderr)
    const rebuild = await ok('snapshot', '--rebuild')
    assert.match(rebuild.stdout, /Wrote migrations\/snapshot\.json from the migrations/)
    assert.equal(project.read('migrations/snapshot.json'), snapshot)
    await ok('snapshot')
    // A snapshot left with version-control conflict markers: the same way out.
    project.write({ 'migrations/snapshot.json': `<<<<<<< HEAD\n${snapshot}=======\n{}\n>>>>>>> other\n` })
    const conflicted = await runCli(['status'], { cwd: project.dir })
    assert.equal(conflicted.code, 2)
    assert.match(conflicted.stderr, /not valid JSON.*strata snapshot --rebuild/)
    await ok('snapshot', '--rebuild')
    assert.equal(project.read('migrations/snapshot.json'), snapshot)
  })
})
