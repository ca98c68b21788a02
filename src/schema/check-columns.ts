/**
 * Checks on one column definition as written: options that do not belong to
 * its type, and type options that are missing or contradict each other.
 */
import { INTEGER_TYPES } from './model'
import type { ColumnType, TypeSpec } from './model'
import type { Origin, Reporter } from './origins'
import type { RawColumn } from './raw'

/** The types each type option applies to. */
const OPTION_TYPES: Readonly<Record<string, readonly ColumnType[]>> = {
  length: ['string'],
  precision: ['decimal'],
  scale: ['decimal'],
  timezone: ['timestamp'],
  values: ['enum'],
  enum: ['enum'],
  autoincrement: INTEGER_TYPES,
  identity: INTEGER_TYPES,
  sequence: INTEGER_TYPES,
  monotonic: INTEGER_TYPES,
  // MySQL takes ON UPDATE on TIMESTAMP and DATETIME columns only (a native
  // type is the user's to spell). https://dev.mysql.com/doc/refman/8.0/en/timestamp-initialization.html
  onUpdate: ['timestamp', 'native'],
}

/** Report type options of `column` that its type does not take, or that it lacks. `subject` is `column "t.c"`. */
export function checkColumnOptions(column: RawColumn, subject: string, origin: Origin, report: Reporter): void {
  for (const [option, types] of Object.entries(OPTION_TYPES)) {
    if ((column as unknown as Record<string, unknown>)[option] === undefined || types.includes(column.type)) continue
    const hint = ['autoincrement', 'identity', 'sequence', 'monotonic'].includes(option) ? `only integer types (${INTEGER_TYPES.join(', ')}) can autoincrement` : `it is for ${types.join(', ')}`
    report.error(origin, `${subject}: ${option} does not apply to type ${column.type}; ${hint}`, { sub: [option], key: true })
  }
  if (column.type === 'enum') {
    if (column.values === undefined && column.enum === undefined) {
      report.error(origin, `${subject}: type enum needs values: [...] or enum: NAME of a top-level enum`, { sub: ['type'] })
    } else if (column.values !== undefined && column.enum !== undefined) {
      report.error(origin, `${subject}: give either values or enum, not both`, { sub: ['enum'], key: true })
    }
  }
  if (column.onUpdate !== undefined && column.generated !== undefined) {
    report.error(origin, `${subject}: a generated column takes no onUpdate (its value is computed)`, { sub: ['onUpdate'], key: true })
  }
  if (column.type === 'native' && column.native === undefined) {
    report.error(origin, `${subject}: type native needs native: { postgres: TYPE, sqlite: TYPE }`, { sub: ['type'] })
  }
  if (column.type === 'decimal' && column.scale !== undefined) {
    if (column.precision === undefined) {
      report.error(origin, `${subject}: scale needs a precision`, { sub: ['scale'], key: true })
    } else if (column.scale > column.precision) {
      report.error(origin, `${subject}: scale ${column.scale} is larger than precision ${column.precision}`, { sub: ['scale'] })
    }
  }
}

/** A type as people write it: `string(200)`, `decimal(10,2)`, `enum role`, `timestamptz`. */
export function describeType(spec: TypeSpec): string {
  return spec.array ? `${describeElement(spec)}${'[]'.repeat(spec.array)}` : describeElement(spec)
}

function describeElement(spec: TypeSpec): string {
  switch (spec.type) {
    case 'string':
      return spec.length === undefined ? 'string' : `string(${spec.length})`
    case 'decimal':
      return spec.precision === undefined ? 'decimal' : `decimal(${spec.precision}${spec.scale === undefined ? '' : `,${spec.scale}`})`
    case 'timestamp':
      return spec.timezone ? 'timestamp with timezone' : 'timestamp'
    case 'enum':
      return `enum ${spec.enum ?? ''}`.trim()
    case 'native':
      return `native ${JSON.stringify(spec.native ?? {})}`
    default:
      return spec.type
  }
}
