/**
 * GRANT / REVOKE on PostgreSQL. A view is granted `ON TABLE` (views share
 * the table privileges); a function by name alone, which PostgreSQL accepts
 * when the name is unique in its schema (the model holds one function per
 * name). https://www.postgresql.org/docs/current/sql-grant.html
 */
import { qualifiedIdentifier as qt } from './postgres-qualified'
import type { Grant } from '../../schema/grants'
import type { Statement } from '../dialect'
import { quoteIdentifier as q } from './postgres-types'

const ON = { table: 'TABLE', view: 'TABLE', sequence: 'SEQUENCE', function: 'FUNCTION' } as const

function parts(grant: Grant): { privileges: string; on: string; role: string } {
  return {
    privileges: grant.privileges.map((p) => p.toUpperCase()).join(', '),
    on: `${ON[grant.on]} ${qt(grant.object)}`,
    role: grant.role === 'public' ? 'PUBLIC' : q(grant.role),
  }
}

export function grantPostgres(grant: Grant): Statement[] {
  const p = parts(grant)
  return [{ sql: `GRANT ${p.privileges} ON ${p.on} TO ${p.role}` }]
}

export function revokePostgres(grant: Grant): Statement[] {
  const p = parts(grant)
  return [{ sql: `REVOKE ${p.privileges} ON ${p.on} FROM ${p.role}` }]
}
