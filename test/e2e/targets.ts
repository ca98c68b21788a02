/**
 * The databases the end-to-end tests run on, one entry per dialect (as Kysely's
 * test-setup does): typed by DialectName, so a new dialect without a target
 * fails to compile. Each test gets a fresh database — a SQLite file in its
 * project folder (or a folder of its own), or a PostgreSQL or MySQL / MariaDB
 * database created for it and dropped after — and reads it back with the
 * database's own catalog, never strata's introspector. The end-to-end suites
 * and the introspect (adoption, drift) suites take their targets from here.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Client, type ClientConfig, types } from 'pg'
import type { DialectName } from '../../src/dialects/dialect'
import { migrationLockKey } from '../../src/dialects/postgres/postgres-connection'
import type { DatabaseShape } from '../helpers/database-shape'
import { describePostgres, freshPostgresDatabase } from '../helpers/postgres'
import { postgresShape, postgresTables } from '../helpers/postgres-inspect'
import type { TempProject } from '../helpers/project'
import { sqliteShape } from '../helpers/sqlite-shape'
import { tableNames } from '../helpers/sqlite-inspect'
import { migrationLockName } from '../../src/dialects/mysql/mysql-connection'
import { describeMysql, freshMysqlDatabase, mysqlClient, mysqlRows } from '../helpers/mysql'
import { mysqlShape, mysqlTables } from '../helpers/mysql-inspect'
import { mysqlCatalog, postgresCatalog, sqliteCatalog } from '../introspect/catalog'

/** A fresh database for one test. */
export interface TargetDatabase {
  /** What `--database` / STRATA_DATABASE_URL takes. */
  readonly url: string
  /**
   * Run statements (several, `;`-separated, allowed) written in the SQL the
   * suites share: foreign keys enforced on SQLite, `"name"` an identifier and
   * a backslash an ordinary character on MySQL (see mysqlTarget).
   */
  exec(sql: string): Promise<void>
  /**
   * Run a script written for this database as its own client runs it: a new
   * connection in the server's default session (SQLite: foreign keys not
   * enforced; MySQL: the server's sql_mode, backtick identifiers). For the
   * hand-written fixtures and hand changes of the introspect suites.
   */
  script(sql: string): Promise<void>
  rows(sql: string): Promise<Record<string, unknown>[]>
  /** Run a statement that must fail; resolves to the database's error message. */
  rejects(sql: string): Promise<string>
  /** Table names, strata's history table included, sorted. */
  tables(): Promise<string[]>
  /** The normalised structure of every user table (and enum type). */
  dump(): Promise<DatabaseShape>
  /** The catalog read with the database's own queries (test/introspect/catalog.ts), for equal-database comparisons. */
  catalog(): Promise<Record<string, unknown>>
  /**
   * Hold what `strata migrate` needs to start (SQLite: a BEGIN IMMEDIATE write
   * lock; PostgreSQL: strata's advisory lock from another session) until the
   * returned function is called.
   */
  holdMigrationLock(): Promise<() => Promise<void>>
  /** Close connections and remove the database. */
  drop(): Promise<void>
}

export interface Target {
  readonly dialect: DialectName
  /** mocha `describe`, or `describePostgres` (skips loudly without a server, fails under CI). */
  readonly describe: (title: string, fn: (this: Mocha.Suite) => void) => Mocha.Suite | void
  /** Comments are stored in the catalog, so dump() shows them. */
  readonly catalogComments: boolean
  /**
   * DDL runs inside a transaction (SQLite, PostgreSQL): a failed migration
   * leaves nothing. MySQL commits around each DDL statement: a failed one
   * leaves its earlier statements applied and recorded (partially applied).
   */
  readonly transactionalDdl: boolean
  /** A fresh, empty database for a test working in `project` (SQLite: its file in the project's folder, else in a folder of its own removed by drop()). */
  create(project?: TempProject): Promise<TargetDatabase>
}

/**
 * Messages of rejected statements, matching every database (SQLite: "CHECK
 * constraint failed", PostgreSQL: "violates check constraint", …). An enum
 * value outside the list is a CHECK failure on SQLite (TEXT + CHECK) and an
 * invalid input for the type on PostgreSQL.
 */
