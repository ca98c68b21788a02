/**
 * Values per portable type, from a serial number: distinct serials give
 * distinct values (except boolean and enum), short enough for every string
 * length the generator picks, non-negative and non-empty so that every check
 * the generator writes holds.
 */
import type { Literal, TypeSpec } from '../../src/schema/model'

const DAY = 86_400_000

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** The value of a column of type `spec` for serial `n`; `enumValues` for enums. */
export function valueFor(spec: TypeSpec, n: number, enumValues?: readonly string[]): Literal {
  // An array column (edits-arrays.ts): its text form, one element per dimension ('{5}', '{{v5}}').
  if (spec.array) {
    const { array, ...element } = spec
    return `${'{'.repeat(array)}${String(valueFor(element, n, enumValues))}${'}'.repeat(array)}`
  }
  switch (spec.type) {
    case 'string':
    case 'text':
      return `v${n}`
    case 'smallint':
    case 'integer':
    case 'bigint':
      return n
    case 'boolean':
      return n % 2 === 0
    case 'decimal':
      return n + 0.25
    case 'float':
    case 'double':
      return n + 0.5
    case 'date':
      return isoDate(Date.UTC(2000, 0, 1) + n * DAY)
    case 'time':
      return `${String(Math.floor(n / 3600) % 24).padStart(2, '0')}:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`
    case 'timestamp':
      return new Date(Date.UTC(2001, 0, 1) + n * 1000).toISOString().replace('.000', '')
    case 'uuid':
      return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
    case 'json':
      return JSON.stringify({ n })
    case 'enum':
      return enumValues?.[0] ?? 'a'
    default:
      throw new Error(`valueFor: no values for type ${spec.type}`)
  }
}

/** Types whose generated values are distinct per serial: candidates for unique keys. */
export const DISTINCT_TYPES = new Set(['string', 'text', 'smallint', 'integer', 'bigint', 'uuid', 'date'])

/** Types a lower() expression index applies to. */
export const TEXT_TYPES = new Set(['string', 'text'])

/** Types a `>= 0` check applies to. */
export const NUMBER_TYPES = new Set(['smallint', 'integer', 'bigint', 'decimal', 'float', 'double'])

/**
 * A value read from either database in one comparable form for its type:
 * SQLite's 0/1 booleans (MySQL's too), PostgreSQL's bigint and numeric strings, JSON
 * objects or text, Date objects (the test runs with TZ=UTC) or ISO text.
 */
export function normalizeValue(value: unknown, spec: TypeSpec | undefined): unknown {
  if (value === null || value === undefined) return null
  // The driver parses some arrays (integer[], text[]) and not others (an enum's, bigint[] elements as strings): their text form.
  if (spec?.array) return Array.isArray(value) ? arrayText(value) : String(value)
  switch (spec?.type) {
    case 'boolean':
      return value === true || Number(value) === 1
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'decimal':
    case 'float':
    case 'double':
      return Number(value)
    case 'json':
      return JSON.stringify(typeof value === 'string' ? JSON.parse(value) : value)
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value)
    case 'timestamp': {
      const text = value instanceof Date ? value.toISOString() : String(value)
      // MySQL's datetime(6) prints six fractional digits (`.000000`).
      return text.replace(' ', 'T').replace(/\.0+(?=Z|\+|$)/, '').replace(/(Z|\+00(:?00)?)$/, '')
    }
    default:
      return String(value)
  }
}

/** An array the driver parsed, in PostgreSQL's text form for the generator's values (no element needs quoting). */
function arrayText(value: readonly unknown[]): string {
  return `{${value.map((v) => (Array.isArray(v) ? arrayText(v) : v === null ? 'NULL' : String(v))).join(',')}}`
}
