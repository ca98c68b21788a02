/**
 * The databases a run goes against: a SQLite file in a temporary folder, or
 * a fresh PostgreSQL database. Each says what the snapshot looks like once
 * stored there (storableSchema: no comments / unused enums where the
 * dialect cannot keep them; PostgreSQL's re-print of checks, index
 * expressions and predicates, see test/dialects/postgres/normal-form.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Connection, type Dialect, quoteTableName } from '../../src/dialects/dialect'
import { dialectForUrl } from '../../src/dialects'
import type { Column, DefaultValue, Schema } from '../../src/schema/model'
import { storableSchema } from '../dialects/harness'
import { normalizeForSqlite, withLiveConstraintNames } from '../../src/dialects/sqlite/sqlite-normalize'
import { postgresNormalForm } from '../dialects/postgres/normal-form'
import { freshMysqlDatabase } from '../helpers/mysql'
import { freshPostgresDatabase } from '../helpers/postgres'
import { normalizeValue } from './values'

export interface Target {
  readonly name: string
  readonly url: string
  readonly dialect: Dialect
  /** Column collations the database has besides the default, for the generator (none: no collations generated). */
  readonly collations?: readonly string[]
  /** The snapshot as the database stores it, for comparison with `introspect()`. */
  expected(snapshot: Schema, live: Schema): Promise<Schema>
  /** The introspected schema, normalised the same way. */
  live(connection: Connection): Promise<Schema>
  /**
   * The schemas (namespaces) the database holds besides its default one and the system's
   * (PostgreSQL); after migrate zero there must be none. Absent: the dialect has no schemas.
   */
  otherSchemas?(connection: Connection): Promise<string[]>
  /** Delete every row of every table, foreign keys not enforced meanwhile (they may form NOT NULL cycles). */
  emptyTables(connection: Connection, schema: Schema): Promise<void>
  dispose(): Promise<void>
}

export type TargetFactory = () => Promise<Target>

async function withStatements(connection: Connection, schema: Schema, before: string, after: string): Promise<void> {
  await connection.query(before)
  try {
    for (const table of schema.tables) await connection.query(`DELETE FROM ${quoteTableName(connection.dialect.compiler, table.name)}`)
  } finally {
    await connection.query(after)
  }
}

