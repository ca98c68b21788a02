/**
 * Reads the live schema (the connection's database) from information_schema
 * into the model, one query per catalog table for all tables at once.
 *
 * - The primary key is always called PRIMARY: it reads back as `<table>_pkey`,
 *   strata's default name.
 * - Unique constraints and unique indexes are the same thing in MySQL: both
 *   read back as uniques (normalize writes a unique column index that way).
 * - The index InnoDB creates for a foreign key no index serves carries the
 *   constraint's name and belongs to the key: it is not read as an index.
 * - ENUM columns read back with an enum of their own named `<table>_<column>`.
 * - MariaDB stores JSON as LONGTEXT with a column CHECK `json_valid(col)`:
 *   that reads back as `json`, without the check (whatever the check's
 *   name: it keeps the column's first name through a rename).
 *   https://mariadb.com/kb/en/json-data-type/
 *
 * - A unique index with only columns reads back as a unique constraint; one
 *   with a comment or a prefix length stays a unique index (a unique
 *   constraint has neither).
 * - FULLTEXT and SPATIAL indexes (INDEX_TYPE) read back with that method,
 *   prefix lengths (SUB_PART) as the column's `length`. A SPATIAL key's
 *   SUB_PART (32 on some servers) is the engine's, not a prefix.
 *   https://mariadb.com/kb/en/information-schema-statistics-table/
 */
import { SQL_OBJECTS_TABLE } from '../sql-objects'
import type { Check, Column, Enum, ForeignKey, Index, MysqlTableOptions, ReferentialAction, Schema, Table, Unique } from '../../schema/model'
import { canonicalSchema } from '../../schema/canonical'
import { readMysqlObjects } from './mysql-objects-read'
import { readMysqlRoutines } from './mysql-routines-read'
import type { Row } from '../dialect'
import { defaultFromCatalog, parseEnumValues, typeFromCatalog } from './mysql-types'

export type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

/** strata's own history table, never part of the user's schema. */
export const HISTORY_TABLE = 'strata_migrations'

const TABLES = `
SELECT t.TABLE_NAME AS name, t.TABLE_COMMENT AS comment, t.ENGINE AS engine, t.TABLE_COLLATION AS collation,
       t.CREATE_OPTIONS AS create_options, c.CHARACTER_SET_NAME AS charset, c.IS_DEFAULT AS default_collation
FROM information_schema.TABLES t
LEFT JOIN information_schema.COLLATIONS c ON c.COLLATION_NAME = t.TABLE_COLLATION
WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'`

/** What a table without options gets: the database's collation and the server's engine. */
export const DEFAULTS = `
SELECT s.DEFAULT_COLLATION_NAME AS collation, @@default_storage_engine AS engine
FROM information_schema.SCHEMATA s WHERE s.SCHEMA_NAME = DATABASE()`

const COLUMNS = `
SELECT TABLE_NAME AS table_name, COLUMN_NAME AS name, DATA_TYPE AS data_type, COLUMN_TYPE AS column_type,
       CHARACTER_MAXIMUM_LENGTH AS max_length, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra,
       GENERATION_EXPRESSION AS generation, COLUMN_COMMENT AS comment, COLLATION_NAME AS collation
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, ORDINAL_POSITION`

const STATISTICS = `
SELECT TABLE_NAME AS table_name, INDEX_NAME AS name, NON_UNIQUE AS non_unique, COLUMN_NAME AS column_name,
       SUB_PART AS sub_part, INDEX_TYPE AS index_type, INDEX_COMMENT AS index_comment
FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`

const FOREIGN_KEYS = `
SELECT k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS column_name,
       k.REFERENCED_TABLE_NAME AS ref_table, k.REFERENCED_COLUMN_NAME AS ref_column,
       r.DELETE_RULE AS on_delete, r.UPDATE_RULE AS on_update
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`

// MariaDB's CHECK_CONSTRAINTS has TABLE_NAME and LEVEL (check names are per
// table there); MySQL 8's has neither (names are per schema), so it is joined
// with TABLE_CONSTRAINTS instead.
const CHECKS_MARIADB = `
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause, LEVEL AS level
FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`

const CHECKS_MYSQL = `
SELECT t.TABLE_NAME AS table_name, c.CONSTRAINT_NAME AS name, c.CHECK_CLAUSE AS clause, 'Table' AS level
FROM information_schema.CHECK_CONSTRAINTS c
JOIN information_schema.TABLE_CONSTRAINTS t ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME
WHERE c.CONSTRAINT_SCHEMA = DATABASE() AND t.CONSTRAINT_TYPE = 'CHECK'`

