/**
 * Generated columns changed in place on PostgreSQL (`alterColumn` whose
 * `generated` changes).
 *
 * - A generated column that becomes an ordinary one keeps its values:
 *   `ALTER COLUMN … DROP EXPRESSION` (PostgreSQL 13+).
 * - A column that becomes generated, or whose expression changes, is dropped
 *   and added again: PostgreSQL before 17 has no `SET EXPRESSION`, and cannot
 *   turn an ordinary column into a generated one. Its values are computed
 *   from the other columns, so nothing the rows hold is lost; what DROP
 *   COLUMN takes with it (the keys, indexes and constraints over the column,
 *   its comment, the foreign keys of other tables that reference it) is made
 *   again after the ADD.
 *   https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-EXPRESSION
 */
import { qualifiedIdentifier as qt } from './postgres-qualified'
import { applyOperation } from '../../diff/apply'
import type { AlterColumn } from '../../diff/operations'
import type { Exclusion, Schema, Table } from '../../schema/model'
import { findTable } from '../../schema/model'
import type { Statement } from '../dialect'
import { checkSql, columnSql, constraintCommentSql, createIndexSql, exclusionSql, foreignKeySql, indexCommentSql, primaryKeySql, uniqueSql } from './postgres-ddl'
import { quoteIdentifier as q, quoteString } from './postgres-types'

/** Does SQL text mention the column name as a word (quoted or not)? */
export function mentions(sql: string | undefined, column: string): boolean {
  if (sql === undefined) return false
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^\\p{L}\\p{N}_])${escaped}($|[^\\p{L}\\p{N}_])`, 'iu').test(sql)
}

/** Is this an alterColumn that needs the column dropped and added again (it becomes generated, or its expression changes)? */
export function recreatesColumn(op: AlterColumn): boolean {
  return op.to.generated !== undefined && op.to.generated !== null
}

/** The statements that drop and re-add the column as `op` makes it, with everything DROP COLUMN removes. */
export function recreateColumn(op: AlterColumn, before: Schema): Statement[] {
  const { drop, add } = recreateColumnParts(applyOperation(before, op), op.table, op.column)
  return [...drop, ...add]
}

/**
 * Dropping and re-adding column `name` of `table` as `after` has it: the
 * drop (with the foreign keys that reference it), and the add with
 * everything DROP COLUMN took along. Apart, so that something can happen in
 * between (the type change of a column the generated one is computed from).
 */
export function recreateColumnParts(after: Schema, tableName: string, name: string): { drop: Statement[]; add: Statement[] } {
  const op = { table: tableName, column: name }
  const table = findTable(after, op.table)!
  const column = table.columns.find((c) => c.name === op.column)!
  const alter = (t: string, clause: string): Statement => ({ sql: `ALTER TABLE ${qt(t)} ${clause}` })
  const uses = (cols: readonly string[] | undefined) => cols?.includes(op.column) ?? false
  const referencing: [Table, Table['foreignKeys'][number]][] = after.tables.flatMap((t) =>
    t.foreignKeys
      .filter((f) => f.references.table === op.table && f.references.columns.includes(op.column))
      .map((f): [Table, typeof f] => [t, f]),
  )
  // The foreign keys referencing the column depend on its key: dropped first, made again last.
  const drop: Statement[] = referencing.map(([t, f]) => alter(t.name, `DROP CONSTRAINT ${q(f.name)}`))
  drop.push(alter(op.table, `DROP COLUMN ${q(op.column)}`))
  const out: Statement[] = [alter(op.table, `ADD COLUMN ${columnSql(column)}`)]
  if (table.primaryKey && uses(table.primaryKey.columns)) out.push(alter(op.table, `ADD ${primaryKeySql(table.primaryKey)}`))
  // A constraint's comment goes with it (COMMENT ON CONSTRAINT).
  const commented = (name: string, comment: string | undefined) => {
    if (comment !== undefined) out.push({ sql: constraintCommentSql(op.table, name, comment) })
  }
  for (const u of table.uniques.filter((x) => uses(x.columns))) {
    out.push(alter(op.table, `ADD ${uniqueSql(u)}`))
    commented(u.name, u.comment)
  }
  for (const c of table.checks.filter((x) => mentions(x.expression, op.column))) {
    out.push(alter(op.table, `ADD ${checkSql(c)}`))
    commented(c.name, c.comment)
  }
  // An EXCLUDE constraint over the column (an element or its WHERE) goes with it too.
  const excludes = (x: Exclusion) =>
    x.elements.some((e) => e.column === op.column || mentions(e.expression, op.column)) || mentions(x.where, op.column) || (x.include?.includes(op.column) ?? false)
  for (const x of (table.exclusions ?? []).filter(excludes)) {
    out.push(alter(op.table, `ADD ${exclusionSql(x)}`))
    commented(x.name, x.comment)
  }
  for (const i of table.indexes.filter((x) => uses(x.columns) || mentions(x.expression, op.column) || mentions(x.where, op.column))) {
    out.push({ sql: createIndexSql(op.table, i, false) })
    if (i.comment !== undefined) out.push({ sql: indexCommentSql(op.table, i.name, i.comment) })
  }
  const readded = new Set(referencing.map(([, f]) => f))
  for (const f of table.foreignKeys.filter((x) => uses(x.columns) && !readded.has(x))) out.push(alter(op.table, `ADD ${foreignKeySql(f)}`))
  for (const [t, f] of referencing) out.push(alter(t.name, `ADD ${foreignKeySql(f)}`))
  if (column.comment !== undefined) {
    out.push({ sql: `COMMENT ON COLUMN ${qt(op.table)}.${q(op.column)} IS ${quoteString(column.comment)}` })
  }
  return { drop, add: out }
}

/**
 * PostgreSQL refuses to change the type (or collation) of a column a
 * generated column is computed from ("cannot alter type of a column used by
 * a generated column"): those generated columns are dropped before and
 * added again after, as `after` has them (their values are derived).
 */
export function aroundGeneratedUsers(after: Schema, table: string, column: string, statements: Statement[]): Statement[] {
  const users = (findTable(after, table)?.columns ?? []).filter((c) => c.name !== column && mentions(c.generated?.expression, column))
  if (users.length === 0) return statements
  const parts = users.map((c) => recreateColumnParts(after, table, c.name))
  return [...parts.flatMap((p) => p.drop), ...statements, ...parts.flatMap((p) => p.add)]
}

/** `DROP EXPRESSION` when a generated column becomes an ordinary one (its values stay). */
export function dropExpression(op: AlterColumn): Statement[] {
  if (op.to.generated !== null || op.from.generated === undefined || op.from.generated === null) return []
  return [{ sql: `ALTER TABLE ${qt(op.table)} ALTER COLUMN ${q(op.column)} DROP EXPRESSION` }]
}
