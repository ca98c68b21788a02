/**
 * strata seed: fixture files loaded into a development database apart from
 * the migrations, idempotently (rows matched by primary key), in
 * foreign-key order, refused on a database strata.yaml marks, with every
 * problem of a seed file located and nothing written.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { ALL_TARGETS, type TargetDatabase } from './targets'

const SCHEMA = `tables:
  authors:
    columns:
      name: { type: string, length: 100 }
      profile: { type: json, nullable: true }
  books:
    columns:
      title: { type: string, length: 50 }
      published: { type: boolean, default: false }
    relations:
      author: { belongsTo: authors }
`

// books comes first in the file: seed orders the tables by their foreign keys.
const FIXTURES = `books:
  - { id: 1, title: First, author_id: 1, published: true }
  - { id: 2, title: Second, author_id: 2 }
authors:
  - { id: 1, name: Ann, profile: { langs: [en, fr] } }
  - { id: 2, name: Bob }
`

for (const target of Object.values(ALL_TARGETS)) {
  target.describe(`strata seed on ${target.dialect}`, function () {
    this.timeout(120000)
    let project: TempProject
    let db: TargetDatabase
    beforeEach(async () => {
      project = new TempProject()
      db = await target.create(project)
    })
    afterEach(async () => {
      await db.drop()
      project.cleanup()
    })

    const run = (...args: string[]) => runCli(args, { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
    const cli = async (...args: string[]) => {
      const result = await run(...args)
      assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
      return result
    }
    const books = async () =>
      (await db.rows('SELECT id, title, author_id, published FROM books ORDER BY id')).map((r) => [Number(r.id), r.title, Number(r.author_id), Boolean(Number(r.published))])

    it('run twice gives the same rows; an edited fixture updates its rows; not a migration', async () => {
      project.write({ 'schemas/app.yaml': SCHEMA, 'seeds/library.yaml': FIXTURES })
      await cli('make')
      await cli('migrate')

      const first = await cli('seed')
      assert.equal(
        first.stdout.replace(/^Seeded \S+/, 'Seeded DB'),
        'Seeded DB from seeds/library.yaml\n  authors  2 inserted, 0 updated, 0 unchanged\n  books    2 inserted, 0 updated, 0 unchanged\n',
      )
      const expected = [
        [1, 'First', 1, true],
        [2, 'Second', 2, false],
      ]
      assert.deepEqual(await books(), expected)
      const profile = (await db.rows('SELECT profile FROM authors WHERE id = 1'))[0]!.profile
      assert.deepEqual(typeof profile === 'string' ? JSON.parse(profile) : profile, { langs: ['en', 'fr'] })

      const second = JSON.parse((await cli('seed', '--json')).stdout)
      assert.deepEqual(second.tables, [
        { table: 'authors', inserted: 0, updated: 0, unchanged: 2 },
        { table: 'books', inserted: 0, updated: 0, unchanged: 2 },
      ])
      assert.deepEqual(await books(), expected)

      project.write({ 'seeds/library.yaml': FIXTURES.replace('title: Second', 'title: Second edition') + '  - { id: 3, name: Cy }\n' })
      const third = JSON.parse((await cli('seed', '--json')).stdout)
      assert.deepEqual(third.tables, [
        { table: 'authors', inserted: 1, updated: 0, unchanged: 2 },
        { table: 'books', inserted: 0, updated: 1, unchanged: 1 },
      ])
      assert.deepEqual((await books())[1], [2, 'Second edition', 2, false])

      // The application's next insert gets a fresh id (the sequence followed the fixtures' ids).
      await db.exec("INSERT INTO authors (name) VALUES ('App')")
      assert.ok(Number((await db.rows("SELECT id FROM authors WHERE name = 'App'"))[0]!.id) > 3)
      // Seeding is not a migration: nothing in the history, status is clean.
      assert.deepEqual((await db.rows("SELECT name FROM strata_migrations WHERE name NOT LIKE 'strata:%'")).map((r) => r.name), ['0001_initial'])
      assert.equal((await run('status')).code, 0)
    })

    it('refuses a database strata.yaml marks (seeds.refuse), unless --force; bad files are located, nothing written', async () => {
      project.write({
        'strata.yaml': `databases:\n  default: sqlite:./other.sqlite3\n  live: ${db.url}\nseeds:\n  folder: fixtures\n  refuse: [live]\n`,
        'schemas/app.yaml': SCHEMA,
        'fixtures/library.yaml': FIXTURES,
      })
      await cli('make')
      await cli('migrate', '-d', 'live')
      for (const args of [['-d', 'live'], ['-d', db.url]]) {
        const refused = await run('seed', ...args)
        assert.equal(refused.code, 2, refused.stdout + refused.stderr)
        assert.match(refused.stderr, /database "live" is one that strata seed does not write to \(seeds.refuse in strata.yaml\).*--force/)
      }
      assert.deepEqual(await books(), [])

      project.write({ 'fixtures/more.yaml': 'authors:\n  - { id: 5, nme: Dee }\n  - { name: Eve }\n  - { id: 1, name: Again }\nshelves:\n  - { id: 1 }\n' })
      const bad = await run('seed', '-d', 'live', '--force')
      assert.equal(bad.code, 2, bad.stdout + bad.stderr)
      assert.match(bad.stderr, /fixtures\/more\.yaml:2:14 {2}error {2}table "authors" has no column "nme"/)
      assert.match(bad.stderr, /fixtures\/more\.yaml:3:5 {2}error {2}table "authors": the row gives no value for primary key column "id"/)
      assert.match(bad.stderr, /fixtures\/more\.yaml:4:5 {2}error {2}table "authors": the row with id = 1 is already given at fixtures\/library\.yaml:5:5/)
      assert.match(bad.stderr, /fixtures\/more\.yaml:5:1 {2}error {2}table "shelves" is not in the schema/)
      assert.doesNotMatch(bad.stderr, /\n\s+at /)
      assert.deepEqual(await books(), [])

      project.remove('fixtures/more.yaml')
      await cli('seed', '-d', 'live', '--force')
      assert.equal((await books()).length, 2)
    })
  })
}
