/**
 * The migration graph through the real CLI on every dialect: two branches
 * made from one head, three databases (one applied each branch, one
 * neither), `make --merge`, and all three migrate to the same schema, read
 * back with the database's own catalog, with no migration renamed.
 */
import { strict as assert } from 'node:assert'
import { runCli, succeeding } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { TARGETS, type TargetDatabase } from './targets'
import { ignoringColumnOrder } from '../helpers/database-shape'

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
      const ok = succeeding(cli)
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

// Both branches change people: branch 1 adds a column and an index, branch 2
// another column. Version control's merge of the schema files also adds a
// unique key over both branches' columns, which neither branch could write.
const SAME_TABLE_1 = BASE + '      nick: { type: string, length: 30, nullable: true }\n    indexes:\n      - { columns: [name] }\n'
const SAME_TABLE_2 = BASE + '      age: { type: integer, nullable: true }\n'
const SAME_TABLE_MERGED =
  BASE + '      nick: { type: string, length: 30, nullable: true }\n      age: { type: integer, nullable: true }\n    indexes:\n      - { columns: [name] }\n      - { columns: [nick, age], unique: true }\n'

for (const target of Object.values(TARGETS)) {
  target.describe(`make --merge reconciles branches that change the same table, on ${target.dialect}`, function () {
    this.timeout(180000)
    const projects: TempProject[] = []
    const dbs: TargetDatabase[] = []
    after(async () => {
      for (const db of dbs) await db.drop()
      for (const p of projects) p.cleanup()
    })

    it('each branch adds to people; the merge holds what the merged files add; A, B and C end alike', async () => {
      const project = new TempProject({ 'schemas/app.yaml': BASE })
      projects.push(project)
      const database = async () => {
        const home = new TempProject()
        projects.push(home)
        const db = await target.create(home)
        dbs.push(db)
        return db
      }
      const [a, b, c] = [await database(), await database(), await database()]
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir })
      const ok = succeeding(cli)
      await ok('make')
      for (const db of [a, b, c]) {
        await ok('migrate', '--database', db.url)
        await db.exec("INSERT INTO people (id, name) VALUES (1, 'Ann'), (2, 'Bob')")
      }
      const shared = project.read('migrations/snapshot.json')
      project.write({ 'schemas/app.yaml': SAME_TABLE_1 })
      await ok('make', 'nicknames')
      await ok('migrate', '--database', a.url)
      const migration1 = project.read('migrations/0002_nicknames.yaml')
      const snapshot1 = project.read('migrations/snapshot.json')
      project.remove('migrations/0002_nicknames.yaml')
      project.write({ 'migrations/snapshot.json': shared, 'schemas/app.yaml': SAME_TABLE_2 })
      await ok('make', 'ages')
      await ok('migrate', '--database', b.url)
      const migration2 = project.read('migrations/0002_ages.yaml')
      project.write({ 'schemas/app.yaml': SAME_TABLE_MERGED, 'migrations/0002_nicknames.yaml': migration1, 'migrations/snapshot.json': snapshot1 })

      const merge = await ok('make', '--merge')
      assert.match(merge.stdout, /merges 0002_ages \+ 0002_nicknames \(no migration renamed\)/)
      assert.match(merge.stdout, /people_nick_age/)
      const merged = project.read('migrations/0003_merge_0002_ages_0002_nicknames.yaml')
      assert.match(merged, /^dependsOn: \[ ?0002_ages, 0002_nicknames ?\]$/m)
      assert.match(merged, /^  - addIndex: { table: people, index: { columns: \[ ?nick, age ?\], unique: true } }$/m)
      assert.equal(project.read('migrations/0002_nicknames.yaml'), migration1)
      assert.equal(project.read('migrations/0002_ages.yaml'), migration2)
      // The snapshot is the state at the merged head: the schema files.
      await ok('make', '--check')
      await ok('snapshot')

      for (const db of [a, b, c]) await ok('migrate', '--database', db.url)
      const shape = ignoringColumnOrder(await a.dump())
      assert.deepEqual(ignoringColumnOrder(await b.dump()), shape, 'database B (branch 2 first) ends where A does')
      assert.deepEqual(ignoringColumnOrder(await c.dump()), shape, 'database C (neither branch) ends where A does')
      assert.deepEqual(shape.tables.people!.columns.map((col) => col.name), ['age', 'id', 'name', 'nick'])
      assert.equal(shape.tables.people!.indexes.filter((i) => i.unique && i.columns.join(',') === 'nick,age').length, 1, JSON.stringify(shape.tables.people!.indexes))
      for (const db of [a, b, c]) {
        await ok('status', '--database', db.url)
        // The reconciling operations reverse too: back to branch 1 on every database, then forward again.
        await ok('migrate', '0002_nicknames', '--database', db.url)
        await ok('migrate', '--database', db.url)
        assert.deepEqual(ignoringColumnOrder(await db.dump()), shape)
      }
    })
  })
}

