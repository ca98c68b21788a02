/**
 * What MySQL requires of keys, found by the randomized round trip on
 * MariaDB (test/random/regressions.json), on a real server with rows:
 * an AUTO_INCREMENT column must start a key (the implicit id added while
 * the primary key moves to it, and back), a foreign key needs an index
 * (one under its name while no key of the model serves it), SET DEFAULT is
 * refused (InnoDB would store RESTRICT) as is a check naming an
 * AUTO_INCREMENT column (MariaDB refuses it), and ISO 8601 timestamps are
 * written as MySQL takes them. Checked with information_schema.
 */
import assert from 'node:assert/strict'
import { applyOperation } from '../../../src/diff/apply'
import type { Operation } from '../../../src/diff/operations'
import type { Connection } from '../../../src/dialects/dialect'
import { mysqlDialect } from '../../../src/dialects/mysql/mysql-dialect'
import type { Schema, Table } from '../../../src/schema/model'
import { describeMysql, freshMysqlDatabase, mysqlClient, mysqlRows } from '../../helpers/mysql'
import { assertLiveSchema, runOperations } from '../harness'

const people: Table = {
  name: 'people',
  columns: [
    { name: 'code', type: 'string', length: 20 },
    { name: 'name', type: 'string', length: 50 },
  ],
  primaryKey: { name: 'people_pkey', columns: ['code'] },
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
}

const teams: Table = {
  name: 'teams',
  columns: [{ name: 'id', type: 'bigint', autoincrement: true }],
  primaryKey: { name: 'teams_pkey', columns: ['id'] },
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
}

const members: Table = {
  name: 'members',
  columns: [
    { name: 'id', type: 'bigint', autoincrement: true },
    { name: 'team_id', type: 'bigint' },
    { name: 'role', type: 'string', length: 20 },
  ],
  primaryKey: { name: 'members_pkey', columns: ['id'] },
  uniques: [],
  indexes: [{ name: 'members_team_id_role_idx', columns: ['team_id', 'role'] }],
  foreignKeys: [{ name: 'members_team_id_fkey', columns: ['team_id'], references: { table: 'teams', columns: ['id'] } }],
  checks: [],
}

const EMPTY: Schema = { tables: [], enums: [] }

/** The SQL of operations, each compiled against the schema just before it. */
function sqlOf(before: Schema, ops: readonly Operation[]): string[] {
  const out: string[] = []
  let schema = before
  for (const op of ops) {
    out.push(...mysqlDialect.compiler.compile(op, schema).map((s) => s.sql))
    schema = applyOperation(schema, op)
  }
  return out
}

