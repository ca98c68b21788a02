/**
 * Sample rows for `strata check --data`: a few rows per table, generated from
 * the schema the table has at that step, so that a migration that only
 * fails on a filled table (SET NOT NULL over NULLs, a new unique over
 * duplicates, a narrowed type over long values, a dropped enum value still
 * in use) fails on the scratch database too. Pure: the caller supplies the
 * keys the foreign keys may point to and inserts the rows.
 *
 * Each batch holds ROWS rows of three kinds:
 * - row 0 has NULL in every nullable column;
 * - rows 1 and 2 hold the same value in every column no key or unique
 *   constraint covers (duplicates), the values of `edge` style at the top of
 *   their type (full string length, integers beyond the next smaller type);
 * - columns under a key or unique constraint get distinct values from a
 *   serial that never repeats within a run.
 * A batch the database refuses (a CHECK the values break) is tried again in
 * the `plain` style (small values), then `filled` (no NULLs either).
 */
import type { RowMatch } from '../diff/operations'
import type { Column, Literal, Schema, Table } from '../schema/model'

/** Rows per table and batch. */
export const ROWS = 3

export type SampleStyle = 'edge' | 'plain' | 'filled'
export const STYLES: readonly SampleStyle[] = ['edge', 'plain', 'filled']

/** The values each foreign key of a table may take: tuples of the referenced columns present in the database. */
export type ParentKeys = ReadonlyMap<string, readonly (readonly Literal[])[]>

export type SampleBatch = { readonly rows: readonly RowMatch[] } | { readonly skip: string }

const pad = (text: string, length: number) => (text.length >= length ? text.slice(0, length) : text + 'x'.repeat(length - text.length))

/** Columns some primary key, unique constraint or unique index covers: their values must differ row to row. */
function uniqueColumns(table: Table): Set<string> {
  const out = new Set<string>(table.primaryKey?.columns ?? [])
  for (const u of table.uniques) for (const c of u.columns) out.add(c)
  for (const i of table.indexes) if (i.unique) for (const c of i.columns ?? []) out.add(c)
  return out
}

function isoDay(n: number): string {
  return new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)
}

/**
 * The value of `column` for serial `n`: distinct per serial for the types
 * that can be (not boolean), at the edge of the type in `edge` style.
 */
export function sampleValue(column: Column, n: number, distinct: boolean, style: SampleStyle, schema: Schema): Literal | undefined {
  const edge = style === 'edge' && !distinct
  switch (column.type) {
    case 'string': {
      const length = column.length ?? 40
      const text = `v${n}`
      return style === 'edge' ? pad(text, Math.min(length, 1000)) : text.slice(0, length)
    }
    case 'text':
      return `t${n}`
    case 'smallint':
      return edge ? 32000 : 10000 + (n % 20000)
    case 'integer':
      return edge ? 2_000_000_000 : 1_000_000 + n
    case 'bigint':
      return edge ? 5_000_000_000 : 1_000_000 + n
    case 'boolean':
      return n % 2 === 0
    case 'float':
    case 'double':
      return n + 0.75
    case 'decimal': {
      const scale = column.scale ?? 0
      if (column.precision === undefined) return edge ? '123456789.125' : `${n}.25`
      const whole = column.precision - scale
      if (edge) return (whole > 0 ? '9'.repeat(whole) : '0') + (scale > 0 ? '.' + '9'.repeat(scale) : '')
      const value = String(whole > 0 ? n % 10 ** Math.min(whole, 9) : 0)
      return scale > 0 ? `${value}.${'25'.padEnd(scale, '0').slice(0, scale)}` : value
    }
    case 'date':
      return isoDay(n)
    case 'time':
      return `${String(Math.floor(n / 3600) % 24).padStart(2, '0')}:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`
    case 'timestamp':
      return `${isoDay(n % 3000)} ${String(n % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00`
    case 'uuid':
      return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
    case 'json':
      return JSON.stringify({ n })
    case 'binary':
      return `b${n}`
    case 'enum': {
      const values = schema.enums.find((e) => e.name === column.enum)?.values ?? []
      if (!values.length) return undefined
      return values[n % values.length]!
    }
    case 'native':
      return undefined
  }
}

/**
 * One batch of rows for `table`, starting at serial `serial` (the caller
 * advances it by ROWS), or why there is none.
 */
export function sampleBatch(table: Table, schema: Schema, serial: number, style: SampleStyle, parents: ParentKeys): SampleBatch {
  const unique = uniqueColumns(table)
  const rows: Record<string, Literal | null>[] = Array.from({ length: ROWS }, () => ({}))
  const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns))
  for (const fk of table.foreignKeys) {
    const tuples = parents.get(fk.name) ?? []
    const nullable = fk.columns.every((c) => table.columns.find((col) => col.name === c)?.nullable)
    for (const [r, row] of rows.entries()) {
      if (nullable && (tuples.length === 0 || (r === 0 && style !== 'filled'))) {
        for (const c of fk.columns) row[c] = null
        continue
      }
      if (tuples.length === 0) return { skip: `no row of ${fk.references.table} to reference (${fk.name})` }
      // Distinct parents where the key is unique (one-to-one), the same one for the duplicate rows otherwise.
      const pick = fk.columns.some((c) => unique.has(c)) ? tuples[r % tuples.length]! : tuples[(r === 0 ? 0 : 1) % tuples.length]!
      fk.columns.forEach((c, k) => (row[c] = pick[k]!))
    }
  }
  for (const column of table.columns) {
    if (fkColumns.has(column.name)) continue
    // GENERATED ALWAYS AS IDENTITY takes no value (OVERRIDING SYSTEM VALUE would be needed), a generated column none at all.
    if ((column.autoincrement && column.identity === 'always') || column.generated) continue
    const distinct = unique.has(column.name)
    for (const [r, row] of rows.entries()) {
      if (column.nullable && r === 0 && style !== 'filled') {
        row[column.name] = null
        continue
      }
      const n = distinct || r === 0 ? serial + r : serial + 1
      const value = sampleValue(column, n, distinct, style, schema)
      if (value !== undefined) row[column.name] = value
      else if (!column.nullable && column.default === undefined) return { skip: `no sample value for ${column.name} (${column.type})` }
    }
  }
  return { rows }
}

/**
 * The tables in an order that fills referenced tables first (self references
 * and cycles aside: those columns take what the database already holds).
 */
export function fillOrder(schema: Schema): readonly Table[] {
  const byName = new Map(schema.tables.map((t) => [t.name, t]))
  const done = new Set<string>()
  const visiting = new Set<string>()
  const out: Table[] = []
  const visit = (t: Table) => {
    if (done.has(t.name) || visiting.has(t.name)) return
    visiting.add(t.name)
    for (const fk of t.foreignKeys) {
      const parent = byName.get(fk.references.table)
      if (parent && parent !== t) visit(parent)
    }
    visiting.delete(t.name)
    done.add(t.name)
    out.push(t)
  }
  for (const t of schema.tables) visit(t)
  return out
}
