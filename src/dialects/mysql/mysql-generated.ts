/**
 * Generated columns whose kind changes on MySQL / MariaDB (`alterColumn`
 * whose `generated` changes).
 *
 * MariaDB refuses `MODIFY COLUMN` when a VIRTUAL column is on either side
 * and the other is not VIRTUAL: VIRTUAL to STORED and back, VIRTUAL to an
 * ordinary column and back (error 1907, "This is not yet supported for
 * generated columns"). It takes MODIFY for everything else: a VIRTUAL or
 * STORED expression changed, STORED to ordinary (the values stay) and
 * ordinary to STORED (the values are computed).
 * https://mariadb.com/kb/en/generated-columns/
 *
 * Such a column is dropped and added again, in its place (AFTER the column
 * before it, or FIRST), in one ALTER TABLE with everything DROP COLUMN
 * would remove or refuse to remove: the primary key, uniques and indexes
 * over it (MariaDB takes a dropped column out of a multi-column index
 * rather than dropping the index), checks that name it (MariaDB refuses to
 * drop a column a check names, error 1054), its foreign keys. Foreign keys
 * of other tables that reference it are dropped before and added after
 * (error 1829). Its comment is part of its definition. A VIRTUAL column that
 * becomes an ordinary one keeps its values: the new column is filled from
 * the old expression (a fill value where that gives NULL) before its keys
 * and constraints are added back.
 */
import { alterColumn, applyOperation } from '../../diff/apply'
import type { AlterColumn } from '../../diff/operations'
import type { Column, ForeignKey, Schema, Table } from '../../schema/model'
import { findTable } from '../../schema/model'
import { mentionsName } from '../../schema/views'
import type { Statement } from '../dialect'
import { checkSql, columnSql, foreignKeySql, indexSql, primaryKeySql, requireColumn, requireTable, uniqueSql } from './mysql-ddl'
import { defaultSql, quoteIdentifier as q } from './mysql-types'

const isVirtual = (c: Column): boolean => c.generated !== undefined && c.generated.stored !== true

/** Does `op` need the column dropped and added again (a VIRTUAL column on one side only)? */
export function recreatesColumnMysql(op: AlterColumn, before: Schema): boolean {
  if (op.to.generated === undefined) return false
  const from = requireColumn(before, op.table, op.column)
  return isVirtual(from) !== isVirtual(alterColumn(from, op.to))
}

/** The statements that drop column `op.column` and add it back as `op` makes it, in its place, with what depends on it. */
export function recreateColumnMysql(op: AlterColumn, before: Schema): Statement[] {
  const from = requireColumn(before, op.table, op.column)
  const after = applyOperation(before, op)
  const table = requireTable(after, op.table)
  const column = table.columns.find((c) => c.name === op.column)!
  const at = table.columns.indexOf(column)
  const place = at === 0 ? 'FIRST' : `AFTER ${q(table.columns[at - 1]!.name)}`
  const uses = (columns: readonly string[] | undefined) => columns?.includes(op.column) ?? false

  const drops: string[] = []
  const adds: string[] = []
  if (table.primaryKey && uses(table.primaryKey.columns)) {
    drops.push('DROP PRIMARY KEY')
    adds.push(`ADD ${primaryKeySql(table.primaryKey.columns)}`)
  }
  for (const u of table.uniques.filter((x) => uses(x.columns))) {
    drops.push(`DROP INDEX ${q(u.name)}`)
    adds.push(`ADD ${uniqueSql(u)}`)
  }
  for (const i of table.indexes.filter((x) => uses(x.columns))) {
    drops.push(`DROP INDEX ${q(i.name)}`)
    adds.push(`ADD ${indexSql(op.table, i)}`)
  }
  for (const c of table.checks.filter((x) => mentionsName(x.expression, op.column))) {
    drops.push(`DROP CONSTRAINT ${q(c.name)}`)
    adds.push(`ADD ${checkSql(c)}`)
  }
  // The foreign keys that reference the column (its own table's too) go in statements of their own.
  const referencing = referencingForeignKeys(after, op.table, op.column)
  const apart = new Set(referencing.map(([, f]) => f))
  for (const f of table.foreignKeys.filter((x) => uses(x.columns) && !apart.has(x))) {
    drops.push(`DROP FOREIGN KEY ${q(f.name)}`)
    adds.push(`ADD ${foreignKeySql(f)}`)
  }
  const alter = (name: string, clauses: readonly string[]): Statement => ({ sql: `ALTER TABLE ${q(name)} ${clauses.join(', ')}` })

  const out: Statement[] = referencing.map(([t, f]) => alter(t.name, [`DROP FOREIGN KEY ${q(f.name)}`]))
  const replace = [...drops, `DROP COLUMN ${q(op.column)}`, `ADD COLUMN ${columnSql(column, after, op.table, table)} ${place}`]
  if (column.generated === undefined && from.generated !== undefined) {
    // VIRTUAL to ordinary: the rows take the values the expression gave them.
    out.push(alter(op.table, replace))
    out.push(fillFromExpression(op, from.generated.expression, column, table))
    if (adds.length > 0) out.push(alter(op.table, adds))
  } else {
    out.push(alter(op.table, [...replace, ...adds]))
  }
  out.push(...referencing.map(([t, f]) => alter(t.name, [`ADD ${foreignKeySql(f)}`])))
  return out
}

/**
 * `UPDATE … SET column = (expression)`, with the fill value where the
 * expression gives NULL. Columns with ON UPDATE CURRENT_TIMESTAMP are set to
 * themselves, which keeps MySQL from touching them.
 * https://mariadb.com/kb/en/timestamp/#automatic-values
 */
function fillFromExpression(op: AlterColumn, expression: string, column: Column, table: Table): Statement {
  const value = op.fill !== undefined ? `COALESCE((${expression}), ${defaultSql(op.fill, column)})` : `(${expression})`
  const keep = table.columns.filter((c) => c.onUpdate === 'now' && c.name !== column.name).map((c) => `${q(c.name)} = ${q(c.name)}`)
  return { sql: `UPDATE ${q(op.table)} SET ${[`${q(column.name)} = ${value}`, ...keep].join(', ')}` }
}

/** The foreign keys of every table that reference `table.column`. */
function referencingForeignKeys(schema: Schema, table: string, column: string): [Table, ForeignKey][] {
  const target = findTable(schema, table)
  if (!target) return []
  return schema.tables.flatMap((t) =>
    t.foreignKeys.filter((f) => findTable(schema, f.references.table) === target && f.references.columns.includes(column)).map((f): [Table, ForeignKey] => [t, f]),
  )
}
