/**
 * The other schemas of a model (`billing.invoices`) inside a scratch schema
 * of normalize (postgres-normalize*.ts): each gets a scratch schema of its
 * own, so that creating the model's objects there never meets the real
 * ones, and what PostgreSQL prints back is mapped to the real names.
 */
import type { Schema } from '../../schema/model'
import { mapSchemas, schemasOf } from '../../schema/qualified'
import type { Connection } from '../dialect'
import { quoteIdentifier as q } from './postgres-types'

export interface ScratchSchemas {
  /** The model with each other schema replaced by its scratch schema. */
  readonly schema: Schema
  /** The scratch schemas, for the introspector's `schemas`. */
  readonly others: readonly string[]
  /** A model read back from the scratch schemas, with the real names again (in names and in printed text). */
  back(printed: Schema): Schema
}

/** How PostgreSQL prints a schema name in an expression (quote_ident): bare when it can be. */
function printedName(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`
}

/** Create the scratch schemas of `schema`'s other schemas (inside the caller's transaction). */
export async function scratchSchemas(connection: Connection, scratch: string, schema: Schema): Promise<ScratchSchemas> {
  const real = schemasOf(schema)
  if (real.length === 0) return { schema, others: [], back: (printed) => printed }
  // `_0s`, `_1s`: no scratch name is a part of another.
  const toScratch = new Map(real.map((s, i) => [s, `${scratch}_${i}s`]))
  const toReal = new Map([...toScratch].map(([a, b]) => [b, a]))
  for (const name of toScratch.values()) await connection.query(`CREATE SCHEMA ${q(name)}`)
  return {
    schema: mapSchemas(schema, (s) => (s === undefined ? undefined : toScratch.get(s))),
    others: [...toScratch.values()],
    back(printed) {
      let text = JSON.stringify(mapSchemas(printed, (s) => (s === undefined ? undefined : (toReal.get(s) ?? s))))
      for (const [from, to] of toReal) text = text.split(from).join(JSON.stringify(printedName(to)).slice(1, -1))
      return JSON.parse(text) as Schema
    },
  }
}
