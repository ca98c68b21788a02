/**
 * The migration graph through the real CLI on every dialect: two branches
 * made from one head, three databases (one applied each branch, one
 * neither), `make --merge`, and all three migrate to the same schema, read
 * back with the database's own catalog, with no migration renamed.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { TARGETS, type TargetDatabase } from './targets'

const BASE = `tables:
  people:
    columns:
      name: { type: string, length: 100 }
`
// Branch 1 changes the type of people.name (a table rebuild on SQLite);
// branch 2 adds a column to the same table and a new table.
const BRANCH_1 = BASE.replace('length: 100', 'length: 200')
const BRANCH_2 = BASE + '      age: { type: integer, nullable: true }\n'
const BRANCH_2_FILE = 'tables:\n  pets:\n    columns:\n      kind: { type: string, length: 20 }\n'

for (const target of Object.values(TARGETS)) {
  target.describe(`the migration graph on ${target.dialect}`, function () {
    this.timeout(180000)
    const projects: TempProject[] = []
    const dbs: TargetDatabase[] = []
    after(async () => {
      for (const db of dbs) await db.drop()
      for (const p of projects) p.cleanup()
    })

    it('two branches, three databases, one merge migration: all reach the same schema, nothing renamed', async () => {
      const project = new TempProject({ 'schemas/app.yaml': BASE })
      projects.push(project)
      // Each database in a folder of its own (a SQLite target is db.sqlite3 in its project).
      const database = async () => {
        const home = new TempProject()
        projects.push(home)
        const db = await target.create(home)
        dbs.push(db)
        return db
      }
      const [a, b, c] = [await database(), await database(), await database()]
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir })
      const ok = async (...args: string[]) => {
        const result = await cli(...args)
        assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
        return result
      }
      await ok('make')
      for (const db of [a, b, c]) {
        await ok('migrate', '--database', db.url)
        await db.exec("INSERT INTO people (id, name) VALUES (1, 'Ann'), (2, 'Bob')")
      }
      const shared = project.read('migrations/snapshot.json')

      // Branch 1, applied to database A.
      project.write({ 'schemas/app.yaml': BRANCH_1 })
      await ok('make', 'longer_names')
      await ok('migrate', '--database', a.url)
      const migration1 = project.read('migrations/0002_longer_names.yaml')
      const snapshot1 = project.read('migrations/snapshot.json')

      // Branch 2, from the same head, applied to database B.
      project.remove('migrations/0002_longer_names.yaml')
      project.write({ 'migrations/snapshot.json': shared, 'schemas/app.yaml': BRANCH_2, 'schemas/pets.yaml': BRANCH_2_FILE })
      await ok('make', 'ages_and_pets')
      await ok('migrate', '--database', b.url)
      const migration2 = project.read('migrations/0002_ages_and_pets.yaml')
      await b.exec('UPDATE people SET age = 30 WHERE id = 1')

      // Version control merges the branches: both migrations, both schema
      // changes, and one side's snapshot.
      project.write({
        'schemas/app.yaml': BRANCH_2.replace('length: 100', 'length: 200'),
        'migrations/0002_longer_names.yaml': migration1,
        'migrations/snapshot.json': snapshot1,
      })
      const conflict = await cli('migrate', '--database', c.url)
      assert.equal(conflict.code, 2, conflict.stdout + conflict.stderr)
      assert.match(conflict.stderr, /conflicting migrations: migrations\/0002_ages_and_pets\.yaml and migrations\/0002_longer_names\.yaml both follow 0001_initial.*make --merge/)

      const merge = await ok('make', '--merge')
      assert.match(merge.stdout, /Wrote migrations\/0003_merge_0002_ages_and_pets_0002_longer_names\.yaml/)
      assert.match(merge.stdout, /merges 0002_ages_and_pets \+ 0002_longer_names \(no migration renamed\)/)
      assert.deepEqual(project.migrationFiles(), [
        '0001_initial.yaml',
        '0002_ages_and_pets.yaml',
        '0002_longer_names.yaml',
        '0003_merge_0002_ages_and_pets_0002_longer_names.yaml',
      ])
      assert.equal(project.read('migrations/0002_longer_names.yaml'), migration1)
      assert.equal(project.read('migrations/0002_ages_and_pets.yaml'), migration2)
      const merged = project.read('migrations/0003_merge_0002_ages_and_pets_0002_longer_names.yaml')
      assert.match(merged, /^dependsOn: \[ ?0002_ages_and_pets, 0002_longer_names ?\]$/m)
      assert.match(merged, /^up: \[\]$/m)
      // The schema files and the rebuilt snapshot agree.
      await ok('make', '--check')

      for (const db of [a, b, c]) {
        const result = await ok('migrate', '--database', db.url)
        assert.doesNotMatch(result.stdout, /0001_initial/)
      }
      const shape = await a.dump()
      assert.deepEqual(await b.dump(), shape, 'database B (branch 2 first) ends where A does')
      assert.deepEqual(await c.dump(), shape, 'database C (neither branch) ends where A does')
      assert.deepEqual(
        shape.tables.people!.columns.map((col) => col.name).sort(),
        ['age', 'id', 'name'],
      )
      // SQLite rebuilt people for branch 1 on database B, which had branch 2's column and its value.
      assert.deepEqual(await b.rows('SELECT id, name, age FROM people ORDER BY id'), [
        { id: 1, name: 'Ann', age: 30 },
        { id: 2, name: 'Bob', age: null },
      ])
      for (const db of [a, b, c]) {
        const result = await ok('status', '--database', db.url)
        assert.match(result.stdout, /\[X\] 0002_longer_names {2}\(branch from 0001_initial\)/)
        assert.match(result.stdout, /\[X\] 0003_merge_0002_ages_and_pets_0002_longer_names {2}\(merges 0002_ages_and_pets \+ 0002_longer_names\)/)
      }

      // Back to one branch's migration: what depends on it is reversed, the other branch stays.
      await ok('migrate', '0002_longer_names', '--database', b.url)
      const back = await cli('status', '--database', b.url)
      assert.equal(back.code, 1)
      assert.match(back.stdout, /\[ \] 0003_merge/)
      assert.match(back.stdout, /\[X\] 0002_ages_and_pets/)
      await ok('migrate', 'zero', '--database', b.url)
      assert.deepEqual((await b.tables()).filter((t) => t !== 'strata_migrations'), [])
      await ok('migrate', '--database', b.url)
      assert.deepEqual(await b.dump(), shape)
    })
  })
}

describe('make --merge refuses branches whose order matters', function () {
  this.timeout(60000)
  it('both branches change the same column: exit 2, the table named, nothing written', async () => {
    const project = new TempProject({ 'schemas/app.yaml': BASE })
    try {
      const ok = async (...args: string[]) => {
        const result = await runCli(args, { cwd: project.dir })
        assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
      }
      await ok('make')
      const shared = project.read('migrations/snapshot.json')
      project.write({ 'schemas/app.yaml': BASE.replace('length: 100', 'length: 200') })
      await ok('make', 'two_hundred')
      const first = project.read('migrations/0002_two_hundred.yaml')
      project.remove('migrations/0002_two_hundred.yaml')
      project.write({ 'migrations/snapshot.json': shared, 'schemas/app.yaml': BASE.replace('length: 100', 'length: 50') })
      await ok('make', 'fifty')
      project.write({ 'migrations/0002_two_hundred.yaml': first })
      const before = project.fingerprint()
      const merge = await runCli(['make', '--merge'], { cwd: project.dir })
      assert.equal(merge.code, 2, merge.stdout + merge.stderr)
      assert.match(merge.stderr, /cannot merge 0002_fifty and 0002_two_hundred: both branches change "people"/)
      assert.deepEqual(project.fingerprint(), before)
    } finally {
      project.cleanup()
    }
  })
})

for (const target of Object.values(TARGETS)) {
  target.describe(`--default values read as the column type, on ${target.dialect}`, function () {
    this.timeout(60000)
    it('00000 into a string, 1e3 into a decimal, true into a boolean reach the rows as such', async () => {
      const project = new TempProject({ 'schemas/app.yaml': BASE })
      const db = await target.create(project)
      try {
        const ok = async (...args: string[]) => {
          const result = await runCli([...args, '--database', db.url], { cwd: project.dir })
          assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
        }
        await ok('make')
        await ok('migrate')
        await db.exec("INSERT INTO people (id, name) VALUES (1, 'Ann')")
        project.write({
          'schemas/app.yaml':
            BASE + '      zip: { type: string, length: 5 }\n      price: { type: decimal, precision: 10, scale: 2 }\n      adult: { type: boolean }\n',
        })
        await ok('make', '--default', 'people.zip=00000', '--default', 'people.price=1e3', '--default', 'people.adult=true')
        await ok('migrate')
        const [row] = await db.rows('SELECT zip, price, adult FROM people')
        assert.equal(row!.zip, '00000')
        assert.equal(Number(row!.price), 1000)
        assert.ok(row!.adult === true || row!.adult === 1, String(row!.adult))
      } finally {
        await db.drop()
        project.cleanup()
      }
    })
  })
}
