/**
 * A PostgreSQL connection over pg (loaded here, lazily): queries, transactions
 * (nested ones become savepoints), the migration lock and introspection.
 */
import { SQL_OBJECTS_TABLE, normalizeWithSqlObjects } from '../sql-objects'
import { postgresCatalogDefinitions, postgresCatalogKeys } from './postgres-catalog-objects'
import { createHash } from 'node:crypto'
import type { ClientConfig } from 'pg'
import { DatabaseError } from '../../errors'
import type { Schema } from '../../schema/model'
import type { AdoptedSqlObject, ConnectOptions, Connection, Dialect, Row, UnkeptItem } from '../dialect'
import { adoptablePostgresSql } from './postgres-adoptable'
import { redactUrl } from '../index'
import { joinStatements } from '../script'
import { nestedTransaction, pollLock } from '../session'
import { LOCK_SHARE } from './postgres-locks'
import { HISTORY_TABLE, introspectPostgres } from './postgres-introspector'
import { unkeptPostgres } from './postgres-unkept'
import { normalizeForPostgres } from './postgres-normalize'
import { quoteIdentifier } from './postgres-types'
import { parsePostgresUrl } from './postgres-url'


/**
 * Value parsers for this connection's rows, chosen to match what the SQLite
 * dialect returns: int8 as a number when it is a safe integer (pg's default is
 * a string), dates and timestamps as the server's text rather than a JS Date
 * in the local time zone. numeric stays a string (exact).
 * https://node-postgres.com/features/types
 */
function typeParsers(pg: typeof import('pg')): ClientConfig['types'] {
  const { builtins } = pg.types
  const asText = (value: string) => value
  return {
    getTypeParser(oid: number, format?: string) {
      switch (oid) {
        case builtins.INT8:
          return (value: string) => {
            const n = Number(value)
            return Number.isSafeInteger(n) ? n : value
          }
        case builtins.DATE:
        case builtins.TIMESTAMP:
        case builtins.TIMESTAMPTZ:
          return asText
        default:
          return pg.types.getTypeParser(oid, (format ?? 'text') as 'text')
      }
    },
  } as ClientConfig['types']
}

/** The advisory lock key of a schema: 64 bits of a hash of a fixed prefix and the schema name. */
export function migrationLockKey(schema: string): string {
  return createHash('sha1').update(`strata-migrate:${schema}`).digest().readBigInt64BE(0).toString()
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const e = err as Error & { detail?: string; hint?: string }
  return [e.message, e.detail && `DETAIL: ${e.detail}`, e.hint && `HINT: ${e.hint}`].filter(Boolean).join('\n')
}

/**
 * What a PostgreSQL connection needs of its client: pg's Client, or the
 * embedded engine's adapter (postgres-embedded.ts). Without parameters the
 * simple query protocol is used, which takes several statements in one
 * string and answers with one result per statement.
 */
export interface PostgresClient {
  query(sql: string, params?: readonly unknown[]): Promise<{ rows: unknown[] } | { rows: unknown[] }[]>
  end(): Promise<void>
}

class PostgresConnection implements Connection {
  /** Open transactions (nested ones are savepoints). */
  depth = 0
  private lockHeld = false

  constructor(
    readonly dialect: Dialect,
    private readonly client: PostgresClient,
    /** The schema strata works in (`current_schema()` after connecting). */
    readonly schema: string,
    readonly database: string,
    /** strata.yaml `grants: true`: introspect reads grants, the unkept report leaves them out. */
    private readonly grants = false,
  ) {}

  async query(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    try {
      // Without parameters pg uses the simple query protocol, which accepts
      // several statements in one string (raw `sql` operations need that).
      const result = params && params.length > 0 ? await this.client.query(sql, params) : await this.client.query(sql)
      const last = Array.isArray(result) ? result[result.length - 1] : result
      return (last?.rows ?? []) as Row[]
    } catch (err) {
      const e = err as { code?: string; detail?: string; hint?: string; position?: string }
      throw new DatabaseError(
        'E_QUERY',
        describeError(err),
        { sql, sqlState: e.code, ...(e.detail ? { detail: e.detail } : {}), ...(e.hint ? { hint: e.hint } : {}) },
        err,
      )
    }
  }

