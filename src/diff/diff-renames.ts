/**
 * Renames, decided before anything else is compared: from the `renamedFrom`
 * hints of the schema files, else by asking the resolver about unambiguous
 * candidates (one dropped and one added table with the same columns; in one
 * table, one dropped and one added column of the same type). Without a
 * decision a rename is a drop + add, which loses data: say so.
 */
import { canonicalColumn, stableStringify } from '../schema/canonical'
import { type RenameHints, type Schema, type Table, typeSpecOf } from '../schema/model'
import type { RenameColumn, RenameTable } from './operations'
import type { DiffResolver } from './rename'

const sortedEntries = <V>(record: Readonly<Record<string, V>>): [string, V][] =>
  Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/**
 * A hint `renamedFrom` checked against the names before and after:
 * 'rename', 'stale' (already done by an earlier migration: ignore quietly)
 * or a reason to ignore it with a warning.
 */
function checkHint(
  what: string,
  oldName: string,
  newName: string,
  before: (name: string) => boolean,
  after: (name: string) => boolean,
): 'rename' | 'stale' | string {
  if (oldName === newName) return 'stale'
  if (!before(oldName)) {
    return before(newName) ? 'stale' : `${what} "${oldName}" does not exist in the snapshot`
  }
  if (before(newName)) return `both "${oldName}" and "${newName}" exist in the snapshot`
  if (!after(newName)) return `"${newName}" is not in the schema files`
  if (after(oldName)) return `"${oldName}" is still defined in the schema files`
  return 'rename'
}

/** Candidates that pair up one to one within a group key; groups with several on a side are ambiguous. */
function uniquePairs<T>(
  dropped: readonly T[],
  added: readonly T[],
  groupKey: (item: T) => string,
): { pairs: [T, T][]; ambiguous: [T[], T[]][] } {
  const group = (items: readonly T[]) => {
    const map = new Map<string, T[]>()
    for (const item of items) {
      const key = groupKey(item)
      const list = map.get(key)
      if (list) list.push(item)
      else map.set(key, [item])
    }
    return map
  }
  const droppedBy = group(dropped)
  const addedBy = group(added)
  const pairs: [T, T][] = []
  const ambiguous: [T[], T[]][] = []
  for (const [key, olds] of droppedBy) {
    const news = addedBy.get(key)
    if (!news) continue
    if (olds.length === 1 && news.length === 1) pairs.push([olds[0]!, news[0]!])
    else ambiguous.push([olds, news])
  }
  return { pairs, ambiguous }
}

