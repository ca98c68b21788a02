/**
 * The raw `sql` entry introspect offers for a PostgreSQL object the model
 * does not hold but the catalog prints exactly (aggregates, casts,
 * collations, event triggers, publications, rules, statistics): its
 * statements run as one text, its drop, and what it made at adoption.
 */
import type { AdoptedSqlObject } from '../dialect'

export interface AdoptedSqlParts {
  /** The report's kind and label (`aggregate`, `group_concat(text)`). */
  readonly kind: string
  readonly label: string
  /** The entry's name in sql.yaml. */
  readonly name: string
  /** CREATE … and what follows it (COMMENT ON, ALTER … SET …), joined with `;`. */
  readonly statements: readonly string[]
  readonly drop: string
  /** Its catalog key (pg_identify_object) and the definitions read for the keys. */
  readonly key: string
  readonly made: ReadonlyMap<string, string>
  /** Created before the tables (collations columns use). */
  readonly first?: boolean
  /** Views that use it. */
  readonly views?: readonly string[]
}

export function adoptedSql(parts: AdoptedSqlParts): AdoptedSqlObject {
  const { key, made } = parts
  return {
    kind: parts.kind,
    label: parts.label,
    object: {
      name: parts.name,
      create: { postgres: parts.statements.join(';\n') },
      drop: { postgres: parts.drop },
      ...(parts.first ? { first: true } : {}),
      made: made.has(key) ? { [key]: made.get(key)! } : {},
    },
    views: parts.views ?? [],
  }
}
