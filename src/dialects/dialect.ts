/**
 * The one interface every database implements. Everything that differs between
 * databases sits behind it; code outside src/dialects/ never asks which
 * database it is talking to, only what the dialect can do (`capabilities`).
 */
import type { Operation } from '../diff/operations'
import type { DefaultValue, ReferentialAction, Schema, TypeSpec } from '../schema/model'
import type { SqlObject } from '../schema/sql-objects'

export type DialectName = 'sqlite' | 'postgres' | 'mysql'

/** Something in the database that the schema files do not keep, and why. */
export interface UnkeptItem {
  /** `table`, `column`, `index`, `constraint`. */
  readonly kind: string
  /** The object: `table`, `table.column`, or the index / constraint name. */
  readonly name: string
  readonly reason: string
}

/**
 * Something the model does not hold but whose definition the catalog prints
 * exactly (a PostgreSQL aggregate, rule, extended statistics …), offered by
 * `introspect` as a raw `sql` entry instead of being left out.
 */
export interface AdoptedSqlObject {
  /** The kind for the report: `aggregate`, `rule`, `statistics`, `event trigger`. */
  readonly kind: string
  /** The object as the report names it: `group_concat(text)`. */
  readonly label: string
  /** The entry, with `made`: what it made, by catalog key (Connection.catalogKeys), recorded at adoption. */
  readonly object: SqlObject
  /** Views whose query uses it: they name it in their `dependsOn`, so it is created before them. */
  readonly views: readonly string[]
}

export const DIALECT_NAMES: readonly DialectName[] = ['sqlite', 'postgres', 'mysql']

/** One SQL statement produced for an operation. */
export interface Statement {
  readonly sql: string
  /** Bound parameters, for data operations. Identifiers are never bound, always quoted. */
  readonly params?: readonly unknown[]
  /**
   * false: the database refuses to run it inside a transaction (PostgreSQL
   * `CREATE INDEX CONCURRENTLY`). The migrator runs such a migration's
   * statements one by one, outside a transaction, and `strata sql` says so.
   * Default true.
   */
  readonly transactional?: boolean
}

/**
 * What a dialect's indexes can be besides plain B-tree column lists. Every
 * flag defaults to true (PostgreSQL has them all); `validate` refuses, at the
 * index's line, what one of the project's databases lacks, and that
 * dialect's compiler refuses it by name.
 */
export interface IndexCapabilities {
  /**
   * Index methods besides the default B-tree, lowercase (`hash`, `gin`;
   * MySQL: `fulltext`, `spatial`). Undefined: any (PostgreSQL takes any
   * installed access method, an extension's too).
   */
  readonly methods?: readonly string[]
  /** Per-column DESC. */
  readonly descending?: boolean
  /** Per-column NULLS FIRST / LAST. */
  readonly nullsOrder?: boolean
  /** Per-column COLLATE. */
  readonly collations?: boolean
  /** Per-column operator classes. */
  readonly operatorClasses?: boolean
  /** INCLUDE columns. */
  readonly include?: boolean
  /** UNIQUE NULLS NOT DISTINCT. */
  readonly nullsNotDistinct?: boolean
  /**
   * Per-column prefix lengths (`{ column: body, length: 20 }`): MySQL's
   * alone, so this flag defaults to false.
   */
  readonly prefixLengths?: boolean
}

/** A name the database (or strata on it) keeps for itself, and why. */
export interface ReservedName {
  /** The exact name, or the start of the names, as `match` says. */
  readonly name: string
  /** `exact` (default): the name itself; `prefix`: every name that starts with it; `suffix`: every name that ends with it. */
  readonly match?: 'exact' | 'prefix' | 'suffix'
  /** Why, for the message (`SQLite keeps names starting sqlite_ for its own tables`). */
  readonly reason: string
}

/**
 * The names a dialect refuses or would misread, as data: `validate` refuses
 * them at their line for a project with a database of the dialect
 * (schema/check-names.ts). Names are compared as the dialect compares them
 * (`caseInsensitive`).
 */