  /**
   * One simple-protocol query for all of them (one round trip instead of one
   * per statement), between SAVEPOINT and RELEASE. Inside the caller's
   * transaction a failing statement aborts it; ROLLBACK TO SAVEPOINT makes
   * it usable again, as it was before the batch.
   * https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT
   */
  async runBatch(statements: readonly string[]): Promise<void> {
    if (statements.length === 0) return
    const savepoint = quoteIdentifier('strata_batch')
    try {
      await this.query(`SAVEPOINT ${savepoint};\n${joinStatements(statements)}\nRELEASE SAVEPOINT ${savepoint}`)
    } catch (err) {
      await this.query(`ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`)
      throw err
    }
  }

  /** Half of the server's lock table (see postgres-locks.ts), from its settings. */
  async lockBudget(): Promise<{ budget: number; reason: string }> {
    const [row] = await this.query(
      `SELECT current_setting('max_locks_per_transaction')::int AS locks, current_setting('max_connections')::int AS connections,
              current_setting('max_prepared_transactions')::int AS prepared`,
    )
    const { locks, connections, prepared } = row as { locks: number; connections: number; prepared: number }
    const table = locks * (connections + prepared)
    return {
      budget: Math.floor(table * LOCK_SHARE),
      reason: `half of this server's lock table (max_locks_per_transaction ${locks} × (max_connections ${connections} + max_prepared_transactions ${prepared}) = ${table})`,
    }
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    return nestedTransaction(this, 'BEGIN', quoteIdentifier, work)
  }

  /**
   * A session-level advisory lock on (fixed prefix, schema): it is held until
   * released or until the session ends, so a crashed migrate never leaves it
   * behind. Polled with pg_try_advisory_lock rather than a blocking
   * pg_advisory_lock so the wait has a timeout and can report.
   * Note: behind a transaction-mode pooler (PgBouncer) session locks do not work.
   * https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
   */
  async acquireMigrationLock(timeoutMs: number): Promise<void> {
    if (this.lockHeld) return
    const key = migrationLockKey(this.schema)
    await pollLock(
      async () => (await this.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]))[0]?.locked === true,
      timeoutMs,
      (seconds) => `another strata migrate holds the migration lock on ${this.database}/${this.schema}; waited ${seconds} s`,
      { database: this.database, schema: this.schema },
    )
    this.lockHeld = true
  }

  async releaseMigrationLock(): Promise<void> {
    if (!this.lockHeld) return
    await this.query('SELECT pg_advisory_unlock($1::bigint)', [migrationLockKey(this.schema)])
    this.lockHeld = false
  }

  async tableExists(name: string): Promise<boolean> {
    const rows = await this.query(
      `SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind IN ('r', 'p')`,
      [name],
    )
    return rows.length > 0
  }

  introspect(options?: { exclude?: readonly string[]; schemas?: readonly string[] }): Promise<Schema> {
    return introspectPostgres((sql, params) => this.query(sql, params), { ...options, grants: this.grants })
  }

  unkept(options?: { exclude?: readonly string[]; schemas?: readonly string[] }): Promise<readonly UnkeptItem[]> {
    return unkeptPostgres((sql, params) => this.query(sql, params), [HISTORY_TABLE, SQL_OBJECTS_TABLE, ...(options?.exclude ?? [])], this.grants, options?.schemas ?? [])
  }

  adoptableSql(options?: { exclude?: readonly string[] }): Promise<readonly AdoptedSqlObject[]> {
    const query = (sql: string, params?: readonly unknown[]) => this.query(sql, params)
    return adoptablePostgresSql(query, (keys) => this.catalogDefinitions(keys), [HISTORY_TABLE, SQL_OBJECTS_TABLE, ...(options?.exclude ?? [])])
  }

  normalize(schema: Schema, live?: Schema): Promise<Schema> {
    return normalizeWithSqlObjects(schema, live, 'postgres', (s, l) => normalizeForPostgres(this, s, l))
  }

  catalogKeys(): Promise<readonly string[]> {
    return postgresCatalogKeys((sql, params) => this.query(sql, params))
  }

  catalogDefinitions(keys: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return postgresCatalogDefinitions((sql, params) => this.query(sql, params), keys)
  }

  /** Closes the session; the migration lock would die with it anyway. */
  async close(): Promise<void> {
    try {
      await this.releaseMigrationLock()
    } catch {
      // The session is already broken; ending it releases the lock.
    }
    await this.client.end()
  }
}

