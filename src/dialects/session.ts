/**
 * What the server dialects' connections share: a transaction that nests as
 * savepoints, and a migration lock taken by polling a try-lock function
 * until a timeout. Each connection gives its own SQL (BEGIN or START
 * TRANSACTION; pg_try_advisory_lock or GET_LOCK) and its own message.
 */
import { DatabaseError } from '../errors'

/** How often a waiting lock is asked for again. */
export const LOCK_POLL_MS = 100

/**
 * Run `work` in a transaction on a session that can be nested: the outermost
 * call is `begin` … COMMIT, inner calls are SAVEPOINT … RELEASE. On an error
 * it is rolled back (to the savepoint) and the error rethrown; a failing
 * rollback is ignored, since the original error is the one to report (the
 * session may be gone, or a statement in between may have ended the
 * transaction, as MySQL's DDL does).
 */
export async function nestedTransaction<T>(
  session: { depth: number; query(sql: string): Promise<unknown> },
  begin: string,
  quote: (name: string) => string,
  work: () => Promise<T>,
): Promise<T> {
  const savepoint = session.depth > 0 ? quote(`strata_savepoint_${session.depth}`) : undefined
  await session.query(savepoint ? `SAVEPOINT ${savepoint}` : begin)
  session.depth++
  try {
    const result = await work()
    await session.query(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT')
    return result
  } catch (err) {
    try {
      await session.query(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK')
    } catch {
      // See above: the original error is reported.
    }
    throw err
  } finally {
    session.depth--
  }
}

/**
 * Ask `tryLock` every LOCK_POLL_MS until it answers true or `timeoutMs` has
 * passed; then throw a DatabaseError E_LOCK_TIMEOUT with `message(seconds)`.
 * Polling with a non-blocking try-lock (rather than a blocking lock call)
 * gives the wait a timeout in milliseconds and a message of its own.
 */
export async function pollLock(
  tryLock: () => Promise<boolean>,
  timeoutMs: number,
  message: (seconds: number) => string,
  details: Record<string, unknown>,
): Promise<void> {
  const started = Date.now()
  for (;;) {
    if (await tryLock()) return
    const waited = Date.now() - started
    if (waited >= timeoutMs) {
      throw new DatabaseError('E_LOCK_TIMEOUT', message(Math.round(waited / 100) / 10), { ...details, waitedMs: waited })
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(LOCK_POLL_MS, timeoutMs - waited)))
  }
}