export interface NameRules {
  /**
   * Names compared without regard to ASCII case, so that two differing only
   * in case are one object: SQLite for tables, indexes, views and columns
   * (https://www.sqlite.org/lang_keywords.html: "SQLite is case-insensitive"
   * for identifiers, quoted or not); MySQL for columns and indexes.
   */
  readonly caseInsensitive?: { readonly relations?: boolean; readonly columns?: boolean }
  /** Names a table, view or index may not have (strata's history table, the database's own). */
  readonly relations?: readonly ReservedName[]
  /** Names a column may not have (PostgreSQL system columns). */
  readonly columns?: readonly ReservedName[]
  /** Names an enum (a PostgreSQL type) may not have (strata's temporary names). */
  readonly types?: readonly ReservedName[]
}

/** The constraint kinds that can carry DEFERRABLE. */
export type DeferrableKind = 'primaryKey' | 'unique' | 'foreignKey' | 'exclusion'

/**
 * What a dialect's constraints can carry besides their definition. Every
 * flag defaults to true (PostgreSQL has them all); `validate` refuses, at
 * the constraint's line, what one of the project's databases lacks, and
 * that dialect's compiler refuses it by name. Constraint comments are not
 * here: like table comments, a dialect without catalog comments keeps them
 * in the snapshot (`comments`).
 */
export interface ConstraintCapabilities {
  /** The kinds that can be DEFERRABLE / INITIALLY DEFERRED; undefined: all. */
  readonly deferrable?: readonly DeferrableKind[]
  /** Foreign keys MATCH FULL. */
  readonly matchFull?: boolean
  /** NOT VALID foreign keys and checks. */
  readonly notValid?: boolean
  /** NO INHERIT checks. */
  readonly noInherit?: boolean
  /** EXCLUDE constraints. */
  readonly exclusions?: boolean
  /**
   * The ON DELETE / ON UPDATE actions a foreign key can take; undefined:
   * all. MySQL's InnoDB parses SET DEFAULT and stores RESTRICT, silently.
   */
  readonly referentialActions?: readonly ReferentialAction[]
  /**
   * A CHECK may name an autoincrement column. Default true; MySQL and
   * MariaDB refuse it ("Function or expression 'AUTO_INCREMENT' cannot be
   * used in the CHECK clause").
   */
  readonly autoincrementInChecks?: boolean
  /**
   * An autoincrement column must be the first column of a key (the primary
   * key, a unique or an index). MySQL and MariaDB refuse it otherwise
   * ("there can be only one auto column and it must be defined as a key",
   * error 1075): without this, the column would reach the database without
   * AUTO_INCREMENT. Default false.
   * https://dev.mysql.com/doc/refman/8.0/en/example-auto-increment.html
   */
  readonly autoincrementNeedsKey?: boolean
}

