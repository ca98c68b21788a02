/**
 * Grants in the model (PostgreSQL; opt-in per project with `grants: true`
 * in strata.yaml, since many teams manage roles and privileges elsewhere):
 * the privileges a role (or PUBLIC) holds on a table, view, sequence or
 * function strata manages, beyond what PostgreSQL gives by default (the
 * owner holds every privilege; PUBLIC may EXECUTE every function). One
 * entry per object and role, privileges sorted; WITH GRANT OPTION is not
 * modelled (introspect names it).
 * https://www.postgresql.org/docs/current/ddl-priv.html
 */
import type { Schema } from './model'

export const GRANT_KINDS = ['table', 'view', 'sequence', 'function'] as const
export type GrantKind = (typeof GRANT_KINDS)[number]

/** The privileges of each kind of object, as GRANT spells them (lower case), in PostgreSQL's ACL order. */
export const PRIVILEGES: Readonly<Record<GrantKind, readonly string[]>> = {
  table: ['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger'],
  view: ['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger'],
  sequence: ['usage', 'select', 'update'],
  function: ['execute'],
}

/** PUBLIC, every role, is written `public` (PostgreSQL's keyword; a role cannot take that name). */
export const PUBLIC_ROLE = 'public'

export interface Grant {
  /** A role name, or `public`. */
  readonly role: string
  readonly on: GrantKind
  /** The table's, view's, sequence's or function's name. */
  readonly object: string
  /** Lower case, in PRIVILEGES order, at least one. */
  readonly privileges: readonly string[]
}

export function grantsOf(schema: Schema): readonly Grant[] {
  return schema.grants ?? []
}

/** The key of a grant in the schema: object kind, object and role. */
export function grantKey(grant: Pick<Grant, 'on' | 'object' | 'role'>): string {
  return `${grant.on}:${grant.object}:${grant.role}`
}

/** Privileges sorted in PRIVILEGES order, without repeats; `all` is every privilege of the kind. */
export function sortPrivileges(on: GrantKind, privileges: readonly string[]): string[] {
  const given = new Set(privileges.map((p) => p.toLowerCase()))
  if (given.has('all')) return [...PRIVILEGES[on]]
  return PRIVILEGES[on].filter((p) => given.has(p))
}
