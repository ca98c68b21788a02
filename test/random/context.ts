/**
 * What an edit works with: the schema being edited, the PRNG, and facts about
 * the rows in the database before the step (so that an edit never asks the
 * database for something its rows forbid: a unique key over duplicates, a
 * NOT NULL foreign key with nothing to point at).
 */
import type { DeferrableKind, DialectCapabilities } from '../../src/dialects/dialect'
import type { Literal, TypeSpec } from '../../src/schema/model'
import type { GenColumn, GenRelation, GenSchema, GenTable } from './model'
import type { Rng } from './prng'

export interface ColumnFacts {
  readonly nulls: number
  /** Non-null values that are not distinct: count(c) - count(DISTINCT c). */
  readonly duplicates: number
}

export interface TableFacts {
  readonly rows: number
  readonly columns: Readonly<Record<string, ColumnFacts>>
  /** Some values of the table's single-column primary key (for foreign keys). */
  readonly keys: readonly Literal[]
}

/** Facts per table, by the table's name before the step. */
export type Facts = ReadonlyMap<string, TableFacts>

export interface EditContext {
  readonly s: GenSchema
  readonly rng: Rng
  readonly facts: Facts
  /** What the target's dialect can hold: the generator asks for nothing else. */
  readonly caps: DialectCapabilities
  /** Column collations the target's database has besides the default (Target.collations). */
  readonly collations: readonly string[]
}

/** Types a dialect with index prefix lengths (MySQL) stores unbounded: TEXT, BLOB (and MariaDB's JSON, a LONGTEXT). */
const UNBOUNDED = new Set(['text', 'json', 'binary'])

/**
 * May the column be (part of) a key as it is: a dialect with index prefix
 * lengths (MySQL) indexes unbounded columns only by a prefix (a unique key
 * over one becomes MariaDB's hash "long unique"), so keys (primary, unique,
 * referenced) are not made of them there.
 */
export function keyable(ctx: Pick<EditContext, 'caps'>, c: GenColumn): boolean {
  return !(ctx.caps.indexes?.prefixLengths && UNBOUNDED.has(c.type))
}

/** May the column be in a plain index: keyable, or text (indexed by a prefix there, see model.ts). */
export function indexable(ctx: Pick<EditContext, 'caps'>, c: GenColumn): boolean {
  return keyable(ctx, c) || c.type === 'text'
}

export function fresh(s: GenSchema, prefix: string): string {
  s.counter += 1
  return `${prefix}${s.counter}`
}

export function findTable(s: GenSchema, name: string): GenTable | undefined {
  return s.tables.find((t) => t.name === name)
}

export function tableFacts(ctx: EditContext, t: GenTable): TableFacts | undefined {
  return t.origin === undefined ? undefined : ctx.facts.get(t.origin)
}

/** Rows in the table now (0 for a table created in this step). */
export function rowsOf(ctx: EditContext, t: GenTable): number {
  return tableFacts(ctx, t)?.rows ?? 0
}

/** Facts of a column; undefined when they are not known (a column new in this step on a table with rows). */
export function columnFacts(ctx: EditContext, t: GenTable, column: GenColumn): ColumnFacts | undefined {
  if (rowsOf(ctx, t) === 0) return { nulls: 0, duplicates: 0 }
  if (column.origin === undefined) return undefined
  return tableFacts(ctx, t)?.columns[column.origin]
}

/** May the column become part of a unique key (no duplicate values)? */
export function distinctValues(ctx: EditContext, t: GenTable, column: GenColumn): boolean {
  if (rowsOf(ctx, t) <= 1) return true
  const f = columnFacts(ctx, t, column)
  return f !== undefined && f.duplicates === 0
}

/** May the column become (part of) a primary key: distinct and never NULL? */
export function keyValues(ctx: EditContext, t: GenTable, column: GenColumn): boolean {
  const f = columnFacts(ctx, t, column)
  return !column.nullable && f !== undefined && f.nulls === 0 && distinctValues(ctx, t, column)
}

