/**
 * EXCLUDE constraints (PostgreSQL) between the schema file's form
 * (`exclude: [{ using, elements: [{ column, with }], include, where }]`) and the
 * model's (`Exclusion`), both ways.
 * https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-EXCLUDE
 */
import { attributesFromRaw, renderAttributes } from './constraint-attributes'
import { DEFAULT_EXCLUSION_METHOD, type Exclusion, type ExclusionElement } from './model'
import { constraintName, expressionWords } from './naming'
import type { RawExclusion } from './raw'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** The generated name: `<table>_<columns or expression words>_excl`, as PostgreSQL names an unnamed one. */
export function defaultExclusionName(table: string, elements: readonly ExclusionElement[]): string {
  return constraintName(table, elements.map((e) => e.column ?? expressionWords(e.expression ?? '')), 'excl')
}

/** An element's index options without the defaults (ASC, the order's own NULLS). */
function elementOptions(e: { readonly opclass?: string; readonly collation?: string; readonly order?: string; readonly nulls?: 'first' | 'last' }): Partial<ExclusionElement> {
  const out: { -readonly [K in keyof ExclusionElement]?: ExclusionElement[K] } = {}
  if (e.collation !== undefined) out.collation = e.collation
  if (e.opclass !== undefined) out.opclass = e.opclass
  if (e.order === 'desc') out.order = 'desc'
  if (e.nulls !== undefined && e.nulls !== (e.order === 'desc' ? 'first' : 'last')) out.nulls = e.nulls
  return out
}

/** An element in canonical form (its options without defaults). */
export function canonicalElement(e: ExclusionElement): ExclusionElement {
  const base: ExclusionElement = e.column !== undefined ? { column: e.column, operator: e.operator } : { expression: e.expression ?? '', operator: e.operator }
  return { ...base, ...elementOptions(e) }
}

export function exclusionFromRaw(table: string, raw: RawExclusion): Exclusion {
  const elements = raw.elements.map((e): ExclusionElement => ({
    ...(e.column !== undefined ? { column: e.column, operator: e.with } : { expression: e.expression ?? '', operator: e.with }),
    ...elementOptions(e),
  }))
  const out: Mutable<Exclusion> = { name: raw.name ?? defaultExclusionName(table, elements), elements, ...attributesFromRaw(raw) }
  if (raw.using !== undefined && raw.using.toLowerCase() !== DEFAULT_EXCLUSION_METHOD) out.method = raw.using
  if (raw.include?.length) out.include = [...raw.include]
  if (raw.where !== undefined) out.where = raw.where
  return out
}

/** One EXCLUDE constraint in schema-file form (the name left out when it is the generated one). */
export function renderExclusion(table: string, x: Exclusion): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (x.name !== defaultExclusionName(table, x.elements)) out.name = x.name
  out.using = x.method ?? DEFAULT_EXCLUSION_METHOD
  out.elements = x.elements.map((e) => ({
    ...(e.column !== undefined ? { column: e.column, with: e.operator } : { expression: e.expression, with: e.operator }),
    ...elementOptions(e),
  }))
  if (x.include?.length) out.include = [...x.include]
  if (x.where !== undefined) out.where = x.where
  return { ...out, ...renderAttributes(x) }
}
