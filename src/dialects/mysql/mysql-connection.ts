/**
 * A MySQL / MariaDB connection over mysql2 (loaded here, lazily): queries,
 * transactions (nested ones become savepoints), the migration lock
 * (GET_LOCK) and introspection.
 *
 * Session settings strata relies on, set on connect:
 * - sql_mode without NO_BACKSLASH_ESCAPES (the compiler escapes backslashes
 *   in literals) and with STRICT_ALL_TABLES (a bad value is an error, never
 *   a silent truncation), and without NO_AUTO_VALUE_ON_ZERO (a column made
 *   AUTO_INCREMENT numbers the 0s its rows hold, see startsKey in
 *   mysql-ddl.ts); https://mariadb.com/kb/en/sql-mode/
 * - explicit_defaults_for_timestamp on (a TIMESTAMP column gets no implicit
 *   default or ON UPDATE);
 * - time_zone '+00:00' (strata writes and reads UTC).
 */
import { SQL_OBJECTS_TABLE, normalizeWithSqlObjects } from '../sql-objects'
import { mysqlCatalogDefinitions, mysqlCatalogKeys } from './mysql-catalog-objects'
import { createHash } from 'node:crypto'
import type { Connection as DriverConnection } from 'mysql2/promise'
import { DatabaseError } from '../../errors'
import type { Schema } from '../../schema/model'
import type { ConnectOptions, Connection, Dialect, Row, UnkeptItem } from '../dialect'
import { redactUrl } from '../index'
import { nestedTransaction, pollLock } from '../session'
import { HISTORY_TABLE, introspectMysql } from './mysql-introspector'
import { normalizeForMysql } from './mysql-normalize'
import { BINLOG_UNSAFE_ROUTINE, explainUnsafeRoutine } from './mysql-routines'
import { unkeptMysql } from './mysql-unkept'
import { quoteIdentifier, timestampText } from './mysql-types'
import { parseMysqlUrl } from './mysql-url'
import { serverOf, unsupportedServer } from './mysql-servers'


/**
 * The GET_LOCK name of a database. Lock names are server-wide and at most 64
 * characters (MySQL 5.7+), so a long database name is hashed.
 * https://dev.mysql.com/doc/refman/8.0/en/locking-functions.html#function_get-lock
 */
