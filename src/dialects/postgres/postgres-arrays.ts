/**
 * Array columns on PostgreSQL (`array: n` on a column, model.ts): the model
 * type of an array column read from the catalog. format_type prints one
 * `[]` whatever the declared dimensions (`integer[][]` is `integer[]`), so
 * the dimensions come from pg_attribute.attndims, and the element type from
 * pg_type.typelem (an enum of the current schema is an enum column's array).
 * https://www.postgresql.org/docs/current/arrays.html
 * https://www.postgresql.org/docs/current/catalog-pg-attribute.html
 */
import type { TypeSpec } from '../../schema/model'
import type { Row } from '../dialect'
import { quoteIdentifier as q, typeFromCatalog } from './postgres-types'

/**
 * The type of a column row of the introspector's COLUMNS query (`type`,
 * `local_enum`, `type_name`, and for arrays `dims`, `element_local_enum`,
 * `element_name`).
 */
export function columnTypeFromRow(row: Row): TypeSpec {
  const formatted = String(row.type)
  if (!formatted.endsWith('[]') || row.element_name === null || row.element_name === undefined) {
    return typeFromCatalog(formatted, row.local_enum === true, String(row.type_name))
  }
  const element = typeFromCatalog(formatted.slice(0, -2), row.element_local_enum === true, String(row.element_name))
  // attndims is 0 for an array column made without dimensions (CREATE TABLE AS): one.
  return { ...element, array: Math.max(1, Number(row.dims ?? 1)) }
}

/**
 * The USING clause of a type change into or out of an array, or undefined
 * when neither side is one: a value becomes the one element of an array
 * (NULL stays NULL), an array becomes its first element; between arrays the
 * element cast decides (`element` is the USING clause of the elements'
 * change, '' when implicit).
 */
export function arrayUsing(column: string, from: TypeSpec, to: TypeSpec, element: string, typeSql: (spec: TypeSpec) => string): string | undefined {
  if (!from.array && !to.array) return undefined
  if (from.array && to.array) return element === '' ? '' : ` USING ${q(column)}::${from.type === 'enum' || to.type === 'enum' ? 'text[]::' : ''}${typeSql(to)}`
  if (to.array) return ` USING CASE WHEN ${q(column)} IS NULL THEN NULL ELSE ARRAY[${q(column)}]::${typeSql(to)} END`
  return ` USING (${q(column)})[1]::${typeSql(to)}`
}
