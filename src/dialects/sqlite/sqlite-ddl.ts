/**
 * CREATE TABLE and CREATE INDEX text for a model table, shared by the
 * compiler (createTable, addColumn) and the table rebuild.
 */
import type { Column, Enum, ForeignKey, Generated, Index, Schema, Table } from '../../schema/model'
import { findEnum } from '../../schema/model'
import { MigrationFileError } from '../../errors'
import { constraintFeatureProblems, indexFeatureProblems } from '../../schema/check-capabilities'
import type { ConstraintCapabilities, IndexCapabilities } from '../dialect'
import { columnMarker, declaredType, defaultSql, markerComment, quoteString } from './sqlite-types'

/** Quote an identifier: double quotes, inner double quotes doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

const q = quoteIdentifier
const list = (names: readonly string[]): string => names.map(q).join(', ')

/** Is the column the table's rowid alias (its only primary key column, autoincrement)? */
export function isRowidColumn(table: Table, column: Column): boolean {
  // A WITHOUT ROWID table has no rowid to alias (https://www.sqlite.org/withoutrowid.html).
  if (table.withoutRowid) return false
  const pk = table.primaryKey?.columns
  return pk?.length === 1 && pk[0] === column.name && column.autoincrement === true
}

function requireEnum(schema: Schema, table: Table, column: Column): Enum {
  const found = column.enum === undefined ? undefined : findEnum(schema, column.enum)
  if (!found) {
    throw new MigrationFileError(
      'E_UNKNOWN_ENUM',
      `column "${table.name}.${column.name}" uses enum "${column.enum ?? ''}", which does not exist`,
    )
  }
  return found
}

/**
 * A column definition. `inTable`: the whole table is being created, so the
 * rowid key can be declared inline (`INTEGER … PRIMARY KEY`).
 * Enums are TEXT with a column CHECK over the enum's values: SQLite has no
 * enum type, and a column-level CHECK is dropped together with its column by
 * ALTER TABLE DROP COLUMN and rewritten by RENAME COLUMN.
 */
export function columnDefinition(schema: Schema, table: Table, column: Column): string {
  const rowid = isRowidColumn(table, column)
  const singlePk = table.primaryKey?.columns.length === 1 && table.primaryKey.columns[0] === column.name
  const role = rowid ? 'rowid' : singlePk ? 'single-pk' : 'plain'
  const declared = declaredType(column, role, table.strict === true)
  const parts = [q(column.name), declared]
  const marker = columnMarker(column, declared, role)
  if (marker) parts.push(markerComment(marker))
  // BINARY, NOCASE, RTRIM or an application's collation (https://www.sqlite.org/datatype3.html#collation).
  if (column.collation !== undefined) parts.push(`COLLATE ${q(column.collation)}`)
  if (!column.nullable) parts.push('NOT NULL')
  // AUTOINCREMENT only on the rowid alias: values are then never reused (https://www.sqlite.org/autoinc.html).
  if (rowid) parts.push(`CONSTRAINT ${q(table.primaryKey!.name)} PRIMARY KEY${column.monotonic ? ' AUTOINCREMENT' : ''}`)
  if (column.default !== undefined) parts.push(`DEFAULT ${defaultSql(column.default)}`)
  if (column.generated !== undefined) parts.push(generatedSql(column.generated))
  if (column.type === 'enum') {
    const values = requireEnum(schema, table, column).values
    parts.push(`CHECK (${q(column.name)} IN (${values.map(quoteString).join(', ')}))`)
  }
  return parts.join(' ')
}

/**
 * `AS (expr) STORED | VIRTUAL` (https://www.sqlite.org/gencol.html), without
 * the optional GENERATED ALWAYS: SQLite takes a column's declared type as
 * the text from its first type token to the last token before AS, then cuts
 * a trailing "GENERATED ALWAYS" off it (sqlite3AddColumn in build.c), so
 * with the marker comment in between (a nullable column) the type became
 * `INTEGER /* strata:… *\/`, which a STRICT table refuses ("unknown
 * datatype"). Without the keywords the type ends at its last token.
 */
export function generatedSql(generated: Generated): string {
  return `AS (${generated.expression}) ${generated.stored ? 'STORED' : 'VIRTUAL'}`
}

