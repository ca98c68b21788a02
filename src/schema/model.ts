/**
 * The resolved schema model: readonly plain data, the one shape that YAML
 * loading, the snapshot, migration replay and the introspectors all produce,
 * so that "files vs snapshot" and "database vs snapshot" are the same diff.
 *
 * Everything here is JSON-compatible: the snapshot is this model serialised
 * canonically (see `canonicalSchema`), and migration operations embed it.
 *
 * Conventions:
 * - `tables` and `enums` are sorted by name; a table's `columns` keep their
 *   declaration order (new columns are appended); `uniques`, `indexes`,
 *   `foreignKeys` and `checks` are sorted by name.
 * - Every constraint and index has its final name (deterministic, see
 *   naming.ts): the model never holds an anonymous constraint.
 * - Inline enums (`type: enum, values: [...]`) are hoisted to a top-level
 *   enum named `<table>_<column>` during resolution, so a column's enum is
 *   always referenced by name.
 */

import type { CustomType } from './custom-types'
import type { Domain } from './domains'
import type { Extension } from './extensions'
import type { StoredFunction } from './functions'
import type { Partition, PartitionKey } from './partitions'
import type { Policy, RowLevelSecurity } from './policies'
import type { Sequence } from './sequences'
import type { SqlObject } from './sql-objects'
import type { Grant } from './grants'
import type { Trigger } from './triggers'
import type { View } from './views'

/** The portable column types of SPEC §2. */
export const COLUMN_TYPES = [
  'string',
  'text',
  'smallint',
  'integer',
  'bigint',
  'boolean',
  'float',
  'double',
  'decimal',
  'date',
  'time',
  'timestamp',
  'uuid',
  'json',
  'binary',
  'enum',
  'native',
] as const

export type ColumnType = (typeof COLUMN_TYPES)[number]

/** Integer types: the only ones that may be `autoincrement`. */
export const INTEGER_TYPES: readonly ColumnType[] = ['smallint', 'integer', 'bigint']

/** Portable default expressions (`default: { expr: now }`). */
export const DEFAULT_EXPRESSIONS = ['now', 'current_date', 'uuid'] as const
export type DefaultExpression = (typeof DEFAULT_EXPRESSIONS)[number]

/** A literal value: a column default, a row value in data operations. */
export type Literal = string | number | boolean

/** SQL text per dialect. A plain string applies to every dialect. */
export type DialectSql = string | { readonly postgres?: string; readonly sqlite?: string; readonly mysql?: string }

/**
 * A column default:
 * - a YAML scalar is a literal (`false`, `0`, `reader`);
 * - `{ expr }` a portable expression;
 * - `{ sql }` raw SQL, possibly per dialect.
 */
export type DefaultValue = Literal | { readonly expr: DefaultExpression } | { readonly sql: DialectSql }

