/**
 * Grants from validated schema files (`grants:`, by role, then by kind of
 * object, then by object) into the model, each problem located at its YAML
 * node: an object the schema does not hold (sequences excepted: a serial
 * column's sequence is not an object of the model), a privilege the kind
 * has not, EXECUTE to PUBLIC (every function has it by default), and the
 * same role and object in two files. The origin of each grant is kept for
 * the capability and opt-in checks (check-capabilities.ts).
 */
import { type Grant, type GrantKind, PRIVILEGES, PUBLIC_ROLE, grantKey, sortPrivileges } from './grants'
import type { Schema } from './model'
import type { Origin, Origins, Reporter } from './origins'
import type { RawFile } from './raw'
import type { YamlSource } from './yaml-source'

const SECTIONS: readonly [string, GrantKind][] = [
  ['tables', 'table'],
  ['views', 'view'],
  ['sequences', 'sequence'],
  ['functions', 'function'],
]

export function resolveGrants(sources: readonly YamlSource[], schema: Schema, origins: Origins, report: Reporter): Grant[] {
  const out = new Map<string, { grant: Grant; origin: Origin }>()
  const exists: Record<GrantKind, (name: string) => boolean> = {
    table: (n) => schema.tables.some((t) => t.name === n),
    view: (n) => (schema.views ?? []).some((v) => v.name === n),
    sequence: () => true,
    function: (n) => (schema.functions ?? []).some((f) => f.name === n),
  }
  for (const source of sources) {
    const file = source.value as RawFile
    for (const [rawRole, sections] of Object.entries(file.grants ?? {})) {
      const role = rawRole.toLowerCase() === PUBLIC_ROLE ? PUBLIC_ROLE : rawRole
      for (const [section, on] of SECTIONS) {
        const objects = (sections as Record<string, Readonly<Record<string, readonly string[] | string>>> | null)?.[section] ?? {}
        for (const [object, value] of Object.entries(objects)) {
          const origin: Origin = { source, path: ['grants', rawRole, section, object] }
          const subject = `grant to ${role === PUBLIC_ROLE ? 'PUBLIC' : `"${role}"`} on ${on} "${object}"`
          const given = typeof value === 'string' ? [value] : value
          const unknown = given.filter((p) => p.toLowerCase() !== 'all' && !PRIVILEGES[on].includes(p.toLowerCase()))
          if (unknown.length) {
            report.error(origin, `${subject}: ${unknown.join(', ')} is not a privilege of a ${on} (${PRIVILEGES[on].join(', ')}, or all)`, { key: true })
          }
          if (!exists[on](object)) report.error(origin, `${subject}: the schema has no ${on} "${object}"`, { key: true })
          if (on === 'function' && role === PUBLIC_ROLE) {
            report.error(origin, `${subject}: PUBLIC may EXECUTE every function by default; leave it out`, { key: true })
          }
          const privileges = sortPrivileges(on, given)
          const grant: Grant = { role, on, object, privileges }
          const key = grantKey(grant)
          const other = out.get(key)
          if (other) {
            report.error(origin, `${subject}: already granted in ${other.origin.source.file}; list the privileges once`, { key: true })
            continue
          }
          if (privileges.length === 0) continue
          origins.set(grant, origin)
          out.set(key, { grant, origin })
        }
      }
    }
  }
  return [...out.values()].map((g) => g.grant)
}

/**
 * The grantKey of every grant a schema file's parsed value lists, valid or
 * not (for apps: which app's files declare a grant).
 */
export function declaredGrantKeys(value: unknown): string[] {
  const grants = (value as RawFile | null | undefined)?.grants
  if (!grants || typeof grants !== 'object') return []
  const keys: string[] = []
  for (const [rawRole, sections] of Object.entries(grants)) {
    const role = rawRole.toLowerCase() === PUBLIC_ROLE ? PUBLIC_ROLE : rawRole
    for (const [section, on] of SECTIONS) {
      const objects = (sections as Record<string, unknown> | null)?.[section]
      if (objects && typeof objects === 'object') for (const object of Object.keys(objects)) keys.push(grantKey({ role, on, object }))
    }
  }
  return keys
}
