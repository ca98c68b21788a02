/**
 * Column edits: add, drop, rename (with the `renamedFrom` hint), type
 * changes (including those SQLite can only make by rebuilding the table),
 * nullability both ways, defaults of every kind that fits the type, comments.
 */
import type { ColumnType, DefaultValue } from '../../src/schema/model'
import {
  type EditContext,
  columnFacts,
  findTable,
  fresh,
  keysOf,
  primaryKeyColumns,
  referencers,
  keyable,
  rowsOf,
} from './context'
import type { GenColumn, GenSchema, GenTable } from './model'
import type { Rng } from './prng'
import { valueFor } from './values'

const TYPES: readonly (readonly [ColumnType, number])[] = [
  ['string', 4],
  ['text', 2],
  ['smallint', 1],
  ['integer', 3],
  ['bigint', 2],
  ['boolean', 2],
  ['decimal', 1],
  ['float', 1],
  ['double', 1],
  ['date', 1],
  ['time', 1],
  ['timestamp', 2],
  ['uuid', 1],
  ['json', 1],
  ['enum', 2],
]

export const LENGTHS = [8, 16, 20, 40, 100]

/** The values of a column's enum (inline or top-level). */
export function enumValues(s: GenSchema, c: GenColumn): string[] {
  if (c.values) return c.values
  return s.enums.find(([n]) => n === c.enum)?.[1] ?? []
}

/** A default of a kind that fits the column: a literal, a portable expression, or raw SQL. */
export function randomDefault(ctx: EditContext, c: GenColumn): DefaultValue | undefined {
  const { rng } = ctx
  const kinds: ('literal' | 'now' | 'current_date' | 'uuid' | 'sql')[] = ['literal', 'literal']
  if (c.type === 'timestamp') kinds.push('now', 'current_date')
  if (c.type === 'date') kinds.push('current_date')
  if (c.type === 'uuid' || c.type === 'text' || (c.type === 'string' && (c.length ?? 99) >= 36)) kinds.push('uuid')
  if (c.type === 'integer' || c.type === 'bigint' || c.type === 'text') kinds.push('sql')
  const kind = rng.pick(kinds)
  switch (kind) {
    case 'literal': {
      if (c.type === 'enum') {
        const value = rng.pick(enumValues(ctx.s, c))
        markUsed(ctx.s, c, value)
        return value
      }
      return valueFor(c, rng.int(1, 500), undefined)
    }
    case 'sql':
      // SQL per dialect: `||` concatenates on SQLite and PostgreSQL, and is OR on
      // MySQL (unless PIPES_AS_CONCAT). PostgreSQL and MySQL re-print it.
      return c.type === 'text' ? { sql: { sqlite: "'d' || 'x'", postgres: "'d' || 'x'", mysql: "concat('d', 'x')" } } : { sql: '2 + 3' }
    default:
      return { expr: kind }
  }
}

/** Record that rows may hold `value` of the column's enum: it is never removed. */
export function markUsed(s: GenSchema, c: GenColumn, value: string): void {
  const key = c.values ? `inline:${c.values.join(',')}` : (c.enum ?? '')
  if (c.values) return // an inline enum's used values are its first one and its defaults (checked where removed)
  const used = (s.usedValues[key] ??= [])
  if (!used.includes(value)) used.push(value)
}

/** A new column of a random type: the caller decides nullability and defaults for a table with rows. */
export function newColumn(ctx: EditContext, rowsInTable: number): GenColumn {
  const { rng, s } = ctx
  const type = rng.weighted(TYPES)
  const c: GenColumn = { type }
  if (type === 'string' && rng.chance(0.8)) c.length = rng.pick(LENGTHS)
  if (type === 'decimal') {
    c.precision = 10
    c.scale = 2
  }
  if (type === 'timestamp' && rng.chance(0.5)) c.timezone = true
  if ((type === 'string' || type === 'text') && ctx.collations.length > 0 && rng.chance(0.15)) c.collation = rng.pick(ctx.collations)
  if (type === 'enum') {
    if (s.enums.length > 0 && rng.chance(0.5)) {
      const [name, values] = rng.pick(s.enums)
      c.enum = name
      markUsed(s, c, values[0]!)
    } else {
      c.values = ['x1', 'x2', 'x3'].slice(0, rng.int(1, 3))
    }
  }
  if (rng.chance(0.35)) c.nullable = true
  if (rng.chance(0.35)) {
    const d = randomDefault(ctx, c)
    if (d !== undefined) c.default = d
  }
  // NOT NULL without default on a table with rows: a fill value (see generator.ts), fine for any type.
  void rowsInTable
  if (rng.chance(0.15)) c.comment = `note ${rng.int(1, 99)}`
  return c
}

/** Declared columns that are not part of the primary key. */
function plainColumns(t: GenTable): [string, GenColumn][] {
  const pk = new Set(primaryKeyColumns(t))
  return t.columns.filter(([n, c]) => !pk.has(n) && !c.primaryKey && !c.partitionKey)
}

