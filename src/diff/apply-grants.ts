/** Applying GRANT / REVOKE to the model (pure, called by apply.ts). */
import { findTable } from '../schema/model'
import type { Schema } from '../schema/model'
import { type Grant, type GrantKind, grantKey, grantsOf, sortPrivileges } from '../schema/grants'
import { findFunction } from '../schema/functions'
import { findView } from '../schema/views'
import type { GrantPrivileges, RevokePrivileges } from './operations'

type Fail = (message: string) => never

function exists(schema: Schema, on: GrantKind, name: string): boolean {
  switch (on) {
    case 'table':
      return findTable(schema, name) !== undefined
    case 'view':
      return findView(schema, name) !== undefined
    case 'function':
      return findFunction(schema, name) !== undefined
    case 'sequence':
      // A serial column's sequence is not an object of the model.
      return true
  }
}

export function applyGrantOperation(schema: Schema, op: GrantPrivileges | RevokePrivileges, fail: Fail): Schema {
  const g = op.grant
  const key = grantKey(g)
  const held = grantsOf(schema).find((x) => grantKey(x) === key)
  if (op.op === 'grant') {
    if (!exists(schema, g.on, g.object)) fail(`grant: ${g.on} "${g.object}" does not exist`)
    const privileges = sortPrivileges(g.on, [...(held?.privileges ?? []), ...g.privileges])
    const next: Grant = { ...g, privileges }
    return withGrants(schema, held ? grantsOf(schema).map((x) => (grantKey(x) === key ? next : x)) : [...grantsOf(schema), next])
  }
  const missing = g.privileges.filter((p) => !held?.privileges.includes(p))
  if (missing.length) fail(`revoke: "${g.role}" does not hold ${missing.join(', ')} on ${g.on} "${g.object}"`)
  const privileges = held!.privileges.filter((p) => !g.privileges.includes(p))
  return withGrants(
    schema,
    privileges.length ? grantsOf(schema).map((x) => (grantKey(x) === key ? { ...g, privileges } : x)) : grantsOf(schema).filter((x) => grantKey(x) !== key),
  )
}

function withGrants(schema: Schema, grants: readonly Grant[]): Schema {
  const out: { -readonly [K in keyof Schema]: Schema[K] } = { ...schema, grants }
  if (!grants.length) delete out.grants
  return out
}

/** The object is dropped: its grants go with it (the database drops its ACL). */
export function withoutGrantsOn(schema: Schema, on: readonly GrantKind[], name: string): Schema {
  if (!schema.grants?.some((g) => on.includes(g.on) && g.object === name)) return schema
  return withGrants(schema, schema.grants.filter((g) => !(on.includes(g.on) && g.object === name)))
}

/** A table renamed: its grants follow (the ACL is the table's). */
export function renameTableInGrants(schema: Schema, from: string, to: string): Schema {
  if (!schema.grants?.some((g) => g.on === 'table' && g.object === from)) return schema
  return { ...schema, grants: schema.grants.map((g) => (g.on === 'table' && g.object === from ? { ...g, object: to } : g)) }
}
