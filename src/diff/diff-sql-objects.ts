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
 * is removed is dropped after the tables that may use it.
 */
import { equalData } from '../schema/canonical'
import type { Schema } from '../schema/model'
import { canonicalSqlObject, sqlObjectDependencies, sqlObjectsOf } from '../schema/sql-objects'
import { PHASE, type Plan } from './diff-plan'

/**
 * `changed`: the tables (old and new names) that change in any way, and the
 * views and functions dropped (removed or created again) by this diff.
 */
export function planSqlObjects(source: Schema, target: Schema, changed: ReadonlySet<string>, plan: Plan): void {
  const before = sqlObjectsOf(source)
  const after = new Map(sqlObjectsOf(target).map((o) => [o.name, o]))
  if (before.length === 0 && after.size === 0) return
  const dropped = new Set<string>()
  // In creation order, so that an object recreated makes every later one that uses it recreated too.
  for (const object of before) {
    const next = after.get(object.name)
    const uses = sqlObjectDependencies(object, source)
    if (!next || !equalData(canonicalSqlObject(next), canonicalSqlObject(object)) || uses.some((u) => changed.has(u) || dropped.has(u))) {
      dropped.add(object.name)
    }
  }
  for (const object of [...before].reverse()) {
    if (!dropped.has(object.name)) continue
    const removedFirst = object.first && !after.has(object.name)
    plan.add(removedFirst ? PHASE.dropSqlFirst : PHASE.dropSql, '', { op: 'dropSql', name: object.name, drop: object.drop })
  }
  const existing = new Set(before.map((o) => o.name))
  for (const object of after.values()) {
    if (existing.has(object.name) && !dropped.has(object.name)) continue
    plan.add(object.first ? PHASE.createSqlFirst : PHASE.createSql, '', { op: 'createSql', object: canonicalSqlObject(object) })
  }
}
