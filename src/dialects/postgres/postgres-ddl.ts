/**
 * Pieces of PostgreSQL DDL shared by the compiler's stages: column
 * definitions and table constraints, always with their names.
 */
import { identifierInSchemaOf, qualifiedIdentifier as qt } from './postgres-qualified'
import type { Check, Column, ConstraintTiming, Exclusion, ForeignKey, Index, IndexColumnOptions, PrimaryKey, ReferentialAction, Unique } from '../../schema/model'
import { MigrationFileError } from '../../errors'
import { collateSql, defaultSql, quoteIdentifier as q, quoteString, typeSql } from './postgres-types'

export function columnList(columns: readonly string[]): string {
  return columns.map(q).join(', ')
}

/**
 * A column definition. Autoincrement is an identity column, `BY DEFAULT` so
 * explicit ids (data imports, fixtures) are still accepted, as with serial,
 * or `ALWAYS` with `identity: always`; with `sequence` it is a serial
 * column: a default taking `nextval` of that sequence, which
 * `serialSequenceSql` creates before the column and owns to it after.
 * https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARMS-GENERATED-IDENTITY
 * https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL
 */
export function columnSql(column: Column): string {
  const parts = [q(column.name), typeSql(column) + collateSql(column.collation)]
  if (column.generated !== undefined) {
    parts.push(generatedSql(column))
    if (!column.nullable) parts.push('NOT NULL')
    return parts.join(' ')
  }
  const kind = autoincrementKind(column)
  if (kind === 'identity') parts.push(`GENERATED ${column.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`)
  if (!column.nullable) parts.push('NOT NULL')
  if (kind === 'serial') parts.push(`DEFAULT ${nextvalSql(column.sequence!)}`)
  // An identity column cannot also have a default.
  else if (column.default !== undefined && kind === 'none') parts.push(`DEFAULT ${defaultSql(column.default)}`)
  return parts.join(' ')
}

/**
 * `GENERATED ALWAYS AS (expr) STORED`. PostgreSQL (before 18) has no
 * VIRTUAL generated columns: `validate` refuses them for a project with a
 * PostgreSQL database, and the compiler refuses them here.
 * https://www.postgresql.org/docs/current/ddl-generated-columns.html
 */
export function generatedSql(column: Column): string {
  const generated = column.generated!
  if (!generated.stored) {
    throw new MigrationFileError(
      'E_DIALECT_UNSUPPORTED',
      `column "${column.name}" is a VIRTUAL generated column; PostgreSQL has STORED generated columns only (say stored: true)`,
    )
  }
  return `GENERATED ALWAYS AS (${generated.expression}) STORED`
}

/** How a column's values are generated on PostgreSQL. */
export function autoincrementKind(column: Column): 'none' | 'identity' | 'serial' {
  if (!column.autoincrement) return 'none'
  return column.sequence !== undefined ? 'serial' : 'identity'
}

/** `nextval('seq'::regclass)`: the regclass literal takes the quoted name, as PostgreSQL prints it back. */
export function nextvalSql(sequence: string): string {
  return `nextval(${quoteString(qt(sequence))}::regclass)`
}

/**
 * The sequence of a serial column, created before the column (`AS` its
 * integer type, as serial does). On an UNLOGGED table it is unlogged too, as
 * serial makes it (UNLOGGED sequences: PostgreSQL 15+).
 * https://www.postgresql.org/docs/15/sql-createsequence.html
 */
export function createSequenceSql(column: Column, unlogged = false): string {
  return `CREATE ${unlogged ? 'UNLOGGED ' : ''}SEQUENCE ${qt(column.sequence!)} AS ${typeSql({ type: column.type })}`
}

/** The sequence owned by its column, as serial does: dropped with the column or the table. */
export function ownSequenceSql(table: string, column: Column): string {
  return `ALTER SEQUENCE ${qt(column.sequence!)} OWNED BY ${qt(table)}.${q(column.name)}`
}

/**
 * ` DEFERRABLE [INITIALLY DEFERRED]`, or nothing (NOT DEFERRABLE INITIALLY
 * IMMEDIATE, the default). https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARMS-DEFERRABLE
 */
export function timingSql(c: ConstraintTiming): string {
  if (!c.deferrable) return ''
  return c.initiallyDeferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE'
}

/**
 * ` NOT VALID`: only ALTER TABLE ADD CONSTRAINT leaves a constraint
 * unvalidated (CREATE TABLE marks it valid, the table being empty), so such
 * constraints are added after their table (see the compiler).
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT
 */
function notValidSql(c: { readonly notValid?: boolean }): string {
  return c.notValid ? ' NOT VALID' : ''
}

export function primaryKeySql(pk: PrimaryKey): string {
  return `CONSTRAINT ${q(pk.name)} PRIMARY KEY (${columnList(pk.columns)})${timingSql(pk)}`
}

export function uniqueSql(unique: Unique): string {
  return `CONSTRAINT ${q(unique.name)} UNIQUE (${columnList(unique.columns)})${timingSql(unique)}`
}