/** A column's type and its options: the part an `alterColumn` type change replaces whole. */
export interface TypeSpec {
  readonly type: ColumnType
  /** `string` only: varchar(n) on PostgreSQL; no length means `text`. */
  readonly length?: number
  /** `decimal` only. */
  readonly precision?: number
  /** `decimal` only. */
  readonly scale?: number
  /** `timestamp` only: timestamptz on PostgreSQL. */
  readonly timezone?: boolean
  /** `enum` only: the name of a top-level enum. */
  readonly enum?: string
  /** `native` only: the type per dialect, used as given. */
  readonly native?: { readonly postgres?: string; readonly sqlite?: string; readonly mysql?: string }
  /** Integer types only: identity on PostgreSQL, INTEGER PRIMARY KEY on SQLite. */
  readonly autoincrement?: boolean
  /**
   * `autoincrement` only, PostgreSQL: `always` for GENERATED ALWAYS AS
   * IDENTITY; absent for BY DEFAULT (the model never holds `by default`).
   */
  readonly identity?: 'always'
  /**
   * `autoincrement` only, PostgreSQL: a serial column. The values come from
   * this sequence (owned by the column) through the column default
   * `nextval('<sequence>')`, not from an identity.
   */
  readonly sequence?: string
  /**
   * `autoincrement` only, SQLite: declared AUTOINCREMENT, so rowids are never
   * reused (https://www.sqlite.org/autoinc.html).
   */
  readonly monotonic?: boolean
  /**
   * The column's collation, when not its type's default: PostgreSQL `C`,
   * `en-x-icu` or a schema-qualified `myschema.mycoll` (as the catalog names
   * it: unqualified for pg_catalog's), SQLite `NOCASE` / `RTRIM` / `BINARY`,
   * MySQL `utf8mb4_bin`. Part of the type: changing it is a type change.
   * https://www.postgresql.org/docs/current/collation.html
   * https://www.sqlite.org/datatype3.html#collation
   */
  readonly collation?: string
  /**
   * PostgreSQL: an array of the type, with this many dimensions as declared
   * (`integer[]` is 1, `integer[][]` 2; PostgreSQL does not enforce them,
   * pg_attribute.attndims records them). Absent: not an array. Part of the
   * type. Dialects without arrays (capability `arrays`) refuse it unless the
   * column spells its type for them (`native: { sqlite: TEXT }`).
   * https://www.postgresql.org/docs/current/arrays.html
   */
  readonly array?: number
}

/** The keys of `TypeSpec` besides `type`: replaced together on a type change. */
export const TYPE_KEYS = ['type', 'length', 'precision', 'scale', 'timezone', 'enum', 'native', 'autoincrement', 'identity', 'sequence', 'monotonic', 'collation', 'array'] as const

/**
 * A generated column's expression: `GENERATED ALWAYS AS (expression)`, the
 * value computed from the row's other columns; such a column takes no
 * default and is never written to.
 * https://www.postgresql.org/docs/current/ddl-generated-columns.html
 * https://www.sqlite.org/gencol.html
 */
export interface Generated {
  /** SQL expression, as written (PostgreSQL re-prints it: see postgres-normalize.ts). */
  readonly expression: string
  /**
   * STORED: computed on write and kept on disk. Absent: VIRTUAL, computed on
   * read (SQLite and MySQL; PostgreSQL before 18 has STORED only).
   */
  readonly stored?: boolean
}

export interface Column extends TypeSpec {
  readonly name: string
  /** Columns are NOT NULL unless `nullable: true`. */
  readonly nullable?: boolean
  readonly default?: DefaultValue
  /** A generated column (GENERATED ALWAYS AS … STORED / VIRTUAL). */
  readonly generated?: Generated
  /**
   * `now`: the column takes the current time whenever its row is updated
   * (MySQL's `ON UPDATE CURRENT_TIMESTAMP` on a TIMESTAMP / DATETIME column),
   * besides its default. Only on dialects with `capabilities.onUpdateNow`;
   * `validate` refuses it for a project with another database. Absent: none.
   * https://dev.mysql.com/doc/refman/8.0/en/timestamp-initialization.html
   */
  readonly onUpdate?: OnUpdate
  readonly comment?: string
}

/** What a column takes when its row is updated (see Column.onUpdate). */
export const ON_UPDATE_VALUES = ['now'] as const
export type OnUpdate = (typeof ON_UPDATE_VALUES)[number]

/**
 * When a constraint is checked: DEFERRABLE constraints may be checked at
 * COMMIT instead of after each statement (`SET CONSTRAINTS … DEFERRED`), and
 * INITIALLY DEFERRED ones are so by default.
 * https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARMS-DEFERRABLE
 * https://sqlite.org/foreignkeys.html#fk_deferred
 */
export interface ConstraintTiming {
  /** DEFERRABLE. Absent: NOT DEFERRABLE (checked after every statement). */
  readonly deferrable?: boolean
  /** INITIALLY DEFERRED (only with `deferrable`). Absent: INITIALLY IMMEDIATE. */
  readonly initiallyDeferred?: boolean
}

