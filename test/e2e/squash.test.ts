/**
 * `strata squash` through the real CLI on every dialect: ten migrations
 * made one by one, squashed into one; databases that applied 0, 4 and 10
 * of the originals all reach the same schema (read back with the
 * database's own catalog) through the squashed migration, reversing
 * through it works, and once the replaced files are deleted `status` and
 * `migrate` still work.
 */
import { strict as assert } from 'node:assert'
import { runCli, succeeding } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { TARGETS, type TargetDatabase } from './targets'
import { ignoringColumnOrder } from '../helpers/database-shape'

const USERS = `tables:
  users:
    columns:
      name: { type: string, length: 100 }
`
/** The schema files after each of the ten migrations (the last is written by hand: an insert). */
const STEPS: { schemas: Record<string, string>; args: string[] }[] = [
  { schemas: { 'app.yaml': USERS }, args: ['make'] },
  { schemas: { 'app.yaml': USERS + '      email: { type: string, length: 200, nullable: true }\n' }, args: ['make', 'user_email'] },
  {
    schemas: {
      'app.yaml': USERS + '      email: { type: string, length: 200, nullable: true }\n',
      'posts.yaml': 'tables:\n  posts:\n    columns:\n      title: { type: string, length: 100 }\n    relations:\n      author: { belongsTo: users, onDelete: cascade }\n',
    },
    args: ['make', 'posts'],
  },
  {
    schemas: {
      'app.yaml': USERS + '      email: { type: string, length: 200, nullable: true }\n      status: { type: string, length: 20 }\n',
      'posts.yaml': 'tables:\n  posts:\n    columns:\n      title: { type: string, length: 100 }\n      draft: { type: boolean, default: true }\n    relations:\n      author: { belongsTo: users, onDelete: cascade }\n',
    },
    args: ['make', 'status_and_drafts', '--default', 'users.status=active'],
  },
  {
    schemas: {
      'app.yaml': USERS + '      mail: { type: string, length: 200, nullable: true, renamedFrom: email }\n      status: { type: string, length: 20 }\n',
      'posts.yaml': 'tables:\n  posts:\n    columns:\n      title: { type: string, length: 100 }\n      draft: { type: boolean, default: true }\n    relations:\n      author: { belongsTo: users, onDelete: cascade }\n',
    },
    args: ['make', 'rename_email'],
  },
  {
    schemas: {
      'app.yaml': USERS + '      mail: { type: string, length: 200, nullable: true, renamedFrom: email }\n      status: { type: string, length: 20 }\n',
      'posts.yaml': 'tables:\n  posts:\n    columns:\n      title: { type: string, length: 100 }\n    relations:\n      author: { belongsTo: users, onDelete: cascade }\n',
    },
    args: ['make', 'drop_drafts'],
  },
  {
    schemas: {
      'app.yaml': USERS + '      mail: { type: string, length: 200, nullable: true }\n      status: { type: string, length: 20 }\n',
      'posts.yaml': 'tables:\n  posts:\n    columns:\n      title: { type: string, length: 200 }\n    relations:\n      author: { belongsTo: users, onDelete: cascade }\n',
    },
    args: ['make', 'longer_titles'],
  },
  {
    schemas: {
      'app.yaml': USERS + '      mail: { type: string, length: 200, nullable: true }\n      status: { type: string, length: 20 }\n      age: { type: integer, nullable: true }\n',
      'posts.yaml': 'tables:\n  posts:\n    columns:\n      title: { type: string, length: 200 }\n    relations:\n      author: { belongsTo: users, onDelete: cascade }\n',
      'tags.yaml': 'tables:\n  tags:\n    columns:\n      label: { type: string, length: 50, unique: true }\n',
    },
    args: ['make', 'ages_and_tags'],
  },
  {
    schemas: {
      'app.yaml': USERS + '      mail: { type: string, length: 200, nullable: true }\n      status: { type: string, length: 20 }\n      age: { type: integer, nullable: true }\n',
      'posts.yaml': 'tables:\n  posts:\n    columns:\n      title: { type: string, length: 200 }\n    relations:\n      author: { belongsTo: users, onDelete: cascade }\n    indexes:\n      - columns: [title]\n',
      'tags.yaml': 'tables:\n  tags:\n    columns:\n      label: { type: string, length: 100, unique: true }\n',
    },
    args: ['make', 'title_index'],
  },
  { schemas: {}, args: ['make', '--empty', 'seed_root'] },
]

