/**
 * Row-level security policies of the current schema's tables, read from
 * pg_policy into the model: the command, the roles (none for PUBLIC, which
 * pg_policy holds as role 0), PERMISSIVE / RESTRICTIVE, and the USING and
 * WITH CHECK expressions as pg_policies prints them (pg_get_expr of
 * polqual / polwithcheck; the model is compared with the live database in
 * that form). A table's ENABLE / FORCE ROW LEVEL SECURITY is read with the
 * table (pg_class.relrowsecurity / relforcerowsecurity, postgres-introspector.ts).
 * https://www.postgresql.org/docs/current/catalog-pg-policy.html
 * https://www.postgresql.org/docs/current/view-pg-policies.html
 */
import type { Policy } from '../../schema/policies'
import type { Row } from '../dialect'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>
type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const POLICIES = `
SELECT CASE WHEN n.nspname = current_schema() THEN c.relname::text ELSE n.nspname || '.' || c.relname END AS table, pol.polname AS name, pol.polcmd AS command, pol.polpermissive AS permissive,
       CASE WHEN pol.polroles = '{0}'::oid[] THEN NULL
            ELSE ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r WHERE r.oid = ANY (pol.polroles) ORDER BY r.rolname) END AS roles,
       pg_get_expr(pol.polqual, pol.polrelid) AS using, pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check
FROM pg_catalog.pg_policy pol JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() OR n.nspname = ANY($1::text[])
ORDER BY 1, 2`

const COMMANDS: Record<string, Policy['command']> = { r: 'select', a: 'insert', w: 'update', d: 'delete' }

export function policyFromRow(row: Row): Policy {
  const policy: Mutable<Policy> = { name: String(row.name), table: String(row.table) }
  const command = COMMANDS[String(row.command)]
  if (command) policy.command = command
  if (row.permissive === false) policy.restrictive = true
  const roles = row.roles as string[] | null
  if (roles?.length) policy.roles = roles
  if (row.using !== null && row.using !== undefined) policy.using = String(row.using)
  if (row.with_check !== null && row.with_check !== undefined) policy.withCheck = String(row.with_check)
  return policy
}

/**
 * The policies on the tables of the current schema and of the other
 * `schemas` (their tables named `schema.name`), but those of `exclude`
 * (strata's own tables).
 */
export async function readPostgresPolicies(query: QueryFn, exclude: ReadonlySet<string>, schemas: readonly string[] = []): Promise<Policy[]> {
  return (await query(POLICIES, [schemas])).filter((r) => !exclude.has(String(r.table))).map(policyFromRow)
}
