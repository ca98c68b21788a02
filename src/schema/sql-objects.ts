/**
 * Raw `sql` objects (docs/OBJECTS.md): what strata does not model (event
 * triggers, publications, operators, casts …), each a name with the SQL that
 * creates it and the SQL that drops it, one text for every dialect or one per
 * dialect. strata does not parse the text: an object is changed by running
 * its old drop and its new create. They are created in file order after
 * every modelled object (or, with `first`, before the tables), and dropped
 * before anything else, in the reverse of the order they were created in.
 */
import type { DialectSql, Schema } from './model'
import type { Origin, Origins, Reporter } from './origins'
import type { RawFile } from './raw'
import type { TargetDatabase } from './check-capabilities'
import { mentionsName, sqlTexts } from './views'
import type { YamlSource } from './yaml-source'

export interface SqlObject {
  readonly name: string
  /** The SQL that creates it; a dialect without a text does not get the object. */
  readonly create: DialectSql
  /** The SQL that drops it, for every dialect the create has a text for. */
  readonly drop: DialectSql
  /** Tables, views, functions and earlier `sql` objects it uses that its text does not name (sorted). */
  readonly dependsOn?: readonly string[]
  /** Created before the tables (after the extensions) and dropped after them: for what tables or functions use. */
  readonly first?: boolean
  /**
   * Only in drift's database forms, never in files or snapshots: what its
   * create made in the catalog, key -> definition as the database prints it
   * (migrations/sql-object-records.ts), recorded at apply time or read live.
   */
  readonly made?: Readonly<Record<string, string>>
}

/** The dialect keys of a per-dialect text. */
export const SQL_DIALECTS = ['postgres', 'sqlite', 'mysql'] as const
type SqlDialect = (typeof SQL_DIALECTS)[number]

/** The schema's `sql` objects, in the order they are created in (file order; the snapshot's: the order they were). */
export function sqlObjectsOf(schema: Schema): readonly SqlObject[] {
  return schema.sql ?? []
}

export function findSqlObject(schema: Schema, name: string): SqlObject | undefined {
  return schema.sql?.find((o) => o.name === name)
}