describeMysql('mysql: keys the server requires', function () {
  let db: Awaited<ReturnType<typeof freshMysqlDatabase>>
  let connection: Connection

  beforeEach(async () => {
    db = await freshMysqlDatabase()
    connection = await mysqlDialect.connect(db.url)
  })
  afterEach(async () => {
    await connection?.close()
    await db?.drop()
  })

  /** information_schema.COLUMNS of a table: name, key, extra. */
  async function columns(table: string): Promise<string[]> {
    const client = await mysqlClient(db.name)
    try {
      const rows = await mysqlRows(
        client,
        'SELECT COLUMN_NAME AS c, COLUMN_KEY AS k, EXTRA AS e FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
        [table],
      )
      return rows.map((r) => `${r.c} ${r.k} ${r.e}`.trim())
    } finally {
      await client.end()
    }
  }

  /** information_schema.STATISTICS of a table: index name and its columns. */
  async function indexes(table: string): Promise<string[]> {
    const client = await mysqlClient(db.name)
    try {
      const rows = await mysqlRows(
        client,
        `SELECT INDEX_NAME AS n, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS c FROM information_schema.STATISTICS
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? GROUP BY INDEX_NAME ORDER BY INDEX_NAME`,
        [table],
      )
      return rows.map((r) => `${r.n} (${r.c})`)
    } finally {
      await client.end()
    }
  }

  it('adds an AUTO_INCREMENT id to a table with rows while the primary key moves to it, numbering the rows, and back', async () => {
    const before = await runOperations(connection, EMPTY, [{ op: 'createTable', table: people }])
    await connection.query("INSERT INTO people (code, name) VALUES ('a', 'Ada'), ('b', 'Bo'), ('c', 'Cy')")
    const up: Operation[] = [
      { op: 'addColumn', table: 'people', column: { name: 'id', type: 'bigint', autoincrement: true } },
      { op: 'alterPrimaryKey', table: 'people', from: { name: 'people_pkey', columns: ['code'] }, to: { name: 'people_pkey', columns: ['id'] } },
    ]
    // MySQL error 1075 for ADD COLUMN … AUTO_INCREMENT alone: the column becomes AUTO_INCREMENT with its key.
    assert.deepEqual(sqlOf(before, up), [
      'ALTER TABLE `people` ADD COLUMN `id` bigint NOT NULL',
      'ALTER TABLE `people` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`), MODIFY COLUMN `id` bigint NOT NULL AUTO_INCREMENT',
    ])
    const after = await runOperations(connection, before, up)
    assert.deepEqual(await columns('people'), ['code', 'name', 'id PRI auto_increment'])
    assert.deepEqual((await connection.query('SELECT id FROM people ORDER BY id')).map((r) => Number(r.id)), [1, 2, 3])
    await connection.query("INSERT INTO people (code, name) VALUES ('d', 'Di')")
    assert.equal(Number((await connection.query("SELECT id FROM people WHERE code = 'd'"))[0]!.id), 4)
    await assertLiveSchema(connection, after, 'after up')

    const down: Operation[] = [
      { op: 'alterPrimaryKey', table: 'people', from: { name: 'people_pkey', columns: ['id'] }, to: { name: 'people_pkey', columns: ['code'] } },
      { op: 'dropColumn', table: 'people', column: 'id' },
    ]
    assert.deepEqual(sqlOf(after, down), [
      'ALTER TABLE `people` DROP PRIMARY KEY, ADD PRIMARY KEY (`code`), MODIFY COLUMN `id` bigint NOT NULL',
      'ALTER TABLE `people` DROP COLUMN `id`',
    ])
    const restored = await runOperations(connection, after, down)
    assert.deepEqual(await columns('people'), ['code PRI', 'name'])
    assert.equal((await connection.query('SELECT COUNT(*) AS n FROM people'))[0]!.n, 4)
    await assertLiveSchema(connection, restored, 'after down')
  })

  it('keeps an index under a foreign key while no key of the model serves it', async () => {
    const before = await runOperations(connection, EMPTY, [{ op: 'createTable', table: teams }, { op: 'createTable', table: members }])
    await connection.query('INSERT INTO teams () VALUES (), ()')
    await connection.query("INSERT INTO members (team_id, role) VALUES (1, 'lead'), (2, 'dev')")
    const drop: Operation = { op: 'dropIndex', table: 'members', name: 'members_team_id_role_idx' }
    // InnoDB refuses to drop the only index a foreign key can use (error 1553): one takes its place in the same statement.
    assert.deepEqual(sqlOf(before, [drop]), ['ALTER TABLE `members` DROP INDEX `members_team_id_role_idx`, ADD INDEX `members_team_id_fkey` (`team_id`)'])
    const dropped = await runOperations(connection, before, [drop])
    assert.deepEqual(await indexes('members'), ['members_team_id_fkey (team_id)', 'PRIMARY (id)'])
    await assertLiveSchema(connection, dropped, 'index dropped')

    const add: Operation = { op: 'addIndex', table: 'members', index: members.indexes[0]! }
    assert.deepEqual(sqlOf(dropped, [add]), ['ALTER TABLE `members` ADD INDEX `members_team_id_role_idx` (`team_id`, `role`), DROP INDEX `members_team_id_fkey`'])
    const added = await runOperations(connection, dropped, [add])
    assert.deepEqual(await indexes('members'), ['members_team_id_role_idx (team_id,role)', 'PRIMARY (id)'])
    await assertLiveSchema(connection, added, 'index added back')
    assert.match(await connection.query('INSERT INTO members (team_id, role) VALUES (9, ?)', ['x']).then(() => 'inserted', (e: Error) => e.message), /foreign key constraint fails/)
  })

  it('writes an ISO 8601 timestamp default and fill as MySQL takes them', async () => {
    const events: Table = {
      name: 'events',
      columns: [
        { name: 'id', type: 'bigint', autoincrement: true },
        { name: 'at', type: 'timestamp', timezone: true, default: '2001-01-01T00:00:08Z' },
        { name: 'seen', type: 'timestamp', nullable: true },
      ],
      primaryKey: { name: 'events_pkey', columns: ['id'] },
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
    }
    const create: Operation = { op: 'createTable', table: events }
    assert.match(sqlOf(EMPTY, [create])[0]!, /`at` timestamp\(6\) NOT NULL DEFAULT '2001-01-01 00:00:08',/)
    const before = await runOperations(connection, EMPTY, [create])
    await connection.query('INSERT INTO events () VALUES ()')
    const fill: Operation = { op: 'alterColumn', table: 'events', column: 'seen', from: { nullable: true }, to: { nullable: false }, fill: '2002-02-02T10:00:00.5Z' }
    assert.deepEqual(sqlOf(before, [fill]), [
      "UPDATE `events` SET `seen` = '2002-02-02 10:00:00.5' WHERE `seen` IS NULL",
      'ALTER TABLE `events` MODIFY COLUMN `seen` datetime(6) NOT NULL',
    ])
    const after = await runOperations(connection, before, [fill])
    const rows = await connection.query('SELECT CAST(`at` AS CHAR) AS a, CAST(seen AS CHAR) AS s FROM events')
    assert.deepEqual(rows, [{ a: '2001-01-01 00:00:08.000000', s: '2002-02-02 10:00:00.500000' }])
    const client = await mysqlClient(db.name)
    try {
      const [column] = await mysqlRows(client, "SELECT COLUMN_DEFAULT AS d FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'events' AND COLUMN_NAME = 'at'")
      assert.equal(column!.d, "'2001-01-01 00:00:08.000000'")
    } finally {
      await client.end()
    }
    await assertLiveSchema(connection, after, 'after the fill')
  })

  it('refuses ON DELETE SET DEFAULT, a check naming an AUTO_INCREMENT column and one no key starts with, by name', () => {
    const schema: Schema = { tables: [teams, { ...members, foreignKeys: [] }], enums: [] }
    assert.throws(
      () => mysqlDialect.compiler.compile({ op: 'addForeignKey', table: 'members', foreignKey: { ...members.foreignKeys[0]!, onDelete: 'set default' } }, schema),
      /table "members" uses ON DELETE SET DEFAULT \(foreign key members_team_id_fkey\), which MySQL does not have/,
    )
    const loose: Table = { ...people, columns: [...people.columns, { name: 'seq', type: 'integer', autoincrement: true }] }
    assert.throws(
      () => mysqlDialect.compiler.compile({ op: 'createTable', table: loose }, EMPTY),
      /column "people\.seq" is autoincrement but no key of the table starts with it/,
    )
    assert.throws(
      () => mysqlDialect.compiler.compile({ op: 'addCheck', table: 'teams', check: { name: 'teams_id_check', expression: '`id` >= 0' } }, schema),
      /table "teams" uses a check naming the autoincrement column id \(check teams_id_check\), which MySQL does not have/,
    )
    // A key over it is enough (MySQL needs a key, not the primary key).
    const keyed: Table = { ...loose, uniques: [{ name: 'people_seq_key', columns: ['seq'] }] }
    assert.match(mysqlDialect.compiler.compile({ op: 'createTable', table: keyed }, EMPTY)[0]!.sql, /`seq` int NOT NULL AUTO_INCREMENT/)
  })
})
