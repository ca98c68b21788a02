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
  return canonicalSchema({ tables, enums: schema.enums.filter((e) => used.has(e.name)) })
}
