/**
 * Drift: does the live database still match the snapshot? The snapshot is
 * first put into the form the database would read it back in
 * (`Connection.normalize`: what the dialect cannot store is dropped, what it
 * re-prints is re-printed), then compared with what the introspector reads,
 * ignoring column order (see schemasEquivalent).
 */
import { schemasOf } from '../schema/qualified'
import { diff } from '../diff/diff'
import type { Operation } from '../diff/operations'
import type { DiffResolver } from '../diff/rename'
import type { Connection } from '../dialects/dialect'
import { schemasEquivalent } from '../schema/canonical'
import { rekeyTriggers } from '../schema/triggers'
import type { Schema } from '../schema/model'
import { withLivePopulation } from '../schema/views'
import { readSqlObjectRecords, recordedSqlObjects } from './sql-object-records'

/** The result of comparing a live database with the schema it should have. */
export interface DriftResult {
  /** The live schema, as the introspector reads it. */
  readonly live: Schema
  /** The expected schema in the form the database would store it. */
  readonly expected: Schema
  /** What turns `expected` into `live` (empty: no drift). */
  readonly operations: readonly Operation[]
  /**
   * Raw `sql` objects of `expected` with SQL for this database but no
   * record of what they made (sql-object-records.ts): not checked.
   */
  readonly unchecked: readonly string[]
}

/**
 * Never asks: a hand-made rename shows as drop + add, and a new NOT NULL
 * column needs no one-off value (nothing is applied).
 */
const driftResolver: DiffResolver = {
  confirmColumnRename: async () => false,
  confirmTableRename: async () => false,
  fillValue: async () => '',
}

/**
 * Compare the database behind `connection` with `expected` (usually the
 * snapshot's schema). Reads only. `live`: the schema just introspected from
 * this connection, when the caller has it already.
 */
export async function detectDrift(
  connection: Connection,
  expected: Schema,
  live?: Schema,
  options: { sqlObjects?: boolean } = {},
): Promise<DriftResult> {
  // The other schemas the expected names are in are read too (schema/qualified.ts).
  live ??= await connection.introspect({ schemas: schemasOf(expected) })
  let normal = withLivePopulation(await connection.normalize(expected, live), live)
  // The database keeps no trigger keys: the live triggers take the files' keys (schema/triggers.ts).
  live = rekeyTriggers(live, normal)
  // Raw `sql` objects: what each made, as recorded when it was applied, against the catalog now.
  const records = options.sqlObjects === false ? [] : await readSqlObjectRecords(connection)
  let unchecked: string[] = []
  if (records.length || expected.sql?.length) {
    const recorded = await recordedSqlObjects(connection, expected, records)
    unchecked = options.sqlObjects === false ? [] : recorded.unchecked
    normal = withSql(normal, recorded.expected)
    live = withSql(live, recorded.live)
  }
  if (schemasEquivalent(normal, live)) return { live, expected: normal, operations: [], unchecked }
  const result = await diff(normal, live, { resolver: driftResolver })
  return { live, expected: normal, operations: result.operations, unchecked }
}

function withSql(schema: Schema, sql: Schema['sql']): Schema {
  const { sql: _, ...rest } = schema
  return sql?.length ? { ...rest, sql } : rest
}
