/**
 * The shared operation cases (test/dialects/cases.ts) on a real PostgreSQL
 * server: create `before`, insert rows, run `up` in a transaction, compare
 * the introspected schema with `applyOperation(before, up)` (in PostgreSQL's
 * normal form, see normal-form.ts), check the rows, run `down`, compare again.
 */
import assert from 'node:assert/strict'
import { applyOperation } from '../../../src/diff/apply'
import type { Connection } from '../../../src/dialects/dialect'
import { postgresDialect } from '../../../src/dialects/postgres/postgres-dialect'
import { quoteIdentifier } from '../../../src/dialects/postgres/postgres-types'
import { normalizeWithSqlObjects } from '../../../src/dialects/sql-objects'
import type { Schema } from '../../../src/schema/model'
import { describePostgres, freshPostgresDatabase } from '../../helpers/postgres'
import { CASES, type CaseName, type OperationCase } from '../cases'
import { assertRows, runOperations, schemaJson, setUpCase, storableSchema } from '../harness'
import { postgresNormalForm, withSchema } from './normal-form'

function sortColumns(schema: Schema): Schema {
  return { ...schema, tables: schema.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)) })) }
}

describePostgres('postgres: shared operation cases', function () {
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

  async function assertLive(connection: Connection, expected: Schema, context: string): Promise<void> {
    const live = await connection.introspect()
    // Raw sql objects: the section leaves, what their text makes is taken as read (as Connection.normalize does).
    const wanted = await normalizeWithSqlObjects(expected, live, 'postgres', (s) => postgresNormalForm(admin, db.url, storableSchema(s, postgresDialect)))
    assert.deepEqual(schemaJson(live), schemaJson(wanted), `${context}: live schema`)
  }

  for (const name of Object.keys(CASES) as CaseName[]) {
    it(name, async () => {
      const c: OperationCase = CASES[name]
      // Each case in a schema of its own: a fresh, empty namespace, cheaper than a database.
      const schema = `case_${name}`
      await admin.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`)
      const connection = await postgresDialect.connect(withSchema(db.url, schema), { grants: true })
      try {
        await setUpCase(connection, c)
        await assertLive(connection, c.before, `${name} before`)
        await assertRows(connection, c.rows, `${name} before`)

        const after = await runOperations(connection, c.before, [c.up])
        assert.deepEqual(schemaJson(after), schemaJson(applyOperation(c.before, c.up)))
        await assertLive(connection, after, `${name} after up`)
        await assertRows(connection, c.rowsAfterUp ?? c.rows, `${name} after up`)

        // The model after `down` (a dropped and re-added column comes back last,
        // on PostgreSQL as in the model), which is `before` up to column order.
        const restored = await runOperations(connection, after, c.down)
        assert.deepEqual(schemaJson(sortColumns(restored)), schemaJson(sortColumns(c.before)), `${name}: down undoes up`)
        await assertLive(connection, restored, `${name} after down`)
        await assertRows(connection, c.rowsAfterDown ?? c.rows, `${name} after down`)
      } finally {
        await connection.close()
        // Extensions are per database: one a case leaves in its schema would make
        // a later case's CREATE EXTENSION IF NOT EXISTS a no-op there.
        await admin.query(`DROP SCHEMA ${quoteIdentifier(schema)} CASCADE`)
      }
    })
  }
})
