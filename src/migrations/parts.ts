/**
 * Applying one migration in parts (issue 13): consecutive transactions of
 * whole operations, when one transaction cannot hold what the migration
 * needs (PostgreSQL's lock table; MySQL's DDL, which commits by itself, will
 * use the same mechanism). Each committed part updates the migration's
 * history row (`applied_operations`: how many `up` operations are
 * committed), so a failure or a kill leaves the database at a recorded part
 * boundary, which `strata status` shows, `strata migrate` resumes from and
 * `strata migrate <earlier>` reverses.
 */
import { applyOperation } from '../diff/apply'
import type { Operation } from '../diff/operations'
import type { LockModel } from '../dialects/dialect'
import type { Schema } from '../schema/model'

/** `up` operations [from, to) of a migration, run in one transaction. */
export interface Part {
  readonly from: number
  readonly to: number
  /** The schema before operation `from`, and after operation `to - 1`. */
  readonly before: Schema
  readonly after: Schema
  /** Estimated lock-table entries. */
  readonly locks: number
}

export interface PartPlan {
  readonly parts: readonly Part[]
  /** Estimated lock-table entries of operations [start, end) in one transaction. */
  readonly locks: number
}

/**
 * Split `up` operations [start, end) into consecutive parts of whole
 * operations, each estimated to need at most `budget` locks (an operation
 * that alone needs more is a part of its own). `before`: the schema before
 * operation 0.
 */
export function planParts(
  model: LockModel,
  up: readonly Operation[],
  before: Schema,
  budget: number,
  start = 0,
  end = up.length,
): PartPlan {
  let schema = before
  for (let i = 0; i < start; i++) schema = applyOperation(schema, up[i]!)
  const parts: Part[] = []
  const all = new Set<string>()
  let current = new Set<string>()
  let from = start
  let partBefore = schema
  for (let i = start; i < end; i++) {
    const op = up[i]!
    const next = applyOperation(schema, op)
    const objects = model.objects(op, schema, next)
    const added = objects.filter((o) => !current.has(o))
    const uniqueAdded = new Set(added).size
    if (i > from && current.size + uniqueAdded > budget) {
      parts.push({ from, to: i, before: partBefore, after: schema, locks: current.size })
      current = new Set()
      from = i
      partBefore = schema
    }
    for (const o of objects) {
      current.add(o)
      all.add(o)
    }
    schema = next
  }
  if (end > from) parts.push({ from, to: end, before: partBefore, after: schema, locks: current.size })
  return { parts, locks: all.size }
}
