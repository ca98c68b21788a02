/**
 * A SQLite connection over better-sqlite3 (loaded lazily, in `openSqlite`).
 *
 * better-sqlite3 is synchronous; the async Connection methods simply wrap it.
 */
import { SQL_OBJECTS_TABLE, normalizeWithSqlObjects } from '../sql-objects'
import { sqliteCatalogDefinitions, sqliteCatalogKeys } from './sqlite-catalog-objects'
import { existsSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { sqlitePath } from './sqlite-path'
import type BetterSqlite3 from 'better-sqlite3'
import { DatabaseError, StrataError, UsageError } from '../../errors'
import type { Schema } from '../../schema/model'
import type { ConnectOptions, Connection, Dialect, Row, UnkeptItem } from '../dialect'
import { joinStatements } from '../script'
import { bindValue } from './sqlite-compiler'
import { HISTORY_TABLE, introspectSqlite } from './sqlite-introspector'
import { unkeptSqlite } from './sqlite-unkept'
import { normalizeForSqlite } from './sqlite-normalize'

/** Default wait for the database lock (SPEC §6: `--lock-timeout`, 60 s). */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000

export { sqlitePath }

type Database = BetterSqlite3.Database

interface SqliteError extends Error {
  readonly code?: string
}

const isBusy = (error: unknown): boolean => /^SQLITE_BUSY/.test((error as SqliteError)?.code ?? '')

export class SqliteConnection implements Connection {
  private inTransaction = false
  /** PRAGMA data_version when opened: it changes only when another connection commits (https://www.sqlite.org/pragma.html#pragma_data_version). */
  private readonly dataVersion: unknown

  constructor(
    readonly dialect: Dialect,
    private readonly db: Database,
    readonly path: string,
  ) {
    this.dataVersion = db.pragma('data_version', { simple: true })
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const statement = this.db.prepare(sql)
    const bound = params.map(bindValue)
    if (statement.reader) return statement.all(...bound) as Row[]
    statement.run(...bound)
    return []
  }

  /**
   * One `db.exec` instead of one prepared statement each: SQLite then parses
   * and runs the statements in a loop without a round trip through
   * JavaScript per statement (about half the time of `prepare().run()` for
   * DDL). The savepoint makes the batch all or nothing: exec stops at the
   * first failing statement and leaves the earlier ones applied.
   * https://www.sqlite.org/lang_savepoint.html
   */
  async runBatch(statements: readonly string[]): Promise<void> {
    if (statements.length === 0) return
    this.db.exec('SAVEPOINT strata_batch')
    try {
      this.db.exec(joinStatements(statements))
    } catch (error) {
      this.db.exec('ROLLBACK TO strata_batch')
      this.db.exec('RELEASE strata_batch')
      throw new DatabaseError('E_QUERY', (error as Error).message, {}, error)
    }
    this.db.exec('RELEASE strata_batch')
  }

  /**
   * BEGIN IMMEDIATE takes the write lock at once, waiting up to the busy
   * timeout for another writer, so two `strata migrate` runs serialise here.
   * PRAGMA foreign_keys is a no-op inside a transaction
   * (https://www.sqlite.org/pragma.html#pragma_foreign_keys), so it is turned
   * off before BEGIN: the table rebuild drops and recreates tables that others
   * reference. The references are checked with PRAGMA foreign_key_check
   * before COMMIT instead. A consequence: ON DELETE actions do not fire for
   * data operations inside a migration (as in Django's SQLite backend).
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) {
      throw new StrataError('E_NESTED_TRANSACTION', 'SQLite connection: transaction() cannot be nested', { exitCode: 3 })
    }
    this.inTransaction = true
    this.db.pragma('foreign_keys = OFF')
    try {
      try {
        this.db.exec('BEGIN IMMEDIATE')
      } catch (error) {
        if (!isBusy(error)) throw error
        throw new DatabaseError(
          'E_LOCK_TIMEOUT',
          `SQLite database ${this.path} is locked: another strata migrate (or another writer) holds it; ` +
            'gave up waiting after the lock timeout (--lock-timeout)',
          { path: this.path },
          error,
        )
      }
      try {
        const result = await work()
        this.checkForeignKeys()
        this.db.exec('COMMIT')
        return result
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK')
        throw error
      }
    } finally {
      this.inTransaction = false
      this.db.pragma('foreign_keys = ON')
    }
  }

  private checkForeignKeys(): void {
    const violations = this.db.prepare('PRAGMA foreign_key_check').all() as {
      table: string
      rowid: number | null
      parent: string
      fkid: number
    }[]
    if (violations.length === 0) return
    const shown = violations
      .slice(0, 5)
      .map((v) => `row ${v.rowid ?? '?'} of "${v.table}" references a missing row of "${v.parent}"`)
    const more = violations.length > 5 ? ` (and ${violations.length - 5} more)` : ''
    throw new DatabaseError('E_FOREIGN_KEY', `foreign key check failed: ${shown.join('; ')}${more}`, {
      violations: violations.slice(0, 100),
    })
  }

  /**
   * Nothing to take: SQLite has no advisory locks, and every migration runs
   * in its own BEGIN IMMEDIATE transaction, which holds the write lock;
   * the migrator re-reads the history table inside it, so no migration is
   * applied twice.
   */
  async acquireMigrationLock(_timeoutMs: number): Promise<void> {}

  async releaseMigrationLock(): Promise<void> {}

  /**
   * The database's pages (sqlite3_serialize), read inside one read
   * transaction, when no other connection has committed since this one was
   * opened and the file is in rollback-journal mode (a WAL file's header
   * says so and needs its -wal beside it: header bytes 18–19 are 1 for
   * rollback, https://www.sqlite.org/fileformat2.html#file_format_version_numbers).
   */
  async captureTemplate(): Promise<Buffer | undefined> {
    if (this.path === ':memory:' || this.inTransaction) return undefined
    this.db.exec('BEGIN')
    try {
      this.db.prepare('SELECT count(*) FROM sqlite_master').get()
      if (this.db.pragma('data_version', { simple: true }) !== this.dataVersion) return undefined
      const bytes = this.db.serialize()
      return bytes.length >= 100 && bytes[18] === 1 && bytes[19] === 1 ? bytes : undefined
    } finally {
      this.db.exec('COMMIT')
    }
  }

  async tableExists(name: string): Promise<boolean> {
    const row = this.db.prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?").get(name)
    return row !== undefined
  }

  async introspect(options: { exclude?: readonly string[] } = {}): Promise<Schema> {
    return introspectSqlite(this.db, options)
  }

  async unkept(options: { exclude?: readonly string[] } = {}): Promise<readonly UnkeptItem[]> {
    return unkeptSqlite(this.db, [HISTORY_TABLE, SQL_OBJECTS_TABLE, ...(options.exclude ?? [])])
  }

  async normalize(schema: Schema, live?: Schema): Promise<Schema> {
    return normalizeWithSqlObjects(schema, live, 'sqlite', async (s, l) => normalizeForSqlite(s, l))
  }

  async catalogKeys(): Promise<readonly string[]> {
    return sqliteCatalogKeys(this.db)
  }

  async catalogDefinitions(keys: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return sqliteCatalogDefinitions(this.db, keys)
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close()
  }
}

/** Open a SQLite database from a `sqlite:` URL. The folder must exist; the file is created if missing. */
export async function openSqlite(dialect: Dialect, url: string, options: ConnectOptions = {}): Promise<Connection> {
  const path = sqlitePath(url)
  if (path !== ':memory:') {
    const folder = dirname(path)
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new DatabaseError('E_CONNECT', `cannot open SQLite database ${path}: folder ${folder} does not exist`, {
        path,
      })
    }
    if (options.mustExist && !existsSync(path)) throw new DatabaseError('E_NO_DATABASE', `SQLite database ${path} does not exist`, { path })
  }
  if (path !== ':memory:' && existsSync(path) && !statSync(path).isFile()) {
    throw new UsageError(`SQLite database "${path}" is not a regular file (a device, folder or socket): give the path of a database file`)
  }
  if (options.mustExist && path === ':memory:') throw new DatabaseError('E_NO_DATABASE', 'an in-memory SQLite database never exists beforehand', { path })
  const Driver = require('better-sqlite3') as typeof BetterSqlite3
  let db: Database
  try {
    db = new Driver(path, { timeout: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS })
  } catch (error) {
    throw new DatabaseError('E_CONNECT', `cannot open SQLite database ${path}: ${(error as Error).message}`, { path }, error)
  }
  db.pragma('foreign_keys = ON')
  return new SqliteConnection(dialect, db, path)
}
