/**
 * On a real MariaDB server: a column's `onUpdate: now` (ON UPDATE
 * CURRENT_TIMESTAMP, Sakila's `last_update`) and a view's `mysql: {
 * security, algorithm }` (SQL SECURITY, ALGORITHM). Each is created on a
 * table holding rows, read back with information_schema (COLUMNS.EXTRA,
 * VIEWS.SECURITY_TYPE and ALGORITHM) and with strata's introspector, changed
 * with MODIFY / a new CREATE VIEW and back; `strata diff --db` names a hand
 * change to either, and `validate` refuses `onUpdate` for a project with a
 * PostgreSQL database, at the key.
 */
import assert from 'node:assert/strict'
import type { Operation } from '../../../src/diff/operations'
import type { Connection } from '../../../src/dialects/dialect'
import { mysqlDialect } from '../../../src/dialects/mysql/mysql-dialect'
import { postgresDialect } from '../../../src/dialects/postgres/postgres-dialect'
import { sqliteDialect } from '../../../src/dialects/sqlite/sqlite-dialect'
import type { Column, Schema, Table } from '../../../src/schema/model'
import type { View } from '../../../src/schema/views'
import { runCli } from '../../helpers/cli'
import { describeMysql, freshMysqlDatabase, mysqlClient, mysqlRows } from '../../helpers/mysql'
import { TempProject } from '../../helpers/project'
import { runOperations, schemaJson } from '../harness'

/** Sakila's `last_update timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp()`, as introspect reads it. */
const lastUpdate: Column = { name: 'last_update', type: 'native', native: { mysql: 'timestamp' }, default: { sql: { mysql: 'current_timestamp()' } }, onUpdate: 'now' }
const editedAt: Column = { name: 'edited_at', type: 'timestamp', nullable: true, onUpdate: 'now' }

const films: Table = {
  name: 'films',
  columns: [{ name: 'id', type: 'integer', autoincrement: true }, { name: 'title', type: 'string', length: 50 }, lastUpdate, editedAt],
  primaryKey: { name: 'films_pkey', columns: ['id'] },
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
}
const titles: View = { name: 'film_titles', query: 'SELECT id, title FROM films', mysql: { security: 'invoker', algorithm: 'merge' } }
const initial: Schema = { tables: [films], enums: [], views: [titles] }

async function catalog(database: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = await mysqlClient(database)
  try {
    return await mysqlRows(client, sql)
  } finally {
    await client.end()
  }
}

/** information_schema.COLUMNS.EXTRA of films, by column. */
const extras = (database: string) =>
  catalog(database, "SELECT COLUMN_NAME AS c, EXTRA AS e FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'films' ORDER BY ORDINAL_POSITION").then(
    (rows) => Object.fromEntries(rows.map((r) => [r.c, r.e])),
  )
/** information_schema.VIEWS: name, SECURITY_TYPE, ALGORITHM (MariaDB's column). */
const views = (database: string) =>
  catalog(database, 'SELECT TABLE_NAME AS n, SECURITY_TYPE AS s, ALGORITHM AS a FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME').then((rows) =>
    rows.map((r) => `${r.n} ${r.s} ${r.a}`),
  )

