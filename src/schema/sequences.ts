/**
 * Standalone sequences in the model (PostgreSQL; docs/OBJECTS.md). The
 * sequence of a serial or identity column is the column's (`autoincrement`,
 * `sequence:`), never one of these. Every option is held only when it is not
 * PostgreSQL's default for the sequence's type and direction, so that
 * `start: 1` written out and left out are the same sequence.
 * https://www.postgresql.org/docs/current/sql-createsequence.html
 */
import type { Schema } from './model'
import type { Origin, Origins, Reporter } from './origins'
import type { RawFile } from './raw'
import type { YamlSource } from './yaml-source'

export const SEQUENCE_TYPES = ['smallint', 'integer', 'bigint'] as const
export type SequenceType = (typeof SEQUENCE_TYPES)[number]

export interface Sequence {
  readonly name: string
  /** AS smallint | integer; absent: bigint (the default). */
  readonly type?: Exclude<SequenceType, 'bigint'>
  /** START WITH; absent: the minimum (ascending) or the maximum (descending). */
  readonly start?: number
  /** INCREMENT BY; absent: 1. */
  readonly increment?: number
  /** MINVALUE; absent: 1 (ascending) or the type's minimum (descending). */
  readonly min?: number
  /** MAXVALUE; absent: the type's maximum (ascending) or -1 (descending). */
  readonly max?: number
  /** CACHE; absent: 1. */
  readonly cache?: number
  /** CYCLE (absent: NO CYCLE). */
  readonly cycle?: true
  /** OWNED BY `table.column`: dropped with the column. */
  readonly ownedBy?: string
}

const LIMITS: Record<SequenceType, readonly [bigint, bigint]> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
}

/** PostgreSQL's defaults for a sequence of this type and increment (as text: a bigint's limits are past a JS number). */
export function sequenceDefaults(type: SequenceType, increment: number): { min: bigint; max: bigint } {
  const [low, high] = LIMITS[type]
  return increment > 0 ? { min: 1n, max: high } : { min: low, max: -1n }
}

/** The canonical form: defaults left out. */
export function canonicalSequence(sequence: Sequence): Sequence {
  const out: { -readonly [K in keyof Sequence]: Sequence[K] } = { ...sequence }
  for (const key of Object.keys(out) as (keyof Sequence)[]) if (out[key] === undefined) delete out[key]
  if ((out.type as string | undefined) === 'bigint') delete out.type
  if (out.increment === 1) delete out.increment
  if (out.cache === 1) delete out.cache
  if ((out.cycle as boolean | undefined) === false) delete out.cycle
  const { min, max } = sequenceDefaults(out.type ?? 'bigint', out.increment ?? 1)
  if (out.min !== undefined && BigInt(out.min) === min) delete out.min
  if (out.max !== undefined && BigInt(out.max) === max) delete out.max
  const start = (out.increment ?? 1) > 0 ? (out.min ?? min) : (out.max ?? max)
  if (out.start !== undefined && BigInt(out.start) === BigInt(start)) delete out.start
  return out
}

export function sequencesOf(schema: Schema): readonly Sequence[] {
  return schema.sequences ?? []
}

export function findSequence(schema: Schema, name: string): Sequence | undefined {
  return schema.sequences?.find((s) => s.name === name)
}

/** `ownedBy` split into table and column. */
export function ownerOf(sequence: Sequence): { table: string; column: string } | undefined {
  if (sequence.ownedBy === undefined) return undefined
  const at = sequence.ownedBy.lastIndexOf('.')
  return { table: sequence.ownedBy.slice(0, at), column: sequence.ownedBy.slice(at + 1) }
}

/**
 * The `sequences:` of every file, checked (one definition per name, no name
 * of a table, an increment that moves, min below max, start within them, an
 * OWNED BY column that exists), each problem located at its YAML node.
 */
export function resolveSequences(
  sources: readonly YamlSource[],
  columnsOf: (table: string) => readonly string[] | undefined,
  taken: ReadonlySet<string>,
  origins: Origins,
  report: Reporter,
): Sequence[] {
  const out = new Map<string, { sequence: Sequence; origin: Origin }>()
  for (const source of sources) {
    const file = source.value as RawFile
    for (const [name, raw] of Object.entries(file.sequences ?? {})) {
      const origin: Origin = { source, path: ['sequences', name] }
      const other = out.get(name)
      if (other) {
        report.error(origin, `sequence "${name}": already defined (${other.origin.source.file}); a sequence is defined in one file`, { key: true })
        continue
      }
      if (taken.has(name)) report.error(origin, `sequence "${name}": a table or view has the same name; they share one namespace`, { key: true })
      const sequence = canonicalSequence({ name, ...raw, cycle: raw.cycle ? true : undefined } as Sequence)
      const { min, max } = sequenceDefaults(sequence.type ?? 'bigint', sequence.increment ?? 1)
      const low = sequence.min !== undefined ? BigInt(sequence.min) : min
      const high = sequence.max !== undefined ? BigInt(sequence.max) : max
      if (low >= high) report.error(origin, `sequence "${name}": min (${low}) must be below max (${high})`, { sub: [raw.min !== undefined ? 'min' : 'max'] })
      else if (sequence.start !== undefined && (BigInt(sequence.start) < low || BigInt(sequence.start) > high)) {
        report.error(origin, `sequence "${name}": start ${sequence.start} is outside ${low}..${high}`, { sub: ['start'] })
      }
      const [lowest, highest] = LIMITS[sequence.type ?? 'bigint']
      for (const key of ['start', 'min', 'max'] as const) {
        const v = sequence[key]
        if (v !== undefined && (BigInt(v) < lowest || BigInt(v) > highest)) {
          report.error(origin, `sequence "${name}": ${key} ${v} does not fit ${sequence.type ?? 'bigint'}`, { sub: [key] })
        }
      }
      const owner = ownerOf(sequence)
      if (owner) {
        const columns = columnsOf(owner.table)
        if (!columns) report.error(origin, `sequence "${name}": ownedBy names table "${owner.table}", which does not exist`, { sub: ['ownedBy'] })
        else if (!columns.includes(owner.column)) report.error(origin, `sequence "${name}": ownedBy names column "${owner.column}", which table "${owner.table}" does not have`, { sub: ['ownedBy'] })
      }
      origins.set(sequence, origin)
      out.set(name, { sequence, origin })
    }
  }
  return [...out.values()].map((s) => s.sequence)
}
