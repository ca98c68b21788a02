/**
 * The generator's schema: the YAML a user writes, kept as structured data so
 * that edits are easy and renames carry through to the expressions that
 * mention a column (checks, expression and partial indexes are rendered from
 * the column they are about, as a user would rewrite them).
 */
import { stringify } from 'yaml'
import type { ColumnType, DefaultValue, ReferentialAction } from '../../src/schema/model'

export interface GenColumn {
  type: ColumnType
  length?: number
  precision?: number
  scale?: number
  timezone?: boolean
  /** A top-level enum, or (with `inline`) the values of an inline enum. */
  enum?: string
  values?: string[]
  nullable?: boolean
  default?: DefaultValue
  unique?: boolean
  primaryKey?: boolean
  autoincrement?: boolean
  references?: GenReference
  comment?: string
  /** Rename hint, rendered in the step that renames the column only. */
  renamedFrom?: string
  /** The column's name before the current step (undefined: new in this step). */
  origin?: string
}

/** A `references:` foreign key, with the attributes a foreign key can carry. */
export interface GenReference {
  table: string
  onDelete?: ReferentialAction
  deferrable?: boolean
  initiallyDeferred?: boolean
  notValid?: boolean
  comment?: string
}

export interface GenRelation {
  belongsTo: string
  nullable?: boolean
  unique?: boolean
  onDelete?: ReferentialAction
}

/** What an index or check says about its column, rendered to SQL at write time. */
export type Predicate = 'nonNegative' | 'notEmpty' | 'notNull'

export interface GenIndex {
  name?: string
  /** Plain or multi-column index. */
  columns?: string[]
  /** Expression index `lower("col")` over a text column. */
  lowerOf?: string
  unique?: boolean
  /** Partial index: the predicate on a column. */
  where?: { column: string; predicate: Predicate }
}

export interface GenCheck {
  name?: string
  column: string
  predicate: Predicate
  notValid?: boolean
  comment?: string
}

/** An EXCLUDE constraint `(column WITH =)` USING btree or hash: a unique key by another name (PostgreSQL). */
export interface GenExclusion {
  name?: string
  column: string
  using: 'btree' | 'hash'
  deferrable?: boolean
  initiallyDeferred?: boolean
  comment?: string
}

export interface GenTable {
  name: string
  renamedFrom?: string
  /** The table's name before the current step (undefined: new in this step). */
  origin?: string
  comment?: string
  columns: [string, GenColumn][]
  primaryKey?: string[]
  /** `primaryKey: false`: no key at all (and no implicit id). */
  noKey?: boolean
  /** SQLite table options. */
  strict?: boolean
  withoutRowid?: boolean
  unique: string[][]
  indexes: GenIndex[]
  checks: GenCheck[]
  /** Absent on tables made before exclusions were generated (none are now). */
  exclusions?: GenExclusion[]
  relations: [string, GenRelation][]
}

export interface GenSchema {
  tables: GenTable[]
  enums: [string, string[]][]
  /** For fresh names. */
  counter: number
  /** Enum values some row may hold (never removed): the first value and every value used as a default. */
  usedValues: Record<string, string[]>
}

export function cloneSchema(s: GenSchema): GenSchema {
  return structuredClone(s)
}

export const q = (name: string): string => `"${name}"`

export function predicateSql(column: string, predicate: Predicate, quote: (name: string) => string = q): string {
  const q = quote
  switch (predicate) {
    case 'nonNegative':
      return `${q(column)} >= 0`
    case 'notEmpty':
      return `${q(column)} <> ''`
    case 'notNull':
      return `${q(column)} IS NOT NULL`
  }
}

function renderColumn(c: GenColumn): Record<string, unknown> {
  const out: Record<string, unknown> = { type: c.type }
  for (const key of ['length', 'precision', 'scale', 'timezone', 'enum', 'values', 'nullable', 'default', 'unique', 'primaryKey', 'autoincrement', 'comment', 'renamedFrom'] as const) {
    if (c[key] !== undefined) out[key] = c[key]
  }
  if (c.references) out.references = { ...c.references }
  return out
}

function renderTable(t: GenTable, options: RenderOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (t.renamedFrom) out.renamedFrom = t.renamedFrom
  if (t.comment !== undefined) out.comment = t.comment
  out.columns = Object.fromEntries(t.columns.map(([n, c]) => [n, renderColumn(c)]))
  if (t.primaryKey) out.primaryKey = t.primaryKey
  if (t.noKey) out.primaryKey = false
  if (t.strict) out.strict = true
  if (t.withoutRowid) out.withoutRowid = true
  if (t.unique.length) out.unique = t.unique
  if (t.indexes.length) {
    out.indexes = t.indexes.map((i) => {
      const r: Record<string, unknown> = {}
      if (i.name) r.name = i.name
      if (i.columns) {
        const textColumn = (n: string) => t.columns.find(([cn]) => cn === n)?.[1].type === 'text'
        r.columns = i.columns.map((n) => (options.textPrefix !== undefined && textColumn(n) ? { column: n, length: options.textPrefix } : n))
      }
      if (i.lowerOf) r.expression = `lower(${(options.quote ?? q)(i.lowerOf)})`
      if (i.unique) r.unique = true
      if (i.where) r.where = predicateSql(i.where.column, i.where.predicate, options.quote)
      return r
    })
  }
  if (t.checks.length) {
    out.checks = t.checks.map((c) => ({
      ...(c.name ? { name: c.name } : {}),
      expression: predicateSql(c.column, c.predicate, options.quote),
      ...(c.notValid ? { notValid: true } : {}),
      ...(c.comment !== undefined ? { comment: c.comment } : {}),
    }))
  }
  if (t.exclusions?.length) {
    out.exclude = t.exclusions.map((x) => ({
      ...(x.name ? { name: x.name } : {}),
      using: x.using,
      elements: [{ column: x.column, with: '=' }],
      ...(x.deferrable ? { deferrable: true } : {}),
      ...(x.initiallyDeferred ? { initiallyDeferred: true } : {}),
      ...(x.comment !== undefined ? { comment: x.comment } : {}),
    }))
  }
  if (t.relations.length) out.relations = Object.fromEntries(t.relations.map(([n, r]) => [n, { ...r }]))
  return out
}

/**
 * The schema files: tables spread over two files (a table is defined in one
 * file; references cross files), enums in the first.
 */
/** What rendering needs of the dialect: index prefix lengths for text columns (see `keyable` in context.ts). */
export interface RenderOptions {
  readonly textPrefix?: number
  /** How check and index SQL quotes a column (the dialect's own: `"x"` is a string on MySQL). Default `"x"`. */
  readonly quote?: (name: string) => string
}

export function renderSchema(s: GenSchema, options: RenderOptions = {}): Record<string, string> {
  const files: Record<string, { tables: Record<string, unknown>; enums?: Record<string, string[]> }> = {
    'a.yaml': { tables: {} },
    'b.yaml': { tables: {} },
  }
  s.tables.forEach((t, i) => {
    files[i % 2 === 0 ? 'a.yaml' : 'b.yaml']!.tables[t.name] = renderTable(t, options)
  })
  if (s.enums.length) files['a.yaml']!.enums = Object.fromEntries(s.enums)
  return Object.fromEntries(Object.entries(files).map(([name, content]) => [name, stringify(content)]))
}

/** The schema files as one text, for failure reports. */
export function schemaText(files: Record<string, string>): string {
  return Object.entries(files)
    .map(([name, text]) => `# --- ${name}\n${text}`)
    .join('')
}
