/**
 * The names that follow a renamed table or column. Generated constraint and
 * index names start with the table's name and include the columns'
 * (`authors_pkey`, `authors_email_key`), so after `renameTable` or
 * `renameColumn` the schema files name them after the new name.
 * An item of the renamed table whose definition is unchanged but whose name
 * differs is renamed with the table (`RenameTable.renames`) instead of being
 * dropped and re-created, which would rebuild every key and index and, on
 * PostgreSQL, every foreign key pointing at them.
 */
import { canonicalTable, stableStringify } from '../schema/canonical'
import type { Schema, Table } from '../schema/model'
import { applyOperation, tableItemNames } from './apply'
import type { RenameColumn, RenameTable } from './operations'

/** An item's definition without its name. */
function shape(item: { readonly name: string }): string {
  const { name: _name, ...rest } = item
  return stableStringify(rest)
}

/**
 * Old name to new name for the items of `now` (the renamed table, after the
 * column renames) that `target` holds under another name with the same
 * definition. `taken`: names in use anywhere in the schema, which a new name
 * must not be (indexes, keys and uniques share one namespace on PostgreSQL).
 */
export function followingNames(now: Table, target: Table, taken: ReadonlySet<string>): Record<string, string> {
  const before = canonicalTable(now)
  const after = canonicalTable(target)
  const out: Record<string, string> = {}
  const pair = <T extends { readonly name: string }>(olds: readonly T[], news: readonly T[]) => {
    const oldNames = new Set(olds.map((o) => o.name))
    const newNames = new Set(news.map((n) => n.name))
    for (const old of olds) {
      if (newNames.has(old.name)) continue
      const key = shape(old)
      const match = news.find((n) => !oldNames.has(n.name) && !taken.has(n.name) && !Object.values(out).includes(n.name) && shape(n) === key)
      if (match) out[old.name] = match.name
    }
  }
  if (before.primaryKey && after.primaryKey) pair([before.primaryKey], [after.primaryKey])
  pair(before.uniques, after.uniques)
  pair(before.indexes, after.indexes)
  pair(before.foreignKeys, after.foreignKeys)
  pair(before.checks, after.checks)
  return out
}

/**
 * The table renames with the names that follow them. `current`: the source
 * schema after the table and column renames (without name renames).
 */
export function withFollowingNames(renames: readonly RenameTable[], current: Schema, target: Schema): RenameTable[] {
  if (renames.length === 0) return []
  const taken = new Set(current.tables.flatMap(tableItemNames))
  const targetTables = new Map(target.tables.map((t) => [t.name, t]))
  const currentTables = new Map(current.tables.map((t) => [t.name, t]))
  return renames.map((op) => {
    const now = currentTables.get(op.to)
    const after = targetTables.get(op.to)
    if (!now || !after) return op
    const names = followingNames(now, after, taken)
    for (const name of Object.values(names)) taken.add(name)
    return Object.keys(names).length > 0 ? { ...op, renames: names } : op
  })
}

/**
 * The column renames with the names that follow them, on the tables that
 * are not renamed themselves (a renamed table's names, column renames
 * included, go with its renameTable). A name goes with the rename after
 * which its item matches the schema files' (an index over two renamed
 * columns: with the second). `tablesRenamed`: the source schema after the
 * table renames only; `tableRenames`: with their names.
 */
export function columnRenamesWithFollowingNames(
  renames: readonly RenameColumn[],
  tableRenames: readonly RenameTable[],
  tablesRenamed: Schema,
  target: Schema,
): RenameColumn[] {
  if (renames.length === 0) return []
  const renamedTables = new Set(tableRenames.map((r) => r.to))
  const taken = new Set([...tablesRenamed.tables.flatMap(tableItemNames), ...tableRenames.flatMap((r) => Object.values(r.renames ?? {}))])
  const targetTables = new Map(target.tables.map((t) => [t.name, t]))
  let schema = tablesRenamed
  return renames.map((plain) => {
    const previous = schema
    schema = applyOperation(previous, plain)
    const now = schema.tables.find((t) => t.name === plain.table)
    const after = targetTables.get(plain.table)
    if (renamedTables.has(plain.table) || !now || !after) return plain
    const names = followingNames(now, after, taken)
    if (Object.keys(names).length === 0) return plain
    for (const name of Object.values(names)) taken.add(name)
    const op = { ...plain, renames: names }
    // With the names renamed, so that a later column rename does not match them again.
    schema = applyOperation(previous, op)
    return op
  })
}
