/**
 * Composite and range types on PostgreSQL: CREATE TYPE … AS (…),
 * CREATE TYPE … AS RANGE (SUBTYPE = …), DROP TYPE. A range type comes with
 * its constructor functions and its multirange type (PostgreSQL 14+), which
 * the database makes and drops with it.
 * https://www.postgresql.org/docs/current/sql-createtype.html
 */
import type { CustomType } from '../../schema/custom-types'
import type { Statement } from '../dialect'
import { quoteIdentifier as q } from './postgres-types'

export function createTypePostgres(type: CustomType): Statement[] {
  if (type.range) {
    const options = [`SUBTYPE = ${type.range.subtype}`]
    if (type.range.subtypeDiff !== undefined) options.push(`SUBTYPE_DIFF = ${type.range.subtypeDiff}`)
    return [{ sql: `CREATE TYPE ${q(type.name)} AS RANGE (${options.join(', ')})` }]
  }
  const fields = (type.composite ?? []).map((f) => `${q(f.name)} ${f.type}`)
  return [{ sql: `CREATE TYPE ${q(type.name)} AS (${fields.join(', ')})` }]
}

export function dropTypePostgres(name: string): Statement[] {
  return [{ sql: `DROP TYPE ${q(name)}` }]
}
