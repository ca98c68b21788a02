/**
 * The diff of grants (PostgreSQL, strata.yaml `grants: true`). A changed
 * grant is a REVOKE of the privileges taken away and a GRANT of the ones
 * added, after every object exists. An object dropped, or dropped and
 * created again (a view around a column change, a re-signed function), or a
 * table renamed, loses its ACL with it: its grants are revoked first (so
 * that `down`, reversed, grants them again once the object is back) and
 * granted again last.
 */
import { equalData } from '../schema/canonical'
import { type Grant, grantKey, grantsOf } from '../schema/grants'
import type { Schema } from '../schema/model'
import { PHASE, type Plan } from './diff-plan'

/** `recreated`: `kind:name` of the objects dropped (removed, or created again) or renamed by this migration. */
export function planGrants(source: Schema, target: Schema, recreated: ReadonlySet<string>, plan: Plan): void {
  const before = new Map(grantsOf(source).map((g) => [grantKey(g), g]))
  const after = new Map(grantsOf(target).map((g) => [grantKey(g), g]))
  const stays = (g: Grant) => !recreated.has(`${g.on}:${g.object}`)
  const regranted = new Set<string>()
  for (const [key, g] of before) {
    const next = after.get(key)
    if (!stays(g)) {
      plan.add(PHASE.revokeEarly, key, { op: 'revoke', grant: g })
      if (next) regranted.add(key)
      continue
    }
    if (next && equalData(next, g)) continue
    const removed = g.privileges.filter((p) => !next?.privileges.includes(p))
    const added = (next?.privileges ?? []).filter((p) => !g.privileges.includes(p))
    if (removed.length) plan.add(PHASE.grant, key, { op: 'revoke', grant: { ...g, privileges: removed } })
    if (added.length) plan.add(PHASE.grant, key, { op: 'grant', grant: { ...g, privileges: added } })
  }
  for (const [key, g] of after) {
    if (before.has(key) && !regranted.has(key)) continue
    plan.add(PHASE.grant, key, { op: 'grant', grant: g })
  }
}
