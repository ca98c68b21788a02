/**
 * PostgreSQL's lock table and what a migration's operations take from it.
 * Every relation (table, index, sequence, TOAST table and its index) that a
 * transaction creates, alters or drops stays locked until COMMIT, and so do
 * the row type of a new table and each constraint; a foreign key also locks
 * the table it references. The shared lock table holds
 * max_locks_per_transaction × (max_connections + max_prepared_transactions)
 * objects for the whole server; a transaction that needs more fails with
 * "out of shared memory". https://www.postgresql.org/docs/current/runtime-config-locks.html
 * Measured on PostgreSQL 15: a created table with an identity primary key, a
 * unique index, an index and a foreign key holds about 9 distinct objects;
 * the estimate below counts 11.
 */
import type { Operation } from '../../diff/operations'
import type { LockModel } from '../dialect'
import { type Schema, type Table, findTable } from '../../schema/model'

/** The server's defaults (max_locks_per_transaction 64, max_connections 100, no prepared transactions). */
const DEFAULT_LOCK_TABLE = 64 * 100

/** A migration may use this share of the lock table in one transaction; the rest is for the server's other sessions. */
export const LOCK_SHARE = 0.5

function tableObjects(table: Table, out: string[]): void {
  const t = table.name
  out.push(`rel:${t}`, `toast:${t}`, `toastidx:${t}`, `type:${t}`)
  for (const c of table.columns) if (c.autoincrement) out.push(`seq:${t}.${c.name}`)
  if (table.primaryKey) out.push(`idx:${t}.${table.primaryKey.name}`, `con:${t}.${table.primaryKey.name}`)
  for (const u of table.uniques) out.push(`idx:${t}.${u.name}`, `con:${t}.${u.name}`)
  for (const i of table.indexes) out.push(`idx:${t}.${i.name}`)
  for (const f of table.foreignKeys) out.push(`con:${t}.${f.name}`, `rel:${f.references.table}`)
  for (const c of table.checks) out.push(`con:${t}.${c.name}`)
}

/** The table names an operation works on. */
function tablesOf(operation: Operation): string[] {
  const o = operation as unknown as Record<string, unknown>
  if (operation.op === 'createTable') return [operation.table.name]
  if (operation.op === 'dropTable') return [operation.name]
  if (operation.op === 'renameTable') return [operation.from, operation.to]
  return typeof o.table === 'string' ? [o.table] : []
}

export const postgresLocks: LockModel = {
  objects(operation: Operation, before: Schema, after: Schema): string[] {
    const out: string[] = []
    const names = tablesOf(operation)
    for (const name of names) {
      const table = findTable(after, name) ?? findTable(before, name)
      if (table) tableObjects(table, out)
      else out.push(`rel:${name}`)
    }
    // Enums, raw SQL and other objects: one lock each at least.
    if (!names.length) out.push(`op:${operation.op}:${JSON.stringify(operation).slice(0, 200)}`)
    return out
  },
  defaultBudget: Math.floor(DEFAULT_LOCK_TABLE * LOCK_SHARE),
  defaultBudgetReason: `half of the lock table of a server with the default settings (max_locks_per_transaction 64 × max_connections 100)`,
}
