/** Fresh SQLite database files for the SQLite dialect tests. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ConnectOptions, Connection } from '../../../src/dialects/dialect'
import { sqliteDialect } from '../../../src/dialects/sqlite/sqlite-dialect'
import type { Schema } from '../../../src/schema/model'
import { CASES, type CaseName } from '../cases'
import { runOperations, setUpCase } from '../harness'

let dir: string | undefined
let counter = 0

/** A path for a new database file in this run's temporary folder. */
export function freshPath(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'strata-sqlite-'))
  counter++
  return join(dir, `db${counter}.sqlite3`)
}

export function openFresh(options?: ConnectOptions): Promise<Connection> {
  return sqliteDialect.connect(`sqlite:${freshPath()}`, options)
}

export function removeTempFolder(): void {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
}


/** A fresh database holding a case's `before` and rows, with its `up` applied. */
export async function afterUp(name: CaseName): Promise<{ connection: Connection; schema: Schema }> {
  const connection = await openFresh()
  const c = CASES[name]
  await setUpCase(connection, c)
  const schema = await runOperations(connection, c.before, [c.up])
  return { connection, schema }
}

/** Run a statement that must fail with a message matching `pattern`. */
export async function rejects(connection: Connection, sql: string, params: readonly unknown[], pattern: RegExp): Promise<void> {
  let failed: unknown
  try {
    await connection.query(sql, params)
  } catch (error) {
    failed = error
  }
  if (!(failed instanceof Error)) throw new Error(`expected the database to reject: ${sql}`)
  if (!pattern.test(failed.message)) throw new Error(`expected an error matching ${pattern}, got: ${failed.message}`)
}
