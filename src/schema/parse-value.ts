/**
 * A value typed on the command line or at a prompt (`--default
 * table.column=VALUE`, the one-off fill question), read as the column's
 * type rather than as YAML would guess: `00000` for a string column stays
 * the string "00000", `1e3` for a decimal is 1000, `true` for a boolean is
 * true. A value that does not fit the type is refused with the reason.
 */
import { literalProblem } from './check-defaults'
import type { Literal, TypeSpec } from './model'

/** A value that does not fit: `problem` says why. */
export class ValueMisfit extends Error {
  constructor(readonly problem: string) {
    super(problem)
  }
}

const INTEGER = /^[+-]?\d+$/
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** Remove one pair of matching quotes around the whole text, if any. */
function unquote(text: string): string {
  const m = /^'(.*)'$|^"(.*)"$/s.exec(text)
  return m ? (m[1] ?? m[2]!) : text
}

/**
 * `1.5e3` as plain decimal text (`1500`), exactly: the digits are moved,
 * never rounded through a binary float.
 */
export function plainDecimal(text: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (!m) throw new ValueMisfit('expected a number')
  const sign = m[1] === '-' ? '-' : ''
  let digits = (m[2] ?? '') + (m[3] ?? '')
  let point = (m[2] ?? '').length + Number(m[4] ?? 0)
  if (point < 0) {
    digits = '0'.repeat(-point) + digits
    point = 0
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length)
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0'
  const fraction = digits.slice(point).replace(/0+$/, '')
  const out = fraction ? `${whole}.${fraction}` : whole
  return /^0(\.0*)?$/.test(out) ? '0' : sign + out
}

/** Read `text` as a value of `type`; throws ValueMisfit when it does not fit. */
export function parseTypedValue(text: string, type: TypeSpec): Literal {
  const raw = text.trim()
  let value: Literal
  switch (type.type) {
    case 'smallint':
    case 'integer':
    case 'bigint':
      if (!INTEGER.test(raw)) throw new ValueMisfit(`expected an integer, not "${raw}"`)
      value = Number(raw)
      break
    case 'float':
    case 'double':
      if (!NUMBER.test(raw)) throw new ValueMisfit(`expected a number, not "${raw}"`)
      value = Number(raw)
      break
    case 'decimal': {
      if (!NUMBER.test(raw)) throw new ValueMisfit(`expected a number, not "${raw}"`)
      const plain = plainDecimal(raw)
      // A number where it is exact, else the decimal text (SQL casts it).
      value = String(Number(plain)) === plain ? Number(plain) : plain
      break
    }
    case 'boolean':
      if (/^(true|yes|on|1)$/i.test(raw)) value = true
      else if (/^(false|no|off|0)$/i.test(raw)) value = false
      else throw new ValueMisfit(`expected true or false, not "${raw}"`)
      break
    case 'native':
      // No portable type to read it as: YAML's reading of a scalar.
      value = raw === 'true' ? true : raw === 'false' ? false : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : unquote(raw)
      break
    default:
      // string, text, dates and times, uuid, json, enum: the text as typed.
      value = unquote(text)
  }
  const problem = literalProblem({ ...type, name: '' }, value)
  if (problem) throw new ValueMisfit(`${problem} (got "${raw}")`)
  return value
}