/** What every named constraint may carry besides its definition. */
export interface ConstraintAttributes extends ConstraintTiming {
  /** COMMENT ON CONSTRAINT (PostgreSQL); the snapshot keeps it elsewhere. Changed by `setComment`. */
  readonly comment?: string
}

/**
 * The keys of a constraint that `alterConstraint` changes in place (the
 * rest of a constraint is its definition: a change is a drop and an add).
 */
export const CONSTRAINT_STATE_KEYS = ['deferrable', 'initiallyDeferred', 'notValid'] as const

/** The state of a foreign key or check that `alterConstraint` changes. */
export interface ConstraintState extends ConstraintTiming {
  readonly notValid?: boolean
}

export interface PrimaryKey extends ConstraintAttributes {
  /** `<table>_pkey` unless given (`primaryKey: { name, columns }` in a schema file). */
  readonly name: string
  readonly columns: readonly string[]
}

export interface Unique extends ConstraintAttributes {
  /** `<table>_<cols>_key` unless given. */
  readonly name: string
  readonly columns: readonly string[]
}

/**
 * One element of an EXCLUDE constraint: a column or an expression, and the
 * operator that two rows must not both satisfy (`during WITH &&`).
 */
export interface ExclusionElement {
  /** Exactly one of `column` and `expression` is set. */
  readonly column?: string
  /** SQL as PostgreSQL prints it (`lower(name)`). */
  readonly expression?: string
  /** The operator (`=`, `&&`), possibly schema-qualified. */
  readonly operator: string
  /** The operator class, when not the type's default for the method (`range_ops`, a schema's `s.opc`). */
  readonly opclass?: string
  /** The collation, when not the column's own (`C`). */
  readonly collation?: string
  /** `desc`: DESC (an ordered method, btree). Absent: ASC. */
  readonly order?: 'desc'
  /** NULLS FIRST / LAST, held only when not the default for the order (as for indexes). */
  readonly nulls?: 'first' | 'last'
}

/** The keys of an EXCLUDE element's index options, in the order CREATE writes them. */
export const EXCLUSION_ELEMENT_OPTION_KEYS = ['collation', 'opclass', 'order', 'nulls'] as const

/**
 * EXCLUDE USING method (elements) [WHERE (predicate)] (PostgreSQL): no two
 * rows for which every element's operator holds.
 * https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-EXCLUDE
 */
export interface Exclusion extends ConstraintAttributes {
  /** `<table>_<cols>_excl` unless given. */
  readonly name: string
  /** The index method; absent: `gist`. */
  readonly method?: string
  readonly elements: readonly ExclusionElement[]
  /**
   * INCLUDE (columns): stored in the constraint's index without being
   * compared (PostgreSQL 11+), as an index's `include`. Absent: none.
   */
  readonly include?: readonly string[]
  /** Partial: the rows it applies to, SQL as PostgreSQL prints it. */
  readonly where?: string
}

/** The default method of an EXCLUDE constraint: never held in the model. */
export const DEFAULT_EXCLUSION_METHOD = 'gist'

/**
 * How one column of an index is indexed, beyond its name
 * (https://www.postgresql.org/docs/current/indexes-ordering.html,
 * https://www.postgresql.org/docs/current/indexes-opclass.html).
 */
export interface IndexColumnOptions {
  /** `desc`: DESC. Absent: ASC. */
  readonly order?: 'desc'
  /**
   * PostgreSQL: NULLS FIRST / LAST, held only when it is not the default for
   * the order (NULLS LAST for ASC, NULLS FIRST for DESC).
   */
  readonly nulls?: 'first' | 'last'
  /** The collation (`COLLATE "C"`, SQLite `NOCASE`), when not the column's own. */
  readonly collation?: string
  /** PostgreSQL: the operator class (`text_pattern_ops`), when not the type's default. */
  readonly opclass?: string
  /**
   * MySQL: index only the first `length` characters (bytes for binary
   * columns), a prefix index; TEXT and BLOB columns need one.
   * https://mariadb.com/kb/en/create-index/#column-prefixes
   */
  readonly length?: number
}

