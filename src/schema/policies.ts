/**
 * Row-level security in the model (PostgreSQL; docs/OBJECTS.md): a table's
 * `ENABLE` / `FORCE ROW LEVEL SECURITY` (the table attribute
 * `rowLevelSecurity`, model.ts) and its policies. A policy belongs to one
 * table and is named within it (two tables may each have a policy of the
 * same name), so it is identified by table and name. Its USING and WITH
 * CHECK expressions are SQL text as written; the live database is compared
 * in PostgreSQL's printed form (pg_policies.qual / with_check, see
 * postgres-normalize-objects.ts), as CHECK expressions are.
 * https://www.postgresql.org/docs/current/sql-createpolicy.html
 */
import type { Schema } from './model'
import { mentionsName } from './views'

export const POLICY_COMMANDS = ['all', 'select', 'insert', 'update', 'delete'] as const
export type PolicyCommand = (typeof POLICY_COMMANDS)[number]

/** ENABLE / FORCE ROW LEVEL SECURITY of a table; absent keys are off. */
export interface RowLevelSecurity {
  /** ALTER TABLE … ENABLE ROW LEVEL SECURITY: policies apply to the roles that do not own the table. */
  readonly enable?: true
  /** ALTER TABLE … FORCE ROW LEVEL SECURITY: they apply to the table's owner too. */
  readonly force?: true
}

export interface Policy {
  /** Unique within its table. */
  readonly name: string
  readonly table: string
  /** FOR …; absent: ALL. */
  readonly command?: Exclude<PolicyCommand, 'all'>
  /** TO these roles, sorted; absent: PUBLIC (every role). */
  readonly roles?: readonly string[]
  /** USING (…): which existing rows are visible (or may be updated / deleted). */
  readonly using?: string
  /** WITH CHECK (…): which new rows may be written. */
  readonly withCheck?: string
  /** AS RESTRICTIVE (combined with AND); absent: PERMISSIVE (combined with OR). */
  readonly restrictive?: true
}

export function policiesOf(schema: Schema): readonly Policy[] {
  return schema.policies ?? []
}

/** The key of a policy in the schema: its table and name. */
export function policyKey(policy: { readonly table: string; readonly name: string }): string {
  return `${policy.table}.${policy.name}`
}

export function findPolicy(schema: Schema, table: string, name: string): Policy | undefined {
  return schema.policies?.find((p) => p.table === table && p.name === name)
}

/** The row-level security attribute with the keys that are off left out (undefined when both are). */
export function rowLevelSecurityOf(rls: RowLevelSecurity | undefined): RowLevelSecurity {
  const out: { enable?: true; force?: true } = {}
  if (rls?.enable) out.enable = true
  if (rls?.force) out.force = true
  return out
}

/**
 * Can ALTER POLICY turn `from` into `to`? It changes the roles and the
 * expressions, but not the command nor PERMISSIVE / RESTRICTIVE, and it
 * cannot remove a USING or WITH CHECK expression (only replace it).
 * https://www.postgresql.org/docs/current/sql-alterpolicy.html
 */
export function alterableInPlace(from: Policy, to: Policy): boolean {
  return (
    from.table === to.table &&
    from.name === to.name &&
    (from.command ?? 'all') === (to.command ?? 'all') &&
    !from.restrictive === !to.restrictive &&
    (from.using === undefined || to.using !== undefined) &&
    (from.withCheck === undefined || to.withCheck !== undefined)
  )
}

/** Does the policy's text name `name` (a table, view or function it then depends on)? */
export function policyMentions(policy: Policy, name: string): boolean {
  return mentionsName(policy.using, name) || mentionsName(policy.withCheck, name)
}
