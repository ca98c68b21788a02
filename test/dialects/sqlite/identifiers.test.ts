/**
 * Names with spaces, quotes, reserved words, mixed case and non-ASCII
 * letters, and values with quotes and backslashes, through createTable,
 * addColumn, insert, update, the table rebuild and introspection.
 */
import assert from 'node:assert/strict'
import type { Connection } from '../../../src/dialects/dialect'
import type { Schema, Table } from '../../../src/schema/model'
import { runOperations, schemaJson } from '../harness'
import { openFresh } from './helpers'

const TABLE = 'Order Items "v2"'
const ENUM = 'état */ weird'
const tricky = `it's a "quote" \\ back\\slash */ --`

const table: Table = {
  name: TABLE,
  columns: [
    { name: 'select', type: 'bigint', autoincrement: true },
    { name: 'Mixed Case', type: 'string', length: 30, default: tricky },
    { name: 'naïve ñame', type: 'text', nullable: true },
    { name: 'quote"d', type: 'enum', enum: ENUM, default: "l'été" },
    { name: 'parent', type: 'bigint', nullable: true },
  ],
  primaryKey: { name: 'pk "weird"', columns: ['select'] },
  uniques: [{ name: 'uniq name', columns: ['Mixed Case', 'quote"d'] }],
  indexes: [{ name: 'idx "ñ"', columns: ['naïve ñame'], where: `"naïve ñame" <> 'x''y'` }],
  foreignKeys: [
    { name: 'fk to self', columns: ['parent'], references: { table: TABLE, columns: ['select'] }, onDelete: 'set null' },
  ],
  checks: [{ name: 'check "from"', expression: `"Mixed Case" <> ''` }],
}
const before: Schema = { tables: [table], enums: [{ name: ENUM, values: ["l'été", 'a"b', 'back\\slash'] }] }

describe('sqlite identifiers and values', () => {
  let connection: Connection
  afterEach(() => connection?.close())

  it('quote every name and escape or bind every value, and read back the same model', async () => {
    connection = await openFresh()
    let schema = await runOperations(connection, { tables: [], enums: [] }, [
      { op: 'createEnum', name: ENUM, values: before.enums[0]!.values },
      { op: 'createTable', table },
    ])
    assert.deepEqual(schemaJson(await connection.introspect()), schemaJson(schema))

    schema = await runOperations(connection, schema, [
      { op: 'insert', table: TABLE, rows: [{ 'naïve ñame': tricky, 'quote"d': 'a"b' }, { 'Mixed Case': 'two', parent: 1 }] },
      { op: 'addColumn', table: TABLE, column: { name: 'group', type: 'string', default: `O'Reilly \\ "x"` } },
      { op: 'update', table: TABLE, set: { 'naïve ñame': `new 'value' \\` }, where: { 'Mixed Case': 'two', 'naïve ñame': null } },
    ])
    assert.deepEqual(schemaJson(await connection.introspect()), schemaJson(schema))
    const q = connection.dialect.compiler.quoteIdentifier
    const read = () =>
      connection.query(`SELECT ${['select', 'Mixed Case', 'naïve ñame', 'quote"d', 'group'].map(q).join(', ')} FROM ${q(TABLE)} ORDER BY 1`)
    const expected = [
      { select: 1, 'Mixed Case': tricky, 'naïve ñame': tricky, 'quote"d': 'a"b', group: `O'Reilly \\ "x"` },
      { select: 2, 'Mixed Case': 'two', 'naïve ñame': `new 'value' \\`, 'quote"d': "l'été", group: `O'Reilly \\ "x"` },
    ]
    assert.deepEqual(await read(), expected)

    // A rebuild (enum change) keeps names, values and the self-reference.
    schema = await runOperations(connection, schema, [
      { op: 'alterEnum', name: ENUM, from: before.enums[0]!.values, to: [...before.enums[0]!.values, 'ünï'] },
      { op: 'alterColumn', table: TABLE, column: 'naïve ñame', from: { nullable: true }, to: { nullable: false }, fill: '' },
    ])
    assert.deepEqual(schemaJson(await connection.introspect()), schemaJson(schema))
    assert.deepEqual(await read(), expected)
    await connection.query(`DELETE FROM ${q(TABLE)} WHERE ${q('select')} = 1`)
    assert.deepEqual(await connection.query(`SELECT ${q('parent')} FROM ${q(TABLE)}`), [{ parent: null }])
  })
})
