/**
 * Indexes between schema-file form and the model: a column of `columns` is a
 * name or `{ column, order, nulls, collation, opclass, length }`, which the model
 * keeps as the plain column list plus `columnOptions` by column name (so
 * everything that reads an index's columns reads names). Shared by tables
 * and materialized views.
 */
import { canonicalIndex } from './canonical'
import type { Index, IndexColumnOptions } from './model'
import { constraintName, expressionWords } from './naming'
import type { RawIndex, RawIndexColumn } from './raw'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** The column name of a `columns` item. */
export function indexColumnName(item: RawIndexColumn): string {
  return typeof item === 'string' ? item : item.column
}

/** The model index of a schema-file index of table (or view) `owner`. */
export function indexFromRaw(owner: string, item: RawIndex): Index {
  const columns = item.columns?.map(indexColumnName)
  const parts = columns ? [...columns] : [expressionWords(item.expression ?? '')]
  const index: Mutable<Index> = { name: item.name ?? constraintName(owner, parts, 'idx') }
  if (columns) index.columns = columns
  const options: Record<string, IndexColumnOptions> = {}
  for (const c of item.columns ?? []) {
    if (typeof c === 'string') continue
    const o: Mutable<IndexColumnOptions> = {}
    if (c.order === 'desc') o.order = 'desc'
    if (c.nulls !== undefined) o.nulls = c.nulls
    if (c.collation !== undefined) o.collation = c.collation
    if (c.opclass !== undefined) o.opclass = c.opclass
    if (c.length !== undefined) o.length = c.length
    options[c.column] = o
  }
  if (Object.keys(options).length) index.columnOptions = options
  if (item.expression !== undefined) index.expression = item.expression
  if (item.unique !== undefined) index.unique = item.unique
  if (item.method !== undefined) index.method = item.method
  if (item.include !== undefined) index.include = [...item.include]
  if (item.nullsNotDistinct !== undefined) index.nullsNotDistinct = item.nullsNotDistinct
  if (item.where !== undefined) index.where = item.where
  if (item.concurrently !== undefined) index.concurrently = item.concurrently
  if (item.comment !== undefined) index.comment = item.comment
  // Defaults said out loud (method: btree, order: asc, nulls last on asc) are not held.
  return canonicalIndex(index)
}

/** A model index in schema-file form, without its name (the caller writes it when it is not the default). */
export function renderIndexBody(index: Index): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (index.columns) {
    out.columns = index.columns.map((column) => {
      const o = index.columnOptions?.[column]
      return o ? { column, ...o } : column
    })
  } else out.expression = index.expression
  if (index.unique) out.unique = true
  if (index.method !== undefined) out.method = index.method
  if (index.include?.length) out.include = [...index.include]
  if (index.nullsNotDistinct) out.nullsNotDistinct = true
  if (index.where !== undefined) out.where = index.where
  if (index.concurrently) out.concurrently = true
  if (index.comment !== undefined) out.comment = index.comment
  return out
}