/** The keys of `IndexColumnOptions`. */
export const INDEX_COLUMN_OPTION_KEYS = ['order', 'nulls', 'collation', 'opclass', 'length'] as const

/** The default index method of every dialect: never held in the model. */
export const DEFAULT_INDEX_METHOD = 'btree'

export interface Index {
  /** `<table>_<cols>_idx` unless given. */
  readonly name: string
  /** Plain column index; exactly one of `columns` and `expression` is set. */
  readonly columns?: readonly string[]
  /**
   * Column indexes only: per-column options by column name (a column is in an
   * index once); absent for a column indexed plainly, absent when none has any.
   */
  readonly columnOptions?: Readonly<Record<string, IndexColumnOptions>>
  /** Expression index, SQL as written (`lower(email)`). */
  readonly expression?: string
  readonly unique?: boolean
  /**
   * The index method, in the dialect's words (PostgreSQL: `hash`, `gin`,
   * `gist`, `brin`, `spgist`, or an extension's; MySQL: `fulltext`,
   * `spatial`); absent: the default
   * (B-tree). An open value: each dialect says which it has
   * (`capabilities.indexes.methods`).
   */
  readonly method?: string
  /** PostgreSQL: INCLUDE columns, stored in the index but not keys of it. */
  readonly include?: readonly string[]
  /** PostgreSQL 15+: UNIQUE NULLS NOT DISTINCT (one NULL at most). */
  readonly nullsNotDistinct?: boolean
  /** Partial index predicate, SQL as written. */
  readonly where?: string
  /** PostgreSQL: build with CREATE INDEX CONCURRENTLY (outside a transaction). */
  readonly concurrently?: boolean
  /** COMMENT ON INDEX (PostgreSQL), the index's COMMENT (MySQL); the snapshot keeps it elsewhere. Changed by `setComment`. */
  readonly comment?: string
}

export const REFERENTIAL_ACTIONS = ['cascade', 'restrict', 'set null', 'set default', 'no action'] as const
export type ReferentialAction = (typeof REFERENTIAL_ACTIONS)[number]

export interface ForeignKey extends ConstraintAttributes {
  /** `<table>_<cols>_fkey` unless given. */
  readonly name: string
  readonly columns: readonly string[]
  readonly references: { readonly table: string; readonly columns: readonly string[] }
  /** Default `no action` (omitted in the model when `no action`). */
  readonly onDelete?: ReferentialAction
  readonly onUpdate?: ReferentialAction
  /**
   * MATCH FULL: a multi-column key with some columns NULL is refused (not
   * skipped). Absent: MATCH SIMPLE. PostgreSQL only (SQLite and MySQL parse
   * MATCH and ignore it).
   * https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARMS-REFERENCES
   */
  readonly match?: 'full'
  /**
   * NOT VALID (PostgreSQL): rows already in the table were not checked, new
   * ones are. Introspection reads `pg_constraint.convalidated`, so a
   * constraint validated since (VALIDATE CONSTRAINT) has no `notValid`, and
   * dropping the key from the files validates it.
   */
  readonly notValid?: boolean
}

/** A CHECK constraint: never deferrable (https://www.postgresql.org/docs/current/sql-createtable.html). */
export interface Check {
  /** `<table>_<name>_check` unless given. */
  readonly name: string
  /** SQL boolean expression as written. */
  readonly expression: string
  /** COMMENT ON CONSTRAINT (PostgreSQL). Changed by `setComment`. */
  readonly comment?: string
  /** NOT VALID (PostgreSQL), as for a foreign key. */
  readonly notValid?: boolean
  /** NO INHERIT (PostgreSQL): the check does not apply to child tables. */
  readonly noInherit?: boolean
}

/**
 * Options of a table as a whole, changed together by `setTableOptions`.
 * Each applies to one dialect and means nothing on the others.
 */
