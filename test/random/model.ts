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
  /** A collation the target has (`Target.collations`: PostgreSQL `C`, SQLite `NOCASE`), string and text columns. */
  collation?: string
  /** Generated from another column of the table: `"of" * 2` (integers) or `lower("of")` (strings); VIRTUAL unless stored. */
  generated?: GenGenerated
  /** Once generated, now ordinary: its values (2n, 3n) may meet those of new rows (n), so it is never made a key. */
  derived?: boolean
  /** The partition key of its table (edits-partitions.ts): its type, nullability and existence stay. */
  partitionKey?: boolean
  /** PostgreSQL: an array of the type with this many dimensions (only in `GenTable.arrays`, edits-arrays.ts). */
  array?: number
  /** Rename hint, rendered in the step that renames the column only. */
  renamedFrom?: string
  /** The column's name before the current step (undefined: new in this step). */
  origin?: string
}

export interface GenGenerated {
  of: string
  fn: 'double' | 'triple' | 'lower' | 'upper'
  stored?: boolean
}

export function generatedSql(g: GenGenerated, quote: (name: string) => string = q): string {
  switch (g.fn) {
    case 'double':
      return `${quote(g.of)} * 2`
    case 'triple':
      return `${quote(g.of)} * 3`
    case 'lower':
      return `lower(${quote(g.of)})`
    case 'upper':
      return `upper(${quote(g.of)})`
  }
}

