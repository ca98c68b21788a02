/**
 * Dependency order of views (see docs/OBJECTS.md, "Dependencies"): the views
 * a change touches, transitively, and the order to create them in (what a
 * view uses before the view). Used by the diff and by the SQLite rebuild.
 */
import type { Schema } from '../schema/model'
import { triggersOf } from '../schema/triggers'
import { type View, dependenciesOf, mentionsName, sqlTexts, viewsOf } from '../schema/views'
import { dependencyOrder } from './diff-plan'

/**
 * The views of `schema` that depend, directly or through other views, on
 * any of `names` (tables or views), not counting `names` themselves.
 */
export function dependentViews(schema: Schema, names: ReadonlySet<string>): Set<string> {
  const views = viewsOf(schema)
  const deps = new Map(views.map((v) => [v.name, dependenciesOf(v, schema)]))
  const out = new Set<string>()
  let grew = true
  while (grew) {
    grew = false
    for (const view of views) {
      if (out.has(view.name) || names.has(view.name)) continue
      if (deps.get(view.name)!.some((d) => names.has(d) || out.has(d))) {
        out.add(view.name)
        grew = true
      }
    }
  }
  return out
}

/** `views` ordered so that each comes after the views (of `schema`) it uses; a cycle is broken at the smallest name. */
export function creationOrder(views: readonly View[], schema: Schema): View[] {
  const byName = new Map(views.map((v) => [v.name, v]))
  const order = dependencyOrder(
    [...byName.keys()],
    (name) => dependenciesOf(byName.get(name)!, schema),
    () => {},
  )
  return order.map((n) => byName.get(n)!)
}

/**
 * Triggers whose condition or body names one of `names` (SQLite re-checks
 * every trigger when a table is renamed, so such triggers must not exist
 * while the table is missing), or that fire on one of them.
 */
export function triggersNaming(schema: Schema, names: ReadonlySet<string>): string[] {
  return triggersOf(schema)
    .filter(
      (t) =>
        names.has(t.table) ||
        [...names].some((n) => [...sqlTexts(t.body), ...sqlTexts(t.when)].some((text) => mentionsName(text, n))),
    )
    .map((t) => t.name)
}
