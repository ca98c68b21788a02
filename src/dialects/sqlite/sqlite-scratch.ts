/**
 * The scratch database of `strata check` on SQLite: an in-memory database of
 * this process (https://www.sqlite.org/inmemorydb.html), gone when closed.
 * A server URL is not needed and not used.
 */
import type { Dialect, ScratchDatabase, ScratchOptions } from '../dialect'
import { openSqlite } from './sqlite-connection'

export async function sqliteScratch(dialect: Dialect, options: ScratchOptions): Promise<ScratchDatabase> {
  const connection = await openSqlite(dialect, 'sqlite::memory:', options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {})
  const [row] = await connection.query('SELECT sqlite_version() AS version')
  let open = true
  return {
    kind: 'memory',
    description: 'an in-memory SQLite database',
    version: `SQLite ${String(row?.version)}`,
    connection,
    async dispose() {
      if (!open) return
      open = false
      await connection.close()
    },
  }
}
