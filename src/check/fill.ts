/**
 * Filling the scratch database with sample rows before each step of
 * `strata check --data` (see sample-rows.ts for what the rows hold). The
 * rows go in through the dialect's own `insert` compilation, one
 * transaction per table; a table the database refuses every batch for is
 * reported (a gap in the proof, not a failure of it).
 */
import type { Connection } from '../dialects/dialect'
import type { Literal, Schema, Table } from '../schema/model'
import { type ParentKeys, ROWS, STYLES, fillOrder, sampleBatch } from './sample-rows'

/** How many existing rows a foreign key may choose its values from. */
const PARENT_ROWS = 20

export interface FillGap {
  readonly table: string
  readonly reason: string
}

export interface FillResult {
  /** Rows inserted, all tables together. */
  readonly rows: number
  readonly gaps: readonly FillGap[]
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!
}

export class SampleFiller {
  /** The serial of the next batch: values of key columns never repeat within a run. */
  private serial = 1

  constructor(private readonly connection: Connection) {}

  private async parentKeys(table: Table): Promise<ParentKeys> {
    const q = (name: string) => this.connection.dialect.compiler.quoteIdentifier(name)
    const out = new Map<string, (readonly Literal[])[]>()
    for (const fk of table.foreignKeys) {
      const columns = fk.references.columns
      const rows = await this.connection.query(
        `SELECT ${columns.map(q).join(', ')} FROM ${q(fk.references.table)} WHERE ${columns.map((c) => `${q(c)} IS NOT NULL`).join(' AND ')} LIMIT ${PARENT_ROWS}`,
      )
      out.set(fk.name, rows.map((r) => columns.map((c) => r[c] as Literal)))
    }
    return out
  }

  /** Insert a batch of rows into every table of `schema` (the schema the database has now). */
  async fill(schema: Schema): Promise<FillResult> {
    const gaps: FillGap[] = []
    let inserted = 0
    for (const table of fillOrder(schema)) {
      const parents = await this.parentKeys(table)
      const serial = this.serial
      this.serial += ROWS
      let reason = ''
      let done = false
      for (const style of STYLES) {
        const batch = sampleBatch(table, schema, serial, style, parents)
        if ('skip' in batch) {
          reason = batch.skip
          break
        }
        const statements = this.connection.dialect.compiler.compile({ op: 'insert', table: table.name, rows: batch.rows }, schema)
        try {
          await this.connection.transaction(async () => {
            for (const s of statements) await this.connection.query(s.sql, s.params)
          })
          inserted += batch.rows.length
          done = true
          break
        } catch (error) {
          reason = messageOf(error)
        }
      }
      if (!done) gaps.push({ table: table.name, reason })
    }
    return { rows: inserted, gaps }
  }
}