export interface TableOptions {
  /** SQLite: a STRICT table (declared types enforced). https://www.sqlite.org/stricttables.html */
  readonly strict?: boolean
  /** SQLite: WITHOUT ROWID (needs a primary key). https://www.sqlite.org/withoutrowid.html */
  readonly withoutRowid?: boolean
  /** MySQL / MariaDB: ENGINE, DEFAULT CHARSET, COLLATE and ROW_FORMAT of the table. */
  readonly mysql?: MysqlTableOptions
  /**
   * PostgreSQL: an UNLOGGED table, not written to the write-ahead log (faster,
   * emptied after a crash, not replicated); changed with ALTER TABLE SET
   * LOGGED / UNLOGGED. https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-UNLOGGED
   */
  readonly unlogged?: boolean
}

/**
 * A MySQL table's options, each absent when it is the database's default
 * (https://mariadb.com/kb/en/create-table/#table-options). Values are
 * lowercase in the model (`innodb`, `utf8mb4_unicode_ci`, `dynamic`):
 * MySQL takes them in any case.
 */
export interface MysqlTableOptions {
  /** ENGINE (`innodb`, `myisam`, `aria`, `memory`). */
  readonly engine?: string
  /** DEFAULT CHARSET (`utf8mb4`); its default collation unless `collation` says. */
  readonly charset?: string
  /** COLLATE (`utf8mb4_unicode_ci`); it implies its charset. */
  readonly collation?: string
  /** ROW_FORMAT (`dynamic`, `compact`, `compressed`, `redundant`). */
  readonly rowFormat?: string
}

/** The keys of `MysqlTableOptions`. */
export const MYSQL_TABLE_OPTION_KEYS = ['engine', 'charset', 'collation', 'rowFormat'] as const

/** The keys of `TableOptions`. */
export const TABLE_OPTION_KEYS = ['strict', 'withoutRowid', 'mysql', 'unlogged'] as const

/** The options a table has (absent ones left out). */
export function tableOptionsOf(table: TableOptions): TableOptions {
  const out: Record<string, unknown> = {}
  for (const key of TABLE_OPTION_KEYS) if (table[key]) out[key] = table[key]
  return out as TableOptions
}

export interface Table extends TableOptions {
  readonly name: string
  readonly columns: readonly Column[]
  /**
   * Absent: the table has no primary key (`primaryKey: false` in a schema
   * file; a table that declares nothing gets the implicit `id` instead).
   */
  readonly primaryKey?: PrimaryKey
  readonly uniques: readonly Unique[]
  readonly indexes: readonly Index[]
  readonly foreignKeys: readonly ForeignKey[]
  readonly checks: readonly Check[]
  /** EXCLUDE constraints (PostgreSQL), sorted by name; absent when there are none. */
  readonly exclusions?: readonly Exclusion[]
  readonly comment?: string
  /**
   * PostgreSQL: ENABLE / FORCE ROW LEVEL SECURITY (policies.ts); absent when
   * both are off. Changed by `setRowLevelSecurity`.
   */
  readonly rowLevelSecurity?: RowLevelSecurity
  /**
   * PostgreSQL: PARTITION BY (partitions.ts); absent for an ordinary table.
   * Set when the table is created: a change is refused by name.
   */
  readonly partitionBy?: PartitionKey
  /** PostgreSQL: the partitions of a partitioned table, sorted by name; absent when there are none. */
  readonly partitions?: readonly Partition[]
}

export interface Enum {
  readonly name: string
  readonly values: readonly string[]
}