export interface DialectCapabilities {
  /** DDL can be rolled back with the transaction (true on SQLite and PostgreSQL). */
  readonly transactionalDdl: boolean
  /** Enums are database types (PostgreSQL); otherwise CHECK constraints on the columns. */
  readonly nativeEnums: boolean
  /** Comments are stored in the catalog (PostgreSQL); otherwise kept in the snapshot only. */
  readonly comments: boolean
  /** Partial indexes (`where:`); false on MySQL/MariaDB, and `validate` refuses them. Default true. */
  readonly partialIndexes?: boolean
  /** Expression indexes (`expression:`); false on MariaDB, and `validate` refuses them. Default true. */
  readonly expressionIndexes?: boolean
  /**
   * SQLite's own table and key options exist (`strict`, `withoutRowid`,
   * `monotonic` for AUTOINCREMENT, `native.sqlite` spellings); elsewhere they
   * are kept in the snapshot only and change nothing in the database.
   * Default false.
   */
  readonly sqliteOptions?: boolean
  /**
   * VIRTUAL generated columns (computed on read). False on PostgreSQL, which
   * has STORED ones only before version 18, and `validate` refuses them.
   * Default true.
   */
  readonly virtualGeneratedColumns?: boolean
  /**
   * A generated column's expression may name an autoincrement column.
   * Default true. False on MySQL: MySQL 8 refuses an AUTO_INCREMENT column
   * as the base column of any generated column, MariaDB of a STORED one
   * (error 1901, "Function or expression 'AUTO_INCREMENT' cannot be used in
   * the GENERATED ALWAYS AS clause"); `validate` refuses it at the column,
   * and the MySQL compiler by name.
   * https://dev.mysql.com/doc/refman/8.0/en/create-table-generated-columns.html
   * https://mariadb.com/kb/en/generated-columns/
   */
  readonly autoincrementInGenerated?: boolean
  /**
   * A column can take the current time whenever its row is updated
   * (`onUpdate: now`: MySQL's `ON UPDATE CURRENT_TIMESTAMP`). Default false:
   * PostgreSQL and SQLite need a trigger for it, and `validate` refuses the
   * key for a project with such a database.
   */
  readonly onUpdateNow?: boolean
  /**
   * Functions and procedures (`functions:` in the schema files) can be
   * created (PostgreSQL, MySQL / MariaDB). Default false: `validate` refuses
   * them for a project with such a database, and the compiler refuses the
   * operations.
   */
  readonly functions?: boolean
  /**
   * A trigger can execute a function of the schema (`function:` on a
   * trigger: PostgreSQL's trigger functions). Default false: where the
   * dialect has functions but not this (MySQL, whose trigger calls a
   * procedure from its body: `CALL p(NEW.id)`), `validate` refuses it.
   */
  readonly triggerFunctions?: boolean
  /**
   * Triggers are named per table (PostgreSQL: two tables may each have a
   * trigger `touch`). Default false: names are per schema (SQLite, MySQL),
   * and `validate` refuses two triggers of one database name for a project
   * with such a database.
   * https://www.postgresql.org/docs/current/sql-createtrigger.html
   */
  readonly triggerNamesPerTable?: boolean
  /**
   * Row-level security (a table's `rowLevelSecurity` and `policies:`) can be
   * created (PostgreSQL). Default false: `validate` refuses them for a
   * project with such a database, and the compiler refuses the operations.
   */
  readonly rowLevelSecurity?: boolean
  /**
   * Standalone sequences (`sequences:`), PostgreSQL. Default false: SQLite
   * has none (an INTEGER PRIMARY KEY is the rowid), MySQL none strata
   * manages (MariaDB's CREATE SEQUENCE is not modelled); `validate` refuses
   * them for a project with such a database, the compiler refuses the operations.
   */
  readonly sequences?: boolean
  /** Extensions (`extensions:`), PostgreSQL. Default false, refused as `sequences` is. */
  readonly extensions?: boolean
  /** Domains (`domains:`), PostgreSQL. Default false, refused as `sequences` is. */
  readonly domains?: boolean
  /** Composite and range types (`types:`), PostgreSQL. Default false, refused as `sequences` is. */
  readonly customTypes?: boolean
  /**
   * UNLOGGED tables (`unlogged: true`, PostgreSQL). Default false: `validate`
   * refuses them for a project with a database of the dialect.
   */
  readonly unloggedTables?: boolean
  /**
   * A table may have no columns at all (`primaryKey: false` and `columns:
   * {}`): PostgreSQL has them. Default false: SQLite's CREATE TABLE needs a
   * column and it refuses to drop the last one ("no other columns exist"),
   * MySQL likewise (error 1090, "use DROP TABLE instead"); `validate` refuses
   * such a table, at its columns, for a project with such a database.
   */
  readonly tablesWithoutColumns?: boolean
  /**
   * A primary key column may be nullable (`nullable: true` on a key column):
   * SQLite's legacy quirk, "Unless the column is an INTEGER PRIMARY KEY or
   * the table is a WITHOUT ROWID table or a STRICT table or the column is
   * declared NOT NULL, SQLite allows NULL values in a PRIMARY KEY column"
   * (https://www.sqlite.org/lang_createtable.html#the_primary_key). Default
   * false: PostgreSQL and MySQL make every key column NOT NULL, and
   * `validate` refuses such a column, at its `nullable`, for a project with
   * a database of the dialect.
   */
  readonly nullableKeyColumns?: boolean
  /**
   * Declarative partitioning (`partitionBy`, `partitions`: PostgreSQL's
   * PARTITION BY / PARTITION OF). Default false: `validate` refuses it, at
   * the key, for a project with a database of the dialect.
   */
  readonly partitions?: boolean
  /**
   * Array columns (`array: true`, PostgreSQL). Default false: `validate`
   * refuses an array column that gives no spelling for the dialect
   * (`native.<dialect>`), at the key, and the compiler by name.
   */
  readonly arrays?: boolean
  /**
   * GRANT / REVOKE on the objects strata manages (`grants:`, with
   * `grants: true` in strata.yaml) (PostgreSQL). Default false: `validate`
   * refuses them, the compiler refuses the operations.
   */
  readonly grants?: boolean
  /**
   * Several schemas (namespaces) in one database (PostgreSQL): tables and
   * enums named `schema.name` in the schema files, createSchema / dropSchema
   * operations. Default false: `validate` refuses a dotted table or enum name
   * for a project with such a database, the compiler refuses the operations.
   */
  readonly schemas?: boolean
  /** What indexes can be (see IndexCapabilities); absent: everything. */
  readonly indexes?: IndexCapabilities
  /** The names the dialect keeps for itself, and how it compares names (see NameRules); absent: none. */
  readonly names?: NameRules
  /** What constraints can carry (see ConstraintCapabilities); absent: everything. */
  readonly constraints?: ConstraintCapabilities
  /**
   * Where index and unique-constraint names must be unique: `schema` (the
   * default: PostgreSQL's relations, SQLite's schema objects) or `table`
   * (MySQL / MariaDB, whose index names are per table: Sakila has an
   * `idx_fk_film_id` on two tables). `validate` takes the per-table rule only
   * when every database of the project has it.
   */
  readonly indexNamespace?: 'schema' | 'table'
}

