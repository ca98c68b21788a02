/**
 * A model in the form the SQLite introspector reads it back (see
 * `Connection.normalize`). SQLite keeps no comments (there is no COMMENT ON;
 * constraint comments neither),
 * and an enum exists only as the CHECK on the columns that use it, so an enum
 * no column uses cannot be read back. `concurrently` is a way of building an
 * index on PostgreSQL, not a property of the index. Everything else strata
 * writes round-trips exactly: CHECK and index texts are kept verbatim in
 * sqlite_master, and types and defaults that the declared SQL cannot give
 * back carry a marker comment (sqlite-types.ts).
 */
import { canonicalSchema, canonicalTable, stableStringify } from '../../schema/canonical'
import { uncommented } from '../../schema/constraint-attributes'
import type { Index, Schema, Table } from '../../schema/model'
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

/** `concurrently` is a way of building; SQLite keeps no index comments. */
function storedIndex(index: Index): Index {
  const { concurrently: _concurrently, comment: _comment, ...rest } = index
  return rest
}

/** An item's definition without its name. */
function shape(item: { readonly name: string }): string {
  const { name: _name, ...rest } = item
  return stableStringify(rest)
}

/**
 * Whether `live` can be the name a table rename left behind for `expected`:
 * `expected` starts with `table`'s name (`<table>_…`, as make's rename map
 * writes), and `live` is the same name after another table's name (the same tail
 * after a different prefix). A name the user chose, or one changed by hand,
 * is compared as it is.
 */
function leftByRename(table: string, expected: string, live: string): boolean {
  if (!expected.startsWith(`${table}_`)) return false
  const tail = expected.slice(table.length)
  if (live.length <= tail.length || !live.endsWith(tail) || live === expected) return false
  // The old table's prefix is another table name, not this one extended
  // (accounts_code_pk is accounts_pk renamed by hand, not a rename's leftover).
  return !live.slice(0, -tail.length).startsWith(`${table}_`)
}

/**
 * Items of `expected` under the name of the live item with the same
 * definition, where the expected name is not live and the live name is the
 * generated name a table rename left behind.
 */
function liveNamed<T extends { readonly name: string }>(table: string, expected: readonly T[], live: readonly T[]): T[] {
  const expectedNames = new Set(expected.map((i) => i.name))
  const liveNames = new Set(live.map((i) => i.name))
  const taken = new Set<string>()
  return expected.map((item) => {
    if (liveNames.has(item.name)) return item
    const key = shape(item)
    const match = live.find(
      (l) => !expectedNames.has(l.name) && !taken.has(l.name) && shape(l) === key && leftByRename(table, item.name, l.name),
    )
    if (!match) return item
    taken.add(match.name)
    return { ...item, name: match.name }
  })
}

/**
 * The names of constraints inside CREATE TABLE (primary key, unique, foreign
 * key, check) are part of the table's text: only a rebuild changes them, and
 * nothing in SQLite addresses a constraint by its name. A renamed table keeps
 * them (see renameTable in sqlite-compiler.ts), so where the live table has
 * the same constraint under the generated name of its old table name, the
 * live name is expected. Names the user gave are compared as they are, so
 * a hand-made rename is still named by the drift check.
 * Indexes are objects of their own and are compared by name.
 */
export function withLiveConstraintNames(original: Table, liveTable: Table | undefined): Table {
  if (!liveTable) return original
  const table = canonicalTable(original)
  const live = canonicalTable(liveTable)
  const pk = table.primaryKey && live.primaryKey ? liveNamed(table.name, [table.primaryKey], [live.primaryKey])[0] : table.primaryKey
  return {
    ...table,
    ...(pk ? { primaryKey: pk } : {}),
    uniques: liveNamed(table.name, table.uniques, live.uniques),
    foreignKeys: liveNamed(table.name, table.foreignKeys, live.foreignKeys),
    checks: liveNamed(table.name, table.checks, live.checks),
  }
}

export function normalizeForSqlite(schema: Schema, live?: Schema): Schema {
  const liveTables = new Map(live?.tables.map((t) => [t.name, t]))
  const tables = schema.tables.map(({ comment: _comment, ...table }) => {
    const named = withLiveConstraintNames(table, liveTables.get(table.name))
    return {
      ...named,
      ...(named.primaryKey ? { primaryKey: uncommented(named.primaryKey) } : {}),
      uniques: named.uniques.map(uncommented),
      foreignKeys: named.foreignKeys.map(uncommented),
      checks: named.checks.map(uncommented),
      columns: table.columns.map(({ comment: _c, ...column }) => column),
      indexes: table.indexes.map(storedIndex),
    }
  })
  const used = new Set(tables.flatMap((t) => t.columns.map((c) => c.enum)))
  return canonicalSchema({
    tables,
    enums: schema.enums.filter((e) => used.has(e.name)),
    ...storedObjects(schema),
  })
}
