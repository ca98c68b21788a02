/**
 * Declarative partitioning (PostgreSQL): the partition key of a table
 * (`partitionBy`) and its partitions (`partitions`), between the schema
 * file's form and the model's, both ways.
 *
 * A partition is not a table of its own in the model: it has its parent's
 * columns, and the parent's indexes, primary key, uniques, foreign keys and
 * checks propagate to it (PostgreSQL creates them on every partition), so it
 * is a name, the bound of the rows it holds, and what it holds of its own:
 * indexes, uniques, checks and foreign keys of that partition only
 * (partition-objects.ts).
 * https://www.postgresql.org/docs/current/ddl-partitioning.html
 */
import type { Check, ForeignKey, Index, Unique } from './model'
import type { RawPartition, RawPartitionKey, RawPartitionValue } from './raw'
import { renderPartitionObjects } from './partition-objects'

/** The partitioning methods (PARTITION BY RANGE / LIST / HASH). */
export const PARTITION_METHODS = ['range', 'list', 'hash'] as const
export type PartitionMethod = (typeof PARTITION_METHODS)[number]

/**
 * PARTITION BY method (key): plain columns, or the whole key list as SQL
 * text (an expression, an operator class or a collation on an element),
 * as PostgreSQL prints it (pg_get_partkeydef).
 */
export interface PartitionKey {
  readonly method: PartitionMethod
  /** Exactly one of `columns` and `expression` is set. */
  readonly columns?: readonly string[]
  /** The key list inside the parentheses, SQL (`lower(region)`, `a, (b + 1)`). */
  readonly expression?: string
}

/**
 * A bound value: a literal of the key's type (a string is quoted, as a
 * literal default is), NULL (LIST only), or the range keywords `MINVALUE` /
 * `MAXVALUE` (the strings in capitals).
 */
export type PartitionValue = string | number | boolean | null

/** The range keywords a bound value may be. */
export const RANGE_KEYWORDS = ['MINVALUE', 'MAXVALUE'] as const

/**
 * One partition: CREATE TABLE name PARTITION OF parent FOR VALUES …
 * Exactly one form: `from` + `to` (RANGE), `in` (LIST), `modulus` +
 * `remainder` (HASH), or `default` (RANGE and LIST).
 */
export interface Partition {
  readonly name: string
  /** RANGE: one value per key element, inclusive. */
  readonly from?: readonly PartitionValue[]
  /** RANGE: one value per key element, exclusive. */
  readonly to?: readonly PartitionValue[]
  /** LIST: the values the partition holds. */
  readonly in?: readonly PartitionValue[]
  readonly modulus?: number
  readonly remainder?: number
  /** DEFAULT: the rows no other partition holds. */
  readonly default?: true
  /**
   * What the partition holds of its own (CREATE INDEX … ON partition, ALTER
   * TABLE partition ADD CONSTRAINT …), besides what it has from its parent.
   * Each absent when empty; names default to the partition's
   * (`<partition>_<cols>_idx`, `_key`, `_check`, `_fkey`).
   */
  readonly indexes?: readonly Index[]
  readonly uniques?: readonly Unique[]
  readonly checks?: readonly Check[]
  readonly foreignKeys?: readonly ForeignKey[]
}

/** The keys of what a partition holds of its own. */
export const PARTITION_OWN_KEYS = ['indexes', 'uniques', 'checks', 'foreignKeys'] as const

/** A partition's bound alone: from / to, in, modulus / remainder or default. */
export type PartitionBound = Pick<Partition, 'from' | 'to' | 'in' | 'modulus' | 'remainder' | 'default'>

/** A partition without its name: its bound and what it holds of its own (alterPartition's sides). */
export type PartitionState = Omit<Partition, 'name'>

/** The bound of a partition, without what it holds of its own. */
export function boundOf(p: PartitionState): PartitionBound {
  const { name: _name, indexes: _i, uniques: _u, checks: _c, foreignKeys: _f, ...bound } = canonicalPartition({ ...p, name: '' })
  return bound
}

