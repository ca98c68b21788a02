/**
 * Domains in the model (PostgreSQL; docs/OBJECTS.md): a base type with a
 * default, NOT NULL, named CHECK constraints and a collation. A column uses
 * one through its PostgreSQL type (`native: { postgres: email_address }`):
 * the domain is created before the tables and dropped after them.
 * The base type, the default and the checks are SQL text; PostgreSQL prints
 * them back its own way (format_type, pg_get_expr), which `diff --db`
 * compares in that form (postgres-normalize-objects.ts).
 * https://www.postgresql.org/docs/current/sql-createdomain.html
 */
import type { Check, Schema } from './model'
import type { Origin, Origins, Reporter } from './origins'
import type { RawFile } from './raw'
import type { YamlSource } from './yaml-source'

export interface Domain {
  readonly name: string
  /** The base type, SQL text (`text`, `varchar(320)`, `numeric(10,2)`, an enum or extension type). */
  readonly type: string
  /** DEFAULT, an SQL expression. */
  readonly default?: string
  /** NOT NULL (a domain allows NULL by default, as in PostgreSQL). */
  readonly notNull?: true
  /** COLLATE. */
  readonly collation?: string
  /** CHECK constraints over VALUE, sorted by name (`<domain>_check` unless named). */
  readonly checks?: readonly Check[]
}

export function domainsOf(schema: Schema): readonly Domain[] {
  return schema.domains ?? []
}

export function findDomain(schema: Schema, name: string): Domain | undefined {
  return schema.domains?.find((d) => d.name === name)
}

/** The name a type text names, without an array suffix or a type modifier (`email[]` → `email`). */
export function typeName(sql: string | undefined): string | undefined {
  if (sql === undefined) return undefined
  const bare = sql.trim().replace(/(\[\s*\d*\s*\])+$/, '').replace(/\(.*\)$/, '').trim()
  return bare.startsWith('"') && bare.endsWith('"') ? bare.slice(1, -1) : bare
}

/** The columns (`table.column`) of `schema` whose PostgreSQL type is `name` (a domain or a composite / range type). */
export function columnsOfType(schema: Schema, name: string): string[] {
  const out: string[] = []
  for (const t of schema.tables) {
    for (const c of t.columns) if (c.native?.postgres !== undefined && typeName(c.native.postgres) === name) out.push(`${t.name}.${c.name}`)
  }
  return out
}

/**
 * The `domains:` of every file, checked (one definition per name, no name
 * shared with an enum or another type, check names unique), located. Checks
 * without a name take PostgreSQL's: `<domain>_check`, `<domain>_check1`, …
 */
export function resolveDomains(sources: readonly YamlSource[], taken: ReadonlySet<string>, origins: Origins, report: Reporter): Domain[] {
  const out = new Map<string, { domain: Domain; origin: Origin }>()
  for (const source of sources) {
    const file = source.value as RawFile
    for (const [name, raw] of Object.entries(file.domains ?? {})) {
      const origin: Origin = { source, path: ['domains', name] }
      const other = out.get(name)
      if (other) {
        report.error(origin, `domain "${name}": already defined (${other.origin.source.file}); a domain is defined in one file`, { key: true })
        continue
      }
      if (taken.has(name)) report.error(origin, `domain "${name}": an enum, type or table has the same name; types share one namespace`, { key: true })
      if (typeName(raw.type) === name) report.error(origin, `domain "${name}": its base type is itself`, { sub: ['type'] })
      const domain: { -readonly [K in keyof Domain]: Domain[K] } = { name, type: raw.type }
      if (raw.default !== undefined) domain.default = raw.default
      if (raw.notNull) domain.notNull = true
      if (raw.collation !== undefined) domain.collation = raw.collation
      const names = new Set<string>()
      let unnamed = 0
      const checks: Check[] = []
      ;(raw.checks ?? []).forEach((check, i) => {
        const checkName = check.name ?? (unnamed++ === 0 ? `${name}_check` : `${name}_check${unnamed - 1}`)
        if (names.has(checkName)) report.error(origin, `domain "${name}": check "${checkName}" is named twice`, { sub: ['checks', i] })
        names.add(checkName)
        checks.push({ name: checkName, expression: check.expression })
      })
      if (checks.length) domain.checks = checks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      origins.set(domain, origin)
      out.set(name, { domain, origin })
    }
  }
  return [...out.values()].map((d) => d.domain)
}
