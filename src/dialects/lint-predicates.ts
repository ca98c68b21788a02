/**
 * SQL predicates over a column's rows for the linter's data-dependent rules:
 * which rows a type change would change or reject. The comparisons are
 * standard SQL that both databases run; what differs (casting to text or
 * numeric, matching a pattern) comes in through `hooks`.
 */
import type { TypeSpec } from '../schema/model'

export interface PredicateHooks {
  /** The column as text (for a length check). */
  readonly text: (column: string) => string
  /** The column as an exact number (for rounding to a scale). */
  readonly numeric: (column: string) => string
  /** Rows whose text does not read as a value of the target type, or undefined when the dialect cannot tell. */
  readonly unreadable: (column: string, to: TypeSpec) => string | undefined
  /** Rows a float-to-float change loses precision on (double to real), or undefined. */
  readonly floatNarrowing: (column: string, from: TypeSpec, to: TypeSpec) => string | undefined
  /** Rows a timestamp-to-date change loses the time of day on, or undefined. */
  readonly timeOfDay: (column: string) => string | undefined
}

const RANGES: Readonly<Record<string, readonly [string, string]>> = {
  smallint: ['-32768', '32767'],
  integer: ['-2147483648', '2147483647'],
  bigint: ['-9223372036854775808', '9223372036854775807'],
}
const INTEGERS = ['smallint', 'integer', 'bigint']
const INEXACT = ['float', 'double']
const NUMBERS = [...INTEGERS, ...INEXACT, 'decimal']
const TEXTS = ['string', 'text']

function or(parts: readonly (string | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => Boolean(p))
  if (!kept.length) return undefined
  return kept.length === 1 ? kept[0] : kept.map((p) => `(${p})`).join(' OR ')
}

/** The predicate for a type change, or undefined when nothing can be lost (or the dialect cannot tell). */
export function lossyCast(column: string, from: TypeSpec, to: TypeSpec, hooks: PredicateHooks): string | undefined {
  const c = column
  if (to.type === 'string' && to.length !== undefined) {
    const fits = from.type === 'string' && from.length !== undefined && from.length <= to.length
    return fits ? undefined : `length(${hooks.text(c)}) > ${to.length}`
  }
  if (TEXTS.includes(to.type) || to.type === 'json' && from.type === 'json') return undefined
  if (TEXTS.includes(from.type)) return hooks.unreadable(c, to)
  if (NUMBERS.includes(from.type) && INTEGERS.includes(to.type)) {
    const range = RANGES[to.type]!
    const wider = !INTEGERS.includes(from.type) || INTEGERS.indexOf(from.type) > INTEGERS.indexOf(to.type)
    return or([
      INTEGERS.includes(from.type) ? undefined : `${c} <> round(${c})`,
      wider ? `${c} < ${range[0]} OR ${c} > ${range[1]}` : undefined,
    ])
  }
  if (NUMBERS.includes(from.type) && to.type === 'decimal') {
    const scale = to.scale ?? 0
    const sameOrWider =
      from.type === 'decimal' &&
      (to.precision === undefined ||
        (from.precision !== undefined && (from.scale ?? 0) <= scale && from.precision - (from.scale ?? 0) <= to.precision - scale))
    if (sameOrWider || (INTEGERS.includes(from.type) && to.precision === undefined)) return undefined
    return or([
      INTEGERS.includes(from.type) || (from.type === 'decimal' && (from.scale ?? 0) <= scale && from.precision !== undefined)
        ? undefined
        : `${hooks.numeric(c)} <> round(${hooks.numeric(c)}, ${scale})`,
      to.precision !== undefined ? `abs(${c}) >= 1e${to.precision - scale}` : undefined,
    ])
  }
  if (NUMBERS.includes(from.type) && INEXACT.includes(to.type)) return hooks.floatNarrowing(c, from, to)
  if (from.type === 'timestamp' && to.type === 'date') return hooks.timeOfDay(c)
  return undefined
}
