/**
 * Pieces of MySQL DDL shared by the compiler's stages: column definitions
 * (MODIFY COLUMN needs the whole definition, comment included, or MySQL
 * drops what is left out), keys and constraints with their names.
 */
import { MigrationFileError } from '../../errors'
import { constraintFeatureProblems, indexFeatureProblems, startsKey } from '../../schema/check-capabilities'
import type { ConstraintCapabilities, IndexCapabilities } from '../dialect'
import type { Check, Column, ForeignKey, Index, MysqlTableOptions, Schema, Table, Unique } from '../../schema/model'
import { findTable } from '../../schema/model'
import { mentionsName } from '../../schema/views'
import { defaultSql, enumValues, nowSql, quoteIdentifier as q, quoteString, typeSql } from './mysql-types'

export function columnList(columns: readonly string[]): string {
  return columns.map(q).join(', ')
}

/**
 * A full column definition. Nullable columns say NULL explicitly: without it
 * a TIMESTAMP column is NOT NULL with an automatic default on servers running
 * with explicit_defaults_for_timestamp off.
 * https://mariadb.com/kb/en/server-system-variables/#explicit_defaults_for_timestamp
 */
export function columnSql(column: Column, schema: Schema, table: string, owner: Table | undefined = findTable(schema, table)): string {
  const values = column.type === 'enum' ? enumValues(schema, column, `"${table}.${column.name}"`) : undefined
  if (column.generated !== undefined) {
    // MariaDB takes neither NULL nor NOT NULL on a generated column (nor a
    // default): it is nullable there (see mysql-normalize.ts).
    // https://mariadb.com/kb/en/generated-columns/
    const counter = owner?.columns.find((c) => c.autoincrement && mentionsName(column.generated!.expression, c.name))
    if (counter !== undefined) {
      // The dialect's autoincrementInGenerated: false (mysql-dialect.ts); validate says it first.
      throw new MigrationFileError(
        'E_DIALECT_UNSUPPORTED',
        `column "${table}.${column.name}" is generated from the autoincrement column "${counter.name}": MySQL and MariaDB refuse an AUTO_INCREMENT column as the base of a generated column (https://dev.mysql.com/doc/refman/8.0/en/create-table-generated-columns.html)`,
        { table, column: column.name },
      )
    }
    const kind = column.generated.stored ? 'STORED' : 'VIRTUAL'
    const parts = [q(column.name), typeSql(column, values) + collateSql(column), `GENERATED ALWAYS AS (${column.generated.expression}) ${kind}`]
    if (column.comment !== undefined) parts.push(`COMMENT ${quoteString(column.comment)}`)
    return parts.join(' ')
  }
  const parts = [q(column.name), typeSql(column, values) + collateSql(column), column.nullable ? 'NULL' : 'NOT NULL']
  if (column.default !== undefined && !column.autoincrement) parts.push(`DEFAULT ${defaultSql(column.default, column)}`)
  if (column.onUpdate === 'now') parts.push(`ON UPDATE ${nowSql(column)}`)
  if (column.autoincrement && owner !== undefined && startsKey(owner, column.name)) parts.push('AUTO_INCREMENT')
  if (column.comment !== undefined) parts.push(`COMMENT ${quoteString(column.comment)}`)
  return parts.join(' ')
}

/**
 * `startsKey` (schema/check-capabilities.ts): is `column` the first column
 * of one of the table's keys? The model can hold an autoincrement column
 * that starts no key between two operations of a migration (the implicit `id` added, then made the primary key; the key moved away,
 * then the column dropped): the column is then written without
 * AUTO_INCREMENT, and the statement that gives it or takes its last key
 * adds or removes AUTO_INCREMENT (see the compiler's keyClauses). Adding
 * AUTO_INCREMENT numbers the rows, which hold 0 until then.
 * https://dev.mysql.com/doc/refman/8.0/en/example-auto-increment.html
 */
export { startsKey }

/** ` COLLATE utf8mb4_bin`, or nothing (https://dev.mysql.com/doc/refman/8.0/en/charset-column.html). */
function collateSql(column: Column): string {
  return column.collation !== undefined ? ` COLLATE ${q(column.collation)}` : ''
}

/**
 * What MySQL's and MariaDB's constraints can carry: nothing besides their
 * definition. InnoDB checks every constraint immediately (no DEFERRABLE),
 * parses MATCH and ignores it, has no NOT VALID, no table inheritance, no
 * EXCLUDE; it parses SET DEFAULT and stores RESTRICT without a warning, and
 * refuses a CHECK naming an AUTO_INCREMENT column (both found by the
 * randomized round trip on MariaDB 10.11).
 * https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html#foreign-key-referential-actions
 * https://dev.mysql.com/doc/refman/8.0/en/create-table-check-constraints.html
 */