/**
 * Pure SQL generation for one database. Needs no connection: `strata sql`
 * uses it offline.
 */
export interface SqlCompiler {
  /**
   * The statements for one operation, given the schema as it is just before
   * the operation (a table rebuild or an enum conversion needs the whole
   * table, not only the change).
   */
  compile(operation: Operation, before: Schema): Statement[]
  /** Quote an identifier (always; never concatenate a name unquoted). */
  quoteIdentifier(name: string): string
  /**
   * A table's model name as SQL: `"billing"."invoices"` for `billing.invoices`
   * on a dialect with schemas (capabilities.schemas). Absent: quoteIdentifier.
   */
  quoteTable?(name: string): string
}

/** A table's model name as SQL for `compiler` (see SqlCompiler.quoteTable). */
export function quoteTableName(compiler: SqlCompiler, name: string): string {
  return compiler.quoteTable ? compiler.quoteTable(name) : compiler.quoteIdentifier(name)
}

/** A row from a query, column name to value. */
export type Row = Record<string, unknown>

/** An open connection, owned by one migrate/status/introspect run. */
export interface Connection {
  readonly dialect: Dialect
  /** Run one statement and return its rows (empty for DDL). */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>
  /**
   * Run `work` in one transaction and commit, or roll back and rethrow.
   * SQLite: `BEGIN IMMEDIATE` (it takes the write lock up front, waiting up to
   * the busy timeout), with foreign keys off so that table rebuilds keep the
   * rows of referencing tables, and `PRAGMA foreign_key_check` before COMMIT.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>
  /**
   * Run several parameterless statements in one call, inside the current
   * transaction, all or nothing: SQLite one `exec`, PostgreSQL one
   * simple-protocol query, each wrapped in a savepoint. On failure the
   * savepoint is rolled back (the transaction is as it was before the call
   * and still usable) and the database's error is thrown; which statement
   * failed is not known, so the caller re-runs them one by one to find it.
   */
  runBatch(statements: readonly string[]): Promise<void>
  /**
   * Lock-table entries one transaction may use, from the server's settings
   * (only for a dialect with a `locks` model), with the reason for messages.
   */
  lockBudget?(): Promise<{ readonly budget: number; readonly reason: string }>
  /**
   * Take the migration lock, waiting up to `timeoutMs`, then throw a
   * DatabaseError with code E_LOCK_TIMEOUT. PostgreSQL: a session-level
   * advisory lock. SQLite: nothing to take here (each transaction is
   * `BEGIN IMMEDIATE`, and the migrator re-reads the history inside it).
   */
  acquireMigrationLock(timeoutMs: number): Promise<void>
  releaseMigrationLock(): Promise<void>
  /**
   * The whole database as bytes, for a template (dialects with `templates`):
   * read in one read transaction, and only when no other connection has
   * committed anything since this one was opened, so that the bytes are
   * exactly what this connection's migrations made. undefined otherwise.
   */
  captureTemplate?(): Promise<Buffer | undefined>
  /** Does a table exist (in the connection's schema)? */
  tableExists(name: string): Promise<boolean>
  /**
   * Read the live schema back into the model (tables other than strata's
   * own). `schemas`: other schemas whose tables and enums are read too, named
   * `schema.name` (dialects with `capabilities.schemas`; others ignore it).
   */
  introspect(options?: { exclude?: readonly string[]; schemas?: readonly string[] }): Promise<Schema>
  /**
   * `schema` in the form `introspect()` would read it back once created in
   * this database, so that a model (the snapshot) and the live database can
   * be compared: what the database cannot store is dropped (SQLite: comments,
   * enums no column uses; both: `concurrently`, a way of building an index),
   * and what it re-prints is re-printed (PostgreSQL: CHECK, index and default
   * expressions, found by creating the tables in a scratch schema inside a
   * transaction that is rolled back). Changes nothing in the database.
   * `live`: the database's own schema, when the caller has it; text that is
   * already equal to the live database's needs no re-printing.
   */
  normalize(schema: Schema, live?: Schema): Promise<Schema>
  /**
   * What `introspect()` reads past: things the database has that the model
   * does not hold (a generated column, an index method, a deferrable
   * constraint …), each named with the reason. Reads only.
   */
  unkept?(options?: { exclude?: readonly string[]; schemas?: readonly string[] }): Promise<readonly UnkeptItem[]>
  /**
   * What `introspect` keeps as raw `sql` entries: objects of the current
   * schema the model does not hold and `introspect()` does not read, whose
   * DDL the catalog gives exactly (the unkept report leaves them out).
   * `exclude`: tables strata owns, whose objects are not offered. Reads only.
   */
  adoptableSql?(options?: { exclude?: readonly string[] }): Promise<readonly AdoptedSqlObject[]>
  /**
   * Every object of the database's catalog that a raw `sql` object could
   * make, by a stable key naming its kind and identity (`view
   * public.items_report`, `trigger items_audit on public.items`, `event
   * trigger ddl_log`). What a `sql` object made is the keys its create added
   * (migrations/sql-object-records.ts). Absent: the dialect cannot list its
   * catalog, and drift does not check what `sql` objects made. Reads only.
   */
  catalogKeys?(): Promise<readonly string[]>
  /**
   * The definitions of `keys` in the database's own normalised form
   * (pg_get_functiondef, pg_get_viewdef, pg_get_triggerdef …; SQLite's
   * sqlite_master.sql; MySQL's information_schema), for the keys that exist
   * (a key missing from the result is an object that is gone). Reads only.
   */
  catalogDefinitions?(keys: readonly string[]): Promise<ReadonlyMap<string, string>>
  close(): Promise<void>
}