export interface Schema {
  readonly tables: readonly Table[]
  readonly enums: readonly Enum[]
  /** Views and materialized views, sorted by name; absent when there are none (views.ts). */
  readonly views?: readonly View[]
  /** Triggers, sorted by name; absent when there are none (triggers.ts). */
  readonly triggers?: readonly Trigger[]
  /** Functions and procedures (PostgreSQL), sorted by name; absent when there are none (functions.ts). */
  readonly functions?: readonly StoredFunction[]
  /** Row-level security policies (PostgreSQL), sorted by table then name; absent when there are none (policies.ts). */
  readonly policies?: readonly Policy[]
  /** Standalone sequences (PostgreSQL), sorted by name; absent when there are none (sequences.ts). */
  readonly sequences?: readonly Sequence[]
  /** Extensions (PostgreSQL), sorted by name; absent when there are none (extensions.ts). */
  readonly extensions?: readonly Extension[]
  /** Domains (PostgreSQL), sorted by name; absent when there are none (domains.ts). */
  readonly domains?: readonly Domain[]
  /** Composite and range types (PostgreSQL), sorted by name; absent when there are none (custom-types.ts). */
  readonly types?: readonly CustomType[]
  /** Grants (PostgreSQL, with `grants: true` in strata.yaml), sorted by grantKey; absent when there are none (grants.ts). */
  readonly grants?: readonly Grant[]
  /**
   * Raw `sql` objects in the order they are created in: file order in the
   * files' model, the order they were created in in a snapshot (never
   * sorted: the order is theirs); absent when there are none (sql-objects.ts).
   */
  readonly sql?: readonly SqlObject[]
}

export const EMPTY_SCHEMA: Schema = { tables: [], enums: [] }

/**
 * Name to table (the first of that name) of a list of tables, built on the
 * first lookup in a long list. Replaying a large migration looks up a table
 * for every operation, each on a new list: `moveTableIndex` hands a list's
 * index on to the list an operation made from it, so that a 2,000-table
 * initial migration costs each operation one lookup, not a scan.
 */
const tableIndexes = new WeakMap<readonly Table[], Map<string, Table>>()
const INDEXED_FROM = 16

export function findTable(schema: Schema, name: string): Table | undefined {
  const tables = schema.tables
  if (tables.length < INDEXED_FROM) {
    for (let i = 0; i < tables.length; i++) if (tables[i]!.name === name) return tables[i]
    return undefined
  }
  let index = tableIndexes.get(tables)
  if (!index) {
    index = new Map()
    for (const t of tables) if (!index.has(t.name)) index.set(t.name, t)
    tableIndexes.set(tables, index)
  }
  return index.get(name)
}

/**
 * Hand the index of `from` (if it has one) on to `to`, a new list made from
 * it, after `edit` makes it `to`'s. `from` then builds its own again when
 * asked: an index belongs to one list and always says what that list holds.
 * A list with two tables of one name (a replay about to fail) is not handed on.
 */
export function moveTableIndex(from: readonly Table[], to: readonly Table[], edit: (index: Map<string, Table>) => void): void {
  const index = tableIndexes.get(from)
  if (!index) return
  tableIndexes.delete(from)
  if (index.size !== from.length) return
  edit(index)
  if (index.size === to.length) tableIndexes.set(to, index)
}

export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name)
}

export function findEnum(schema: Schema, name: string): Enum | undefined {
  return schema.enums.find((e) => e.name === name)
}

/** The type part of a column (what `alterColumn` replaces whole on a type change). */
export function typeSpecOf(column: TypeSpec): TypeSpec {
  const out: Record<string, unknown> = {}
  for (const key of TYPE_KEYS) {
    const value = (column as unknown as Record<string, unknown>)[key]
    if (value !== undefined) out[key] = value
  }
  return out as unknown as TypeSpec
}

/** Is the default a literal (as opposed to an expression or raw SQL)? */
export function isLiteralDefault(value: DefaultValue): value is Literal {
  return typeof value !== 'object'
}

/** The SQL text for a dialect, or undefined when it gives none for it. */
export function sqlFor(sql: DialectSql, dialect: 'postgres' | 'sqlite' | 'mysql'): string | undefined {
  return typeof sql === 'string' ? sql : sql[dialect]
}

/**
 * Rename hints from the schema files (`renamedFrom`): they steer the diff and
 * are never part of the model or the snapshot.
 */
export interface RenameHints {
  /** New table name to old table name. */
  readonly tables: Readonly<Record<string, string>>
  /** Table (new name) to new column name to old column name. */
  readonly columns: Readonly<Record<string, Readonly<Record<string, string>>>>
}

export const NO_HINTS: RenameHints = { tables: {}, columns: {} }