export const MYSQL_CONSTRAINTS: ConstraintCapabilities = {
  deferrable: [],
  matchFull: false,
  notValid: false,
  noInherit: false,
  exclusions: false,
  referentialActions: ['cascade', 'set null', 'restrict', 'no action'],
  autoincrementInChecks: false,
  autoincrementNeedsKey: true,
}

/** Refuse, by name, what MySQL's constraints cannot carry (`validate` says it first). */
export function requireConstraintFeatures(table: Table): void {
  const problems = constraintFeatureProblems(table, MYSQL_CONSTRAINTS)
  if (problems.length === 0) return
  throw new MigrationFileError('E_DIALECT_UNSUPPORTED', `table "${table.name}" uses ${problems.map((p) => p.what).join(', ')}, which MySQL does not have`)
}

/** MySQL's primary key is always named PRIMARY: the model's name is not stored. */
export function primaryKeySql(columns: readonly string[]): string {
  return `PRIMARY KEY (${columnList(columns)})`
}

export function uniqueSql(unique: Unique): string {
  return `CONSTRAINT ${q(unique.name)} UNIQUE (${columnList(unique.columns)})`
}

export function checkSql(check: Check): string {
  return `CONSTRAINT ${q(check.name)} CHECK (${check.expression})`
}

export function foreignKeySql(fk: ForeignKey): string {
  let sql =
    `CONSTRAINT ${q(fk.name)} FOREIGN KEY (${columnList(fk.columns)}) ` +
    `REFERENCES ${q(fk.references.table)} (${columnList(fk.references.columns)})`
  // Both actions always written: left out, MySQL stores RESTRICT, which reads
  // back as something else than the model's default (no action). InnoDB
  // checks NO ACTION immediately, as RESTRICT.
  // https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html#foreign-key-referential-actions
  sql += ` ON DELETE ${(fk.onDelete ?? 'no action').toUpperCase()}`
  sql += ` ON UPDATE ${(fk.onUpdate ?? 'no action').toUpperCase()}`
  return sql
}

/**
 * What strata's MySQL indexes are besides plain B-tree column lists:
 * FULLTEXT and SPATIAL indexes (methods) and prefix lengths. Not yet: DESC
 * keys (MySQL 8, MariaDB 10.8+); MySQL has no NULLS order, per-index
 * collation, operator class, INCLUDE or NULLS NOT DISTINCT. HASH is not a
 * method here: InnoDB takes `USING HASH` and builds a B-tree all the same.
 * https://mariadb.com/kb/en/storage-engine-index-types/
 */
export const MYSQL_INDEXES: IndexCapabilities = {
  methods: ['fulltext', 'spatial'],
  descending: false,
  nullsOrder: false,
  collations: false,
  operatorClasses: false,
  include: false,
  nullsNotDistinct: false,
  prefixLengths: true,
}

/** Refuse what MySQL cannot index (see the dialect's capabilities), naming the index. */
export function requireIndexable(table: string, index: Index): void {
  const problems = indexFeatureProblems(index, MYSQL_INDEXES)
  if (problems.length) {
    throw new MigrationFileError('E_UNSUPPORTED', `index "${index.name}" on "${table}" uses ${problems.map((p) => p.what).join(', ')}, which strata does not compile for MySQL`, { table, index: index.name })
  }
  if (index.where !== undefined) {
    throw new MigrationFileError(
      'E_UNSUPPORTED',
      `index "${index.name}" on "${table}" is partial (where: ${index.where}); MySQL and MariaDB have no partial indexes`,
      { table, index: index.name },
    )
  }
  if (index.expression !== undefined) {
    throw new MigrationFileError(
      'E_UNSUPPORTED',
      `index "${index.name}" on "${table}" is an expression index (${index.expression}); MariaDB has none (index a generated column instead)`,
      { table, index: index.name },
    )
  }
  if (index.unique && index.method !== undefined) {
    throw new MigrationFileError('E_UNSUPPORTED', `index "${index.name}" on "${table}": a ${index.method.toUpperCase()} index cannot be unique`, { table, index: index.name })
  }
}

/** `FULLTEXT `, `SPATIAL `, `UNIQUE ` or nothing: the word before INDEX. */
function indexKind(index: Index): string {
  if (index.method !== undefined) return `${index.method.toUpperCase()} `
  return index.unique ? 'UNIQUE ' : ''
}

/** The key parts: each column, with its prefix length when it has one. */
function indexKeys(index: Index): string {
  return (index.columns ?? [])
    .map((c) => {
      const length = index.columnOptions?.[c]?.length
      return length !== undefined ? `${q(c)}(${length})` : q(c)
    })
    .join(', ')
}

function indexComment(index: Index): string {
  return index.comment !== undefined ? ` COMMENT ${quoteString(index.comment)}` : ''
}