export interface ConnectOptions {
  /** How long to wait for locks (SQLite busy timeout, PostgreSQL advisory lock). */
  readonly lockTimeoutMs?: number
  /**
   * Never create the database: when it does not exist, connect throws a
   * DatabaseError with code E_NO_DATABASE (SQLite would otherwise create the
   * file). For read-only questions such as "was this migration applied?".
   */
  readonly mustExist?: boolean
  /**
   * strata.yaml `grants: true`: `introspect()` reads the grants of the
   * objects strata manages (and the unkept report leaves them out).
   * Default false: grants are not read, and introspect names them as not kept.
   */
  readonly grants?: boolean
}

/**
 * What the linter (src/lint) must know about a database: its rules never ask
 * which database they look at, only these questions.
 */
export interface DialectLint {
  /**
   * DDL takes locks that block reads or writes for as long as it runs
   * (PostgreSQL): the lock rules (CREATE INDEX without CONCURRENTLY, constraints
   * without NOT VALID, SET NOT NULL, rewriting type changes, volatile defaults) apply.
   */
  readonly lockRules: boolean
  /**
   * A value added to an existing enum type can be used in the same
   * transaction. PostgreSQL: no ("unsafe use of new value").
   */
  readonly enumValuesUsableInSameTransaction: boolean
  /** Does changing a column's type from `from` to `to` rewrite the whole table (under an exclusive lock)? */
  rewritesTable(from: TypeSpec, to: TypeSpec): boolean
  /** Is this default evaluated per row, so that ADD COLUMN with it rewrites the table? */
  volatileDefault(value: DefaultValue): boolean
  /**
   * A SQL predicate over `column` (already quoted), true for the rows whose
   * value a type change from `from` to `to` would change or reject; undefined
   * when no value can be lost, or when the dialect cannot tell.
   */
  lossyCastPredicate(column: string, from: TypeSpec, to: TypeSpec): string | undefined
  /**
   * A SQL predicate true for the rows whose array `column` (already quoted)
   * holds one of `literals` (SQL string literals), for a dialect with arrays
   * (capability `arrays`). Absent: such a column is not looked at.
   */
  arrayHoldsAny?(column: string, literals: readonly string[]): string
}