/** The type of a column as a reference to it gets it (no autoincrement, no primary key). */
export function keySpec(c: GenColumn): TypeSpec {
  const spec: Record<string, unknown> = { type: c.type }
  for (const k of ['length', 'precision', 'scale', 'timezone', 'enum'] as const) if (c[k] !== undefined) spec[k] = c[k]
  return spec as unknown as TypeSpec
}

/** The single-column primary key of a table: the implicit `id bigint`, a `primaryKey: true` column, or `primaryKey: [c]`. */
export function keyOf(s: GenSchema, name: string): { column: string; spec: TypeSpec } | undefined {
  const t = findTable(s, name)
  if (!t) return undefined
  if (t.noKey) return undefined
  const flagged = t.columns.filter(([, c]) => c.primaryKey)
  const pk = t.primaryKey ?? flagged.map(([n]) => n)
  if (pk.length === 0) return { column: 'id', spec: { type: 'bigint' } }
  if (pk.length !== 1) return undefined
  const column = t.columns.find(([n]) => n === pk[0])?.[1]
  return column ? { column: pk[0]!, spec: keySpec(column) } : undefined
}

/** The primary key columns of a table (the implicit `id` when none is declared, none with `primaryKey: false`). */
export function primaryKeyColumns(t: GenTable): string[] {
  if (t.noKey) return []
  const flagged = t.columns.filter(([, c]) => c.primaryKey).map(([n]) => n)
  if (t.primaryKey) return t.primaryKey
  return flagged.length ? flagged : ['id']
}

/** Tables (other than itself, or including it) that reference `name` by a relation or a `references` column. */
export function referencers(s: GenSchema, name: string): { table: GenTable; relation?: string; column?: string }[] {
  const out: { table: GenTable; relation?: string; column?: string }[] = []
  for (const t of s.tables) {
    for (const [rn, r] of t.relations) if (r.belongsTo === name) out.push({ table: t, relation: rn })
    for (const [cn, c] of t.columns) if (c.references?.table === name) out.push({ table: t, column: cn })
  }
  return out
}

/** Keys of the table in the database, for a NOT NULL foreign key to it on rows that exist ([] when it is new). */
export function keysOf(ctx: EditContext, name: string): readonly Literal[] {
  const t = findTable(ctx.s, name)
  return t ? (tableFacts(ctx, t)?.keys ?? []) : []
}

export function relationColumn(name: string): string {
  return `${name}_id`
}

export type Named<T> = [string, T]
export type RelationEntry = Named<GenRelation>

/** Can the dialect's constraints of this kind be DEFERRABLE (`capabilities.constraints.deferrable`; absent: every kind)? */
export function canDefer(ctx: Pick<EditContext, 'caps'>, kind: DeferrableKind): boolean {
  const kinds = ctx.caps.constraints?.deferrable
  return kinds === undefined || kinds.includes(kind)
}

/** NOT VALID foreign keys and checks (`capabilities.constraints.notValid`, default true). */
export function canNotValid(ctx: Pick<EditContext, 'caps'>): boolean {
  return ctx.caps.constraints?.notValid !== false
}

/** EXCLUDE constraints (`capabilities.constraints.exclusions`, default true). */
export function canExclude(ctx: Pick<EditContext, 'caps'>): boolean {
  return ctx.caps.constraints?.exclusions !== false
}

/** May `from` get a foreign key to `to`: PostgreSQL lets only an UNLOGGED table reference an UNLOGGED one. */
export function mayReference(from: GenTable, to: GenTable): boolean {
  return !to.unlogged || Boolean(from.unlogged) || from === to
}

/** Index methods besides btree that the dialect has (`capabilities.indexes.methods`; absent: any). */
export function hasMethod(ctx: Pick<EditContext, 'caps'>, method: string): boolean {
  const methods = ctx.caps.indexes?.methods
  return methods === undefined || methods.includes(method)
}