/** A partition without its name. */
export function stateOf(p: Partition): PartitionState {
  const { name: _name, ...state } = canonicalPartition(p)
  return state
}

/** A partition's own objects, only the non-empty lists. */
export function ownOf(p: PartitionState): Pick<Partition, (typeof PARTITION_OWN_KEYS)[number]> {
  const out: { -readonly [K in (typeof PARTITION_OWN_KEYS)[number]]?: Partition[K] } = {}
  if (p.indexes?.length) out.indexes = p.indexes
  if (p.uniques?.length) out.uniques = p.uniques
  if (p.checks?.length) out.checks = p.checks
  if (p.foreignKeys?.length) out.foreignKeys = p.foreignKeys
  return out
}

const list = (v: RawPartitionValue | readonly RawPartitionValue[] | undefined): PartitionValue[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? [...(v as readonly PartitionValue[])] : [v as PartitionValue]

export function partitionKeyFromRaw(raw: RawPartitionKey): PartitionKey {
  if (raw.expression !== undefined) return { method: raw.method, expression: raw.expression }
  return { method: raw.method, columns: typeof raw.columns === 'string' ? [raw.columns] : [...(raw.columns ?? [])] }
}

export function partitionFromRaw(name: string, raw: RawPartition): Partition {
  const out: { -readonly [K in keyof Partition]: Partition[K] } = { name }
  if (raw.default === true) out.default = true
  const from = list(raw.from)
  const to = list(raw.to)
  const values = list(raw.in)
  if (from) out.from = from
  if (to) out.to = to
  if (values) out.in = values
  if (raw.modulus !== undefined) out.modulus = raw.modulus
  if (raw.remainder !== undefined) out.remainder = raw.remainder
  return out
}

/** The key in schema-file form. */
export function renderPartitionKey(key: PartitionKey): Record<string, unknown> {
  return key.expression !== undefined ? { method: key.method, expression: key.expression } : { method: key.method, columns: [...(key.columns ?? [])] }
}

const scalarOrList = (v: readonly PartitionValue[]) => (v.length === 1 ? v[0] : [...v])

/** The partitions in schema-file form, by name. */
export function renderPartitions(partitions: readonly Partition[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const p of partitions) {
    const item: Record<string, unknown> = {}
    if (p.default) item.default = true
    if (p.from) item.from = scalarOrList(p.from)
    if (p.to) item.to = scalarOrList(p.to)
    if (p.in) item.in = [...p.in]
    if (p.modulus !== undefined) item.modulus = p.modulus
    if (p.remainder !== undefined) item.remainder = p.remainder
    out[p.name] = { ...item, ...renderPartitionObjects(p) }
  }
  return out
}

/** The key as the diff and drift describe it: `range (created_at)`. */
export function describePartitionKey(key: PartitionKey | undefined): string {
  if (!key) return 'none'
  return `${key.method} (${key.expression ?? (key.columns ?? []).join(', ')})`
}

const describeValue = (v: PartitionValue) => (v === null ? 'NULL' : typeof v === 'string' && !(RANGE_KEYWORDS as readonly string[]).includes(v) ? `'${v}'` : String(v))

/** A partition's bound as FOR VALUES says it, for messages and drift (`from ('2026-01-01') to ('2027-01-01')`). */
export function describeBound(p: Partition): string {
  if (p.default) return 'default'
  if (p.in) return `in (${p.in.map(describeValue).join(', ')})`
  if (p.modulus !== undefined) return `with (modulus ${p.modulus}, remainder ${p.remainder})`
  return `from (${(p.from ?? []).map(describeValue).join(', ')}) to (${(p.to ?? []).map(describeValue).join(', ')})`
}

/** A partition in canonical form: the bound keys in one order, then its own objects (as they are: canonical.ts orders them). */
export function canonicalPartition(p: Partition): Partition {
  return { ...partitionFromRaw(p.name, p as RawPartition), ...ownOf(p) }
}

/** A key in canonical form (only the keys of its form). */
export function canonicalPartitionKey(key: PartitionKey): PartitionKey {
  return partitionKeyFromRaw(key)
}