export function migrationLockName(database: string): string {
  const readable = `strata-migrate:${database}`
  return readable.length <= 64 ? readable : `strata-migrate:${createHash('sha1').update(database).digest('hex')}`
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** An ISO 8601 UTC timestamp (`…T…Z`) in the form MySQL's DATETIME and TIMESTAMP accept (see timestampText). */
function bindable(value: unknown): unknown {
  return typeof value === 'string' ? timestampText(value) : value
}

export class MysqlConnection implements Connection {
  /** Open transactions (nested ones are savepoints). */
  depth = 0
  private lockHeld = false

  constructor(
    readonly dialect: Dialect,
    private readonly client: DriverConnection,
    readonly database: string,
    /** The server is MariaDB (its information_schema differs from MySQL 8's in places). */
    readonly mariadb: boolean,
  ) {}

  async query(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    try {
      const [result] = params && params.length > 0 ? await this.client.query(sql, params.map(bindable)) : await this.client.query(sql)
      if (!Array.isArray(result)) return []
      // A multi-statement query returns one result per statement: the last one's rows.
      const last = result.length > 0 && Array.isArray(result[result.length - 1]) ? result[result.length - 1] : result
      return (Array.isArray(last) ? last : []).filter((r) => r !== null && typeof r === 'object' && !('affectedRows' in r)) as Row[]
    } catch (err) {
      const e = err as { code?: string; errno?: number; sqlState?: string; sqlMessage?: string }
      const said = e.sqlMessage ?? describeError(err)
      throw new DatabaseError(
        'E_QUERY',
        e.errno === BINLOG_UNSAFE_ROUTINE ? `${explainUnsafeRoutine(sql)} (the server said: ${said})` : said,
        { sql, ...(e.sqlState ? { sqlState: e.sqlState } : {}), ...(e.errno ? { errno: e.errno } : {}) },
        err,
      )
    }
  }

  /**
   * One multi-statement query between SAVEPOINT and RELEASE. Only statements
   * that MySQL runs inside a transaction come here (the compiler marks DDL
   * `transactional: false`, and the migrator never batches those).
   */
  async runBatch(statements: readonly string[]): Promise<void> {
    if (statements.length === 0) return
    const savepoint = quoteIdentifier('strata_batch')
    await this.query(`SAVEPOINT ${savepoint}`)
    try {
      await this.query(statements.join(';\n'))
    } catch (err) {
      await this.query(`ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => undefined)
      throw err
    }
    await this.query(`RELEASE SAVEPOINT ${savepoint}`)
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    return nestedTransaction(this, 'START TRANSACTION', quoteIdentifier, work)
  }

  /**
   * GET_LOCK on a name derived from the database: held by this session until
   * released or until the session ends, so a crashed migrate never leaves it
   * behind. Polled with a zero timeout so the wait can be in milliseconds.
   */
  async acquireMigrationLock(timeoutMs: number): Promise<void> {
    if (this.lockHeld) return
    const name = migrationLockName(this.database)
    await pollLock(
      async () => Number((await this.query('SELECT GET_LOCK(?, 0) AS locked', [name]))[0]?.locked) === 1,
      timeoutMs,
      (seconds) => `another strata migrate holds the migration lock on ${this.database}; waited ${seconds} s`,
      { database: this.database },
    )
    this.lockHeld = true
  }

  async releaseMigrationLock(): Promise<void> {
    if (!this.lockHeld) return
    await this.query('SELECT RELEASE_LOCK(?)', [migrationLockName(this.database)])
    this.lockHeld = false
  }

  async tableExists(name: string): Promise<boolean> {
    const rows = await this.query(
      "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND TABLE_TYPE = 'BASE TABLE'",
      [name],
    )
    return rows.length > 0
  }

  introspect(options?: { exclude?: readonly string[] }): Promise<Schema> {
    return introspectMysql((sql, params) => this.query(sql, params), this.mariadb, options)
  }

  normalize(schema: Schema, live?: Schema): Promise<Schema> {
    return normalizeWithSqlObjects(schema, live, 'mysql', (s, l) => normalizeForMysql(this, s, l))
  }

  async unkept(options?: { exclude?: readonly string[] }): Promise<readonly UnkeptItem[]> {
    const live = await this.introspect(options)
    return unkeptMysql((sql, params) => this.query(sql, params), live, [HISTORY_TABLE, SQL_OBJECTS_TABLE, ...(options?.exclude ?? [])])
  }

  catalogKeys(): Promise<readonly string[]> {
    return mysqlCatalogKeys((sql, params) => this.query(sql, params))
  }

  catalogDefinitions(keys: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return mysqlCatalogDefinitions((sql, params) => this.query(sql, params), keys)
  }

  async close(): Promise<void> {
    try {
      await this.releaseMigrationLock()
    } catch {
      // The session is already broken; ending it releases the lock.
    }
    await this.client.end().catch(() => undefined)
  }
}

/** Open a connection to `url` (its database must exist). */
export async function connectMysql(dialect: Dialect, url: string, _options: ConnectOptions = {}): Promise<Connection> {
  const parsed = parseMysqlUrl(url)
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise')
  let client: DriverConnection
  try {
    client = await mysql.createConnection({
      ...parsed.options,
      host: parsed.host,
      port: parsed.port,
      user: parsed.user,
      ...(parsed.password !== undefined ? { password: parsed.password } : {}),
      database: parsed.database,
      // Raw `sql` operations may hold several statements.
      multipleStatements: true,
      // Dates as the server's text, not a JS Date in the local time zone.
      dateStrings: true,
      // BIGINT as a number when it is a safe integer, else a string; DECIMAL stays a string.
      supportBigNumbers: true,
      bigNumberStrings: false,
      timezone: 'Z',
    })
  } catch (err) {
    const e = err as { code?: string }
    throw new DatabaseError(
      'E_CONNECT',
      `cannot connect to ${redactUrl(url)}: ${describeError(err)}${e.code === 'ER_BAD_DB_ERROR' ? ` (create it first: CREATE DATABASE ${quoteIdentifier(parsed.database)})` : ''}`,
      { url: redactUrl(url) },
      err,
    )
  }
  // A server-side disconnect must not crash the process; the next query reports it.
  client.on('error', () => undefined)
  try {
    await client.query(
      "SET SESSION sql_mode = CONCAT_WS(',', REPLACE(REPLACE(REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', ''), 'ANSI_QUOTES', ''), 'NO_AUTO_VALUE_ON_ZERO', ''), 'STRICT_ALL_TABLES')",
    )
    await client.query("SET SESSION time_zone = '+00:00'")
    await client.query('SET SESSION explicit_defaults_for_timestamp = 1')
    const [rows] = await client.query('SELECT VERSION() AS version')
    const version = String((rows as Row[])[0]?.version ?? '')
    const unsupported = unsupportedServer(version)
    if (unsupported) throw new DatabaseError('E_SERVER_VERSION', `cannot migrate ${redactUrl(url)}: ${unsupported}`, { url: redactUrl(url), version })
    const connection = new MysqlConnection(dialect, client, parsed.database, serverOf(version).flavour === 'mariadb')
    return connection
  } catch (err) {
    await client.end().catch(() => undefined)
    if (err instanceof DatabaseError) throw err
    throw new DatabaseError('E_CONNECT', `cannot set up the connection to ${redactUrl(url)}: ${describeError(err)}`, { url: redactUrl(url) }, err)
  }
}
