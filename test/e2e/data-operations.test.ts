/**
 * Data operations on real databases: rows inserted (or updated) with
 * explicit ids leave the id generator ready for the application's next
 * plain INSERT (PostgreSQL identity and serial sequences are moved with
 * setval; MySQL's AUTO_INCREMENT and SQLite's rowid follow by themselves),
 * never backwards; json columns take YAML maps and lists.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { ALL_TARGETS, type TargetDatabase } from './targets'

const SCHEMA = `tables:
  events:
    columns:
      id: { type: bigint, primaryKey: true, autoincrement: true }
      name: { type: string, length: 50 }
      payload: { type: json, nullable: true }
`

/** PostgreSQL only: a serial column (a sequence named in the file, owned by the column). */
const SERIAL = `  tickets:
    columns:
      id: { type: integer, primaryKey: true, autoincrement: true, sequence: tickets_number_seq }
      label: { type: string, length: 20 }
`

const migration = (name: string, parent: string, up: string, down: string) =>
  `name: ${name}\ndependsOn: ${parent}\nup:\n${up}\ndown:\n${down}\n`

/** A json column's value as a JavaScript value, whichever way the driver returns it (jsonb parsed, TEXT / LONGTEXT as text). */
const parsed = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value)

for (const target of Object.values(ALL_TARGETS)) {
  target.describe(`data operations on ${target.dialect}: explicit ids and json values`, function () {
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

    const cli = async (...args: string[]) => {
      const result = await runCli(args, { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
      assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
      return result
    }
    const ids = async (table: string) => (await db.rows(`SELECT id FROM ${table} ORDER BY id`)).map((r) => Number(r.id))

    it('after inserts with explicit ids, a plain INSERT gets the next id; the generator never moves back', async () => {
      const serial = target.dialect === 'postgres'
      project.write({ 'schemas/app.yaml': SCHEMA + (serial ? SERIAL : '') })
      await cli('make')
      await cli('make', '--empty', 'fixtures')
      project.write({
        'migrations/0002_fixtures.yaml': migration(
          '0002_fixtures',
          '0001_initial',
          [
            '  - insert:',
            '      table: events',
            '      rows:',
            '        - { id: 1, name: signup, payload: { plan: free, tags: [a, b], limits: { seats: 3 } } }',
            '        - { id: 7, name: upgrade, payload: [1, 2.5, true, null, "x"] }',
            '  - update: { table: events, set: { payload: { plan: pro } }, where: { id: 1 } }',
            ...(serial ? ['  - insert: { table: tickets, rows: [{ id: 40, label: first }] }'] : []),
          ].join('\n'),
          [...(serial ? ['  - delete: { table: tickets, where: { id: 40 } }'] : []), '  - delete: { table: events, where: { id: 7 } }', '  - delete: { table: events, where: { id: 1 } }'].join('\n'),
        ),
      })
      await cli('migrate')
      assert.deepEqual(
        (await db.rows('SELECT id, payload FROM events ORDER BY id')).map((r) => [Number(r.id), parsed(r.payload)]),
        [
          [1, { plan: 'pro' }],
          [7, [1, 2.5, true, null, 'x']],
        ],
      )
      // The application's own insert, without an id.
      await db.exec("INSERT INTO events (name) VALUES ('app')")
      assert.deepEqual(await ids('events'), [1, 7, 8])
      if (serial) {
        await db.exec("INSERT INTO tickets (label) VALUES ('app')")
        assert.deepEqual(await ids('tickets'), [40, 41])
      }

      // An explicit id below the generator's position leaves it where it is.
      await cli('make', '--empty', 'more')
      project.write({
        'migrations/0003_more.yaml': migration(
          '0003_more',
          '0002_fixtures',
          '  - insert: { table: events, rows: [{ id: 3, name: late }] }',
          '  - delete: { table: events, where: { id: 3 } }',
        ),
      })
      await cli('migrate')
      await db.exec("INSERT INTO events (name) VALUES ('app2')")
      assert.deepEqual(await ids('events'), [1, 3, 7, 8, 9])

      // Back down and up again: the rows the migrations own go and come back.
      await db.exec("DELETE FROM events WHERE name IN ('app', 'app2')")
      if (serial) await db.exec("DELETE FROM tickets WHERE label = 'app'")
      await cli('migrate', '0001')
      assert.deepEqual(await ids('events'), [])
      await cli('migrate')
      assert.deepEqual(await ids('events'), [1, 3, 7])
      await db.exec("INSERT INTO events (name) VALUES ('app3')")
      const [last] = (await ids('events')).slice(-1)
      assert.ok(last! > 7, `a plain insert after the fixtures got id ${last}`)
    })

    it('strata sql shows a map or a list bound as its JSON text', async () => {
      project.write({ 'schemas/app.yaml': SCHEMA })
      await cli('make')
      await cli('make', '--empty', 'fixtures')
      project.write({
        'migrations/0002_fixtures.yaml': migration(
          '0002_fixtures',
          '0001_initial',
          '  - insert: { table: events, rows: [{ id: 1, name: a, payload: { k: [1, "two"] } }] }',
          '  - delete: { table: events, where: { id: 1 } }',
        ),
      })
      const sql = await cli('sql', '2')
      assert.match(sql.stdout, /-- parameters: \[1,"a","\{\\"k\\":\[1,\\"two\\"\]\}"\]/)
      if (target.dialect === 'postgres') {
        assert.match(sql.stdout, /SELECT setval\(pg_get_serial_sequence\('"events"', 'id'\), max\("id"\)\) FROM "events" HAVING max\("id"\) > coalesce\(pg_sequence_last_value\(pg_get_serial_sequence\('"events"', 'id'\)\), 0\)/)
      } else {
        assert.doesNotMatch(sql.stdout, /setval/)
      }
    })
  })
}