/** Two branches made from 0001_initial (people.name), written as version control merges them: both migrations, branch 1's snapshot. */
async function branches(schema1: string, schema2: string, base = BASE): Promise<TempProject> {
  const project = new TempProject({ 'schemas/app.yaml': base })
  const ok = async (...args: string[]) => {
    const result = await runCli(args, { cwd: project.dir })
    assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
  }
  await ok('make')
  const shared = project.read('migrations/snapshot.json')
  project.write({ 'schemas/app.yaml': schema1 })
  await ok('make', 'one')
  const first = project.read('migrations/0002_one.yaml')
  const snapshot1 = project.read('migrations/snapshot.json')
  project.remove('migrations/0002_one.yaml')
  project.write({ 'migrations/snapshot.json': shared, 'schemas/app.yaml': schema2 })
  await ok('make', 'two')
  project.write({ 'migrations/0002_one.yaml': first, 'migrations/snapshot.json': snapshot1 })
  return project
}

describe('make --merge refuses branches that truly conflict, naming the object and both migrations', function () {
  this.timeout(60000)
  const WITH_AGE = BASE + '      age: { type: integer, nullable: true }\n'
  const cases: [string, string, string, string, RegExp][] = [
    [
      'one drops a column the other alters',
      WITH_AGE,
      WITH_AGE.replace('length: 100', 'length: 200'),
      WITH_AGE.replace('      name: { type: string, length: 100 }\n', ''),
      /cannot merge 0002_one and 0002_two: 0002_one changes column "people\.name", which 0002_two changes too, and cannot run after it \(.*name.*\)/,
    ],
    [
      'both add the same column',
      BASE,
      WITH_AGE,
      WITH_AGE,
      /cannot merge 0002_one and 0002_two: 0002_(one|two) changes column "people\.age", which 0002_(one|two) changes too, and cannot run after it \(.*age.*\)/,
    ],
    [
      'one branch drops the table the other alters',
      BASE + '  keep:\n    columns:\n      x: { type: integer }\n  other:\n    columns:\n      y: { type: integer }\n',
      'tables:\n  keep:\n    columns:\n      x: { type: integer }\n  other:\n    columns:\n      y: { type: integer }\n',
      WITH_AGE + '  keep:\n    columns:\n      x: { type: integer }\n  other:\n    columns:\n      y: { type: integer }\n',
      /cannot merge 0002_one and 0002_two: 0002_two changes column "people\.age", which 0002_one changes too, and cannot run after it/,
    ],
  ]
  for (const [title, base, one, two, message] of cases) {
    it(`${title}: exit 2, nothing written`, async () => {
      const project = await branches(one, two, base)
      try {
        const before = project.fingerprint()
        const merge = await runCli(['make', '--merge'], { cwd: project.dir })
        assert.equal(merge.code, 2, merge.stdout + merge.stderr)
        assert.match(merge.stderr, message)
        assert.deepEqual(project.fingerprint(), before)
      } finally {
        project.cleanup()
      }
    })
  }
})

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
      assert.match(merge.stderr, /cannot merge 0002_fifty and 0002_two_hundred: both branches change column "people.name" \(0002_fifty and 0002_two_hundred\) in different ways/)
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
