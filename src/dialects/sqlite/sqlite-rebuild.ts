/**
 * The table rebuild: how SQLite makes every change ALTER TABLE cannot make
 * (type, nullability, default, constraints, primary key, enum values), after
 * https://www.sqlite.org/lang_altertable.html#otheralter:
 *
 *   CREATE TABLE "_strata_new_t" (the new definition)
 *   INSERT INTO "_strata_new_t" (cols) SELECT … FROM "t"
 *   DROP TABLE "t"
 *   ALTER TABLE "_strata_new_t" RENAME TO "t"
 *   CREATE INDEX … (DROP TABLE dropped the old ones)
 *
 * The old table is dropped, never renamed out of the way: since SQLite 3.26
 * renaming a table rewrites the REFERENCES clauses of other tables to follow
 * it (https://www.sqlite.org/lang_altertable.html#alter_table_rename), which
 * would leave them pointing at the dropped copy. This needs foreign keys OFF
 * (with them on, DROP TABLE runs an implicit DELETE that fires ON DELETE
 * actions on the referencing tables); the connection turns them off around
 * each migration's transaction and runs PRAGMA foreign_key_check before
 * COMMIT.
 *
 * Views and triggers, after steps 2 and 10 of the documented procedure: the
 * views that use the table (transitively) and the triggers that name it are
 * dropped first (SQLite checks every view and trigger when the new table is
 * renamed, and fails on one naming a table that is missing at that moment),
 * and after the rename the views are created again in dependency order and
 * every trigger of the table (DROP TABLE dropped them) and the dropped ones.
 */
import type { Statement } from '../dialect'
import type { Literal, Schema, Table } from '../../schema/model'
import { findTable } from '../../schema/model'
import { createIndexSql, createTableSql, isRowidColumn, quoteIdentifier as q } from './sqlite-ddl'
import { literalSql, quoteString } from './sqlite-types'
import { creationOrder, dependentViews, triggersNaming } from '../../diff/view-order'
import { findTrigger, triggersOf } from '../../schema/triggers'
import { viewsOf } from '../../schema/views'
import { createTriggerSqlite, createViewSqlite, dropTriggerSqlite, dropViewSqlite } from './sqlite-objects'

export const REBUILD_PREFIX = '_strata_new_'

export interface RebuildOptions {
  /**
   * The SELECT expression per column of the new table (by new name). A column
   * missing here is copied from the old column of the same name, or, when
   * the old table has none, left to its default.
   */
  readonly select?: Readonly<Record<string, string>>
  /** Value for NULLs in these columns (one-off fill for a NOT NULL column). */
  readonly fill?: Readonly<Record<string, Literal>>
}

/**
 * Rebuild table `name` of `before` into its definition in `after` (the same
 * name in both).
 */
export function rebuildTable(before: Schema, after: Schema, name: string, options: RebuildOptions = {}): Statement[] {
  const oldTable = findTable(before, name)
  const newTable = findTable(after, name)
  if (!oldTable || !newTable) throw new Error(`rebuild: table "${name}" is missing before or after the operation`)
  const temp = `${REBUILD_PREFIX}${name}`
  const columns: string[] = []
  const selects: string[] = []
  for (const column of newTable.columns) {
    // A generated column computes its values: it is never inserted into.
    if (column.generated !== undefined) continue
    let expr = options.select?.[column.name]
    if (expr === undefined && oldTable.columns.some((c) => c.name === column.name)) expr = q(column.name)
    const fill = options.fill?.[column.name]
    if (fill !== undefined) expr = expr === undefined ? literalSql(fill) : `COALESCE(${expr}, ${literalSql(fill)})`
    if (expr === undefined) continue
    columns.push(q(column.name))
    selects.push(expr)
  }
  const views = dependentViews(before, new Set([name]))
  const triggers = triggersNaming(before, new Set([name, ...views]))
  const dropped = new Set(triggers)
  for (const t of triggersOf(after)) if (t.table === name) dropped.add(t.name)
  const viewsBefore = creationOrder(viewsOf(before).filter((v) => views.has(v.name)), before)
  const viewsAfter = creationOrder(viewsOf(after).filter((v) => views.has(v.name)), after)
  return [
    ...triggers.filter((t) => findTrigger(before, t)?.table !== name).flatMap((t) => dropTriggerSqlite(findTrigger(before, t), t)),
    ...viewsBefore.reverse().flatMap((v) => dropViewSqlite(v, v.name)),
    { sql: createTableSql(after, newTable, temp) },
    { sql: `INSERT INTO ${q(temp)} (${columns.join(', ')}) SELECT ${selects.join(', ')} FROM ${q(name)}` },
    ...keepSequence(oldTable, newTable, temp),
    { sql: `DROP TABLE ${q(name)}` },
    { sql: `ALTER TABLE ${q(temp)} RENAME TO ${q(name)}` },
    ...indexStatements(newTable),
    ...viewsAfter.flatMap(createViewSqlite),
    ...[...dropped].sort().flatMap((t) => {
      const trigger = findTrigger(after, t)
      return trigger ? createTriggerSqlite(trigger) : []
    }),
  ]
}

const isMonotonic = (table: Table) => table.columns.some((c) => c.monotonic && isRowidColumn(table, c))

/**
 * An AUTOINCREMENT table keeps its largest rowid ever used in sqlite_sequence
 * (https://www.sqlite.org/autoinc.html), which the copy would reset to the
 * largest rowid still present: the copy takes the old counter over (RENAME
 * then moves the row to the new name). sqlite_sequence is an ordinary table
 * to UPDATE and INSERT.
 */
function keepSequence(oldTable: Table, newTable: Table, temp: string): Statement[] {
  if (!isMonotonic(oldTable) || !isMonotonic(newTable)) return []
  const old = `(SELECT seq FROM sqlite_sequence WHERE name = ${quoteString(oldTable.name)})`
  return [
    { sql: `UPDATE sqlite_sequence SET seq = ${old} WHERE name = ${quoteString(temp)} AND seq < ${old}` },
    {
      sql:
        `INSERT INTO sqlite_sequence (name, seq) SELECT ${quoteString(temp)}, seq FROM sqlite_sequence ` +
        `WHERE name = ${quoteString(oldTable.name)} AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ${quoteString(temp)})`,
    },
  ]
}

export function indexStatements(table: Table): Statement[] {
  return table.indexes.map((index) => ({ sql: createIndexSql(table.name, index) }))
}