/** The object without empty or default parts (its order in the section is kept by the section). */
export function canonicalSqlObject(object: SqlObject): SqlObject {
  const out: { -readonly [K in keyof SqlObject]: SqlObject[K] } = { name: object.name, create: object.create, drop: object.drop }
  if (object.dependsOn?.length) out.dependsOn = [...object.dependsOn].sort()
  if (object.first) out.first = true
  if (object.made) out.made = Object.fromEntries(Object.entries(object.made).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return out
}

/**
 * What an object depends on: its `dependsOn` and the tables, views,
 * functions and other `sql` objects of `schema` its create text names as
 * words (an over-approximation, as for views: it costs a recreation).
 */
export function sqlObjectDependencies(object: SqlObject, schema: Schema): string[] {
  const out = new Set(object.dependsOn ?? [])
  const texts = sqlTexts(object.create)
  const candidates = [
    ...schema.tables.map((t) => t.name),
    ...(schema.views ?? []).map((v) => v.name),
    ...(schema.functions ?? []).map((f) => f.name),
    ...sqlObjectsOf(schema).map((o) => o.name),
  ]
  for (const name of candidates) if (name !== object.name && texts.some((t) => mentionsName(t, name))) out.add(name)
  return [...out].sort()
}

/**
 * The `sql` objects created before the views (and dropped after them): those
 * a view names in its `dependsOn` (an aggregate its query calls), and the
 * earlier `sql` objects they use, transitively. `first` ones are created
 * before the tables anyway and are in the set only with `withFirst` (for
 * the order of drops: they go after the views too).
 */
export function sqlObjectsBeforeViews(schema: Schema, withFirst = false): Set<string> {
  const objects = new Map(sqlObjectsOf(schema).map((o) => [o.name, o]))
  const out = new Set<string>()
  if (objects.size === 0) return out
  const pending = (schema.views ?? []).flatMap((v) => v.dependsOn ?? []).filter((d) => objects.has(d))
  while (pending.length > 0) {
    const name = pending.pop()!
    const object = objects.get(name)!
    if (out.has(name) || (object.first && !withFirst)) continue
    out.add(name)
    for (const d of sqlObjectDependencies(object, schema)) if (objects.has(d) && !out.has(d)) pending.push(d)
  }
  return out
}

/**
 * A `sql` object created before the views cannot depend on a view (its
 * `dependsOn`): it would be created before it. Located at the object. A
 * view its text only names as a word is not counted (a comment's "same"
 * is not view `same`): such an object is not recreated with the view
 * either (diff-sql-objects.ts), and a real use fails at migrate, in the
 * migration's transaction.
 */
export function checkSqlObjectsBeforeViews(schema: Schema, origins: Origins, report: Reporter): void {
  const early = sqlObjectsBeforeViews(schema)
  if (early.size === 0) return
  const views = new Set((schema.views ?? []).map((v) => v.name))
  for (const object of sqlObjectsOf(schema)) {
    if (!early.has(object.name)) continue
    const origin = origins.get(object)
    const used = (object.dependsOn ?? []).filter((d) => views.has(d))
    const by = (schema.views ?? []).filter((v) => v.dependsOn?.includes(object.name)).map((v) => v.name)
    if (origin && used.length > 0) {
      report.error(
        origin,
        `sql "${object.name}": ${by.length ? `view "${by[0]}" depends on it` : 'a sql object that a view depends on uses it'}, so it is created before the views, ` +
          `but it uses view "${used[0]}"; split it, or take it out of the view's dependsOn`,
        { key: true },
      )
    }
  }
}

const NAME = String.raw`(?:"[^"]+"|\x60[^\x60]+\x60|[\p{L}_][\p{L}\p{N}_$]*)`
const CREATED = new RegExp(
  String.raw`\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:UNIQUE\s+)?(?:TEMP(?:ORARY)?\s+)?(?:MATERIALIZED\s+|VIRTUAL\s+|UNLOGGED\s+)?(VIEW|TRIGGER|INDEX|FUNCTION|PROCEDURE|SEQUENCE|DOMAIN|TYPE|TABLE)\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(${NAME}(?:\.${NAME})?)`,
  'giu',
)

/** The model sections whose objects a `sql` object's text can make (indexes: within their table). */
export type MadeKind = 'tables' | 'views' | 'triggers' | 'functions' | 'sequences' | 'domains' | 'types' | 'indexes'

const KIND_OF: Readonly<Record<string, MadeKind>> = {
  VIEW: 'views',
  TRIGGER: 'triggers',
  INDEX: 'indexes',
  FUNCTION: 'functions',
  PROCEDURE: 'functions',
  SEQUENCE: 'sequences',
  DOMAIN: 'domains',
  TYPE: 'types',
  TABLE: 'tables',
}

/**
 * The objects of kinds the model has that a `sql` object's create text makes
 * for a dialect (`CREATE VIEW name`, `CREATE INDEX name`, `CREATE FUNCTION
 * name` …): the introspector reads them like modelled ones, and they are the
 * object's, not drift (Connection.normalize takes them as read). Names come
 * lower-cased unless quoted: compared without case, since an unquoted name
 * is folded by the database.
 */
export function objectsCreatedBy(object: SqlObject, dialect: string): Record<MadeKind, string[]> {
  const out: Record<MadeKind, string[]> = { tables: [], views: [], triggers: [], functions: [], sequences: [], domains: [], types: [], indexes: [] }
  const text = typeof object.create === 'string' ? object.create : object.create[dialect as SqlDialect]
  if (text === undefined) return out
  for (const match of text.matchAll(CREATED)) {
    const last = match[2]!.split('.').pop()!
    const name = /^["\x60]/.test(last) ? last.slice(1, -1) : last
    out[KIND_OF[match[1]!.toUpperCase()]!].push(name)
    // A virtual table's shadow tables (SQLite FTS5 notes_fts_data, …) are its own:
    // https://www.sqlite.org/vtab.html#xshadowname
    if (/^VIRTUAL\s/i.test(match[0]!.replace(/^CREATE\s+/i, ''))) out.tables.push(`${name}_*`)
  }
  return out
}

/** Per-dialect text from the file: a string for all, or a map where `null` says "nothing on this dialect". */
type RawDialectText = string | { readonly postgres?: string | null; readonly sqlite?: string | null; readonly mysql?: string | null }

export interface RawSqlObject {
  readonly create: RawDialectText
  readonly drop?: RawDialectText
  readonly dependsOn?: readonly string[]
  readonly first?: boolean
}

/** The texts of a raw value with the explicit nulls left out (`{}` when none is left). */
function withoutNulls(text: RawDialectText): DialectSql {
  if (typeof text === 'string') return text
  const out: Record<string, string> = {}
  for (const d of SQL_DIALECTS) {
    const t = text[d]
    if (typeof t === 'string') out[d] = t
  }
  return out
}

/** The dialects a raw value speaks of (with a text or an explicit null); undefined: all of them. */
function dialectsNamed(text: RawDialectText): ReadonlySet<string> | undefined {
  return typeof text === 'string' ? undefined : new Set(Object.keys(text))
}

function hasText(text: DialectSql, dialect: SqlDialect): boolean {
  return typeof text === 'string' || typeof text[dialect] === 'string'
}

/**
 * The `sql:` of every file, in file order (files sorted by name, then
 * entries as written), located. `known`: the names of the modelled tables,
 * views and functions a `dependsOn` may name.
 */
export function resolveSqlObjects(sources: readonly YamlSource[], known: ReadonlySet<string>, origins: Origins, report: Reporter): SqlObject[] {
  const out = new Map<string, { object: SqlObject; origin: Origin }>()
  for (const source of sources) {
    const file = source.value as RawFile
    for (const [name, raw] of Object.entries(file.sql ?? {})) {
      const origin: Origin = { source, path: ['sql', name] }
      const other = out.get(name)
      if (other) {
        report.error(origin, `sql "${name}": already defined (${other.origin.source.file}); a sql object is defined in one file`, { key: true })
        continue
      }
      const create = withoutNulls(raw.create)
      if (typeof create !== 'string' && Object.keys(create).length === 0) {
        report.error(origin, `sql "${name}": create has SQL for no database; give the SQL for one, or remove the object`, { sub: ['create'], key: true })
        continue
      }
      if (raw.drop === undefined) {
        report.error(origin, `sql "${name}": no drop; give the SQL that drops what create makes (strata runs it to change and to reverse the object)`, { key: true })
        continue
      }
      const drop = withoutNulls(raw.drop)
      for (const d of SQL_DIALECTS) {
        if (hasText(create, d) && !hasText(drop, d)) {
          report.error(origin, `sql "${name}": create has SQL for ${d} but drop has none; give drop.${d}`, { sub: ['drop'], key: true })
        } else if (!hasText(create, d) && hasText(drop, d) && typeof raw.drop !== 'string') {
          report.error(origin, `sql "${name}": drop has SQL for ${d} but create has none`, { sub: ['drop', d], key: true })
        }
      }
      const object: { -readonly [K in keyof SqlObject]: SqlObject[K] } = { name, create, drop }
      if (raw.first) object.first = true
      if (raw.dependsOn?.length) {
        const earlier = new Set(out.keys())
        raw.dependsOn.forEach((dep, i) => {
          if (dep === name) report.error(origin, `sql "${name}": depends on itself`, { sub: ['dependsOn', i] })
          else if (!known.has(dep) && !earlier.has(dep)) {
            const later = sources.some((s) => Object.keys((s.value as RawFile).sql ?? {}).includes(dep))
            report.error(
              origin,
              later
                ? `sql "${name}": depends on sql "${dep}", which comes after it; sql objects are created in file order, so move "${dep}" before it`
                : `sql "${name}": depends on "${dep}", which is no table, view, function or sql object of the schema`,
              { sub: ['dependsOn', i] },
            )
          } else if (raw.first && !earlier.has(dep)) {
            report.error(origin, `sql "${name}": first: true is created before the tables, so it cannot depend on "${dep}"`, { sub: ['dependsOn', i] })
          }
        })
        object.dependsOn = [...raw.dependsOn].sort()
      }
      origins.set(object, origin)
      out.set(name, { object, origin })
    }
  }
  return [...out.values()].map((o) => o.object)
}

/**
 * Every database of the project must be told what to run: a create text for
 * its dialect, or an explicit `null` (nothing there). Located at the create.
 */
export function checkSqlObjectDialects(
  schema: Schema,
  origins: Origins,
  report: Reporter,
  databases: readonly TargetDatabase[],
): void {
  for (const object of sqlObjectsOf(schema)) {
    const origin = origins.get(object)
    if (!origin) continue
    const raw = ((origin.source.value as RawFile).sql ?? {})[object.name]
    const named = raw ? dialectsNamed(raw.create) : undefined
    if (!named) continue
    const said = new Set<string>()
    for (const database of databases) {
      if (named.has(database.dialect) || said.has(database.dialect)) continue
      said.add(database.dialect)
      report.error(
        origin,
        `sql "${object.name}": no create SQL for ${database.dialect}, which database "${database.name}" uses; ` +
          `give create.${database.dialect} (or ${database.dialect}: null for nothing there)`,
        { sub: ['create'], key: true },
      )
    }
  }
}