/** `[UNIQUE|FULLTEXT|SPATIAL] INDEX name (cols) [COMMENT '…']`, the form inside CREATE TABLE and ALTER TABLE … ADD. */
export function indexSql(table: string, index: Index): string {
  requireIndexable(table, index)
  return `${indexKind(index)}INDEX ${q(index.name)} (${indexKeys(index)})${indexComment(index)}`
}

export function createIndexSql(table: string, index: Index): string {
  requireIndexable(table, index)
  return `CREATE ${indexKind(index)}INDEX ${q(index.name)} ON ${q(table)} (${indexKeys(index)})${indexComment(index)}`
}

/** Does some key of the table start with `columns` (so MySQL needs no index of its own for a foreign key)? */
export function hasIndexFor(table: Table, columns: readonly string[]): boolean {
  const starts = (keys: readonly string[] | undefined) => keys !== undefined && columns.every((c, i) => keys[i] === c)
  return (
    starts(table.primaryKey?.columns) ||
    table.uniques.some((u) => starts(u.columns)) ||
    table.indexes.some((i) => starts(i.columns))
  )
}

export function requireTable(schema: Schema, name: string): Table {
  const table = findTable(schema, name)
  if (!table) throw new MigrationFileError('E_UNKNOWN_TABLE', `table "${name}" does not exist`)
  return table
}

export function requireColumn(schema: Schema, table: string, column: string): Column {
  const found = requireTable(schema, table).columns.find((c) => c.name === column)
  if (!found) throw new MigrationFileError('E_UNKNOWN_COLUMN', `column "${table}.${column}" does not exist`)
  return found
}

/** CREATE TABLE with everything inline (one statement: one implicit commit, not one per index). */
export function createTableSql(table: Table, schema: Schema): string {
  requireConstraintFeatures(table)
  const items = table.columns.map((c) => columnSql(c, schema, table.name, table))
  if (table.primaryKey) items.push(primaryKeySql(table.primaryKey.columns))
  items.push(...table.uniques.map(uniqueSql))
  items.push(...table.indexes.map((i) => indexSql(table.name, i)))
  items.push(...table.checks.map(checkSql))
  items.push(...table.foreignKeys.map(foreignKeySql))
  const options = tableOptionsSql(table.mysql)
  if (table.comment !== undefined) options.push(`COMMENT=${quoteString(table.comment)}`)
  return `CREATE TABLE ${q(table.name)} (\n  ${items.join(',\n  ')}\n)${options.map((o) => ` ${o}`).join('')}`
}

/** `ENGINE=…`, `DEFAULT CHARSET=…`, `COLLATE=…`, `ROW_FORMAT=…`: the table options said, in that order. */
export function tableOptionsSql(options: MysqlTableOptions | undefined): string[] {
  const out: string[] = []
  if (options?.engine !== undefined) out.push(`ENGINE=${word(options.engine)}`)
  if (options?.charset !== undefined) out.push(`DEFAULT CHARSET=${word(options.charset)}`)
  if (options?.collation !== undefined) out.push(`COLLATE=${word(options.collation)}`)
  if (options?.rowFormat !== undefined) out.push(`ROW_FORMAT=${word(options.rowFormat).toUpperCase()}`)
  return out
}

/**
 * The clauses of `ALTER TABLE` that take a table from one set of options to
 * another. A charset or collation change converts the table's text columns
 * too (CONVERT TO), as the model gives columns no charset of their own;
 * DEFAULT is the database's. An engine said no more goes back to InnoDB, the
 * default of MariaDB and MySQL 8 (the server's default_storage_engine is not
 * known offline).
 * https://mariadb.com/kb/en/alter-table/#convert-to-character-set
 */
export function alterTableOptionsSql(from: MysqlTableOptions | undefined, to: MysqlTableOptions | undefined): string[] {
  const out: string[] = []
  if ((from?.engine ?? 'innodb') !== (to?.engine ?? 'innodb')) out.push(`ENGINE=${word(to?.engine ?? 'InnoDB')}`)
  if (from?.charset !== to?.charset || from?.collation !== to?.collation) {
    const charset = to?.charset ?? (to?.collation !== undefined ? to.collation.split('_')[0]! : 'DEFAULT')
    out.push(`CONVERT TO CHARACTER SET ${word(charset)}${to?.collation !== undefined ? ` COLLATE ${word(to.collation)}` : ''}`)
  }
  if (from?.rowFormat !== to?.rowFormat) out.push(`ROW_FORMAT=${word(to?.rowFormat ?? 'DEFAULT').toUpperCase()}`)
  return out
}

/** An option value as a bare word: letters, digits and `_` only (these are names, never quoted in MySQL's grammar). */
function word(value: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(value)) throw new MigrationFileError('E_UNSUPPORTED', `MySQL table option value "${value}" is not a name (letters, digits, _)`)
  return value
}