describeMysql('mysql: ON UPDATE CURRENT_TIMESTAMP columns and view SQL SECURITY / ALGORITHM', function () {
  let db: Awaited<ReturnType<typeof freshMysqlDatabase>>
  let connection: Connection

  before(async () => {
    db = await freshMysqlDatabase()
    connection = await mysqlDialect.connect(db.url)
  })
  after(async () => {
    await connection?.close()
    await db?.drop()
  })

  async function assertLive(expected: Schema, context: string): Promise<void> {
    assert.deepEqual(schemaJson(await connection.introspect()), schemaJson(await connection.normalize(expected)), context)
  }

  it('compiles ON UPDATE with the column precision, and ALGORITHM / SQL SECURITY before VIEW', () => {
    const [create] = mysqlDialect.compiler.compile({ op: 'createTable', table: films }, { tables: [], enums: [] })
    assert.match(create!.sql, /`last_update` timestamp NOT NULL DEFAULT \(current_timestamp\(\)\) ON UPDATE CURRENT_TIMESTAMP,/)
    assert.match(create!.sql, /`edited_at` datetime\(6\) NULL ON UPDATE CURRENT_TIMESTAMP\(6\)/)
    const [view] = mysqlDialect.compiler.compile({ op: 'createView', view: titles }, { tables: [films], enums: [] })
    assert.equal(view!.sql, 'CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `film_titles` AS SELECT id, title FROM films')
  })

  it('creates them; an UPDATE sets the columns; the catalog and strata read them back', async () => {
    await runOperations(connection, { tables: [], enums: [] }, [
      { op: 'createTable', table: films },
      { op: 'createView', view: titles },
    ])
    await connection.query("INSERT INTO films (title, last_update) VALUES ('Academy Dinosaur', '2006-02-15 05:03:42'), ('Ace Goldfinger', '2006-02-15 05:03:42')")
    assert.deepEqual(await extras(db.name), { id: 'auto_increment', title: '', last_update: 'on update current_timestamp()', edited_at: 'on update current_timestamp(6)' })
    assert.deepEqual(await views(db.name), ['film_titles INVOKER MERGE'])
    await connection.query("UPDATE films SET title = 'Academy Dinosaurs' WHERE id = 1")
    const rows = await connection.query('SELECT id, YEAR(last_update) > 2006 AS touched, edited_at IS NOT NULL AS edited FROM films ORDER BY id')
    assert.deepEqual(rows, [{ id: 1, touched: 1, edited: 1 }, { id: 2, touched: 0, edited: 0 }])
    await assertLive(initial, 'after create')
  })

  it('MODIFY drops ON UPDATE, with rows, and gives it back; a view changes security and algorithm and back', async () => {
    const steps: Operation[] = [
      { op: 'alterColumn', table: 'films', column: 'last_update', from: { onUpdate: 'now' }, to: { onUpdate: null } },
      { op: 'dropView', name: 'film_titles' },
      { op: 'createView', view: { ...titles, mysql: { algorithm: 'temptable' } } },
    ]
    assert.deepEqual(
      steps.flatMap((s, i) => mysqlDialect.compiler.compile(s, i === 0 ? initial : { ...initial, views: [] }).map((x) => x.sql)),
      [
        'ALTER TABLE `films` MODIFY COLUMN `last_update` timestamp NOT NULL DEFAULT (current_timestamp())',
        'DROP VIEW `film_titles`',
        'CREATE ALGORITHM=TEMPTABLE VIEW `film_titles` AS SELECT id, title FROM films',
      ],
    )
    const changed = await runOperations(connection, initial, steps)
    assert.equal((await extras(db.name)).last_update, '')
    assert.deepEqual(await views(db.name), ['film_titles DEFINER TEMPTABLE'])
    const before = await connection.query('SELECT id, title, CAST(last_update AS CHAR) AS t FROM films ORDER BY id')
    assert.equal(before.length, 2)
    await connection.query("UPDATE films SET title = 'Ace Goldfingers' WHERE id = 2")
    const after = await connection.query('SELECT id, CAST(last_update AS CHAR) AS t FROM films ORDER BY id')
    assert.deepEqual(after, before.map((r) => ({ id: r.id, t: r.t })), 'no ON UPDATE: last_update stays')
    await assertLive(changed, 'after the changes')

    const back: Operation[] = [
      { op: 'alterColumn', table: 'films', column: 'last_update', from: { onUpdate: null }, to: { onUpdate: 'now' } },
      { op: 'dropView', name: 'film_titles' },
      { op: 'createView', view: titles },
    ]
    await runOperations(connection, changed, back)
    assert.deepEqual(await extras(db.name), { id: 'auto_increment', title: '', last_update: 'on update current_timestamp()', edited_at: 'on update current_timestamp(6)' })
    assert.deepEqual(await views(db.name), ['film_titles INVOKER MERGE'])
    assert.deepEqual((await connection.query('SELECT COUNT(*) AS n FROM films'))[0], { n: 2 })
    await assertLive(initial, 'after going back')
  })

  it('PostgreSQL and SQLite lack onUpdate: their compilers refuse it by name', () => {
    for (const [dialect, name] of [
      [postgresDialect, 'PostgreSQL'],
      [sqliteDialect, 'SQLite'],
    ] as const) {
      assert.equal(dialect.capabilities.onUpdateNow ?? false, false)
      assert.throws(
        () => dialect.compiler.compile({ op: 'createTable', table: films }, { tables: [], enums: [] }),
        new RegExp(`column "films.last_update": ${name} has no ON UPDATE CURRENT_TIMESTAMP`),
      )
    }
  })
})

