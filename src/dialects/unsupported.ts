/** Refusals shared by the dialects that lack a kind of object. */
import { type CatalogOperation, catalogTarget } from '../diff/apply-catalog'
import type { Operation } from '../diff/operations'
import { MigrationFileError } from '../errors'
import { type Column, type Schema, findTable } from '../schema/model'

/**
 * What a dialect without stored functions (capability `functions`) says
 * when asked to compile a function operation; `validate` refuses the
 * schema before it comes to this for a project with such a database.
 */
export function refuseFunction(dialect: string, name: string): never {
  throw new MigrationFileError(
    'E_UNSUPPORTED',
    `function "${name}": ${dialect} has no stored functions strata manages (functions: are PostgreSQL's and MySQL's); use a sql operation there`,
    { function: name },
  )
}

/**
 * What a dialect without row-level security (capability
 * `rowLevelSecurity`) says when asked to compile a policy or a table's
 * ENABLE / FORCE ROW LEVEL SECURITY; `validate` refuses them before this for
 * a project with such a database.
 */
export function refuseRowLevelSecurity(dialect: string, what: string): never {
  throw new MigrationFileError(
    'E_UNSUPPORTED',
    `${what}: ${dialect} has no row-level security (rowLevelSecurity and policies: are PostgreSQL only)`,
    { object: what },
  )
}

/**
 * What a dialect without sequences, extensions, domains or composite / range
 * types (capabilities `sequences`, `extensions`, `domains`, `customTypes`)
 * says when asked to compile one of their operations.
 */
export function refuseCatalogObject(dialect: string, op: CatalogOperation): never {
  const { noun, name } = catalogTarget(op)
  throw new MigrationFileError(
    'E_UNSUPPORTED',
    `${noun} "${name}": ${dialect} has no ${noun === 'type' ? 'composite or range type' : noun}s strata manages (they are PostgreSQL only); use a sql operation there`,
    { [noun]: name },
  )
}

/**
 * What a dialect without schemas (capability `schemas`) says when asked to
 * compile createSchema / dropSchema; `validate` refuses a dotted name first.
 */
export function refuseSchema(dialect: string, name: string): never {
  throw new MigrationFileError('E_UNSUPPORTED', `schema "${name}": ${dialect} has no schemas strata manages (schema.table names are PostgreSQL only)`, { schema: name })
}

/** What a dialect without managed grants (capability `grants`) says when asked to compile a GRANT or REVOKE. */
export function refuseGrant(dialect: string, on: string, object: string): never {
  throw new MigrationFileError('E_UNSUPPORTED', `grant on ${on} "${object}": ${dialect} has no grants strata manages (grants: are PostgreSQL only)`, { object })
}

/**
 * What a dialect without PostgreSQL's declarative partitioning (capability
 * `partitions`) says when asked to compile a partitioned table or a
 * partition operation; `validate` refuses them before this.
 */
export function refusePartitions(dialect: string, table: string): never {
  throw new MigrationFileError(
    'E_UNSUPPORTED',
    `table "${table}": ${dialect} has no declarative partitioning strata manages (partitionBy and partitions: are PostgreSQL only)`,
    { table },
  )
}

/**
 * What a dialect without array types (capability `arrays`) says when asked
 * to compile an array column that gives no spelling of its own for it
 * (`native.<dialect>`); `validate` refuses it before this.
 */
export function refuseArray(dialect: string, column: { readonly name?: string; readonly type: string; readonly array?: number }): never {
  const type = `${column.type}${'[]'.repeat(column.array ?? 1)}`
  throw new MigrationFileError(
    'E_UNSUPPORTED',
    `${column.name !== undefined ? `column "${column.name}"` : 'a column'} is an array (${type}): ${dialect} has no array types (arrays are PostgreSQL only); give the column native.${dialect.toLowerCase()} to store it there`,
    { column: column.name },
  )
}

/**
 * What a dialect without nullable key columns (capability
 * `nullableKeyColumns`, SQLite's quirk) says when a table is created with
 * one or a key is put over one: its primary key would make the column NOT
 * NULL, silently. `validate` refuses the schema before it comes to this.
 */
export function refuseNullableKey(dialect: string, op: Operation, before: Schema): void {
  const table = op.op === 'createTable' ? op.table : op.op === 'alterPrimaryKey' && op.to ? findTable(before, op.table) : undefined
  const key = op.op === 'createTable' ? op.table.primaryKey?.columns : op.op === 'alterPrimaryKey' ? op.to?.columns : undefined
  const found = table?.columns.find((c) => c.nullable && key?.includes(c.name))
  if (!table || !found) return
  throw new MigrationFileError(
    'E_UNSUPPORTED',
    `column "${table.name}.${found.name}": a nullable primary key column is SQLite's quirk; ${dialect} makes key columns NOT NULL (remove nullable)`,
    { table: table.name, column: found.name },
  )
}

/**
 * What a dialect without `onUpdate: now` (capability `onUpdateNow`) says
 * when an operation would create or give a column one: it has no ON UPDATE
 * CURRENT_TIMESTAMP (a trigger does it there). `validate` refuses the schema
 * before it comes to this for a project with such a database.
 */
export function refuseOnUpdate(dialect: string, op: Operation): void {
  const columns: { table: string; column: Column }[] =
    op.op === 'createTable'
      ? op.table.columns.map((column) => ({ table: op.table.name, column }))
      : op.op === 'addColumn'
        ? [{ table: op.table, column: op.column }]
        : op.op === 'alterColumn' && op.to.onUpdate
          ? [{ table: op.table, column: { name: op.column, type: 'timestamp', onUpdate: op.to.onUpdate } }]
          : []
  const found = columns.find((c) => c.column.onUpdate !== undefined)
  if (!found) return
  throw new MigrationFileError(
    'E_UNSUPPORTED',
    `column "${found.table}.${found.column.name}": ${dialect} has no ON UPDATE CURRENT_TIMESTAMP (onUpdate: is MySQL only); set the column in a trigger there`,
    { table: found.table, column: found.column.name },
  )
}