export function addColumn(ctx: EditContext): string | undefined {
  if (ctx.s.tables.length === 0) return undefined
  const t = ctx.rng.pick(ctx.s.tables)
  const name = fresh(ctx.s, 'c')
  const c = newColumn(ctx, rowsOf(ctx, t))
  t.columns.push([name, c])
  return `add column ${t.name}.${name} (${c.type}${c.nullable ? ', nullable' : ''}${c.default !== undefined ? ', default' : ''})`
}

/** Remove everything of a table that mentions a column (as a user dropping it would). */
export function forgetColumn(t: GenTable, name: string): void {
  // The columns generated from it go too (PostgreSQL refuses to drop a column a generated one uses).
  const derived = t.columns.filter(([, c]) => c.generated?.of === name).map(([n]) => n)
  t.columns = t.columns.filter(([n]) => !derived.includes(n))
  for (const d of derived) forgetColumn(t, d)
  t.unique = t.unique.filter((u) => !u.includes(name))
  t.indexes = t.indexes.filter((i) => !i.columns?.includes(name) && i.lowerOf !== name && i.where?.column !== name && !i.include?.includes(name))
  t.checks = t.checks.filter((c) => c.column !== name)
  if (t.exclusions) t.exclusions = t.exclusions.filter((x) => x.column !== name)
}

export function dropColumn(ctx: EditContext): string | undefined {
  const candidates = ctx.s.tables.flatMap((t) => plainColumns(t).map(([n]) => [t, n] as const))
  if (candidates.length === 0) return undefined
  const [t, name] = ctx.rng.pick(candidates)
  // A table without a key keeps a column where the dialect has no tables without columns (SQLite, MySQL).
  const left = t.columns.filter(([n, c]) => n !== name && c.generated?.of !== name)
  if (t.noKey && left.length === 0 && !ctx.caps.tablesWithoutColumns) return undefined
  t.columns = t.columns.filter(([n]) => n !== name)
  forgetColumn(t, name)
  return `drop column ${t.name}.${name}`
}

/** Rename a column in everything of its table that mentions it. */
function renameEverywhere(t: GenTable, from: string, to: string): void {
  const swap = (n: string) => (n === from ? to : n)
  if (t.primaryKey) t.primaryKey = t.primaryKey.map(swap)
  t.unique = t.unique.map((u) => u.map(swap))
  for (const i of t.indexes) {
    if (i.columns) i.columns = i.columns.map(swap)
    if (i.include) i.include = i.include.map(swap)
    if (i.options?.[from]) {
      i.options[to] = i.options[from]!
      delete i.options[from]
    }
    if (i.lowerOf === from) i.lowerOf = to
    if (i.where?.column === from) i.where.column = to
  }
  for (const c of t.checks) if (c.column === from) c.column = to
  for (const x of t.exclusions ?? []) if (x.column === from) x.column = to
  for (const [, c] of t.columns) if (c.generated?.of === from) c.generated.of = to
}

export function renameColumn(ctx: EditContext): string | undefined {
  const candidates = ctx.s.tables.flatMap((t) => t.columns.map(([n, c]) => [t, n, c] as const))
  if (candidates.length === 0) return undefined
  const [t, from, c] = ctx.rng.pick(candidates)
  // One rename per column and step: a second hint would name a column the snapshot does not have.
  if (c.origin !== from) return undefined
  const to = fresh(ctx.s, 'c')
  const entry = t.columns.find(([n]) => n === from)!
  entry[0] = to
  c.renamedFrom = from
  renameEverywhere(t, from, to)
  return `rename column ${t.name}.${from} -> ${to}`
}

/** Type changes that keep every value the generator writes. */
function retype(rng: Rng, c: GenColumn): string | undefined {
  const was = `${c.type}${c.length ? `(${c.length})` : ''}`
  switch (c.type) {
    case 'string':
      if (c.length !== undefined && rng.chance(0.6)) c.length = rng.pick(LENGTHS.filter((l) => l !== c.length))
      else if (rng.chance(0.5)) {
        c.type = 'text'
        delete c.length
      } else if (c.length === undefined) c.length = rng.pick(LENGTHS)
      else delete c.length
      break
    case 'text':
      c.type = 'string'
      if (rng.chance(0.7)) c.length = rng.pick(LENGTHS)
      break
    case 'smallint':
      c.type = 'integer'
      break
    case 'integer':
      c.type = rng.pick(['bigint', 'smallint'] as const)
      break
    case 'bigint':
      c.type = 'integer'
      break
    case 'float':
      c.type = 'double'
      break
    case 'double':
      c.type = 'float'
      break
    default:
      return undefined
  }
  // A uuid default needs room for 36 characters.
  if (c.type === 'string' && c.length !== undefined && c.length < 36 && typeof c.default === 'object' && 'expr' in c.default) delete c.default
  return `${was} -> ${c.type}${c.length ? `(${c.length})` : ''}`
}

