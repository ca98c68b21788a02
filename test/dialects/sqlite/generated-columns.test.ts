/**
 * Generated columns on SQLite that the random round trip found broken: a
 * nullable one (its type marker right before the generation clause) in a
 * STRICT table, created and added; and the rebuild after a rename of the
 * column its expression uses (the rename follows into the expression).
 */
import assert from 'node:assert/strict'
import type { Connection } from '../../../src/dialects/dialect'
import type { Schema, Table } from '../../../src/schema/model'
import { runOperations } from '../harness'
import { openFresh } from './helpers'

const items: Table = {
  name: 'items',
  columns: [
    { name: 'id', type: 'bigint', autoincrement: true },
    { name: 'qty', type: 'integer' },
    { name: 'code', type: 'string', length: 20, nullable: true },
    { name: 'twice', type: 'bigint', nullable: true, generated: { expression: '"qty" * 2', stored: true } },
  ],
  primaryKey: { name: 'items_pkey', columns: ['id'] },
  uniques: [{ name: 'items_qty_key', columns: ['qty'] }],
  indexes: [],
  foreignKeys: [],
  checks: [],
  strict: true,
}
const empty: Schema = { tables: [], enums: [] }

describe('sqlite generated columns', () => {
  let connection: Connection
  afterEach(() => connection?.close())

  it('are created and added, nullable and typed by a marker, in a STRICT table', async () => {
    connection = await openFresh()
    let s = await runOperations(connection, empty, [{ op: 'createTable', table: items }])
    s = await runOperations(connection, s, [
      { op: 'addColumn', table: 'items', column: { name: 'lowered', type: 'text', nullable: true, generated: { expression: 'lower("code")' } } },
    ])
    const types = await connection.query(`SELECT name, type FROM pragma_table_xinfo('items') WHERE name IN ('twice', 'lowered') ORDER BY name`)
    assert.deepEqual(types, [{ name: 'lowered', type: 'TEXT' }, { name: 'twice', type: 'INTEGER' }])
    await connection.query(`INSERT INTO "items" ("qty", "code") VALUES (3, 'AB')`)
    assert.deepEqual(await connection.query(`SELECT "twice", "lowered" FROM "items"`), [{ twice: 6, lowered: 'ab' }])
    const live = (await connection.introspect()).tables.find((t) => t.name === 'items')!
    assert.deepEqual(live.columns.find((c) => c.name === 'twice'), items.columns[3])
  })

  it('follow a rename of the column they use, also when the rename rebuilds the table', async () => {
    connection = await openFresh()
    let s = await runOperations(connection, empty, [{ op: 'createTable', table: { ...items, strict: false } }])
    await connection.query(`INSERT INTO "items" ("qty") VALUES (4)`)
    // The unique named after the column is renamed with it: only a rebuild renames it in CREATE TABLE.
    s = await runOperations(connection, s, [{ op: 'renameColumn', table: 'items', from: 'qty', to: 'amount', renames: { items_qty_key: 'items_amount_key' } }])
    const twice = s.tables[0]!.columns.find((c) => c.name === 'twice')!
    assert.deepEqual(twice.generated, { expression: '"amount" * 2', stored: true })
    const [row] = await connection.query(`SELECT sql FROM sqlite_master WHERE name = 'items'`)
    assert.match(String(row?.sql), /AS \("amount" \* 2\) STORED/)
    assert.deepEqual(await connection.query(`SELECT "amount", "twice" FROM "items"`), [{ amount: 4, twice: 8 }])
  })
})
