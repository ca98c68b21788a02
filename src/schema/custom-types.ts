/**
 * Composite and range types in the model (PostgreSQL; docs/OBJECTS.md,
 * `types:` in the schema files). A column uses one through its PostgreSQL
 * type (`native: { postgres: address }`): the type is created before the
 * tables and dropped after them. Field types and the subtype are SQL text,
 * compared by `diff --db` as format_type prints them.
 * https://www.postgresql.org/docs/current/sql-createtype.html
 */
import type { Schema } from './model'
import type { Origin, Origins, Reporter } from './origins'
import type { RawFile } from './raw'
import type { YamlSource } from './yaml-source'

export interface CompositeField {
  readonly name: string
  /** SQL type text. */
  readonly type: string
}

export interface RangeDefinition {
  /** SUBTYPE: the element type. */
  readonly subtype: string
  /** SUBTYPE_DIFF: a function name (`float8mi`). */
  readonly subtypeDiff?: string
}

/** Exactly one of `composite` and `range`. */
export interface CustomType {
  readonly name: string
  /** CREATE TYPE … AS (field type, …), the fields in order. */
  readonly composite?: readonly CompositeField[]
  /** CREATE TYPE … AS RANGE (SUBTYPE = …). */
  readonly range?: RangeDefinition
}

export function customTypesOf(schema: Schema): readonly CustomType[] {
  return schema.types ?? []
}

export function findCustomType(schema: Schema, name: string): CustomType | undefined {
  return schema.types?.find((t) => t.name === name)
}

/** The `types:` of every file, checked (one definition per name, exactly one of composite and range), located. */
export function resolveCustomTypes(sources: readonly YamlSource[], taken: ReadonlySet<string>, origins: Origins, report: Reporter): CustomType[] {
  const out = new Map<string, { type: CustomType; origin: Origin }>()
  for (const source of sources) {
    const file = source.value as RawFile
    for (const [name, raw] of Object.entries(file.types ?? {})) {
      const origin: Origin = { source, path: ['types', name] }
      const other = out.get(name)
      if (other) {
        report.error(origin, `type "${name}": already defined (${other.origin.source.file}); a type is defined in one file`, { key: true })
        continue
      }
      if (taken.has(name)) report.error(origin, `type "${name}": an enum, domain or table has the same name; types share one namespace`, { key: true })
      if ((raw.composite === undefined) === (raw.range === undefined)) {
        report.error(origin, `type "${name}": give exactly one of composite: (fields) and range: (subtype)`, { key: true })
      }
      const type: { -readonly [K in keyof CustomType]: CustomType[K] } = { name }
      if (raw.composite) type.composite = Object.entries(raw.composite).map(([field, sql]) => ({ name: field, type: sql }))
      else if (raw.range) type.range = raw.range.subtypeDiff === undefined ? { subtype: raw.range.subtype } : { subtype: raw.range.subtype, subtypeDiff: raw.range.subtypeDiff }
      origins.set(type, origin)
      out.set(name, { type, origin })
    }
  }
  return [...out.values()].map((t) => t.type)
}
