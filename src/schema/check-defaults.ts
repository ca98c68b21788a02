/**
 * Does a column default fit the column's type? Literals are checked against
 * what the databases would accept (an integer in range, a real date, a
 * well-formed UUID, a value of the enum...); `{ sql }` is taken as given.
 */
import { isLiteralDefault } from './model'
import type { Column, DefaultExpression, Literal } from './model'

/** Portable expressions and the types they produce (the introspectors read an expression as portable only on these). */
export const EXPRESSION_TYPES: Readonly<Record<DefaultExpression, readonly string[]>> = {
  now: ['timestamp'],
  current_date: ['date', 'timestamp'],
  uuid: ['uuid', 'string', 'text'],
}

const INTEGER_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  // Past 2^53 a YAML number is no longer exact, so the safe range is the limit.
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(:([0-5]\d)(\.\d{1,6})?)?$/
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)(Z|[+-]\d{2}(:?\d{2})?)?$/
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/

/**
 * Why the column's default does not fit its type, or undefined when it does.
 * `enumValues` are the values of the column's enum (type enum only).
 */
export function defaultProblem(column: Column, enumValues?: readonly string[]): string | undefined {
  const value = column.default
  if (value === undefined) return undefined
  if (!isLiteralDefault(value)) {
    if ('sql' in value) return undefined
    const allowed = EXPRESSION_TYPES[value.expr]
    return allowed.includes(column.type) ? undefined : `expression ${value.expr} is for ${allowed.join(', ')} columns`
  }
  return literalProblem(column, value, enumValues)
}

export function literalProblem(column: Column, value: Literal, enumValues?: readonly string[]): string | undefined {
  const isString = typeof value === 'string'
  // An array's literal is PostgreSQL's text form, '{}' or '{1,2}' (https://www.postgresql.org/docs/current/arrays.html#ARRAYS-INPUT).
  if (column.array) return isString && /^\s*(\[[^\]]*\]\s*=\s*)?\{[\s\S]*\}\s*$/.test(value) ? undefined : `expected an array literal as a string, '{}' or '{1,2}'`
  switch (column.type) {
    case 'string':
    case 'text':
      if (!isString) return 'expected a string (quote it)'
      if (column.length !== undefined && [...value].length > column.length) return `longer than ${column.length} characters`
      return undefined
    case 'smallint':
    case 'integer':
    case 'bigint': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'expected an integer'
      const [min, max] = INTEGER_RANGE[column.type]
      return value < min || value > max ? `out of range (${min} to ${max})` : undefined
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected true or false'
    case 'float':
    case 'double':
      return typeof value === 'number' ? undefined : 'expected a number'
    case 'decimal':
      return decimalProblem(column, value)
    case 'date':
      return isString && validDate(value) ? undefined : 'expected a date YYYY-MM-DD'
    case 'time':
      return isString && TIME.test(value) ? undefined : 'expected a time HH:MM[:SS]'
    case 'timestamp': {
      const m = isString ? TIMESTAMP.exec(value) : null
      return m && validDate(m[1]) && TIME.test(m[2]) ? undefined : 'expected an ISO 8601 timestamp YYYY-MM-DDTHH:MM:SS[Z]'
    }
    case 'uuid':
      return isString && UUID.test(value) ? undefined : 'expected a UUID like 123e4567-e89b-12d3-a456-426614174000'
    case 'json':
      if (!isString) return undefined
      try {
        JSON.parse(value)
        return undefined
      } catch {
        return 'expected JSON text'
      }
    case 'binary':
      return 'binary columns take no literal default; use { sql: ... }'
    case 'enum':
      if (!isString) return 'expected one of the enum values'
      if (enumValues && !enumValues.includes(value)) return `not one of ${enumValues.join(', ')}`
      return undefined
    case 'native':
      return undefined
  }
}

function decimalProblem(column: Column, value: Literal): string | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : undefined
  if (text === undefined || !DECIMAL.test(text)) return 'expected a number'
  if (column.precision === undefined) return undefined
  const [whole, fraction = ''] = text.replace(/^[+-]/, '').split('.')
  const scale = column.scale ?? 0
  const wholeDigits = whole.replace(/^0+/, '').length
  if (wholeDigits > column.precision - scale) return `too many digits for decimal(${column.precision},${scale})`
  if (fraction.length > scale) return `more than ${scale} digits after the point`
  return undefined
}

function validDate(text: string): boolean {
  const m = DATE.exec(text)
  if (!m) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}