/** Open a connection to `url` (`?schema=NAME` must name an existing schema). */
export async function connectPostgres(dialect: Dialect, url: string, options: ConnectOptions = {}): Promise<Connection> {
  const { connectionString, schema } = parsePostgresUrl(url)
  const pg = require('pg') as typeof import('pg')
  const client = new pg.Client({ connectionString, types: typeParsers(pg) })
  // A server-side disconnect (admin shutdown, DROP DATABASE … FORCE) is
  // emitted as 'error' on an idle client; without a listener it would crash
  // the process. The next query reports it.
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (err) {
    throw new DatabaseError(
      'E_CONNECT',
      `cannot connect to ${redactUrl(url)}: ${describeError(err)}`,
      { url: redactUrl(url) },
      err,
    )
  }
  const adapter: PostgresClient = {
    query: (sql, params) => (params ? client.query(sql, params as unknown[]) : client.query(sql)),
    end: () => client.end(),
  }
  return postgresConnectionOver(dialect, adapter, redactUrl(url), schema, { grants: options.grants })
}

/**
 * A Connection over an open client: the session set up as strata expects
 * (standard_conforming_strings, `schema` on the search_path when given).
 * `label` names the database in messages. The client is ended on failure.
 */
export async function postgresConnectionOver(
  dialect: Dialect,
  client: PostgresClient,
  label: string,
  schema?: string,
  options: { readonly grants?: boolean } = {},
): Promise<Connection> {
  const rowsOf = async (sql: string, params?: readonly unknown[]) => {
    const result = await client.query(sql, params)
    return (Array.isArray(result) ? result[result.length - 1]!.rows : result.rows) as Row[]
  }
  try {
    // strata writes plain '…' literals in which a backslash is an ordinary character.
    await client.query('SET standard_conforming_strings = on')
    if (schema !== undefined) {
      const found = await rowsOf('SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1', [schema])
      if (found.length === 0) {
        throw new DatabaseError(
          'E_SCHEMA_NOT_FOUND',
          `schema "${schema}" does not exist in ${label}; create it first (CREATE SCHEMA ${quoteIdentifier(schema)}) or fix ?schema=`,
          { url: label, schema },
        )
      }
      await client.query(`SET search_path TO ${quoteIdentifier(schema)}`)
    }
    const rows = await rowsOf('SELECT current_database() AS database, current_schema() AS schema')
    const current = rows[0] as { database: string; schema: string | null }
    if (current.schema === null) {
      throw new DatabaseError('E_SCHEMA_NOT_FOUND', `no schema of the search_path exists in ${label}; name one with ?schema=NAME`, { url: label })
    }
    return new PostgresConnection(dialect, client, current.schema, current.database, options.grants === true)
  } catch (err) {
    await client.end().catch(() => undefined)
    if (err instanceof DatabaseError) throw err
    throw new DatabaseError('E_CONNECT', `cannot set up the connection to ${label}: ${describeError(err)}`, { url: label }, err)
  }
}