const tableSignature = (table: Table): string =>
  stableStringify(
    table.columns.map((c) => [c.name, typeSpecOf(canonicalColumn(c))]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
  )

/** Same column names in the same order (the common case, checked without building sets). */
function sameColumnNames(a: Table | undefined, b: Table): boolean {
  if (!a || a.columns.length !== b.columns.length) return false
  return a.columns.every((c, i) => c.name === b.columns[i]!.name)
}

const quoteList = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ')

/**
 * The rename operations from `source` towards `target`: table renames, then
 * column renames (named by the new table name). Pushes warnings for ignored
 * hints and unconfirmed candidates.
 */
export async function detectRenames(
  source: Schema,
  target: Schema,
  hints: RenameHints,
  resolver: DiffResolver,
  warnings: string[],
): Promise<{ tables: RenameTable[]; columns: RenameColumn[] }> {
  const sourceTables = new Map(source.tables.map((t) => [t.name, t]))
  const targetTables = new Map(target.tables.map((t) => [t.name, t]))
  const tables: RenameTable[] = []
  const oldTaken = new Set<string>()

  for (const [newName, oldName] of sortedEntries(hints.tables)) {
    let verdict = checkHint('table', oldName, newName, (n) => sourceTables.has(n), (n) => targetTables.has(n))
    if (verdict === 'rename' && oldTaken.has(oldName)) verdict = `another table is also renamed from "${oldName}"`
    if (verdict === 'rename') {
      tables.push({ op: 'renameTable', from: oldName, to: newName })
      oldTaken.add(oldName)
    } else if (verdict !== 'stale') {
      warnings.push(`rename hint on table "${newName}" (renamedFrom: ${oldName}) ignored: ${verdict}`)
    }
  }

  const newTaken = new Set(tables.map((r) => r.to))
  const droppedTables = source.tables.filter((t) => !targetTables.has(t.name) && !oldTaken.has(t.name))
  const addedTables = target.tables.filter((t) => !sourceTables.has(t.name) && !newTaken.has(t.name))
  if (droppedTables.length > 0 && addedTables.length > 0) {
    const { pairs, ambiguous } = uniquePairs(droppedTables, addedTables, tableSignature)
    pairs.sort(([a], [b]) => (a.name < b.name ? -1 : 1))
    for (const [old, renamed] of pairs) {
      if (await resolver.confirmTableRename(old.name, renamed.name)) {
        tables.push({ op: 'renameTable', from: old.name, to: renamed.name })
      } else {
        warnings.push(
          `treated table ${old.name} -> ${renamed.name} as drop + add; add renamedFrom to keep the data`,
        )
      }
    }
    for (const [olds, news] of ambiguous) {
      warnings.push(
        `tables ${quoteList(olds.map((t) => t.name))} dropped and ${quoteList(news.map((t) => t.name))} added with the same columns: treated as drop + add; add renamedFrom to keep the data of a renamed one`,
      )
    }
  }

  // Column names per table after the table renames, updated as column renames are decided.
  const renamedTo = new Map(tables.map((r) => [r.to, r.from]))
  const sourceOf = (table: string): Table | undefined => sourceTables.get(renamedTo.get(table) ?? table)
  const names = new Map<string, Set<string>>()
  const namesOf = (table: string): Set<string> | undefined => {
    let set = names.get(table)
    if (!set) {
      const t = sourceOf(table)
      if (!t) return undefined
      set = new Set(t.columns.map((c) => c.name))
      names.set(table, set)
    }
    return set
  }
  const columns: RenameColumn[] = []

  for (const [table, map] of sortedEntries(hints.columns)) {
    const now = namesOf(table)
    const after = targetTables.get(table)
    const afterHas = (name: string) => after?.columns.some((c) => c.name === name) ?? false
    for (const [newName, oldName] of sortedEntries(map)) {
      const verdict = checkHint('column', oldName, newName, (n) => now?.has(n) ?? false, afterHas)
      if (verdict === 'rename') {
        columns.push({ op: 'renameColumn', table, from: oldName, to: newName })
        now!.delete(oldName)
        now!.add(newName)
      } else if (verdict !== 'stale') {
        const reason = verdict.replace(`column "${oldName}"`, `column "${table}.${oldName}"`)
        warnings.push(`rename hint on column "${table}.${newName}" (renamedFrom: ${oldName}) ignored: ${reason}`)
      }
    }
  }

  for (const after of target.tables) {
    if (!names.has(after.name) && sameColumnNames(sourceOf(after.name), after)) continue
    const now = namesOf(after.name)
    if (!now) continue
    const afterNames = new Set(after.columns.map((c) => c.name))
    if (now.size === afterNames.size && [...now].every((n) => afterNames.has(n))) continue
    const before = sourceOf(after.name)!
    const dropped = before.columns.filter((c) => now.has(c.name) && !afterNames.has(c.name))
    const added = after.columns.filter((c) => !now.has(c.name))
    if (dropped.length === 0 || added.length === 0) continue
    const { pairs, ambiguous } = uniquePairs(dropped, added, (c) => c.type)
    pairs.sort(([a], [b]) => before.columns.indexOf(a) - before.columns.indexOf(b))
    for (const [old, renamed] of pairs) {
      if (await resolver.confirmColumnRename(after.name, old.name, renamed.name)) {
        columns.push({ op: 'renameColumn', table: after.name, from: old.name, to: renamed.name })
      } else {
        warnings.push(
          `treated ${after.name}.${old.name} -> ${after.name}.${renamed.name} as drop + add; add renamedFrom to keep the data`,
        )
      }
    }
    for (const [olds, news] of ambiguous) {
      warnings.push(
        `columns ${quoteList(olds.map((c) => `${after.name}.${c.name}`))} dropped and ${quoteList(news.map((c) => `${after.name}.${c.name}`))} added: treated as drop + add; add renamedFrom to keep the data of a renamed one`,
      )
    }
  }
  return { tables, columns }
}
