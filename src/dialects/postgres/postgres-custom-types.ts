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

/**
 * ALTER TYPE … DROP ATTRIBUTE …, ADD ATTRIBUTE … in one statement: the
 * fields `from` has and `to` lacks, then those `to` adds (at the end, where
 * ADD ATTRIBUTE puts them). PostgreSQL does both while a column uses the
 * type (its rows get NULL for a new attribute and lose a dropped one), but
 * refuses ALTER ATTRIBUTE … TYPE then, which is why a changed field type is
 * a drop and create of the type instead.
 * https://www.postgresql.org/docs/current/sql-altertype.html
 */
export function alterTypePostgres(from: CustomType, to: CustomType): Statement[] {
  const before = new Set((from.composite ?? []).map((f) => f.name))
  const after = new Set((to.composite ?? []).map((f) => f.name))
  const actions = [
    ...(from.composite ?? []).filter((f) => !after.has(f.name)).map((f) => `DROP ATTRIBUTE ${q(f.name)}`),
    ...(to.composite ?? []).filter((f) => !before.has(f.name)).map((f) => `ADD ATTRIBUTE ${q(f.name)} ${f.type}`),
  ]
  return actions.length ? [{ sql: `ALTER TYPE ${q(to.name)} ${actions.join(', ')}` }] : []
}