export const REJECTED = {
  // MySQL / MariaDB: "CONSTRAINT `t_check` failed for `db`.`t`", "Duplicate entry 'x' for key 'k'",
  // "Column 'c' cannot be null" or "Field 'c' doesn't have a default value", "Data truncated for column 'c'" (an ENUM value outside the list, strict mode).
  check: /check constraint|CONSTRAINT `[^`]+` failed/i,
  unique: /unique constraint|Duplicate entry/i,
  foreignKey: /foreign key constraint/i,
  notNull: /not[ -]null constraint|cannot be null|doesn't have a default value/i,
  enumValue: /check constraint|invalid input value for enum|Data truncated for column/i,
} as const

/** A SQLite file. */
export const sqliteTarget: Target & { readonly dialect: 'sqlite' } = {
  dialect: 'sqlite',
  describe: (title, fn) => describe(title, fn),
  catalogComments: false,
  transactionalDdl: true,
  async create(project) {
    const own = project === undefined ? mkdtempSync(join(tmpdir(), 'strata-target-')) : undefined
    const path = project === undefined ? join(own as string, 'db.sqlite3') : project.path('db.sqlite3')
    new Database(path).close()
    // One connection per call, closed after: an open handle would hold
    // locks or stale schema while `strata migrate` runs in another process.
    const use = <T>(work: (db: Database.Database) => T): T => {
      const db = new Database(path)
      try {
        db.pragma('foreign_keys = ON')
        return work(db)
      } finally {
        db.close()
      }
    }
    return {
      url: `sqlite:${path}`,
      exec: async (sql) => use((db) => void db.exec(sql)),
      async script(sql) {
        const db = new Database(path)
        try {
          db.exec(sql)
        } finally {
          db.close()
        }
      },
      rows: async (sql) => use((db) => db.prepare(sql).all() as Record<string, unknown>[]),
      async rejects(sql) {
        try {
          use((db) => db.exec(sql))
        } catch (error) {
          return (error as Error).message
        }
        throw new Error(`expected the database to reject: ${sql}`)
      },
      tables: async () => use(tableNames),
      dump: async () => use(sqliteShape),
      catalog: async () => sqliteCatalog(path),
      async holdMigrationLock() {
        const holder = new Database(path)
        holder.exec('BEGIN IMMEDIATE')
        return async () => {
          holder.exec('ROLLBACK')
          holder.close()
        }
      },
      async drop() {
        // The file goes with the project folder, or with its own.
        if (own !== undefined) rmSync(own, { recursive: true, force: true })
      },
    }
  },
}

/** pg returns int8 as a string by default; the tests compare ids and counts as numbers, as SQLite gives them. */
function postgresClient(url: string): Client {
  const parsers = {
    getTypeParser: (oid: number, format?: 'text') => (oid === types.builtins.INT8 ? (v: string) => Number(v) : types.getTypeParser(oid, format ?? 'text')),
  } as ClientConfig['types']
  const client = new Client({ connectionString: url, types: parsers })
  // A server-side disconnect (the database dropped WITH (FORCE)) must not crash the test process.
  client.on('error', () => undefined)
  return client
}

/** A PostgreSQL database created for the test. */
export const postgresTarget: Target & { readonly dialect: 'postgres' } = {
  dialect: 'postgres',
  describe: describePostgres,
  catalogComments: true,
  transactionalDdl: true,
  async create() {
    const fresh = await freshPostgresDatabase()
    const client = postgresClient(fresh.url)
    await client.connect()
    const holders: Client[] = []
    return {
      url: fresh.url,
      exec: async (sql) => void (await client.query(sql)),
      async script(sql) {
        const own = new Client({ connectionString: fresh.url })
        await own.connect()
        try {
          await own.query(sql)
        } finally {
          await own.end()
        }
      },
      rows: async (sql) => (await client.query(sql)).rows,
      async rejects(sql) {
        try {
          await client.query(sql)
        } catch (error) {
          return (error as Error).message
        }
        throw new Error(`expected the database to reject: ${sql}`)
      },
      tables: () => postgresTables(client),
      dump: () => postgresShape(client),
      catalog: () => postgresCatalog(fresh.url),
      async holdMigrationLock() {
        const holder = postgresClient(fresh.url)
        await holder.connect()
        holders.push(holder)
        // The key strata derives for the connection's schema (public in a fresh database).
        await holder.query('SELECT pg_advisory_lock($1::bigint)', [migrationLockKey('public')])
        return async () => {
          await holder.end()
        }
      },
      async drop() {
        await client.end().catch(() => undefined)
        await Promise.all(holders.map((h) => h.end().catch(() => undefined)))
        await fresh.drop()
      },
    }
  },
}

/**
 * MySQL / MariaDB. The tests' own session runs with ANSI_QUOTES and
 * NO_BACKSLASH_ESCAPES, so the standard SQL they write (`"name"` for an
 * identifier, `'back\slash'` for a literal with a backslash) means the same
 * as on the other databases; strata's sessions do not (they quote with
 * backticks and escape backslashes). https://mariadb.com/kb/en/sql-mode/
 */
export const mysqlTarget: Target & { readonly dialect: 'mysql' } = {
  dialect: 'mysql',
  describe: describeMysql,
  catalogComments: true,
  transactionalDdl: false,
  async create() {
    const fresh = await freshMysqlDatabase()
    const client = await mysqlClient(fresh.name)
    client.on('error', () => undefined)
    await client.query("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',ANSI_QUOTES,NO_BACKSLASH_ESCAPES')")
    const holders: Awaited<ReturnType<typeof mysqlClient>>[] = []
    return {
      url: fresh.url,
      exec: async (sql) => void (await client.query(sql)),
      async script(sql) {
        const own = await mysqlClient(fresh.name)
        try {
          await own.query(sql)
        } finally {
          await own.end()
        }
      },
      rows: (sql) => mysqlRows(client, sql),
      async rejects(sql) {
        try {
          await client.query(sql)
        } catch (error) {
          return (error as Error).message
        }
        throw new Error(`expected the database to reject: ${sql}`)
      },
      tables: () => mysqlTables(client),
      dump: () => mysqlShape(client),
      catalog: () => mysqlCatalog(fresh.name),
      async holdMigrationLock() {
        const holder = await mysqlClient(fresh.name)
        holders.push(holder)
        await holder.query('SELECT GET_LOCK(?, 10)', [migrationLockName(fresh.name)])
        return async () => {
          await holder.end()
        }
      },
      async drop() {
        await client.end().catch(() => undefined)
        await Promise.all(holders.map((h) => h.end().catch(() => undefined)))
        await fresh.drop()
      },
    }
  },
}

/** Every dialect's target: typed by DialectName, so a new dialect without one does not compile. */
export const ALL_TARGETS: Record<DialectName, Target> = {
  sqlite: sqliteTarget,
  postgres: postgresTarget,
  mysql: mysqlTarget,
}

/** The targets every end-to-end suite runs on: every dialect. */
export const TARGETS: Record<DialectName, Target> = ALL_TARGETS