describeMysql('mysql: onUpdate and view options through the CLI (migrate, diff --db, introspect, validate)', function () {
  const schemaFile = [
    'tables:',
    '  films:',
    '    columns:',
    '      title: { type: string, length: 50 }',
    '      last_update: { type: native, native: { mysql: timestamp }, default: { sql: { mysql: current_timestamp() } }, onUpdate: now }',
    'views:',
    '  film_titles:',
    '    query: SELECT id, title FROM films',
    '    mysql: { security: invoker, algorithm: merge }',
    '',
  ].join('\n')

  it('migrate builds them, diff --db finds nothing, then names each hand change; introspect keeps both', async () => {
    const db = await freshMysqlDatabase()
    const byHand = await freshMysqlDatabase()
    const project = new TempProject({ 'schemas/app.yaml': schemaFile })
    const adopted = new TempProject()
    try {
      assert.equal((await runCli(['make'], { cwd: project.dir })).code, 0)
      const m = await runCli(['migrate', '-d', db.url], { cwd: project.dir })
      assert.equal(m.code, 0, m.stdout + m.stderr)
      assert.deepEqual(await extras(db.name), { id: 'auto_increment', title: '', last_update: 'on update current_timestamp()' })
      assert.deepEqual(await views(db.name), ['film_titles INVOKER MERGE'])
      const clean = await runCli(['diff', '--db', '-d', db.url], { cwd: project.dir })
      assert.equal(clean.code, 0, clean.stdout + clean.stderr)
      assert.equal(clean.stdout, '')

      // A database written by hand, as Sakila's is, adopted with nothing left out.
      const client0 = await mysqlClient(byHand.name)
      try {
        await client0.query(`CREATE TABLE films (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, title VARCHAR(50) NOT NULL,
          last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)`)
        await client0.query('CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW film_titles AS SELECT id, title FROM films')
      } finally {
        await client0.end()
      }
      const i = await runCli(['introspect', '--strict', '-d', byHand.url], { cwd: adopted.dir })
      assert.equal(i.code, 0, i.stdout + i.stderr)
      assert.match(adopted.read('schemas/films.yaml'), /last_update:\n\s+type: native\n\s+native: \{ mysql: timestamp \}\n\s+default: \{ sql: \{ mysql: "current_timestamp\(\)" \} \}\n\s+onUpdate: now\n/)
      assert.match(adopted.read('schemas/views.yaml'), /mysql: \{ security: invoker, algorithm: merge \}/)

      const client = await mysqlClient(db.name)
      try {
        await client.query('ALTER TABLE films MODIFY last_update timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP')
        await client.query('ALTER ALGORITHM=TEMPTABLE SQL SECURITY DEFINER VIEW film_titles AS SELECT id, title FROM films')
      } finally {
        await client.end()
      }
      const d = await runCli(['diff', '--db', '-d', db.url, '--json'], { cwd: project.dir })
      assert.equal(d.code, 1, d.stdout + d.stderr)
      const operations = (JSON.parse(d.stdout) as { operations: string[] }).operations.join('\n')
      assert.match(operations, /column films\.last_update: on update (nothing -> on update now|now -> on update nothing)/)
      assert.match(operations, /view film_titles/)
    } finally {
      project.cleanup()
      adopted.cleanup()
      await db.drop()
      await byHand.drop()
    }
  })

  it('validate refuses onUpdate, at its key, for a project with a PostgreSQL database; and on a type it does not apply to', async () => {
    const project = new TempProject()
    try {
      project.write({
        'strata.yaml': 'databases:\n  default: mysql://root@127.0.0.1:3306/x\n  reporting: postgres://postgres@127.0.0.1:5432/x\n',
        'schemas/app.yaml': schemaFile.replace('      title: { type: string, length: 50 }', '      title: { type: string, length: 50, onUpdate: now }'),
      })
      const result = await runCli(['validate'], { cwd: project.dir })
      assert.equal(result.code, 2, result.stdout + result.stderr)
      assert.match(
        result.stderr,
        /schemas\/app\.yaml:5:\d+ .*column "films\.last_update" takes the current time on every update \(onUpdate: now\), which database "reporting" \(postgres\) does not have/,
      )
      assert.match(result.stderr, /schemas\/app\.yaml:4:\d+ .*column "films\.title": onUpdate does not apply to type string; it is for timestamp, native/)
    } finally {
      project.cleanup()
    }
  })
})
