/** Introspection of tables strata did not create (no marker comments), and of key corner cases. */
import assert from 'node:assert/strict'
import type { Connection } from '../../../src/dialects/dialect'
import type { Table } from '../../../src/schema/model'
import { runOperations, schemaJson } from '../harness'
import { openFresh, rejects } from './helpers'

describe('sqlite introspection', () => {
  let connection: Connection
  afterEach(() => connection?.close())

  it('infers the model of a hand-written schema from declared types and constraints', async () => {
    connection = await openFresh()
    await connection.query(`CREATE TABLE parent (id INTEGER PRIMARY KEY, code char(3) NOT NULL UNIQUE)`)
    await connection.query(
      `CREATE TABLE child (
        id integer primary key,
        [parent id] INTEGER REFERENCES parent ON DELETE CASCADE,
        name VARCHAR(10) NOT NULL DEFAULT 'n/a',
        created DATETIME DEFAULT CURRENT_TIMESTAMP,
        price NUMERIC(8, 2),
        flag BOOL NOT NULL DEFAULT 0,
        doc JSON,
        raw,
        geo POINT,
        CONSTRAINT child_name_check CHECK (length(name) > 0),
        UNIQUE (name, price)
      )`,
    )
    await connection.query(`CREATE INDEX child_created ON child (created DESC) WHERE flag`)
    const schema = await connection.introspect()
    const child = schema.tables.find((t) => t.name === 'child')!
    assert.deepEqual(schemaJson({ tables: [child], enums: [] }), {
      enums: [],
      tables: [
        {
          name: 'child',
          columns: [
            { name: 'id', type: 'bigint', autoincrement: true },
            // Declared names strata would not write itself are kept next to the portable type.
            { name: 'parent id', type: 'integer', nullable: true },
            { name: 'name', type: 'string', length: 10, default: 'n/a' },
            { name: 'created', type: 'timestamp', native: { sqlite: 'DATETIME' }, nullable: true, default: { sql: 'CURRENT_TIMESTAMP' } },
            { name: 'price', type: 'decimal', precision: 8, scale: 2, native: { sqlite: 'NUMERIC(8, 2)' }, nullable: true },
            { name: 'flag', type: 'boolean', native: { sqlite: 'BOOL' }, default: false },
            { name: 'doc', type: 'json', native: { sqlite: 'JSON' }, nullable: true },
            { name: 'raw', type: 'binary', native: { sqlite: '' }, nullable: true },
            { name: 'geo', type: 'native', native: { sqlite: 'POINT' }, nullable: true },
          ],
          primaryKey: { name: 'child_pkey', columns: ['id'] },
          uniques: [{ name: 'child_name_price_key', columns: ['name', 'price'] }],
          indexes: [{ name: 'child_created', columns: ['created'], columnOptions: { created: { order: 'desc' } }, where: 'flag' }],
          foreignKeys: [
            {
              name: 'child_parent id_fkey',
              columns: ['parent id'],
              references: { table: 'parent', columns: ['id'] },
              onDelete: 'cascade',
            },
          ],
          checks: [{ name: 'child_name_check', expression: 'length(name) > 0' }],
        },
      ],
    })
    const parent = schema.tables.find((t) => t.name === 'parent')!
    assert.deepEqual(parent.uniques, [{ name: 'parent_code_key', columns: ['code'] }])
    assert.deepEqual(parent.columns[1], { name: 'code', type: 'string', length: 3, native: { sqlite: 'char(3)' } })
  })

  it('an integer primary key without autoincrement is not the rowid alias and round-trips', async () => {
    connection = await openFresh()
    const codes: Table = {
      name: 'codes',
      columns: [
        { name: 'code', type: 'integer' },
        { name: 'label', type: 'string', nullable: true },
      ],
      primaryKey: { name: 'codes_pkey', columns: ['code'] },
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
    }
    const schema = await runOperations(connection, { tables: [], enums: [] }, [{ op: 'createTable', table: codes }])
    assert.deepEqual(schemaJson(await connection.introspect()), schemaJson(schema))
    await rejects(connection, `INSERT INTO "codes" ("code") VALUES (NULL)`, [], /NOT NULL constraint failed: codes\.code/)
  })

  it('a key column without NOT NULL (SQLite lets it hold NULL) is read nullable in a rowid table, NOT NULL in a STRICT or WITHOUT ROWID one; none is named as not kept', async () => {
    connection = await openFresh()
    await connection.query(`CREATE TABLE customers (id TEXT, name TEXT, PRIMARY KEY (id))`)
    await connection.query(`CREATE TABLE links (a TEXT NOT NULL, b INT, PRIMARY KEY (a, b))`)
    await connection.query(`CREATE TABLE strict_keys (id TEXT PRIMARY KEY) STRICT`)
    await connection.query(`CREATE TABLE wr (id TEXT PRIMARY KEY) WITHOUT ROWID`)
    // SQLite's quirk, as the test's own statement shows: NULL goes in.
    await connection.query(`INSERT INTO customers (id, name) VALUES (NULL, 'nobody')`)
    const schema = await connection.introspect()
    const columns = (t: string) => schema.tables.find((x) => x.name === t)!.columns
    assert.deepEqual(columns('customers')[0], { name: 'id', type: 'text', nullable: true })
    assert.deepEqual(columns('links')[0], { name: 'a', type: 'text' })
    assert.deepEqual(columns('links')[1], { name: 'b', type: 'integer', native: { sqlite: 'INT' }, nullable: true })
    assert.deepEqual(columns('strict_keys')[0], { name: 'id', type: 'text' })
    assert.deepEqual(columns('wr')[0], { name: 'id', type: 'text' })
    assert.deepEqual((await connection.unkept!()).map((i) => `${i.kind} ${i.name}`), [])
  })
})
