/**
 * Enum differences. Values added, removed or reordered are one `alterEnum`
 * with the whole list on both sides (the dialect decides how: PostgreSQL can
 * only append values in place, anything else recreates the type). Value
 * renames are never guessed: `renamed` is left for hand-written migrations.
 */
import type { Enum, Schema } from '../schema/model'
import { PHASE, type Plan } from './diff-plan'

const sameValues = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i])

export function planEnums(before: readonly Enum[], after: readonly Enum[], plan: Plan): void {
  const beforeBy = new Map(before.map((e) => [e.name, e]))
  const afterBy = new Map(after.map((e) => [e.name, e]))
  for (const e of after) {
    const old = beforeBy.get(e.name)
    if (!old) plan.add(PHASE.createEnum, e.name, { op: 'createEnum', name: e.name, values: e.values })
    else if (!sameValues(old.values, e.values)) {
      plan.add(PHASE.createEnum, e.name, { op: 'alterEnum', name: e.name, from: old.values, to: e.values })
    }
  }
  for (const e of before) {
    if (!afterBy.has(e.name)) plan.add(PHASE.dropEnum, e.name, { op: 'dropEnum', name: e.name })
  }
}

/** Is `sub` a subsequence of `all` (same relative order)? */
function isSubsequence(sub: readonly string[], all: readonly string[]): boolean {
  let i = 0
  for (const value of all) if (i < sub.length && sub[i] === value) i++
  return i === sub.length
}

/**
 * The tables (of `source`) with a column of an enum that loses or reorders
 * values here, or gains values (its down path loses them). PostgreSQL cannot
 * remove an enum value, so it creates the type again and converts the
 * columns (postgres-enum.ts), which it refuses while a view or rule uses
 * such a column ("cannot alter type of a column used by a view or rule"):
 * the views and triggers on these tables are recreated around the change,
 * as for a retyped column, so that the down path, the inverse of each
 * operation, recreates them around the removal too. Elsewhere it costs a
 * recreation.
 */
export function tablesOfSwappedEnums(source: Schema, target: Schema): Set<string> {
  const after = new Map(target.enums.map((e) => [e.name, e]))
  const swapped = new Set(source.enums.filter((e) => {
    const next = after.get(e.name)
    return next !== undefined && !(isSubsequence(e.values, next.values) && isSubsequence(next.values, e.values))
  }).map((e) => e.name))
  const out = new Set<string>()
  if (swapped.size === 0) return out
  for (const table of source.tables) if (table.columns.some((c) => c.type === 'enum' && c.enum !== undefined && swapped.has(c.enum))) out.add(table.name)
  return out
}
