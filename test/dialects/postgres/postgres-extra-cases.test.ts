/**
 * PostgreSQL-only round trips beyond the shared cases: enum value renames,
 * identity added to a filled table, type changes that need USING, a column
 * added with its comment. Same procedure as postgres-cases.test.ts: up, read
 * the catalog back, compare with the model, down, compare again.
 */
import assert from 'node:assert/strict'
import { applyOperation } from '../../../src/diff/apply'
import type { Operation } from '../../../src/diff/operations'
import type { Connection } from '../../../src/dialects/dialect'
import { postgresDialect } from '../../../src/dialects/postgres/postgres-dialect'
import { quoteIdentifier } from '../../../src/dialects/postgres/postgres-types'
import type { Schema, Table } from '../../../src/schema/model'
import { describePostgres, freshPostgresDatabase } from '../../helpers/postgres'
import type { OperationCase } from '../cases'
import { assertRows, runOperations, schemaJson, setUpCase } from '../harness'
import { postgresNormalForm, withSchema } from './normal-form'

const items: Table = {
  name: 'items',
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'kind', type: 'enum', enum: 'kind', default: 'small' },
    { name: 'qty', type: 'string', length: 10 },
  ],
  primaryKey: { name: 'items_pkey', columns: ['id'] },
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
}
const itemsSchema: Schema = { tables: [items], enums: [{ name: 'kind', values: ['small', 'large'] }] }
const rows = { items: [{ id: 1, kind: 'small', qty: '3' }, { id: 5, kind: 'large', qty: '10' }] }

const EXTRA: Record<string, OperationCase & { readonly then?: (c: Connection) => Promise<void> }> = {
  alterEnumRenameValue: {
    // Renames 'large', not 'small': PostgreSQL's default follows a renamed
    // value (it stores the label's oid), while applyOperation keeps the old
    // text as the column default (reported to the lead).
    before: itemsSchema,
    rows,
    up: { op: 'alterEnum', name: 'kind', from: ['small', 'large'], to: ['small', 'big'], renamed: { large: 'big' } },
    down: [{ op: 'alterEnum', name: 'kind', from: ['small', 'big'], to: ['small', 'large'], renamed: { big: 'large' } }],
    rowsAfterUp: { items: [{ id: 1, kind: 'small', qty: '3' }, { id: 5, kind: 'big', qty: '10' }] },
  },
  alterColumnAddIdentity: {
    before: itemsSchema,
    rows,
    up: { op: 'alterColumn', table: 'items', column: 'id', from: { type: 'integer' }, to: { type: 'bigint', autoincrement: true } },
    down: [{ op: 'alterColumn', table: 'items', column: 'id', from: { type: 'bigint', autoincrement: true }, to: { type: 'integer' } }],
    // The identity sequence continues after the existing ids.
    then: async (c) => {
      const [row] = await c.query(`INSERT INTO "items" (qty) VALUES ('1') RETURNING id`)
      assert.equal(row?.id, 6)
      await c.query('DELETE FROM "items" WHERE id = 6')
    },
  },
  alterColumnStringToInteger: {
    before: itemsSchema,
    rows,
    up: { op: 'alterColumn', table: 'items', column: 'qty', from: { type: 'string', length: 10 }, to: { type: 'integer' } },
    down: [{ op: 'alterColumn', table: 'items', column: 'qty', from: { type: 'integer' }, to: { type: 'string', length: 10 } }],
    rowsAfterUp: { items: [{ id: 1, kind: 'small', qty: 3 }, { id: 5, kind: 'large', qty: 10 }] },
  },
  alterColumnEnumToText: {
    before: itemsSchema,
    rows,
    up: { op: 'alterColumn', table: 'items', column: 'kind', from: { type: 'enum', enum: 'kind' }, to: { type: 'text' } },
    down: [{ op: 'alterColumn', table: 'items', column: 'kind', from: { type: 'text' }, to: { type: 'enum', enum: 'kind' } }],
  },
  addColumnWithComment: {
    before: itemsSchema,
    rows,
    up: { op: 'addColumn', table: 'items', column: { name: 'added', type: 'date', nullable: true, comment: "when it's added" } },
    down: [{ op: 'dropColumn', table: 'items', column: 'added' }],
  },
}

describePostgres('postgres: extra operation round trips', function () {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>
  let admin: Connection
  before(async () => {
    db = await freshPostgresDatabase()
    admin = await postgresDialect.connect(db.url)
  })
  after(async () => {
    await admin?.close()
    await db?.drop()
  })

  for (const [name, c] of Object.entries(EXTRA)) {
    it(name, async () => {
      await admin.query(`CREATE SCHEMA ${quoteIdentifier(name)}`)
      const connection = await postgresDialect.connect(withSchema(db.url, name))
      const assertLive = async (expected: Schema, context: string) =>
        assert.deepEqual(schemaJson(await connection.introspect()), schemaJson(await postgresNormalForm(admin, db.url, expected)), context)
      try {
        await setUpCase(connection, c)
        const after = await runOperations(connection, c.before, [c.up])
        assert.deepEqual(schemaJson(after), schemaJson(applyOperation(c.before, c.up as Operation)))
        await assertLive(after, 'after up')
        await assertRows(connection, c.rowsAfterUp ?? c.rows, 'after up')
        await c.then?.(connection)
        const restored = await runOperations(connection, after, c.down)
        await assertLive(restored, 'after down')
        assert.deepEqual(schemaJson(restored), schemaJson(c.before))
        await assertRows(connection, c.rowsAfterDown ?? c.rows, 'after down')
      } finally {
        await connection.close()
      }
    })
  }
})
