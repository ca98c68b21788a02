/**
 * The diff of raw `sql` objects (schema/sql-objects.ts). strata cannot alter
 * what it does not parse: an object whose text (or `dependsOn`, or `first`)
 * changes is dropped with its old drop SQL and created with its new create
 * SQL. So is one that uses (its `dependsOn`, or a name in its create text)
 * a table that changes in any way, a view or function dropped or created
 * again, or an earlier `sql` object that is. Drops come before every other
 * operation, in the reverse of the order the objects were created in;
 * creations after every modelled object (or, with `first`, after the
 * extensions and before the tables), in file order. A `first` object that
 * is removed is dropped after the tables that may use it. An object a view
 * names in its `dependsOn` (and what it uses) is created after the
 * functions and before the views, and dropped after the views and before
 * the functions (sqlObjectsBeforeViews).
 */
import { equalData } from '../schema/canonical'
import type { Schema } from '../schema/model'
import { canonicalSqlObject, sqlObjectDependencies, sqlObjectsBeforeViews, sqlObjectsOf } from '../schema/sql-objects'
import { PHASE, type Plan } from './diff-plan'

/**
 * The objects of `source` that the diff drops (removed, changed, or using
 * something in `changed` or another dropped object).
 */
export function droppedSqlObjects(source: Schema, target: Schema, changed: ReadonlySet<string>): Set<string> {
  const after = new Map(sqlObjectsOf(target).map((o) => [o.name, o]))
  const dropped = new Set<string>()
  // Those created before the views use none (validate refuses a dependsOn on one; a view named in their text is not counted).
  const early = sqlObjectsBeforeViews(source, true)
  const views = new Set((source.views ?? []).map((v) => v.name))
  // In creation order, so that an object recreated makes every later one that uses it recreated too.
  for (const object of sqlObjectsOf(source)) {
    const next = after.get(object.name)
    const uses = sqlObjectDependencies(object, source).filter((u) => !early.has(object.name) || !views.has(u))
    if (!next || !equalData(canonicalSqlObject(next), canonicalSqlObject(object)) || uses.some((u) => changed.has(u) || dropped.has(u))) {
      dropped.add(object.name)
    }
  }
  return dropped
}

/**
 * The `sql` objects that views depend on (sqlObjectsBeforeViews) which the
 * diff drops: the views over them go with them and come back after. They
 * use no view, so `changed` need not hold the views dropped.
 */
export function sqlObjectsUnderViewsDropped(source: Schema, target: Schema, changed: ReadonlySet<string>): Set<string> {
  const early = sqlObjectsBeforeViews(source, true)
  if (early.size === 0) return early
  return new Set([...droppedSqlObjects(source, target, changed)].filter((n) => early.has(n)))
}

/**
 * `changed`: the tables (old and new names) that change in any way, and the
 * views and functions dropped (removed or created again) by this diff.
 */
export function planSqlObjects(source: Schema, target: Schema, changed: ReadonlySet<string>, plan: Plan): void {
  const before = sqlObjectsOf(source)
  const after = new Map(sqlObjectsOf(target).map((o) => [o.name, o]))
  if (before.length === 0 && after.size === 0) return
  const dropped = droppedSqlObjects(source, target, changed)
  const dropAfterViews = sqlObjectsBeforeViews(source, true)
  for (const object of [...before].reverse()) {
    if (!dropped.has(object.name)) continue
    const removedFirst = object.first && !after.has(object.name)
    const phase = removedFirst ? PHASE.dropSqlFirst : dropAfterViews.has(object.name) ? PHASE.dropSqlAfterViews : PHASE.dropSql
    plan.add(phase, '', { op: 'dropSql', name: object.name, drop: object.drop })
  }
  const existing = new Set(before.map((o) => o.name))
  const beforeViews = sqlObjectsBeforeViews(target)
  for (const object of after.values()) {
    if (existing.has(object.name) && !dropped.has(object.name)) continue
    const phase = object.first ? PHASE.createSqlFirst : beforeViews.has(object.name) ? PHASE.createSqlBeforeViews : PHASE.createSql
    plan.add(phase, '', { op: 'createSql', object: canonicalSqlObject(object) })
  }
}
