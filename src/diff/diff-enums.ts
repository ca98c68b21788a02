/**
 * Enum differences. Values added, removed or reordered are one `alterEnum`
 * with the whole list on both sides (the dialect decides how: PostgreSQL can
 * only append values in place, anything else recreates the type). Value
 * renames are never guessed: `renamed` is left for hand-written migrations.
 */
import type { Enum } from '../schema/model'
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
