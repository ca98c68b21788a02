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
import type { Schema } from '../schema/model'

/** The result of comparing a live database with the schema it should have. */
export interface DriftResult {
  /** The live schema, as the introspector reads it. */
  readonly live: Schema
  /** The expected schema in the form the database would store it. */
  readonly expected: Schema
  /** What turns `expected` into `live` (empty: no drift). */
  readonly operations: readonly Operation[]
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
export async function detectDrift(connection: Connection, expected: Schema, live?: Schema): Promise<DriftResult> {
  // The other schemas the expected names are in are read too (schema/qualified.ts).
  live ??= await connection.introspect({ schemas: schemasOf(expected) })
  const normal = await connection.normalize(expected, live)
  if (schemasEquivalent(normal, live)) return { live, expected: normal, operations: [] }
  const result = await diff(normal, live, { resolver: driftResolver })
  return { live, expected: normal, operations: result.operations }
}