export const sqliteTarget: TargetFactory = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-random-'))
  const url = `sqlite:${join(dir, 'random.sqlite3')}`
  const dialect = dialectForUrl(url)
  return {
    name: 'sqlite',
    url,
    dialect,
    // https://www.sqlite.org/datatype3.html#collating_sequences
    collations: ['NOCASE', 'RTRIM'],
    // A renamed table keeps its in-table constraint names on SQLite (sqlite-normalize.ts).
    expected: async (snapshot, live) => {
      const storable = storableSchema(snapshot, dialect)
      const liveTables = new Map(live.tables.map((t) => [t.name, t]))
      // Views and triggers as SQLite keeps them (its own text of each, FOR EACH ROW): the dialect's normal form.
      const { views, triggers } = normalizeForSqlite(snapshot, live)
      return { ...storable, views, triggers, tables: storable.tables.map((t) => withLiveConstraintNames(t, liveTables.get(t.name))) }
    },
    live: (connection) => connection.introspect(),
    // https://www.sqlite.org/foreignkeys.html#fk_enable: a no-op inside a transaction, so it is set around one.
    emptyTables: (connection, schema) =>
      withStatements(connection, schema, 'PRAGMA foreign_keys = OFF', 'PRAGMA foreign_keys = ON'),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

/**
 * Defaults as PostgreSQL re-prints them: raw SQL defaults come back in its
 * own spelling (`2 + 3` as `(2 + 3)`, `'d' || 'x'` with casts), so only
 * their kind is compared; a json default comes back as jsonb prints it
 * (`{"n": 1}` for `{"n":1}`), so it is compared as JSON, and a timestamp
 * in PostgreSQL's output format, so it is compared as a point in time.
 * NOTE (strata bug, reported): the production drift check compares these
 * texts as they are, so a json or timestamp literal default shows as drift on PostgreSQL.
 */
function defaultsAsPrinted(schema: Schema): Schema {
  const printed = (c: Column): DefaultValue | undefined => {
    const d = c.default
    if (d !== undefined && typeof d === 'object' && 'sql' in d) return { sql: '(raw SQL)' }
    if (c.type === 'json' && typeof d === 'string') return JSON.stringify(JSON.parse(d))
    // `'2001-01-01T00:00:05Z'` comes back as `'2001-01-01 00:00:05'` (or `+00` with a time zone).
    if (c.type === 'timestamp' && typeof d === 'string') return normalizeValue(d, c) as string
    return d
  }
  return {
    ...schema,
    tables: schema.tables.map((t) => ({
      ...t,
      columns: t.columns.map((c) => (c.default === undefined ? c : { ...c, default: printed(c)! })),
    })),
  }
}

/** Foreign keys play no part in how PostgreSQL re-prints expressions, and a cycle of them cannot be created in one pass. */
function withoutForeignKeys(schema: Schema): Schema {
  return { ...schema, tables: schema.tables.map((t) => ({ ...t, foreignKeys: [] })) }
}

/** Every schema but the connection's own and PostgreSQL's (pg_catalog, pg_toast, information_schema). */
async function postgresSchemas(connection: Connection): Promise<string[]> {
  const rows = await connection.query(
    `SELECT nspname FROM pg_namespace WHERE nspname <> current_schema() AND nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%' ORDER BY 1`,
  )
  return rows.map((r) => String(r.nspname))
}

export const postgresTarget: TargetFactory = async () => {
  const db = await freshPostgresDatabase()
  const dialect = dialectForUrl(db.url)
  const admin = await dialect.connect(db.url)
  return {
    name: 'postgres',
    url: db.url,
    dialect,
    // Collations every PostgreSQL has (https://www.postgresql.org/docs/current/collation.html#COLLATION-MANAGING-STANDARD).
    collations: ['C', 'POSIX'],
    async expected(snapshot) {
      const storable = storableSchema(snapshot, dialect)
      const printed = await postgresNormalForm(admin, db.url, withoutForeignKeys(storable))
      const fks = new Map(storable.tables.map((t) => [t.name, t.foreignKeys]))
      return defaultsAsPrinted({ ...printed, tables: printed.tables.map((t) => ({ ...t, foreignKeys: fks.get(t.name) ?? [] })) })
    },
    // Every schema of the database is read, so that a table left in one is seen.
    live: async (connection) => defaultsAsPrinted(await connection.introspect({ schemas: await postgresSchemas(connection) })),
    otherSchemas: postgresSchemas,
    // Replica mode fires no triggers, and foreign keys are triggers in PostgreSQL (superuser only).
    // https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-SESSION-REPLICATION-ROLE
    emptyTables: (connection, schema) =>
      withStatements(connection, schema, 'SET session_replication_role = replica', 'SET session_replication_role = DEFAULT'),
    async dispose() {
      await admin.close()
      await db.drop()
    },
  }
}

/**
 * A fresh MySQL / MariaDB database: the snapshot as the server stores it is
 * `Connection.normalize` (types, ENUM columns with enums of their own, the
 * server's print of checks and defaults); foreign key checks are turned off
 * for the session while the tables are emptied.
 */
export const mysqlTarget: TargetFactory = async () => {
  const db = await freshMysqlDatabase()
  const dialect = dialectForUrl(db.url)
  const admin = await dialect.connect(db.url)
  return {
    name: 'mysql',
    url: db.url,
    dialect,
    expected: (snapshot, live) => admin.normalize(storableSchema(snapshot, dialect), live),
    live: (connection) => connection.introspect(),
    // https://mariadb.com/kb/en/server-system-variables/#foreign_key_checks
    emptyTables: (connection, schema) => withStatements(connection, schema, 'SET foreign_key_checks = 0', 'SET foreign_key_checks = 1'),
    async dispose() {
      await admin.close()
      await db.drop()
    },
  }
}
