/**
 * A model in the form the SQLite introspector reads it back (see
 * `Connection.normalize`). SQLite keeps no comments (there is no COMMENT ON),
 * and an enum exists only as the CHECK on the columns that use it, so an enum
 * no column uses cannot be read back. `concurrently` is a way of building an
 * index on PostgreSQL, not a property of the index. Everything else strata
 * writes round-trips exactly: CHECK and index texts are kept verbatim in
 * sqlite_master, and types and defaults that the declared SQL cannot give
 * back carry a marker comment (sqlite-types.ts).
 */
import { canonicalSchema } from '../../schema/canonical'
import type { Index, Schema } from '../../schema/model'
import { sqlFor } from '../../schema/model'
import { triggersOf } from '../../schema/triggers'
import type { Trigger } from '../../schema/triggers'
import { viewsOf } from '../../schema/views'
import type { View } from '../../schema/views'
import { sqliteTriggerBody, sqliteViewQuery } from './sqlite-objects'

/**
 * Views and triggers as SQLite stores them: the SQLite text only (objects
 * without one are not created here), no CHECK OPTION, materialized views
 * as plain views, every trigger FOR EACH ROW with its body ending in `;`.
 */
function storedObjects(schema: Schema): { views: View[]; triggers: Trigger[] } {
  const views = viewsOf(schema).flatMap((v): View[] => {
    const query = sqliteViewQuery(v)
    if (query === undefined) return []
    const out: { -readonly [K in keyof View]: View[K] } = { name: v.name, query }
    if (v.columns?.length) out.columns = v.columns
    return [out]
  })
  const triggers = triggersOf(schema).flatMap((t): Trigger[] => {
    const body = sqliteTriggerBody(t)
    if (body === undefined) return []
    const { function: _f, forEach: _e, when, ...rest } = t
    const out: { -readonly [K in keyof Trigger]: Trigger[K] } = { ...rest, body }
    const condition = when === undefined ? undefined : sqlFor(when, 'sqlite')
    if (condition !== undefined) out.when = condition
    if (t.of && !t.events.includes('update')) delete out.of
    return [out]
  })
  return { views, triggers }
}

function storedIndex(index: Index): Index {
  const { concurrently: _concurrently, ...rest } = index
  return rest
}

export function normalizeForSqlite(schema: Schema): Schema {
  const tables = schema.tables.map(({ comment: _comment, ...table }) => ({
    ...table,
    columns: table.columns.map(({ comment: _c, ...column }) => column),
    indexes: table.indexes.map(storedIndex),
  }))
  const used = new Set(tables.flatMap((t) => t.columns.map((c) => c.enum)))
  return canonicalSchema({
    tables,
    enums: schema.enums.filter((e) => used.has(e.name)),
    ...storedObjects(schema),
  })
}