/**
 * How many entries of the server's shared lock table a transaction takes,
 * for a database whose lock table is bounded (PostgreSQL: every table, index,
 * sequence, TOAST table and constraint created, altered or dropped is locked
 * until COMMIT, and the table holds max_locks_per_transaction × (max_connections
 * + max_prepared_transactions) objects for the whole server). A migration
 * larger than a transaction can hold is applied in parts (migrations/parts.ts).
 */
export interface LockModel {
  /**
   * Keys of the objects an operation locks (estimated on the high side); the
   * same key from two operations of one transaction is one lock. `before` and
   * `after` are the schemas around the operation.
   */
  objects(operation: Operation, before: Schema, after: Schema): readonly string[]
  /** Lock-table entries one transaction may use when the server's settings are unknown (`strata sql`, offline). */
  readonly defaultBudget: number
  /** How the default budget is derived, for messages. */
  readonly defaultBudgetReason: string
}

/**
 * A throw-away database for `strata check`: created empty, proven on, then
 * removed by `dispose` (also on failure and on Ctrl-C).
 */
export interface ScratchDatabase {
  /**
   * `memory`: an in-memory database of this process (SQLite); `server`: a
   * database created on the server of the URL given, dropped by `dispose`;
   * `embedded`: a database engine run inside this process (PGlite).
   */
  readonly kind: 'memory' | 'server' | 'embedded'
  /** For messages: what it is and where, without passwords. */
  readonly description: string
  /** The database's name on the server (kind `server`). */
  readonly name?: string
  /** The engine's version string (`SELECT version()` or the like). */
  readonly version: string
  /** The open connection into it. */
  readonly connection: Connection
  /** Close the connection and remove the database. Safe to call more than once. */
  dispose(): Promise<void>
}

export interface ScratchOptions {
  /**
   * A database of this dialect whose server may hold the scratch database
   * (it is only connected to, to create and drop it). Absent: a database
   * that needs no server (SQLite in memory, PostgreSQL embedded), or a
   * UsageError when the dialect has none.
   */
  readonly url?: string
  /** How long to wait for locks in the scratch database. */
  readonly lockTimeoutMs?: number
}

export interface Dialect {
  readonly name: DialectName
  readonly capabilities: DialectCapabilities
  readonly compiler: SqlCompiler
  /** Present when one transaction can hold only so many locks (PostgreSQL). */
  readonly locks?: LockModel
  readonly lint: DialectLint
  /** Open a connection. Drivers are imported lazily, here, not at start-up. */
  connect(url: string, options?: ConnectOptions): Promise<Connection>
  /**
   * Create an empty throw-away database of this dialect (`strata check`).
   * Absent: the dialect cannot make one, and `check` says so.
   */
  scratch?(options: ScratchOptions): Promise<ScratchDatabase>
  /**
   * Creating a new database as a copy of one that `migrate` made from
   * nothing (issue 13, src/migrations/template.ts). Absent: the dialect has
   * no database that is a file to copy, and migrate always runs the SQL.
   */
  readonly templates?: DatabaseTemplates
}

/**
 * A dialect whose database is a file that can be copied whole (SQLite).
 * The copy is made beside the target and moved into place only while the
 * target does not exist, so nothing that exists is ever overwritten.
 */
export interface DatabaseTemplates {
  /** What besides strata decides the database's bytes (SQLite's library version), for the template's key. */
  engine(): string
  /** The URL names a database that does not exist at all yet (no file, no journal): a copy loses nothing. */
  isNew(url: string): boolean
  /**
   * Copy the database file `from` beside the URL's and open the copy (to
   * adjust, then publish). `sha`: the sha256 its bytes must have; undefined
   * (nothing staged) when the copy's differ.
   */
  stage(url: string, from: string, sha: string, options?: ConnectOptions): Promise<StagedDatabase | undefined>
}

/** A database written from a template beside its target, not yet in place. */
export interface StagedDatabase {
  readonly connection: Connection
  /**
   * Close the connection and move the database into place. false: the
   * target appeared meanwhile; the staged copy is removed and the target
   * left as it is.
   */
  publish(): Promise<boolean>
  /** Close and remove the staged copy. */
  discard(): Promise<void>
}