const ACTIONS: Record<string, ReferentialAction> = {
  'NO ACTION': 'no action',
  RESTRICT: 'restrict',
  CASCADE: 'cascade',
  'SET NULL': 'set null',
  'SET DEFAULT': 'set default',
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

interface Parts {
  table: Mutable<Table>
  columns: Column[]
  uniques: Unique[]
  indexes: Index[]
  foreignKeys: ForeignKey[]
  checks: Check[]
}

/**
 * A table's options where they are not the defaults: the engine when not the
 * server's, the charset (and the collation when not the charset's default)
 * when the collation is not the database's, the row format when CREATE
 * TABLE said one (CREATE_OPTIONS holds `row_format=…` then).
 * https://mariadb.com/kb/en/information-schema-tables-table/
 */
export function tableOptionsFromCatalog(row: Row, defaults: Row): MysqlTableOptions | undefined {
  const out: Mutable<MysqlTableOptions> = {}
  const lower = (v: unknown) => String(v ?? '').toLowerCase()
  if (row.engine && lower(row.engine) !== lower(defaults.engine)) out.engine = lower(row.engine)
  if (row.collation && lower(row.collation) !== lower(defaults.collation)) {
    if (row.charset) out.charset = lower(row.charset)
    if (row.default_collation !== 'Yes' || !row.charset) out.collation = lower(row.collation)
  }
  const rowFormat = /\brow_format=(\w+)/i.exec(String(row.create_options ?? ''))
  if (rowFormat) out.rowFormat = rowFormat[1]!.toLowerCase()
  return Object.keys(out).length ? out : undefined
}

/** The name the introspector gives the enum of an ENUM column. */
export function columnEnumName(table: string, column: string): string {
  return `${table}_${column}`
}

/** The live schema: every base table, view and trigger of the current database except strata's history table and `exclude`. */
export async function introspectMysql(query: QueryFn, mariadb: boolean, options: { exclude?: readonly string[] } = {}): Promise<Schema> {
  const excluded = new Set([HISTORY_TABLE, SQL_OBJECTS_TABLE, ...(options.exclude ?? [])])
  const tableRows = await query(TABLES)
  const defaults = (await query(DEFAULTS))[0] ?? {}
  const columnRows = await query(COLUMNS)
  const statRows = await query(STATISTICS)
  const fkRows = await query(FOREIGN_KEYS)
  const checkRows = await query(mariadb ? CHECKS_MARIADB : CHECKS_MYSQL)
  const byName = new Map<string, Parts>()
  const tableCollations = new Map<string, string>()
  for (const row of tableRows) {
    const name = String(row.name)
    if (excluded.has(name)) continue
    const table: Mutable<Table> = { name, columns: [], uniques: [], indexes: [], foreignKeys: [], checks: [] }
    if (row.comment) table.comment = String(row.comment)
    const options = tableOptionsFromCatalog(row, defaults)
    if (options) table.mysql = options
    if (row.collation) tableCollations.set(name, String(row.collation))
    byName.set(name, { table, columns: [], uniques: [], indexes: [], foreignKeys: [], checks: [] })
  }
  // MariaDB's JSON columns: a column-level check `json_valid(`col`)` named after the column.
  const jsonColumns = new Set<string>()
  for (const row of checkRows) {
    const parts = byName.get(String(row.table_name))
    if (!parts) continue
    const name = String(row.name)
    const clause = String(row.clause)
    // The check keeps the column's first name when the column is renamed
    // (RENAME COLUMN rewrites the clause, not the name): the clause names it.
    const json = /^json_valid\(`((?:[^`]|``)+)`\)$/.exec(clause.replace(/\s/g, ''))
    if (row.level === 'Column' && json) {
      jsonColumns.add(JSON.stringify([parts.table.name, json[1]!.replace(/``/g, '`')]))
      continue
    }
    parts.checks.push({ name, expression: clause })
  }
  const enums: Enum[] = []
  for (const row of columnRows) {
    const parts = byName.get(String(row.table_name))
    if (!parts) continue
    const name = String(row.name)
    const enumName = columnEnumName(parts.table.name, name)
    let spec = typeFromCatalog(
      { dataType: String(row.data_type), columnType: String(row.column_type), maxLength: row.max_length === null ? null : Number(row.max_length) },
      enumName,
    )
    if (spec.type === 'text' && jsonColumns.has(JSON.stringify([parts.table.name, name]))) spec = { type: 'json' }
    if (spec.type === 'enum') enums.push({ name: enumName, values: parseEnumValues(String(row.column_type)) })
    const column: Mutable<Column> = { name, ...spec }
    const extra = String(row.extra ?? '')
    if (/auto_increment/i.test(extra)) column.autoincrement = true
    else if (/\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.test(extra) && row.generation !== null && row.generation !== undefined) {
      // EXTRA says VIRTUAL GENERATED or STORED GENERATED (MariaDB: PERSISTENT GENERATED too).
      column.generated = /\bVIRTUAL\b/i.test(extra) ? { expression: String(row.generation) } : { expression: String(row.generation), stored: true }
    } else {
      const dflt = defaultFromCatalog(row.dflt === null ? null : String(row.dflt), extra, spec, mariadb)
      if (dflt !== undefined) column.default = dflt
    }
    // EXTRA says `on update current_timestamp()` (MariaDB; `(6)` with the
    // column's precision) or `DEFAULT_GENERATED on update CURRENT_TIMESTAMP` (MySQL 8).
    // https://mariadb.com/kb/en/information-schema-columns-table/
    if (/\bon update current_timestamp\b/i.test(extra)) column.onUpdate = 'now'
    if (row.nullable === 'YES') column.nullable = true
    if (row.comment) column.comment = String(row.comment)
    // A collation other than the table's default is the column's own
    // (MariaDB's JSON is LONGTEXT in utf8mb4_bin by definition: not the column's).
    // https://dev.mysql.com/doc/refman/8.0/en/charset-column.html
    if (row.collation && spec.type !== 'json' && String(row.collation) !== tableCollations.get(parts.table.name)) column.collation = String(row.collation)
    parts.columns.push(column)
  }
  const fks = new Map<string, Mutable<ForeignKey> & { columns: string[]; references: { table: string; columns: string[] } }>()
  for (const row of fkRows) {
    const parts = byName.get(String(row.table_name))
    if (!parts) continue
    const key = JSON.stringify([parts.table.name, row.name])
    let fk = fks.get(key)
    if (!fk) {
      fk = { name: String(row.name), columns: [], references: { table: String(row.ref_table), columns: [] } }
      const onDelete = ACTIONS[String(row.on_delete)]
      const onUpdate = ACTIONS[String(row.on_update)]
      if (onDelete && onDelete !== 'no action') fk.onDelete = onDelete
      if (onUpdate && onUpdate !== 'no action') fk.onUpdate = onUpdate
      fks.set(key, fk)
      parts.foreignKeys.push(fk)
    }
    fk.columns.push(String(row.column_name))
    fk.references.columns.push(String(row.ref_column))
  }
  const indexes = new Map<string, { parts: Parts; index: Mutable<Index> & { columns: string[] } }>()
  for (const row of statRows) {
    const parts = byName.get(String(row.table_name))
    if (!parts) continue
    const key = JSON.stringify([parts.table.name, row.name])
    let entry = indexes.get(key)
    if (!entry) {
      const index: Mutable<Index> & { columns: string[] } = { name: String(row.name), columns: [] }
      if (Number(row.non_unique) === 0) index.unique = true
      const type = String(row.index_type ?? '').toLowerCase()
      if (type === 'fulltext' || type === 'spatial') index.method = type
      if (row.index_comment) index.comment = String(row.index_comment)
      entry = { parts, index }
      indexes.set(key, entry)
    }
    const column = String(row.column_name)
    entry.index.columns.push(column)
    if (row.sub_part !== null && row.sub_part !== undefined && entry.index.method !== 'spatial') {
      entry.index.columnOptions = { ...entry.index.columnOptions, [column]: { length: Number(row.sub_part) } }
    }
  }
  for (const { parts, index } of indexes.values()) {
    const { name, columns } = index
    if (name === 'PRIMARY') parts.table.primaryKey = { name: `${parts.table.name}_pkey`, columns }
    else if (index.unique && index.comment === undefined && index.columnOptions === undefined) parts.uniques.push({ name, columns })
    else if (!parts.foreignKeys.some((fk) => fk.name === name)) parts.indexes.push(index)
  }
  const tables = [...byName.values()].map(({ table, ...parts }): Table => ({ ...table, ...parts }))
  const { views, triggers } = await readMysqlObjects(query, excluded)
  const functions = await readMysqlRoutines(query)
  return canonicalSchema({ tables, enums, views, triggers, ...(functions.length ? { functions } : {}) })
}
