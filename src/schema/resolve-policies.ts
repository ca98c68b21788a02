/**
 * Row-level security policies from validated schema files (each table's
 * `policies:` map) into the model, with their meaning checked and every
 * problem located at its YAML node: INSERT takes only WITH CHECK, SELECT
 * and DELETE only USING, and a policy needs one of them (PostgreSQL refuses
 * the rest at CREATE POLICY: https://www.postgresql.org/docs/current/sql-createpolicy.html).
 * The origin of each policy is kept for the capability check
 * (check-capabilities.ts).
 */
import type { Origin, Origins, Reporter } from './origins'
import type { Policy } from './policies'
import type { RawFile } from './raw'
import type { YamlSource } from './yaml-source'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

export function resolvePolicies(sources: readonly YamlSource[], origins: Origins, report: Reporter): Policy[] {
  const out: Policy[] = []
  for (const source of sources) {
    const file = source.value as RawFile
    for (const [table, rawTable] of Object.entries(file.tables ?? {})) {
      for (const [name, raw] of Object.entries(rawTable?.policies ?? {})) {
        const origin: Origin = { source, path: ['tables', table, 'policies', name] }
        const subject = `policy "${name}" on "${table}"`
        const command = raw.command ?? 'all'
        if (command === 'insert' && raw.using !== undefined) {
          report.error(origin, `${subject}: an INSERT policy has no USING (there are no existing rows to filter); use withCheck`, { sub: ['using'], key: true })
        }
        if ((command === 'select' || command === 'delete') && raw.withCheck !== undefined) {
          report.error(origin, `${subject}: a ${command.toUpperCase()} policy has no WITH CHECK (it writes no rows); use using`, { sub: ['withCheck'], key: true })
        }
        if (raw.using === undefined && raw.withCheck === undefined) {
          report.error(origin, `${subject}: give using (the rows it lets a role see) or withCheck (the rows it lets a role write)`, { key: true })
        }
        if (raw.roles !== undefined && raw.roles.length > 1 && raw.roles.some((r) => r.toLowerCase() === 'public')) {
          report.error(origin, `${subject}: PUBLIC is every role; list it alone or leave roles out`, { sub: ['roles'], key: true })
        }
        const policy: Mutable<Policy> = { name, table }
        if (command !== 'all') policy.command = command
        if (raw.roles !== undefined && raw.roles.length > 0 && !raw.roles.some((r) => r.toLowerCase() === 'public')) policy.roles = [...new Set(raw.roles)].sort()
        if (raw.using !== undefined) policy.using = raw.using
        if (raw.withCheck !== undefined) policy.withCheck = raw.withCheck
        if (raw.restrictive) policy.restrictive = true
        origins.set(policy, origin)
        out.push(policy)
      }
    }
  }
  return out
}
