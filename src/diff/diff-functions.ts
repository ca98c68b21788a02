/**
 * The diff of functions and procedures (PostgreSQL). A function whose
 * signature (arguments, result, function or procedure) is unchanged is
 * replaced in place (CREATE OR REPLACE); otherwise it is dropped and created
 * again, and what depends on it (views that name it, triggers that execute
 * it) is dropped before and created after (diff-objects.ts, given the names
 * returned here).
 *
 * Functions are created before the tables (a column default or a CHECK may
 * call one; their bodies are not checked at creation, see
 * postgres-functions.ts), except those whose arguments or result name a
 * table of the schema (`RETURNS SETOF users`), created after the tables.
 * They are dropped once the views and triggers over them are gone, before
 * the tables they may name.
 */
import { canonicalFunction, equalData } from '../schema/canonical'
import { functionUsesTables, functionsOf, sameSignature } from '../schema/functions'
import type { Schema } from '../schema/model'
import { PHASE, type Plan } from './diff-plan'

/** Plan the function operations; returns the names of the functions dropped (removed or recreated). */
export function planFunctions(source: Schema, target: Schema, plan: Plan): Set<string> {
  const before = new Map(functionsOf(source).map((f) => [f.name, canonicalFunction(f)]))
  const after = new Map(functionsOf(target).map((f) => [f.name, canonicalFunction(f)]))
  const dropped = new Set<string>()
  for (const [name, fn] of before) {
    const next = after.get(name)
    if (next && equalData(next, fn)) continue
    if (next && sameSignature(fn, next)) {
      plan.add(PHASE.replaceFunction, name, { op: 'replaceFunction', from: fn, to: next })
      continue
    }
    dropped.add(name)
    plan.add(PHASE.dropFunction, name, { op: 'dropFunction', name })
  }
  for (const [name, fn] of after) {
    if (before.has(name) && !dropped.has(name)) continue
    const phase = functionUsesTables(fn, target) ? PHASE.createFunctionAfterTables : PHASE.createFunction
    plan.add(phase, name, { op: 'createFunction', function: fn })
  }
  return dropped
}