export function checkSql(check: Check): string {
  return `CONSTRAINT ${q(check.name)} CHECK (${check.expression})${check.noInherit ? ' NO INHERIT' : ''}${notValidSql(check)}`
}

/**
 * `EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (…)`: an
 * expression element goes in parentheses; the operator is written as given
 * (it may be schema-qualified: `OPERATOR(pg_catalog.&&)`).
 * https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-EXCLUDE
 */
export function exclusionSql(x: Exclusion): string {
  // exclude_element: { column | ( expression ) } [ COLLATE c ] [ opclass ] [ ASC | DESC ] [ NULLS { FIRST | LAST } ]
  // https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-EXCLUDE
  const elements = x.elements.map(
    (e) =>
      `${e.column !== undefined ? q(e.column) : `(${e.expression ?? ''})`}${collateSql(e.collation)}${e.opclass !== undefined ? ` ${e.opclass}` : ''}` +
      `${e.order === 'desc' ? ' DESC' : ''}${e.nulls !== undefined ? ` NULLS ${e.nulls.toUpperCase()}` : ''} WITH ${e.operator}`,
  )
  // EXCLUDE … ( elements ) [ INCLUDE ( columns ) ] [ WHERE ( predicate ) ]: INCLUDE comes first.
  const include = x.include?.length ? ` INCLUDE (${columnList(x.include)})` : ''
  const where = x.where !== undefined ? ` WHERE (${x.where})` : ''
  return `CONSTRAINT ${q(x.name)} EXCLUDE USING ${x.method ?? 'gist'} (${elements.join(', ')})${include}${where}${timingSql(x)}`
}

/** COMMENT ON CONSTRAINT. */
export function constraintCommentSql(table: string, name: string, text: string | null): string {
  return `COMMENT ON CONSTRAINT ${q(name)} ON ${qt(table)} IS ${text === null ? 'NULL' : quoteString(text)}`
}

function actionSql(action: ReferentialAction): string {
  return action.toUpperCase()
}

export function foreignKeySql(fk: ForeignKey): string {
  let sql =
    `CONSTRAINT ${q(fk.name)} FOREIGN KEY (${columnList(fk.columns)}) ` +
    `REFERENCES ${qt(fk.references.table)} (${columnList(fk.references.columns)})`
  if (fk.match === 'full') sql += ' MATCH FULL'
  if (fk.onDelete && fk.onDelete !== 'no action') sql += ` ON DELETE ${actionSql(fk.onDelete)}`
  if (fk.onUpdate && fk.onUpdate !== 'no action') sql += ` ON UPDATE ${actionSql(fk.onUpdate)}`
  return sql + timingSql(fk) + notValidSql(fk)
}

/**
 * CREATE INDEX. With `concurrently` (and `allowConcurrently`) it is built
 * without blocking writes, which PostgreSQL refuses inside a transaction
 * block. https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
 */
export function createIndexSql(table: string, index: Index, allowConcurrently = true): string {
  const unique = index.unique ? 'UNIQUE ' : ''
  const concurrently = index.concurrently && allowConcurrently ? 'CONCURRENTLY ' : ''
  const keys = index.expression !== undefined ? `(${index.expression})` : (index.columns ?? []).map((c) => indexColumnSql(c, index.columnOptions?.[c])).join(', ')
  // https://www.postgresql.org/docs/current/sql-createindex.html: USING, then
  // the keys, INCLUDE, NULLS NOT DISTINCT (15+), WHERE.
  const using = index.method !== undefined ? ` USING ${index.method}` : ''
  const include = index.include?.length ? ` INCLUDE (${columnList(index.include)})` : ''
  const nulls = index.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''
  const where = index.where !== undefined ? ` WHERE ${index.where}` : ''
  return `CREATE ${unique}INDEX ${concurrently}${q(index.name)} ON ${qt(table)}${using} (${keys})${include}${nulls}${where}`
}

/**
 * One key column: `"name" COLLATE "C" text_pattern_ops DESC NULLS LAST`.
 * The operator class is a name as PostgreSQL prints it (possibly
 * schema-qualified), written as given.
 */
export function indexColumnSql(column: string, options: IndexColumnOptions | undefined): string {
  const parts = [q(column)]
  if (options?.collation !== undefined) parts.push(`COLLATE ${q(options.collation)}`)
  if (options?.opclass !== undefined) parts.push(options.opclass)
  if (options?.order === 'desc') parts.push('DESC')
  if (options?.nulls !== undefined) parts.push(`NULLS ${options.nulls.toUpperCase()}`)
  return parts.join(' ')
}

/** COMMENT ON INDEX, the index in the schema of its table. */
export function indexCommentSql(table: string, name: string, text: string | null): string {
  return `COMMENT ON INDEX ${identifierInSchemaOf(table, name)} IS ${text === null ? 'NULL' : quoteString(text)}`
}
