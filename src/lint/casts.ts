/**
 * Which column type changes can lose data, portably: the same answer for
 * every database, since a migration written on one may be applied on another.
 */
import { describeType } from '../diff/describe'
import type { TypeSpec } from '../schema/model'

export interface CastRisk {
  /** `lossy`: values are silently changed (rounded, cut); `may-fail`: some values make the migration fail. */
  readonly kind: 'lossy' | 'may-fail'
  /** What happens, for the message: "rounds fractional values". */
  readonly what: string
}

const INTEGERS = ['smallint', 'integer', 'bigint']
const INEXACT = ['float', 'double']
const NUMBERS = [...INTEGERS, ...INEXACT, 'decimal']
const TEXTS = ['string', 'text']

/** The risk of changing a column's type from `from` to `to`, or undefined when every value survives. */
export function castRisk(from: TypeSpec, to: TypeSpec): CastRisk | undefined {
  if (describeType(from) === describeType(to)) return undefined
  if (to.type === 'string' && to.length !== undefined) {
    if (from.type === 'string' && from.length !== undefined && from.length <= to.length) return undefined
    return { kind: 'may-fail', what: `fails on values longer than ${to.length} characters` }
  }
  if (TEXTS.includes(to.type)) return undefined
  if (from.type === 'json' && to.type === 'json') return undefined
  if (TEXTS.includes(from.type)) return { kind: 'may-fail', what: `fails on text that does not read as ${describeType(to)}` }
  if (NUMBERS.includes(from.type) && INTEGERS.includes(to.type)) {
    if (!INTEGERS.includes(from.type)) return { kind: 'lossy', what: 'rounds fractional values to whole numbers' }
    if (INTEGERS.indexOf(from.type) > INTEGERS.indexOf(to.type)) return { kind: 'may-fail', what: `fails on values outside the range of ${to.type}` }
    return undefined
  }
  if (NUMBERS.includes(from.type) && to.type === 'decimal') {
    const scale = to.scale ?? 0
    if (to.precision === undefined && from.type !== 'float' && from.type !== 'double') return undefined
    if (from.type === 'decimal' && from.precision !== undefined && to.precision !== undefined) {
      if ((from.scale ?? 0) > scale) return { kind: 'lossy', what: `rounds values to ${scale} decimal places` }
      if (from.precision - (from.scale ?? 0) > to.precision - scale) return { kind: 'may-fail', what: `fails on values with more than ${to.precision - scale} digits before the point` }
      return undefined
    }
    if (INTEGERS.includes(from.type)) {
      return to.precision !== undefined && to.precision - scale < 19 ? { kind: 'may-fail', what: `fails on values with more than ${to.precision - scale} digits` } : undefined
    }
    return { kind: 'lossy', what: `rounds values to ${scale} decimal places` }
  }
  if (NUMBERS.includes(from.type) && INEXACT.includes(to.type)) {
    if (to.type === 'double' && from.type === 'float') return undefined
    if (to.type === 'double' && INTEGERS.includes(from.type) && from.type !== 'bigint') return undefined
    return { kind: 'lossy', what: `keeps only the precision of ${to.type} (values may be rounded)` }
  }
  if (from.type === 'timestamp' && to.type === 'date') return { kind: 'lossy', what: 'drops the time of day' }
  if (from.type === 'timestamp' && to.type === 'timestamp') return { kind: 'lossy', what: 'reinterprets the values in the session time zone' }
  if (from.type === 'date' && to.type === 'timestamp') return undefined
  if (from.type === 'boolean' && INTEGERS.includes(to.type)) return undefined
  return { kind: 'may-fail', what: `fails on values that do not convert to ${describeType(to)}` }
}
