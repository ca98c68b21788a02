/**
 * What the linter must know about PostgreSQL: its DDL locks, the enum-value
 * rule, which type changes rewrite the table, and the rows a type change
 * would change or reject.
 */
import type { DefaultValue, TypeSpec } from '../../schema/model'
import { sqlFor } from '../../schema/model'
import type { DialectLint } from '../dialect'
import { lossyCast } from '../lint-predicates'
import { typeSql } from './postgres-types'

/**
 * Type changes PostgreSQL makes without rewriting the table ("binary
 * coercible", or a widened varchar/numeric typmod): varchar(n) to a longer
 * varchar or to text, numeric(p,s) to a larger precision with the same scale,
 * timestamp to timestamptz when the session time zone is UTC (not assumed).
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
 */
function keepsStorage(from: TypeSpec, to: TypeSpec): boolean {
  if (typeSql(from) === typeSql(to)) return true
  // Into, out of or between arrays: an array coercion, counted as a rewrite.
  if (from.array || to.array) return false
  const texty = (t: TypeSpec) => t.type === 'text' || t.type === 'string'
  if (texty(from) && texty(to)) return to.length === undefined || (from.type === 'string' && from.length !== undefined && from.length <= to.length)
  if (from.type === 'decimal' && to.type === 'decimal') {
    if (to.precision === undefined) return true
    return from.precision !== undefined && (from.scale ?? 0) === (to.scale ?? 0) && from.precision <= to.precision
  }
  return false
}

/** Functions PostgreSQL marks volatile that people use as defaults. https://www.postgresql.org/docs/current/xfunc-volatility.html */
const VOLATILE = /\b(gen_random_uuid|uuid_generate_v[14]|random|clock_timestamp|timeofday|nextval|statement_timestamp)\s*\(/i

const integerInput = String.raw`^\s*[-+]?[0-9]+\s*$`
const numberInput = String.raw`^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$`
const uuidInput = String.raw`^\s*\{?[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}\}?\s*$`
const booleanInput = String.raw`^\s*(t|tr|tru|true|f|fa|fal|fals|false|y|ye|yes|n|no|on|of|off|1|0)\s*$`

export const postgresLint: DialectLint = {
  lockRules: true,
  // "If ALTER TYPE ... ADD VALUE is executed inside a transaction block, the
  // new value cannot be used until after the transaction has been committed."
  // https://www.postgresql.org/docs/15/sql-altertype.html#id-1.9.3.42.7
  enumValuesUsableInSameTransaction: false,
  rewritesTable: (from, to) => !keepsStorage(from, to),
  volatileDefault(value: DefaultValue) {
    if (typeof value !== 'object') return false
    if ('expr' in value) return value.expr === 'uuid'
    const sql = sqlFor(value.sql, 'postgres')
    return sql !== undefined && VOLATILE.test(sql)
  },
  // An enum array compares with text[] through its text form: && is "overlaps".
  // https://www.postgresql.org/docs/current/functions-array.html
  arrayHoldsAny: (column, literals) => `${column}::text[] && ARRAY[${literals.join(', ')}]::text[]`,
  lossyCastPredicate(column, from, to) {
    const { array: fromArray, ...fromElement } = from
    const { array: toArray, ...toElement } = to
    if (!fromArray && !toArray) return elementLoss(column, from, to)
    // Arrays (postgres-arrays.ts usingClause): an element is lost when its
    // cast is; an array becoming its first element loses the others.
    // https://www.postgresql.org/docs/current/functions-array.html
    if (!fromArray) return elementLoss(column, fromElement, toElement)
    const each = elementLoss('e', fromElement, toElement)
    const anyLost = each === undefined ? undefined : `EXISTS (SELECT 1 FROM unnest(${column}) AS e WHERE e IS NOT NULL AND (${each}))`
    if (toArray) return anyLost
    const first = elementLoss(`(${column})[1]`, fromElement, toElement)
    return [`cardinality(${column}) > 1`, first && `(${column})[1] IS NOT NULL AND (${first})`].filter(Boolean).join(' OR ')
  },
}

/** The rows a cast of one value loses (lint-predicates.ts), `column` being SQL for the value. */
function elementLoss(column: string, from: TypeSpec, to: TypeSpec): string | undefined {
  return lossyCast(column, from, to, {
    text: (c) => `${c}::text`,
    numeric: (c) => `${c}::numeric`,
    unreadable(c, target) {
      const pattern =
        target.type === 'smallint' || target.type === 'integer' || target.type === 'bigint'
          ? integerInput
          : target.type === 'float' || target.type === 'double' || target.type === 'decimal'
            ? numberInput
            : target.type === 'uuid'
              ? uuidInput
              : target.type === 'boolean'
                ? booleanInput
                : undefined
      return pattern === undefined ? undefined : `${c}::text !~* '${pattern}'`
    },
    floatNarrowing: (c, source, target) =>
      target.type === 'float' && source.type !== 'float' ? `${c}::double precision <> ${c}::real::double precision` : undefined,
    timeOfDay: (c) => `${c}::time <> '00:00'::time`,
  })
}