// The hand-written last migration: rows in, rows out on the way back.
const SEED_UP = `up:
  - insert: { table: users, rows: [{ name: root, status: admin }] }
down:
  - delete: { table: users, where: { name: root } }
`

for (const target of Object.values(TARGETS)) {
  target.describe(`strata squash on ${target.dialect}`, function () {
    this.timeout(240000)
    const projects: TempProject[] = []
    const dbs: TargetDatabase[] = []
    after(async () => {
      for (const db of dbs) await db.drop()
      for (const p of projects) p.cleanup()
    })

    it('ten migrations squashed: databases at 0, 4 and 10 reach the same schema, reverse through it, and outlive the replaced files', async () => {
      const project = new TempProject()
      projects.push(project)
      const database = async () => {
        const home = new TempProject()
        projects.push(home)
        const db = await target.create(home)
        dbs.push(db)
        return db
      }
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir })
      const ok = succeeding(cli)
      const [zero, four, ten, stranded] = [await database(), await database(), await database(), await database()]
      for (const [n, step] of STEPS.entries()) {
        if (Object.keys(step.schemas).length) project.setSchemas(step.schemas)
        await ok(...step.args)
        if (n === 9) {
          const file = project.migrationFiles().find((f) => f.startsWith('0010_'))!
          const text = project.read(`migrations/${file}`)
          project.write({ [`migrations/${file}`]: text.replace(/^(# .*\n)*up: \[\]\n(# .*\n)*down: \[\]\n/m, SEED_UP) })
          assert.match(project.read(`migrations/${file}`), /insert: \{ table: users/)
        }
        if (n === 0) {
          // Rows before anything else: the NOT NULL column of 0004 fills them, 0005's rename keeps them.
          for (const db of [four, ten, stranded]) {
            await ok('migrate', '--database', db.url)
            await db.exec("INSERT INTO users (name) VALUES ('Ann'), ('Bob')")
          }
        }
        if (n === 3) for (const db of [four, stranded]) await ok('migrate', '--database', db.url)
      }
      const originals = project.migrationFiles()
      assert.equal(originals.length, 10)
      await ok('migrate', '--database', ten.url)
      await ten.exec("INSERT INTO posts (title, author_id) VALUES ('Hello', 1)")
      await four.exec("INSERT INTO posts (title, author_id, draft) VALUES ('Hello', 1, false)")
      const snapshot = project.read('migrations/snapshot.json')

      const squash = await ok('squash', '0001', '0010')
      const name = '0001_squashed_0010_seed_root'
      assert.match(squash.stdout, new RegExp(`Wrote migrations/${name}\\.yaml`))
      assert.match(squash.stdout, /replaces 0001_initial … 0010_seed_root \(10 migrations, \d+ operations → \d+\)/)
      const [, before, afterOps] = /(\d+) operations → (\d+)/.exec(squash.stdout)!.map(Number)
      assert.ok(afterOps! < before!, `the operations are optimised: ${squash.stdout}`)
      const text = project.read(`migrations/${name}.yaml`)
      const names = ['0001_initial', '0002_user_email', '0003_posts', '0004_status_and_drafts', '0005_rename_email', '0006_drop_drafts', '0007_longer_titles', '0008_ages_and_tags', '0009_title_index', '0010_seed_root']
      assert.ok(text.includes(`\nreplaces:\n${names.map((n) => `  - ${n}\n`).join('')}`), text)
      const up = text.slice(text.indexOf('\nup:'), text.indexOf('\ndown:'))
      // Added then dropped: gone. Added then renamed: added under its last name. Created then altered: one create.
      assert.doesNotMatch(up, /draft/)
      assert.doesNotMatch(up, /email|renameColumn/)
      assert.doesNotMatch(up, /alterColumn/)
      assert.equal((up.match(/createTable:/g) ?? []).length, 3, up)
      // The data operation stays, after the tables it needs.
      assert.ok(up.indexOf('insert:') > up.lastIndexOf('createTable:'), up)
      // The graph's schema is unchanged: the snapshot says the same, and the schema files have nothing new.
      assert.deepEqual(JSON.parse(project.read('migrations/snapshot.json')).schema, JSON.parse(snapshot).schema)
      await ok('make', '--check')

      const z = await ok('migrate', '--database', zero.url)
      assert.match(z.stdout, new RegExp(name))
      assert.doesNotMatch(z.stdout, /0005_rename_email/)
      const f = await ok('migrate', '--database', four.url)
      assert.match(f.stdout, /0005_rename_email[\s\S]*0010_seed_root/)
      assert.doesNotMatch(f.stdout, new RegExp(name))
      const t = await ok('migrate', '--database', ten.url)
      assert.doesNotMatch(t.stdout, /0001|0010_seed/)

      const shape = await ten.dump()
      assert.deepEqual(await zero.dump(), shape, 'the database at 0 ends where the one at 10 does')
      assert.deepEqual(await four.dump(), shape, 'the database at 4 ends where the one at 10 does')
      assert.deepEqual(
        (await four.rows('SELECT id, name, mail, status FROM users ORDER BY id')).map((r) => ({ ...r, id: Number(r.id) })),
        [
          { id: 1, name: 'Ann', mail: null, status: 'active' },
          { id: 2, name: 'Bob', mail: null, status: 'active' },
          { id: 3, name: 'root', mail: null, status: 'admin' },
        ],
      )
      assert.deepEqual(await zero.rows('SELECT name, status FROM users'), [{ name: 'root', status: 'admin' }])
      for (const db of [zero, four, ten]) {
        const s = await ok('status', '--database', db.url)
        assert.match(s.stdout, new RegExp(`\\[X\\] ${name}`))
        assert.doesNotMatch(s.stdout, /\[ \]/)
      }

      // Reversing through the squashed migration: on the database that applied it, and on one that applied the originals.
      const back = await ok('migrate', 'zero', '--database', zero.url)
      assert.match(back.stdout, new RegExp(name))
      assert.deepEqual(await zero.tables(), ['strata_migrations'])
      await ok('migrate', 'zero', '--database', four.url)
      assert.deepEqual(await four.tables(), ['strata_migrations'])
      assert.deepEqual(await four.rows('SELECT name FROM strata_migrations WHERE name NOT LIKE \'strata:%\''), [])
      await ok('migrate', '--database', four.url)
      assert.deepEqual(await four.dump(), shape)

      // Every database has it: the replaced files can go.
      for (const file of originals) project.remove(`migrations/${file}`)
      assert.deepEqual(project.migrationFiles(), [`${name}.yaml`])
      await ok('make', '--check')
      for (const db of [ten, four]) {
        const s = await ok('status', '--database', db.url)
        assert.match(s.stdout, new RegExp(`\\[X\\] ${name}`))
        assert.doesNotMatch(s.stdout, /missing|MISSING/)
        const m = await ok('migrate', '--database', db.url)
        assert.doesNotMatch(m.stdout, /0001/)
      }
      await ok('migrate', '--database', zero.url)
      assert.deepEqual(await zero.dump(), shape)
      // The one at 10 reverses through it too, its old rows with it.
      await ok('migrate', 'zero', '--database', ten.url)
      assert.deepEqual(await ten.tables(), ['strata_migrations'])
      assert.deepEqual(await ten.rows('SELECT name FROM strata_migrations WHERE name NOT LIKE \'strata:%\''), [])

      // A database still at 4 of the originals cannot follow once they are deleted: told so, nothing done.
      const stuck = await cli('migrate', '--database', stranded.url)
      assert.equal(stuck.code, 3, stuck.stdout + stuck.stderr)
      assert.match(stuck.stderr, /applied 4 of the 10 migrations 0001_squashed_0010_seed_root replaces .*restore them/)
    })
  })
}

// A squash of a range holding a squashed migration: the replaces list flattens.
const COLUMN_STEPS = ['email', 'age', 'city', 'nick', 'zip'].map((_, i, all) => USERS + all.slice(0, i + 1).map((x) => `      ${x}: { type: string, length: 20, nullable: true }\n`).join(''))

for (const target of Object.values(TARGETS)) {
  target.describe(`strata squash of a squashed migration on ${target.dialect}`, function () {
    this.timeout(240000)
    const projects: TempProject[] = []
    const dbs: TargetDatabase[] = []
    after(async () => {
      for (const db of dbs) await db.drop()
      for (const p of projects) p.cleanup()
    })

    it('the second squash replaces the first and what it replaced; databases at the originals, at the first squash and at zero all reach one schema', async () => {
      const project = new TempProject({ 'schemas/app.yaml': USERS })
      projects.push(project)
      const database = async () => {
        const home = new TempProject()
        projects.push(home)
        const db = await target.create(home)
        dbs.push(db)
        return db
      }
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir })
      const ok = succeeding(cli)
      const [fresh, originals, first] = [await database(), await database(), await database()]
      await ok('make')
      for (const [i, schema] of COLUMN_STEPS.slice(0, 3).entries()) {
        project.write({ 'schemas/app.yaml': schema })
        await ok('make', `step_${i + 2}`)
      }
      // 0001_initial, 0002_step_2, 0003_step_3, 0004_step_4; one database applies two of the originals.
      await ok('migrate', '0002', '--database', originals.url)
      await originals.exec("INSERT INTO users (id, name, email) VALUES (1, 'Ann', 'ann@example.com')")
      await ok('squash', '0001', '0003')
      const s1 = '0001_squashed_0003_step_3'
      // Another applies the first squash itself, and 0004.
      await ok('migrate', '--database', first.url)
      assert.deepEqual((await first.rows("SELECT name FROM strata_migrations WHERE name NOT LIKE 'strata:%' ORDER BY name")).map((r) => r.name), [s1, '0004_step_4'])
      await first.exec("INSERT INTO users (id, name, email) VALUES (1, 'Ann', 'ann@example.com')")
      project.write({ 'schemas/app.yaml': COLUMN_STEPS[3]! })
      await ok('make', 'step_5')

      const squash = await ok('squash', s1, '0005')
      const s2 = '0001_squashed_0005_step_5'
      assert.match(squash.stdout, new RegExp(`Wrote migrations/${s2}\\.yaml`))
      const text = project.read(`migrations/${s2}.yaml`)
      assert.match(text, new RegExp(`^replaces: \\[ ${['0001_initial', '0002_step_2', '0003_step_3', s1, '0004_step_4', '0005_step_5'].join(', ')} \\]$`, 'm'))
      await ok('make', '--check')
      project.write({ 'schemas/app.yaml': COLUMN_STEPS[4]! })
      await ok('make', 'step_6')

      for (const db of [fresh, originals, first]) await ok('migrate', '--database', db.url)
      const shape = ignoringColumnOrder(await fresh.dump())
      assert.deepEqual(shape.tables.users!.columns.map((c) => c.name), ['age', 'city', 'email', 'id', 'name', 'nick', 'zip'])
      assert.deepEqual(ignoringColumnOrder(await originals.dump()), shape, 'the database at two of the originals')
      assert.deepEqual(ignoringColumnOrder(await first.dump()), shape, 'the database at the first squash')
      const rows = async (d: TargetDatabase) => (await d.rows("SELECT name FROM strata_migrations WHERE name NOT LIKE 'strata:%' ORDER BY name")).map((r) => r.name)
      assert.deepEqual(await rows(fresh), [s2, '0006_step_6'])
      assert.ok((await rows(originals)).includes(s2), (await rows(originals)).join(', '))
      assert.ok((await rows(first)).includes(s2), (await rows(first)).join(', '))
      for (const d of [fresh, originals, first]) {
        const s = await ok('status', '--database', d.url)
        assert.match(s.stdout, new RegExp(`\\[X\\] ${s2}`))
      }

      // Every database has the second squash: the replaced files, the first squash's included, can go.
      for (const f of ['0001_initial', '0002_step_2', '0003_step_3', s1, '0004_step_4', '0005_step_5']) project.remove(`migrations/${f}.yaml`)
      assert.deepEqual(project.migrationFiles(), [`${s2}.yaml`, '0006_step_6.yaml'])
      for (const d of [fresh, originals, first]) {
        const s = await ok('status', '--database', d.url)
        assert.doesNotMatch(s.stdout, /missing|MISSING/)
        // Reversing through it: its rows and the rows of all it replaces go.
        await ok('migrate', 'zero', '--database', d.url)
        assert.deepEqual(await d.tables(), ['strata_migrations'])
        assert.deepEqual(await rows(d), [])
        await ok('migrate', '--database', d.url)
        assert.deepEqual(ignoringColumnOrder(await d.dump()), shape)
      }
    })
  })
}
