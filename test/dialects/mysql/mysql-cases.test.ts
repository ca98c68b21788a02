/**
 * The shared operation cases (test/dialects/cases.ts) on a real MySQL /
 * MariaDB server: create `before`, insert rows, run `up`, compare the
 * introspected schema with `applyOperation(before, up)` in MySQL's stored
 * form (`Connection.normalize`), check the rows, run `down`, compare again.
 * Cases MySQL cannot run (partial and expression indexes) must be refused by
 * the compiler with a message naming the index.
 */
import { rekeyTriggers } from '../../../src/schema/triggers'
import assert from 'node:assert/strict'
import { applyOperation } from '../../../src/diff/apply'
import type { Connection } from '../../../src/dialects/dialect'
import { mysqlDialect } from '../../../src/dialects/mysql/mysql-dialect'
import type { Schema } from '../../../src/schema/model'
import { describeMysql, freshMysqlDatabase, mysqlClient } from '../../helpers/mysql'
import { CASES, type CaseName, type OperationCase } from '../cases'
import { assertRows, runOperations, schemaJson, setUpCase, storableSchema } from '../harness'
import { MYSQL_REFUSED } from './expected-sql'

describeMysql('mysql: shared operation cases', function () {
  async function assertLive(connection: Connection, expected: Schema, context: string): Promise<void> {
    const live = await connection.introspect()
    const wanted = await connection.normalize(storableSchema(expected, mysqlDialect), live)
    // The database keeps no trigger keys: the live triggers take the model's, as in drift.
    assert.deepEqual(schemaJson(rekeyTriggers(live, wanted)), schemaJson(wanted), `${context}: live schema`)
  }

  for (const name of Object.keys(CASES) as CaseName[]) {
    it(name, async () => {
      const c: OperationCase = CASES[name]
      const refused = MYSQL_REFUSED[name]
      if (refused) {
        assert.throws(() => mysqlDialect.compiler.compile(c.up, c.before), refused)
        return
      }
      const db = await freshMysqlDatabase()
      const connection = await mysqlDialect.connect(db.url)
      try {
        await setUpCase(connection, c)
        await assertLive(connection, c.before, `${name} before`)
        await assertRows(connection, c.rows, `${name} before`)

        const after = await runOperations(connection, c.before, [c.up])
        assert.deepEqual(schemaJson(after), schemaJson(applyOperation(c.before, c.up)))
        await assertLive(connection, after, `${name} after up`)
        await assertRows(connection, c.rowsAfterUp ?? c.rows, `${name} after up`)

        const restored = await runOperations(connection, after, c.down)
        await assertLive(connection, restored, `${name} after down`)
        await assertRows(connection, c.rowsAfterDown ?? c.rows, `${name} after down`)
      } finally {
        await connection.close()
        await db.drop()
      }
    })
  }

  it('leaves no scratch database behind', async () => {
    const client = await mysqlClient()
    try {
      const [rows] = await client.query("SHOW DATABASES LIKE 'strata\\_normalize\\_%'")
      assert.deepEqual(rows, [])
    } finally {
      await client.end()
    }
  })
})
