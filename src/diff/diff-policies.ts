/**
 * The diff of row-level security (PostgreSQL): a table's ENABLE / FORCE
 * ROW LEVEL SECURITY (`setRowLevelSecurity`; a new table carries it in its
 * createTable) and its policies.
 *
 * A policy that changes only its roles, USING or WITH CHECK is altered in
 * place (ALTER POLICY); one whose command or PERMISSIVE / RESTRICTIVE
 * changes, or that loses an expression, is dropped and created again.
 * PostgreSQL records what a policy's expressions use in pg_depend, and
 * refuses to retype or drop a column, or drop a table, view or function a
 * policy uses ("cannot alter type of a column used in a policy
 * definition"), so a policy on a touched table (diff-objects.ts
 * `touchedTables`: renamed, dropped, columns renamed, retyped or dropped),
 * or whose text names a touched table, a dropped function or a view that is
 * dropped, is dropped first and created again after every table, view and
 * function is in place.
 * https://www.postgresql.org/docs/current/sql-createpolicy.html
 */
import { canonicalPolicy, equalData } from '../schema/canonical'
import type { Schema, Table } from '../schema/model'
import { alterableInPlace, policiesOf, policyKey, policyMentions, rowLevelSecurityOf } from '../schema/policies'
import { PHASE, type Plan } from './diff-plan'

/**
 * `current`: the tables after the renames (so each target table meets its
 * old self by name); `touched`: tables and functions whose dependents are
 * recreated; `droppedViews`: views dropped (and maybe created again).
 */
export function planPolicies(
  source: Schema,
  current: readonly Table[],
  target: Schema,
  touched: ReadonlySet<string>,
  droppedViews: ReadonlySet<string>,
  plan: Plan,
): void {
  const old = new Map(current.map((t) => [t.name, t]))
  for (const table of target.tables) {
    const was = old.get(table.name)
    if (!was) continue
    const from = rowLevelSecurityOf(was.rowLevelSecurity)
    const to = rowLevelSecurityOf(table.rowLevelSecurity)
    if (!equalData(from, to)) plan.add(PHASE.setRowLevelSecurity, table.name, { op: 'setRowLevelSecurity', table: table.name, from, to })
  }

  const before = new Map(policiesOf(source).map((p) => [policyKey(p), canonicalPolicy(p)]))
  const after = new Map(policiesOf(target).map((p) => [policyKey(p), canonicalPolicy(p)]))
  const around = [...touched, ...droppedViews]
  const dropped = new Set<string>()
  for (const [key, policy] of before) {
    const next = after.get(key)
    const recreate = touched.has(policy.table) || around.some((name) => policyMentions(policy, name))
    if (next && !recreate && equalData(next, policy)) continue
    if (next && !recreate && alterableInPlace(policy, next)) {
      plan.add(PHASE.alterPolicy, key, { op: 'alterPolicy', from: policy, to: next })
      continue
    }
    dropped.add(key)
    plan.add(PHASE.dropPolicy, key, { op: 'dropPolicy', table: policy.table, name: policy.name })
  }
  for (const [key, policy] of after) {
    if (before.has(key) && !dropped.has(key)) continue
    plan.add(PHASE.createPolicy, key, { op: 'createPolicy', policy })
  }
}