export function changeType(ctx: EditContext): string | undefined {
  const candidates = ctx.s.tables.flatMap((t) => t.columns.filter(([, c]) => !c.references && !c.generated && !c.partitionKey).map(([n, c]) => [t, n, c] as const))
  if (candidates.length === 0) return undefined
  const [t, name, c] = ctx.rng.pick(candidates)
  const refs = referencers(ctx.s, t.name).filter((r) => r.column !== undefined)
  const isKey = primaryKeyColumns(t).includes(name)
  // float <-> double round values differently on the two databases; a key of a float type is not generated.
  const before = { ...c }
  const change = retype(ctx.rng, c)
  if (!change) return undefined
  const keyed = isKey || c.unique || t.unique.some((u) => u.includes(name)) || referencers(ctx.s, t.name).length > 0
  if (keyed && !keyable(ctx, c)) {
    // Back as it was: this dialect keys no text column (context.ts).
    for (const k of Object.keys(c) as (keyof typeof c)[]) delete c[k]
    Object.assign(c, before)
    return undefined
  }
  if (c.type === 'smallint' && c.default !== undefined && typeof c.default === 'number' && c.default > 32767) delete c.default
  // Plain `references` columns are declared with the key's type: they change along (belongsTo follows by itself).
  if (isKey) {
    for (const r of refs) {
      const rc = r.table.columns.find(([n]) => n === r.column)![1]
      rc.type = c.type
      if (c.length === undefined) delete rc.length
      else rc.length = c.length
    }
  }
  return `change type ${t.name}.${name}: ${change}`
}

export function toggleNullable(ctx: EditContext): string | undefined {
  // A generated column stays nullable (its source may hold NULLs).
  const candidates = ctx.s.tables.flatMap((t) => plainColumns(t).filter(([, c]) => !c.generated).map(([n, c]) => [t, n, c] as const))
  if (candidates.length === 0) return undefined
  const [t, name, c] = ctx.rng.pick(candidates)
  if (c.nullable) {
    // NULLs become the fill value (or the default): a unique column must not end up with duplicates.
    const f = columnFacts(ctx, t, c)
    const inUnique =
      c.unique ||
      t.unique.some((u) => u.includes(name)) ||
      t.deferredUniques?.some((u) => u.columns.includes(c)) ||
      t.indexes.some((i) => i.unique && i.columns?.includes(name)) ||
      t.exclusions?.some((x) => x.column === name)
    if (inUnique && (f === undefined || f.nulls > 1)) return undefined
    if (c.references && rowsOf(ctx, t) > 0 && (f === undefined || f.nulls > 0)) {
      if (keysOf(ctx, c.references.table).length === 0 || findTable(ctx.s, c.references.table)?.origin === undefined) return undefined
      if (c.default !== undefined) return undefined
    }
    delete c.nullable
    if (c.references?.onDelete === 'set null') c.references.onDelete = 'cascade'
    return `${t.name}.${name} becomes NOT NULL`
  }
  c.nullable = true
  return `${t.name}.${name} becomes nullable`
}

export function changeDefault(ctx: EditContext): string | undefined {
  const candidates = ctx.s.tables.flatMap((t) => plainColumns(t).filter(([, c]) => !c.references && !c.generated).map(([n, c]) => [t, n, c] as const))
  if (candidates.length === 0) return undefined
  const [t, name, c] = ctx.rng.pick(candidates)
  if (c.default !== undefined && ctx.rng.chance(0.4)) {
    delete c.default
    return `drop default of ${t.name}.${name}`
  }
  const d = randomDefault(ctx, c)
  if (d === undefined) return undefined
  c.default = d
  return `set default of ${t.name}.${name} to ${JSON.stringify(d)}`
}

export function changeComment(ctx: EditContext): string | undefined {
  if (ctx.s.tables.length === 0) return undefined
  const t = ctx.rng.pick(ctx.s.tables)
  const target: { comment?: string } = ctx.rng.chance(0.4) || t.columns.length === 0 ? t : ctx.rng.pick(t.columns)[1]
  if (target.comment !== undefined && ctx.rng.chance(0.5)) delete target.comment
  else target.comment = ctx.rng.pick(['a comment', "it's quoted", `note ${ctx.rng.int(1, 99)}`, 'ünïcode'])
  return `comment on ${t.name}`
}

/** Set, change or remove the collation of a string or text column (one the target has: `Target.collations`). */
export function changeCollation(ctx: EditContext): string | undefined {
  if (ctx.collations.length === 0) return undefined
  const candidates = ctx.s.tables.flatMap((t) => t.columns.filter(([, c]) => (c.type === 'string' || c.type === 'text') && !c.generated).map(([n, c]) => [t, n, c] as const))
  if (candidates.length === 0) return undefined
  const [t, name, c] = ctx.rng.pick(candidates)
  if (c.collation !== undefined && ctx.rng.chance(0.5)) delete c.collation
  else {
    const others = ctx.collations.filter((x) => x !== c.collation)
    if (others.length === 0) return undefined
    c.collation = ctx.rng.pick(others)
  }
  return `collation of ${t.name}.${name}: ${c.collation ?? '(default)'}`
}