/** A `references:` foreign key, with the attributes a foreign key can carry. */
export interface GenReference {
  table: string
  onDelete?: ReferentialAction
  deferrable?: boolean
  initiallyDeferred?: boolean
  notValid?: boolean
  /** MATCH FULL (`capabilities.constraints.matchFull`): for a one-column key, a flag PostgreSQL keeps (confmatchtype). */
  match?: 'full'
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

/** Per-column options of an index (where `capabilities.indexes` has them). */
export interface GenIndexColumnOptions {
  order?: 'desc'
  nulls?: 'first' | 'last'
  /** An operator class that is not the type's default (`text_pattern_ops`, `jsonb_path_ops`), where `indexes.operatorClasses`. */
  opclass?: string
}

export interface GenIndex {
  name?: string
  /** An index method besides btree (`hash`, `gin`, `brin`), one the dialect's `indexes.methods` allows. */
  method?: string
  options?: Record<string, GenIndexColumnOptions>
  include?: string[]
  nullsNotDistinct?: boolean
  comment?: string
  /** Plain or multi-column index. */
  columns?: string[]
  /** Expression index `lower("col")` over a text column (with `tsvector`: `to_tsvector('simple', "col")`). */
  lowerOf?: string
  /** The expression of `lowerOf` is `to_tsvector('simple', "col")` (gist and gin index it in core PostgreSQL). */
  tsvector?: boolean
  unique?: boolean
  /** Partial index: the predicate on a column. */
  where?: { column: string; predicate: Predicate }
}

export interface GenCheck {
  name?: string
  column: string
  predicate: Predicate
  notValid?: boolean
  /** NO INHERIT (`capabilities.constraints.noInherit`). */
  noInherit?: boolean
  comment?: string
}

/**
 * A unique constraint in its object form, DEFERRABLE (`capabilities.constraints.deferrable`
 * has `unique`), always named. It holds its columns themselves (as a view does), so that
 * renames carry into it and a dropped column takes it away (`reconcileOptions`).
 */
export interface GenDeferredUnique {
  name: string
  columns: GenColumn[]
  initiallyDeferred?: boolean
}

/**
 * PARTITION BY (`capabilities.partitions`) over one integer column of the table (held
 * itself, so that renames carry), with its partitions in the table's schema.
 */
export interface GenPartitioning {
  method: 'range' | 'list' | 'hash'
  key: GenColumn
  partitions: GenPartition[]
}

/**
 * A partition: `from`/`to` (RANGE), `in` (LIST), `modulus`/`remainder` (HASH) or `isDefault`.
 * `added`: made by addPartition in a range no row reaches (the generator's values are small
 * serial numbers), so that dropping it or moving its bound never meets a row.
 */
export interface GenPartition {
  name: string
  from?: number | 'MINVALUE'
  to?: number | 'MAXVALUE'
  in?: number[]
  modulus?: number
  remainder?: number
  isDefault?: boolean
  added?: boolean
}

/** An EXCLUDE constraint `(column WITH =)` USING btree or hash: a unique key by another name (PostgreSQL). */
export interface GenExclusion {
  name?: string
  column: string
  using: 'btree' | 'hash'
  /** The element's index options (btree only, edits-exclusion-options.ts). */
  element?: GenIndexColumnOptions & { opclass?: string }
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
  /**
   * Array columns (PostgreSQL, `capabilities.arrays`; edits-arrays.ts), kept
   * apart so that the other edits (checks, indexes, keys, type changes,
   * generated columns, views) never take one; rendered after `columns`.
   */
  arrays?: [string, GenColumn][]
  primaryKey?: string[]
  /** `primaryKey: false`: no key at all (and no implicit id). */
  noKey?: boolean
  /** SQLite table options. */
  strict?: boolean
  withoutRowid?: boolean
  /** PostgreSQL UNLOGGED (`capabilities.unloggedTables`). */
  unlogged?: boolean
  unique: string[][]
  indexes: GenIndex[]
  checks: GenCheck[]
  /** Absent on tables made before exclusions were generated (none are now). */
  exclusions?: GenExclusion[]
  relations: [string, GenRelation][]
  triggers?: GenTrigger[]
  /** DEFERRABLE unique constraints (edits-options.ts). */
  deferredUniques?: GenDeferredUnique[]
  /** A partitioned table (edits-partitions.ts). */
  partitioning?: GenPartitioning
}

/**
 * A view selecting some columns of one table, or of a table and the table
 * one of its belongsTo relations points at (an inner join on the relation's
 * column). It holds the table, columns and relation themselves (structuredClone
 * keeps shared objects shared), so renames carry into its query and a dropped
 * column leaves it (`reconcileObjects`).
 */
export interface GenView {
  name: string
  table: GenTable
  columns: GenColumn[]
  join?: { relation: GenRelation; columns: GenColumn[] }
}

/**
 * AFTER INSERT FOR EACH ROW: the new row's `column` (a string or text
 * column of the table) is upper-cased by an UPDATE through the table's
 * primary key (SQLite: the trigger's body; PostgreSQL: its own plpgsql
 * function, or, with `viaFunction`, a `functions:` entry it executes).
 */
export interface GenTrigger {
  name: string
  column: GenColumn
  viaFunction?: boolean
  /** The database's name (`name:`), shared with a trigger of another table (`capabilities.triggerNamesPerTable`). */
  dbName?: string
}

export interface GenSchema {
  tables: GenTable[]
  views?: GenView[]
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

function renderColumn(c: GenColumn, options: RenderOptions): Record<string, unknown> {
  const out: Record<string, unknown> = { type: c.type }
  for (const key of ['length', 'precision', 'scale', 'timezone', 'enum', 'values', 'array', 'nullable', 'default', 'unique', 'primaryKey', 'autoincrement', 'collation', 'comment', 'renamedFrom'] as const) {
    if (c[key] !== undefined) out[key] = c[key]
  }
  if (c.references) out.references = { ...c.references }
  if (c.generated) out.generated = { expression: generatedSql(c.generated, options.quote), ...(c.generated.stored ? { stored: true } : {}) }
  return out
}

function renderTable(t: GenTable, options: RenderOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (t.renamedFrom) out.renamedFrom = t.renamedFrom
  if (t.comment !== undefined) out.comment = t.comment
  out.columns = Object.fromEntries([...t.columns, ...(t.arrays ?? [])].map(([n, c]) => [n, renderColumn(c, options)]))
  if (t.primaryKey) out.primaryKey = t.primaryKey
  if (t.noKey) out.primaryKey = false
  if (t.strict) out.strict = true
  if (t.withoutRowid) out.withoutRowid = true
  if (t.unlogged) out.unlogged = true
  const deferred = (t.deferredUniques ?? []).map((u) => ({
    name: u.name,
    columns: u.columns.map((c) => columnName(t, c)),
    deferrable: true,
    ...(u.initiallyDeferred ? { initiallyDeferred: true } : {}),
  }))
  if (t.unique.length || deferred.length) out.unique = [...t.unique, ...deferred]
  if (t.indexes.length) {
    out.indexes = t.indexes.map((i) => {
      const r: Record<string, unknown> = {}
      if (i.name) r.name = i.name
      if (i.columns) {
        const textColumn = (n: string) => t.columns.find(([cn]) => cn === n)?.[1].type === 'text'
        r.columns = i.columns.map((n) => {
          const o = { ...i.options?.[n], ...(options.textPrefix !== undefined && textColumn(n) ? { length: options.textPrefix } : {}) }
          return Object.keys(o).length ? { column: n, ...o } : n
        })
      }
      if (i.method) r.method = i.method
      if (i.lowerOf) r.expression = i.tsvector ? `to_tsvector('simple', ${(options.quote ?? q)(i.lowerOf)})` : `lower(${(options.quote ?? q)(i.lowerOf)})`
      if (i.unique) r.unique = true
      if (i.where) r.where = predicateSql(i.where.column, i.where.predicate, options.quote)
      if (i.include?.length) r.include = i.include
      if (i.nullsNotDistinct) r.nullsNotDistinct = true
      if (i.comment !== undefined) r.comment = i.comment
      return r
    })
  }
  if (t.checks.length) {
    out.checks = t.checks.map((c) => ({
      ...(c.name ? { name: c.name } : {}),
      expression: predicateSql(c.column, c.predicate, options.quote),
      ...(c.notValid ? { notValid: true } : {}),
      ...(c.noInherit ? { noInherit: true } : {}),
      ...(c.comment !== undefined ? { comment: c.comment } : {}),
    }))
  }
  if (t.exclusions?.length) {
    out.exclude = t.exclusions.map((x) => ({
      ...(x.name ? { name: x.name } : {}),
      using: x.using,
      elements: [{ column: x.column, with: '=', ...x.element }],
      ...(x.deferrable ? { deferrable: true } : {}),
      ...(x.initiallyDeferred ? { initiallyDeferred: true } : {}),
      ...(x.comment !== undefined ? { comment: x.comment } : {}),
    }))
  }
  if (t.relations.length) out.relations = Object.fromEntries(t.relations.map(([n, r]) => [n, { ...r }]))
  if (t.partitioning) {
    const p = t.partitioning
    out.partitionBy = { method: p.method, columns: [columnName(t, p.key)] }
    if (p.partitions.length) {
      out.partitions = Object.fromEntries(
        p.partitions.map((x) => [
          x.name,
          x.isDefault ? { default: true } : x.in ? { in: x.in } : x.modulus !== undefined ? { modulus: x.modulus, remainder: x.remainder } : { from: x.from, to: x.to },
        ]),
      )
    }
  }
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

/** The name of a column (object) of a table. */
export function columnName(t: GenTable, c: GenColumn): string {
  return t.columns.find(([, x]) => x === c)![0]
}

/** A table name as SQL: `"sa"."t12"` for one in another schema (the generator's names hold a dot only there). */
export function quoteTable(name: string, quote: (name: string) => string = q): string {
  return name.split('.').map(quote).join('.')
}

/** The SELECT of a view, quoted with the dialect's quote. */
export function viewSql(s: GenSchema, v: GenView, quote: (name: string) => string = q): string {
  const t = v.table
  const own = v.columns.map((c) => columnName(t, c))
  if (!v.join) return `SELECT ${own.map(quote).join(', ')} FROM ${quoteTable(t.name, quote)}`
  const [relation, r] = t.relations.find(([, x]) => x === v.join!.relation)!
  const target = s.tables.find((x) => x.name === r.belongsTo)!
  // A self-join selects a column once (MariaDB and PostgreSQL refuse a name twice; SQLite would rename it).
  const joined = v.join.columns.map((c) => columnName(target, c)).filter((c) => target !== t || !own.includes(c))
  const list = [...own.map((c) => `a.${quote(c)}`), ...joined.map((c) => `b.${quote(c)}`)]
  return `SELECT ${list.join(', ')} FROM ${quoteTable(t.name, quote)} a JOIN ${quoteTable(target.name, quote)} b ON b.${quote(keyColumns(target)[0]!)} = a.${quote(`${relation}_id`)}`
}

/** The primary key columns as the database has them (the implicit `id` when none is declared). */
export function keyColumns(t: GenTable): string[] {
  const flagged = t.columns.filter(([, c]) => c.primaryKey).map(([n]) => n)
  return t.primaryKey ?? (flagged.length ? flagged : ['id'])
}

/** The UPDATE a trigger runs for the new row (the same text on SQLite and PostgreSQL). */
export function triggerUpdateSql(t: GenTable, g: GenTrigger, quote: (name: string) => string = q): string {
  const where = keyColumns(t).map((k) => `${quote(k)} = NEW.${quote(k)}`).join(' AND ')
  const c = quote(columnName(t, g.column))
  return `UPDATE ${quoteTable(t.name, quote)} SET ${c} = upper(${c}) WHERE ${where}`
}

export function triggerFunctionName(g: GenTrigger): string {
  return `f_${g.name}`
}

function plpgsql(update: string): string {
  return `BEGIN ${update}; RETURN NULL; END`
}

export function renderSchema(s: GenSchema, options: RenderOptions = {}): Record<string, string> {
  const files: Record<string, Record<string, unknown> & { tables: Record<string, unknown> }> = {
    'a.yaml': { tables: {} },
    'b.yaml': { tables: {} },
  }
  s.tables.forEach((t, i) => {
    files[i % 2 === 0 ? 'a.yaml' : 'b.yaml']!.tables[t.name] = renderTable(t, options)
  })
  if (s.enums.length) files['a.yaml']!.enums = Object.fromEntries(s.enums)
  if (s.views?.length) files['b.yaml']!.views = Object.fromEntries(s.views.map((v) => [v.name, { query: viewSql(s, v, options.quote) }]))
  const triggers: Record<string, unknown> = {}
  const functions: Record<string, unknown> = {}
  for (const t of s.tables) {
    for (const g of t.triggers ?? []) {
      const update = triggerUpdateSql(t, g, options.quote)
      const head = { ...(g.dbName !== undefined ? { name: g.dbName } : {}), table: t.name, timing: 'after', events: 'insert' }
      if (g.viaFunction) {
        functions[triggerFunctionName(g)] = { returns: 'trigger', language: 'plpgsql', body: plpgsql(update) }
        triggers[g.name] = { ...head, function: triggerFunctionName(g) }
      } else {
        triggers[g.name] = { ...head, body: { sqlite: `${update};`, postgres: plpgsql(update) } }
      }
    }
  }
  if (Object.keys(triggers).length) files['a.yaml']!.triggers = triggers
  if (Object.keys(functions).length) files['a.yaml']!.functions = functions
  return Object.fromEntries(Object.entries(files).map(([name, content]) => [name, stringify(content)]))
}

/** The schema files as one text, for failure reports. */
export function schemaText(files: Record<string, string>): string {
  return Object.entries(files)
    .map(([name, text]) => `# --- ${name}\n${text}`)
    .join('')
}
