/**
 * The diff of views and triggers (docs/OBJECTS.md, "Dependencies").
 *
 * A view or trigger that changes is dropped and created again (PostgreSQL's
 * CREATE OR REPLACE VIEW cannot drop or retype columns). Views that use,
 * directly or through other views, a table that is dropped or renamed or
 * whose columns are renamed, retyped or dropped, or a view that is dropped
 * or changes, are dropped first and created again last, so the table change
 * happens with no view on it (PostgreSQL refuses to retype a column a view
 * uses: "cannot alter type of a column used by a view or rule"). Triggers on
 * such tables and views likewise. Drops come before every other operation,
 * dependents first; creations after every table operation, in dependency
 * order.
 */
import { canonicalTrigger, canonicalView, equalData } from '../schema/canonical'
import type { Schema } from '../schema/model'
import { triggersOf } from '../schema/triggers'
import { dependenciesOf, viewsOf } from '../schema/views'
import { PHASE, type Plan } from './diff-plan'
import type { RenameColumn, RenameTable } from './operations'
import { creationOrder, dependentViews } from './view-order'

export interface TouchedTables {
  /** Tables (by old and new name) renamed, dropped, or with columns renamed, retyped or dropped. */
  readonly names: ReadonlySet<string>
}

/** The tables whose views and triggers must be recreated around the migration. */
export function touchedTables(
  source: Schema,
  target: Schema,
  renames: { tables: readonly RenameTable[]; columns: readonly RenameColumn[] },
  columnChanges: ReadonlyMap<string, { retyped: ReadonlySet<string>; regenerated?: ReadonlySet<string>; drops: readonly unknown[] }>,
): Set<string> {
  const out = new Set<string>()
  const oldName = new Map(renames.tables.map((r) => [r.to, r.from]))
  const add = (name: string) => {
    out.add(name)
    const old = oldName.get(name)
    if (old !== undefined) out.add(old)
  }
  for (const r of renames.tables) {
    out.add(r.from)
    out.add(r.to)
  }
  for (const r of renames.columns) add(r.table)
  for (const [table, change] of columnChanges) if (change.retyped.size > 0 || (change.regenerated?.size ?? 0) > 0 || change.drops.length > 0) add(table)
  const kept = new Set([...target.tables.map((t) => t.name), ...renames.tables.map((r) => r.from)])
  for (const t of source.tables) if (!kept.has(t.name)) out.add(t.name)
  return out
}

/** Plans the view and trigger operations; returns the names of the views dropped (removed or recreated). */
export function planObjects(source: Schema, target: Schema, touched: ReadonlySet<string>, plan: Plan, warnings: string[]): Set<string> {
  const before = new Map(viewsOf(source).map((v) => [v.name, canonicalView(v)]))
  const after = new Map(viewsOf(target).map((v) => [v.name, canonicalView(v)]))
  const changed = new Set<string>()
  for (const [name, view] of before) {
    const next = after.get(name)
    if (!next || !equalData(next, view)) changed.add(name)
  }
  const dependents = dependentViews(source, new Set([...touched, ...changed]))
  const dropViews = new Set([...changed, ...dependents])
  const createViews = new Set([...dependents].filter((n) => after.has(n)))
  for (const [name, view] of after) {
    const old = before.get(name)
    if (!old || !equalData(old, view)) {
      createViews.add(name)
      if (dependenciesOf(view, target).length === 0) {
        warnings.push(
          `view "${name}": its query names no table or view of the schema, so strata cannot tell what it depends on; ` +
            `add dependsOn: [...] if it uses one`,
        )
      }
    }
  }

  const triggersBefore = new Map(triggersOf(source).map((t) => [t.name, canonicalTrigger(t)]))
  const triggersAfter = new Map(triggersOf(target).map((t) => [t.name, canonicalTrigger(t)]))
  const recreatedOn = new Set([...touched, ...dropViews])
  const dropTriggers: string[] = []
  const createTriggers: string[] = []
  for (const [name, trigger] of triggersBefore) {
    const next = triggersAfter.get(name)
    // A trigger also goes with the function it executes when that is dropped (`touched` holds its name).
    const functionGone = trigger.function !== undefined && touched.has(trigger.function)
    if (!next || !equalData(next, trigger) || recreatedOn.has(trigger.table) || functionGone) {
      dropTriggers.push(name)
      if (next) createTriggers.push(name)
    }
  }
  for (const name of triggersAfter.keys()) if (!triggersBefore.has(name)) createTriggers.push(name)

  for (const name of dropTriggers.sort()) plan.add(PHASE.dropTrigger, '', { op: 'dropTrigger', name })
  const dropOrder = creationOrder(viewsOf(source).filter((v) => dropViews.has(v.name)), source).reverse()
  for (const view of dropOrder) plan.add(PHASE.dropView, '', { op: 'dropView', name: view.name })
  const createOrder = creationOrder(viewsOf(target).filter((v) => createViews.has(v.name)), target)
  for (const view of createOrder) plan.add(PHASE.createView, '', { op: 'createView', view: after.get(view.name)! })
  for (const name of createTriggers.sort()) {
    plan.add(PHASE.createTrigger, '', { op: 'createTrigger', trigger: triggersAfter.get(name)! })
  }
  return dropViews
}
