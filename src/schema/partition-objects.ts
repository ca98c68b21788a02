/**
 * What a partition holds of its own (PostgreSQL declarative partitioning,
 * partitions.ts): indexes, unique constraints, checks and foreign keys of
 * one partition only, declared under the partition in the table-level forms
 * (`partitions: { p1: { from, to, indexes: […], unique: […], checks: […],
 * foreignKeys: […] } }`) and named after the partition by default, as
 * PostgreSQL names them on that table. Unlike the parent's, which PostgreSQL
 * gives every partition (their copies have pg_index / pg_constraint parents:
 * pg_inherits on the index, conparentid), these are the partition's alone.
 * https://www.postgresql.org/docs/current/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE-MAINTENANCE
 */
import { attributesFromRaw, hasAttributes, renderAttributes, renderForeignKey } from './constraint-attributes'
import { indexFromRaw, renderIndexBody } from './index-options'
import type { Check, ForeignKey, Index, Unique } from './model'
import { constraintName, expressionWords } from './naming'
import type { Partition } from './partitions'
import type { RawCheck, RawIndex, RawNamedKey } from './raw'

type Plain = Record<string, unknown>

/** A partition's own index from its schema-file form (named `<partition>_<cols>_idx` unless given). */
export function partitionIndexFromRaw(partition: string, raw: RawIndex): Index {
  return indexFromRaw(partition, raw)
}

/** A partition's own unique constraint: a column list or `{ name, columns, … }`. */
export function partitionUniqueFromRaw(partition: string, raw: readonly string[] | RawNamedKey): Unique {
  if (Array.isArray(raw)) return { name: constraintName(partition, raw as readonly string[], 'key'), columns: [...(raw as readonly string[])] }
  const named = raw as RawNamedKey
  return { name: named.name ?? constraintName(partition, named.columns, 'key'), columns: [...named.columns], ...attributesFromRaw(named) }
}

/** A partition's own check (named `<partition>_<words>_check` unless given). */
export function partitionCheckFromRaw(partition: string, raw: RawCheck): Check {
  return { name: raw.name ?? constraintName(partition, [expressionWords(raw.expression)], 'check'), expression: raw.expression, ...attributesFromRaw(raw) }
}

/** A partition's own objects in schema-file form, each name left out when it is the generated one. */
export function renderPartitionObjects(p: Partition): Plain {
  const out: Plain = {}
  if (p.indexes?.length) {
    out.indexes = p.indexes.map((i) => {
      const generated = constraintName(p.name, i.columns ? [...i.columns] : [expressionWords(i.expression ?? '')], 'idx')
      return { ...(i.name === generated ? {} : { name: i.name }), ...renderIndexBody(i) }
    })
  }
  if (p.uniques?.length) {
    out.unique = p.uniques.map((u) => {
      const generated = u.name === constraintName(p.name, u.columns, 'key')
      if (generated && !hasAttributes(u)) return [...u.columns]
      return { ...(generated ? {} : { name: u.name }), columns: [...u.columns], ...renderAttributes(u) }
    })
  }
  if (p.checks?.length) {
    out.checks = p.checks.map((c) => ({
      ...(c.name === constraintName(p.name, [expressionWords(c.expression)], 'check') ? {} : { name: c.name }),
      expression: c.expression,
      ...renderAttributes(c),
    }))
  }
  if (p.foreignKeys?.length) {
    out.foreignKeys = p.foreignKeys.map((fk: ForeignKey) => renderForeignKey(p.name, fk))
  }
  return out
}

/** Every object a partition holds of its own, with the kind words messages use. */
export function partitionObjects(p: Partition): { readonly kind: 'index' | 'unique' | 'check' | 'foreign key'; readonly item: Index | Unique | Check | ForeignKey }[] {
  return [
    ...(p.indexes ?? []).map((item) => ({ kind: 'index' as const, item })),
    ...(p.uniques ?? []).map((item) => ({ kind: 'unique' as const, item })),
    ...(p.checks ?? []).map((item) => ({ kind: 'check' as const, item })),
    ...(p.foreignKeys ?? []).map((item) => ({ kind: 'foreign key' as const, item })),
  ]
}