function foreignKeyClause(fk: ForeignKey): string {
  let sql = `CONSTRAINT ${q(fk.name)} FOREIGN KEY (${list(fk.columns)}) REFERENCES ${q(fk.references.table)} (${list(fk.references.columns)})`
  if (fk.onDelete && fk.onDelete !== 'no action') sql += ` ON DELETE ${fk.onDelete.toUpperCase()}`
  if (fk.onUpdate && fk.onUpdate !== 'no action') sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`
  // DEFERRABLE INITIALLY DEFERRED is checked at COMMIT; DEFERRABLE alone (or
  // INITIALLY IMMEDIATE) is immediate, as a key that says nothing is
  // (https://sqlite.org/foreignkeys.html#fk_deferred); written as declared.
  if (fk.deferrable) sql += fk.initiallyDeferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE'
  return sql
}

/**
 * SQLite generates values only for the rowid alias: an autoincrement column
 * that is not the table's single-column primary key (a PostgreSQL identity or
 * serial column elsewhere) cannot be created here.
 */
export function checkAutoincrement(table: Table): void {
  for (const column of table.columns) {
    // "Generated columns may not be used as part of the PRIMARY KEY" (https://www.sqlite.org/gencol.html#limitations).
    if (column.generated !== undefined && table.primaryKey?.columns.includes(column.name)) {
      throw new MigrationFileError(
        'E_DIALECT_UNSUPPORTED',
        `column "${table.name}.${column.name}" is generated and part of the primary key, which SQLite refuses (https://www.sqlite.org/gencol.html#limitations)`,
      )
    }
    if (column.autoincrement && !isRowidColumn(table, column)) {
      throw new MigrationFileError(
        'E_DIALECT_UNSUPPORTED',
        `column "${table.name}.${column.name}" is autoincrement but not the table's single-column primary key: SQLite generates values only for its rowid key (https://www.sqlite.org/lang_createtable.html#rowid)`,
      )
    }
  }
}

/**
 * What SQLite's constraints can carry: DEFERRABLE foreign keys only (a
 * PRIMARY KEY or UNIQUE takes no DEFERRABLE clause); MATCH is parsed and
 * ignored (every key is MATCH SIMPLE, https://sqlite.org/foreignkeys.html#fk_unsupported),
 * so MATCH FULL would be a promise SQLite does not keep; no NOT VALID, no
 * table inheritance, no EXCLUDE.
 */
export const SQLITE_CONSTRAINTS: ConstraintCapabilities = { deferrable: ['foreignKey'], matchFull: false, notValid: false, noInherit: false, exclusions: false }

/** Refuse, by name, what SQLite's constraints cannot carry (the dialect's constraint capabilities; `validate` says it first). */
export function requireConstraintFeatures(table: Table): void {
  const problems = constraintFeatureProblems(table, SQLITE_CONSTRAINTS)
  if (problems.length === 0) return
  throw new MigrationFileError(
    'E_DIALECT_UNSUPPORTED',
    `table "${table.name}" uses ${problems.map((p) => p.what).join(', ')}, which SQLite does not have (https://www.sqlite.org/lang_createtable.html)`,
  )
}

/** CREATE TABLE for `table` under `name` (the rebuild creates it under a temporary name). */
export function createTableSql(schema: Schema, table: Table, name = table.name): string {
  requireConstraintFeatures(table)
  const items = table.columns.map((c) => columnDefinition(schema, table, c))
  const pk = table.primaryKey
  const rowidKey = pk && table.columns.some((c) => isRowidColumn(table, c))
  if (pk && !rowidKey) items.push(`CONSTRAINT ${q(pk.name)} PRIMARY KEY (${list(pk.columns)})`)
  for (const u of table.uniques) items.push(`CONSTRAINT ${q(u.name)} UNIQUE (${list(u.columns)})`)
  for (const fk of table.foreignKeys) items.push(foreignKeyClause(fk))
  for (const c of table.checks) items.push(`CONSTRAINT ${q(c.name)} CHECK (${c.expression})`)
  // Table options after the closing parenthesis (https://www.sqlite.org/lang_createtable.html).
  const options = [table.strict ? 'STRICT' : '', table.withoutRowid ? 'WITHOUT ROWID' : ''].filter(Boolean)
  return `CREATE TABLE ${q(name)} (${items.join(', ')})${options.length ? ` ${options.join(', ')}` : ''}`
}

/** CREATE [UNIQUE] INDEX; an expression is written as given, between the parentheses. */
export function createIndexSql(table: string, index: Index): string {
  requireIndexFeatures(table, index)
  const target =
    index.expression !== undefined
      ? index.expression
      : (index.columns ?? [])
          .map((c) => {
            const o = index.columnOptions?.[c]
            // COLLATE and ASC/DESC are what SQLite's indexed-column takes (https://www.sqlite.org/syntax/indexed-column.html).
            return `${q(c)}${o?.collation !== undefined ? ` COLLATE ${q(o.collation)}` : ''}${o?.order === 'desc' ? ' DESC' : ''}`
          })
          .join(', ')
  let sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} ON ${q(table)} (${target})`
  if (index.where !== undefined) sql += ` WHERE ${index.where}`
  return sql
}

/** Refuse, by name, what SQLite's indexes cannot be (the dialect's index capabilities; `validate` says it first). */
function requireIndexFeatures(table: string, index: Index): void {
  const problems = indexFeatureProblems(index, SQLITE_INDEXES)
  if (problems.length === 0) return
  throw new MigrationFileError(
    'E_DIALECT_UNSUPPORTED',
    `index "${index.name}" on "${table}" uses ${problems.map((p) => p.what).join(', ')}, which SQLite does not have (https://www.sqlite.org/lang_createindex.html)`,
  )
}

/** What SQLite's CREATE INDEX takes besides plain columns: COLLATE and DESC per column. */
export const SQLITE_INDEXES: IndexCapabilities = { methods: [], nullsOrder: false, operatorClasses: false, include: false, nullsNotDistinct: false }
