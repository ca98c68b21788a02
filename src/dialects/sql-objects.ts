/**
 * The statements of a raw `sql` object's create or drop (schema/sql-objects.ts)
 * on one dialect: its text for that dialect as written, or nothing when the
 * object gives none for it (the object does not exist there). `split` cuts a
 * script into single statements where the driver prepares one at a time
 * (better-sqlite3).
 */
import type { Statement } from './dialect'
import { type DialectSql, type Schema, sqlFor } from '../schema/model'
import { canonicalSchema } from '../schema/canonical'
import { type MadeKind, objectsCreatedBy } from '../schema/sql-objects'

/**
 * strata's record of what each applied raw `sql` object made
 * (migrations/sql-object-records.ts): one of strata's own tables, which the
 * introspectors leave out like the history table.
 */
export const SQL_OBJECTS_TABLE = 'strata_sql_objects'

const SECTIONS = ['tables', 'views', 'triggers', 'functions', 'sequences', 'domains', 'types'] as const satisfies readonly MadeKind[]

export function sqlObjectStatements(text: DialectSql, dialect: 'postgres' | 'sqlite' | 'mysql', split?: (sql: string) => string[]): Statement[] {
  const sql = sqlFor(text, dialect)
  if (sql === undefined || sql.trim() === '') return []
  return (split ? split(sql) : [sql]).map((s) => ({ sql: s }))
}

/**
 * The expected schema as the database shows it, for the raw `sql` objects:
 * the section itself leaves (no catalog says which objects a text made),
 * and the views, triggers and indexes its create text makes on this dialect
 * (`objectsCreatedBy`) are taken as `live` has them, since the introspector
 * reads them like modelled ones. `normalize` is the dialect's own, run
 * without the section.
 */
export async function normalizeWithSqlObjects(
  schema: Schema,
  live: Schema | undefined,
  dialect: 'postgres' | 'sqlite' | 'mysql',
  normalize: (schema: Schema, live?: Schema) => Promise<Schema>,
): Promise<Schema> {
  if (!schema.sql?.length) return normalize(schema, live)
  const { sql, ...rest } = schema
  const out = await normalize(rest, live)
  if (!live) return out
  const made = new Map<MadeKind, Set<string>>()
  for (const object of sql) {
    for (const [kind, names] of Object.entries(objectsCreatedBy(object, dialect)) as [MadeKind, string[]][]) {
      for (const n of names) made.set(kind, (made.get(kind) ?? new Set()).add(n.toLowerCase()))
    }
  }
  const mine = (kind: MadeKind, name: string) => {
    const names = made.get(kind)
    if (!names) return false
    const lower = name.toLowerCase()
    return names.has(lower) || [...names].some((n) => n.endsWith('_*') && lower.startsWith(n.slice(0, -1)) && /^\w+$/.test(lower.slice(n.length - 1)))
  }
  const result: Record<string, unknown> = { ...out }
  for (const kind of SECTIONS) {
    const own = (out[kind] ?? []) as readonly { readonly name: string }[]
    const taken = ((live[kind] ?? []) as readonly { readonly name: string }[]).filter((o) => mine(kind, o.name) && !own.some((x) => x.name === o.name))
    if (taken.length) result[kind] = [...own, ...taken]
  }
  result.tables = (result.tables as Schema['tables']).map((table) => {
    const extra = (live.tables.find((t) => t.name === table.name)?.indexes ?? []).filter((i) => mine('indexes', i.name) && !table.indexes.some((o) => o.name === i.name))
    return extra.length ? { ...table, indexes: [...table.indexes, ...extra] } : table
  })
  return canonicalSchema(result as unknown as Schema)
}
