/**
 * Domains on PostgreSQL: CREATE DOMAIN, ALTER DOMAIN for the default, NOT
 * NULL and the checks (a changed check is dropped and added again), DROP
 * DOMAIN. ADD CONSTRAINT checks the rows of the columns that use the domain.
 * https://www.postgresql.org/docs/current/sql-createdomain.html
 * https://www.postgresql.org/docs/current/sql-alterdomain.html
 */
import type { Domain } from '../../schema/domains'
import type { Statement } from '../dialect'
import { quoteIdentifier as q } from './postgres-types'

const checkSql = (c: { name: string; expression: string }) => `CONSTRAINT ${q(c.name)} CHECK (${c.expression})`

export function createDomainPostgres(domain: Domain): Statement[] {
  const parts = [`CREATE DOMAIN ${q(domain.name)} AS ${domain.type}`]
  if (domain.collation !== undefined) parts.push(`COLLATE ${q(domain.collation)}`)
  if (domain.default !== undefined) parts.push(`DEFAULT ${domain.default}`)
  if (domain.notNull) parts.push('NOT NULL')
  for (const c of domain.checks ?? []) parts.push(checkSql(c))
  return [{ sql: parts.join(' ') }]
}

export function alterDomainPostgres(from: Domain, to: Domain): Statement[] {
  const alter = (clause: string): Statement => ({ sql: `ALTER DOMAIN ${q(to.name)} ${clause}` })
  const out: Statement[] = []
  if (from.default !== to.default) out.push(alter(to.default === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${to.default}`))
  const before = new Map((from.checks ?? []).map((c) => [c.name, c.expression]))
  const after = new Map((to.checks ?? []).map((c) => [c.name, c.expression]))
  for (const [name, expression] of before) if (after.get(name) !== expression) out.push(alter(`DROP CONSTRAINT ${q(name)}`))
  if (!from.notNull !== !to.notNull) out.push(alter(to.notNull ? 'SET NOT NULL' : 'DROP NOT NULL'))
  for (const [name, expression] of after) if (before.get(name) !== expression) out.push(alter(`ADD ${checkSql({ name, expression })}`))
  return out
}

export function dropDomainPostgres(name: string): Statement[] {
  return [{ sql: `DROP DOMAIN ${q(name)}` }]
}
