/**
 * Running a migration's statements in batches (issue 13): parameterless
 * statements go to the database several at a time (`Connection.runBatch`:
 * one `exec` on SQLite, one multi-statement query on PostgreSQL) instead of
 * one round trip each. A batch is whole operations. When a batch fails it has
 * been rolled back to its savepoint, and its statements are run again one by
 * one inside the same transaction, so the error names the migration, the
 * operation and the statement exactly as without batching.
 */
import type { Connection, Statement } from '../dialects/dialect'
import type { CompiledOperation } from './compile'
import { afterSqlObject, beforeSqlObject, keepsRecord } from './sql-object-records'

/** Statements per batch, at most (a batch is whole operations, so one large operation may exceed it). */
export const BATCH_STATEMENTS = 1000
/** Characters of SQL per batch, at most (the same exception). */
export const BATCH_CHARS = 1_000_000

/** Run one statement; `fail` turns its error into the migration's error. */
export type FailureFactory = (c: CompiledOperation, statement: Statement, error: unknown) => Error

/**
 * Can this statement go into a batch? Not with bound parameters (data
 * operations), not outside a transaction, and not a raw `sql` operation's
 * text: it may be several statements, or quote in a way that would run into
 * the next one.
 */
function batchable(c: CompiledOperation, s: Statement): boolean {
  return (!s.params || s.params.length === 0) && s.transactional !== false && c.operation.op !== 'sql'
}

/**
 * Run `compiled` in order inside the caller's transaction, batching what can
 * be batched. `onOperation(done)` is called after each batch or single
 * statement with the number of operations finished so far.
 */
export async function runBatched(
  connection: Connection,
  compiled: readonly CompiledOperation[],
  fail: FailureFactory,
  onOperation?: (done: number) => void,
): Promise<void> {
  let batch: CompiledOperation[] = []
  let statements = 0
  let chars = 0
  let done = 0
  const runOne = async (c: CompiledOperation, s: Statement) => {
    try {
      await connection.query(s.sql, s.params)
    } catch (error) {
      throw fail(c, s, error)
    }
  }
  const flush = async () => {
    if (!batch.length) return
    const current = batch
    batch = []
    statements = 0
    chars = 0
    const sql = current.flatMap((c) => c.statements.map((s) => s.sql))
    try {
      await connection.runBatch(sql)
    } catch (batchError) {
      // Rolled back to the batch's savepoint: find the failing statement.
      for (const c of current) for (const s of c.statements) await runOne(c, s)
      // Every statement succeeded on its own: report the batch's error
      // against its first operation rather than lose it.
      const first = current[0]!
      throw fail(first, first.statements[0]!, batchError)
    }
    done += current.length
    onOperation?.(done)
  }
  for (const c of compiled) {
    // A raw `sql` object's create is run alone, between two reads of the catalog (sql-object-records.ts).
    const recorded = keepsRecord(connection, c.operation, c.statements.length)
    if (!recorded && c.statements.every((s) => batchable(c, s))) {
      const size = c.statements.reduce((n, s) => n + s.sql.length, 0)
      if (batch.length && (statements + c.statements.length > BATCH_STATEMENTS || chars + size > BATCH_CHARS)) await flush()
      batch.push(c)
      statements += c.statements.length
      chars += size
      continue
    }
    await flush()
    const op = c.operation
    if (recorded && (op.op === 'createSql' || op.op === 'dropSql')) {
      const bookkeeping: Statement = { sql: `-- strata: recording what sql ${op.op === 'createSql' ? op.object.name : op.name} made` }
      const before = await beforeSqlObject(connection, op).catch((error: unknown) => {
        throw fail(c, bookkeeping, error)
      })
      for (const s of c.statements) await runOne(c, s)
      await afterSqlObject(connection, op, before).catch((error: unknown) => {
        throw fail(c, bookkeeping, error)
      })
    } else {
      for (const s of c.statements) await runOne(c, s)
    }
    done++
    onOperation?.(done)
  }
  await flush()
}
