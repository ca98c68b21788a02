/**
 * Row-level security on PostgreSQL: ALTER TABLE … ENABLE / DISABLE and
 * FORCE / NO FORCE ROW LEVEL SECURITY, CREATE / ALTER / DROP POLICY.
 * https://www.postgresql.org/docs/current/ddl-rowsecurity.html
 * https://www.postgresql.org/docs/current/sql-createpolicy.html
 * https://www.postgresql.org/docs/current/sql-alterpolicy.html
 *
 * The expressions are written in parentheses as given; PostgreSQL keeps them
 * as parse trees and prints them back its own way (pg_policies.qual,
 * with_check), which is the form the live database is compared in.
 */
import { qualifiedIdentifier as qt } from './postgres-qualified'
import type { Policy, RowLevelSecurity } from '../../schema/policies'
import type { Statement } from '../dialect'
import { quoteIdentifier as q } from './postgres-types'

/** `TO a, b` (absent: PUBLIC, PostgreSQL's default, left unwritten). */
function rolesSql(policy: Policy): string {
  return policy.roles?.length ? ` TO ${policy.roles.map(q).join(', ')}` : ''
}

export function createPolicyPostgres(policy: Policy): Statement[] {
  let sql = `CREATE POLICY ${q(policy.name)} ON ${qt(policy.table)}`
  if (policy.restrictive) sql += ' AS RESTRICTIVE'
  if (policy.command) sql += ` FOR ${policy.command.toUpperCase()}`
  sql += rolesSql(policy)
  if (policy.using !== undefined) sql += ` USING (${policy.using})`
  if (policy.withCheck !== undefined) sql += ` WITH CHECK (${policy.withCheck})`
  return [{ sql }]
}

export function dropPolicyPostgres(table: string, name: string): Statement[] {
  return [{ sql: `DROP POLICY ${q(name)} ON ${qt(table)}` }]
}

/** ALTER POLICY with what changed; roles back to none is `TO PUBLIC`. */
export function alterPolicyPostgres(from: Policy, to: Policy): Statement[] {
  let sql = `ALTER POLICY ${q(to.name)} ON ${qt(to.table)}`
  if (JSON.stringify(from.roles ?? []) !== JSON.stringify(to.roles ?? [])) sql += to.roles?.length ? rolesSql(to) : ' TO PUBLIC'
  if (to.using !== undefined && to.using !== from.using) sql += ` USING (${to.using})`
  if (to.withCheck !== undefined && to.withCheck !== from.withCheck) sql += ` WITH CHECK (${to.withCheck})`
  return [{ sql }]
}

/** The ALTER TABLE statements that take a table from `from` to `to`. */
export function rowLevelSecurityPostgres(table: string, from: RowLevelSecurity, to: RowLevelSecurity): Statement[] {
  const out: Statement[] = []
  if (!from.enable !== !to.enable) out.push({ sql: `ALTER TABLE ${qt(table)} ${to.enable ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY` })
  if (!from.force !== !to.force) out.push({ sql: `ALTER TABLE ${qt(table)} ${to.force ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY` })
  return out
}
