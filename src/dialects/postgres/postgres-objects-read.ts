/**
 * Views, materialized views and triggers of the current schema, read from
 * pg_catalog. Queries come back as pg_get_viewdef prints them, trigger
 * conditions as pg_get_triggerdef prints them (so a model is compared with
 * them after `normalize` has printed it the same way), trigger bodies
 * verbatim (pg_proc.prosrc). Views come in dependency order of pg_depend
 * when the baseline migration is written (diff/view-order.ts sorts them by
 * their text; pg_depend is the catalog's own answer, used to fill
 * `dependsOn` when the text does not name a dependency).
 * https://www.postgresql.org/docs/current/catalog-pg-trigger.html
 */
import type { Index } from '../../schema/model'
import type { Trigger, TriggerEvent, TriggerTiming } from '../../schema/triggers'
import { type View, mentionsName } from '../../schema/views'
import type { Row } from '../dialect'
import { TRIGGER_USES } from './postgres-functions-read'
import { viewsOnUnkeptFunctions } from './postgres-views-unkept'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>
type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

const VIEWS = `
SELECT c.oid::int8 AS oid, c.relname AS name, c.relkind AS kind, pg_get_viewdef(c.oid, true) AS query, c.relispopulated AS populated,
       array_to_string(c.reloptions, ',') AS options,
       ARRAY(SELECT DISTINCT d.relname FROM pg_catalog.pg_rewrite r
             JOIN pg_catalog.pg_depend dep ON dep.classid = 'pg_catalog.pg_rewrite'::regclass AND dep.objid = r.oid
                  AND dep.refclassid = 'pg_catalog.pg_class'::regclass
             JOIN pg_catalog.pg_class d ON d.oid = dep.refobjid AND d.oid <> c.oid AND d.relnamespace = ${NS}
                  -- Not a composite type's own pg_class row (relkind 'c'): selecting a field
                  -- of a composite column depends on it, but a type is no table or view.
                  AND d.relkind <> 'c'
             WHERE r.ev_class = c.oid)::text[] AS uses
FROM pg_catalog.pg_class c
WHERE c.relnamespace = ${NS} AND c.relkind IN ('v', 'm')
ORDER BY c.relname`

const VIEW_INDEXES = `
SELECT c.relname AS view, ic.relname AS name, i.indisunique AS unique, i.indkey::int2[] AS keys,
       ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k, true) ELSE a.attname::text END
             FROM generate_series(1, i.indnkeyatts) k
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]
             ORDER BY k)::text[] AS definitions,
       pg_get_expr(i.indpred, i.indrelid, true) AS predicate
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
WHERE c.relnamespace = ${NS} AND c.relkind = 'm'`

const TRIGGERS = `
SELECT t.tgname AS name, c.relname AS table, t.tgtype::int AS type,
       ARRAY(SELECT a.attname FROM unnest(t.tgattr::int2[]) WITH ORDINALITY k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS of,
       pg_get_triggerdef(t.oid, true) AS definition,
       p.proname AS function, p.prosrc AS body, l.lanname AS language,
       p.pronamespace = ${NS} AS local_function, p.pronargs AS arguments, t.tgnargs AS trigger_arguments, t.tgargs AS args,
       ${TRIGGER_USES('t.tgfoid')} AS uses
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE c.relnamespace = ${NS} AND NOT t.tgisinternal AND t.tgparentid = 0
ORDER BY t.tgname, c.relname`

// pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h).
const ROW = 1
const BEFORE = 2
const INSTEAD = 64
const EVENT_BITS: [number, TriggerEvent][] = [
  [4, 'insert'],
  [16, 'update'],
  [8, 'delete'],
  [32, 'truncate'],
]

/** The text between `WHEN (` and its `) EXECUTE` in pg_get_triggerdef's output. */
function whenOf(definition: string): string | undefined {
  const start = definition.indexOf(' WHEN (')
  if (start === -1) return undefined
  const end = definition.lastIndexOf(') EXECUTE ')
  return definition.slice(start + ' WHEN ('.length, end)
}

function indexFromRow(row: Row): Index {
  const keys = row.keys as number[]
  const definitions = row.definitions as string[]
  const index: Mutable<Index> = { name: String(row.name) }
  if (keys.slice(0, definitions.length).some((k) => k === 0)) index.expression = definitions.join(', ')
  else index.columns = definitions
  if (row.unique === true) index.unique = true
  if (row.predicate !== null) index.where = String(row.predicate)
  return index
}

export async function readPostgresObjects(query: QueryFn, excluded: ReadonlySet<string>): Promise<{ views: View[]; triggers: Trigger[] }> {
  const viewRows = await query(VIEWS)
  const indexRows = viewRows.some((r) => r.kind === 'm') ? await query(VIEW_INDEXES) : []
  const triggerRows = await query(TRIGGERS)
  // A view over a function strata does not keep could not be created again: it is left out, and named (postgres-views-unkept.ts).
  const lost = await viewsOnUnkeptFunctions(query)
  const views = viewRows.filter((row) => !lost.has(String(row.name))).map((row): View => {
    const name = String(row.name)
    const text = String(row.query).trim()
    // pg_get_viewdef ends the query with `;`, which CREATE VIEW … AS does not take back.
    const view: Mutable<View> = { name, query: text.endsWith(';') ? text.slice(0, -1) : text }
    if (row.kind === 'm') {
      view.materialized = true
      // Created WITH NO DATA and not refreshed since (or refreshed WITH NO DATA).
      if (row.populated === false) view.withData = false
      const indexes = indexRows.filter((i) => i.view === name).map(indexFromRow)
      if (indexes.length) view.indexes = indexes
    }
    const option = /check_option=(local|cascaded)/.exec(String(row.options ?? ''))
    if (option) view.checkOption = option[1] as View['checkOption']
    // pg_depend names what the query uses; what the printed text does not name is declared.
    const hidden = (row.uses as string[]).filter((u) => !excluded.has(u) && !mentionsName(view.query as string, u)).sort()
    if (hidden.length) view.dependsOn = hidden
    return view
  })
  const rows = triggerRows.filter((row) => !excluded.has(String(row.table)))
  const keys = triggerKeys(rows)
  const triggers = rows.map((row, i): Trigger => {
    const type = Number(row.type)
    const timing: TriggerTiming = type & INSTEAD ? 'instead of' : type & BEFORE ? 'before' : 'after'
    const events = EVENT_BITS.filter(([bit]) => type & bit).map(([, e]) => e)
    const name = String(row.name)
    const trigger: Mutable<Trigger> = { name: keys[i]!, table: String(row.table), timing, events }
    if (keys[i] !== name) trigger.dbName = name
    const of = row.of as string[]
    if (of.length) trigger.of = of
    if (!(type & ROW)) trigger.forEach = 'statement'
    const when = whenOf(String(row.definition))
    if (when !== undefined) trigger.when = when
    if (ownFunction(row)) trigger.body = String(row.body)
    else {
      trigger.function = String(row.function)
      const args = argumentsOf(row)
      if (args.length) trigger.args = args
    }
    return trigger
  })
  return { views, triggers }
}

/**
 * A trigger function strata made for a trigger's body (triggerFunctionName):
 * PL/pgSQL without arguments in the current schema, executed by this one
 * trigger without arguments, and named after the trigger (its key) or
 * `<table>_<name>` (a trigger with `name:`). Kept in TRIGGER_BODY_FUNCTION's
 * terms, which leaves such a function out of `functions:`.
 */
function ownFunction(row: Row): boolean {
  const fn = String(row.function)
  return (
    row.language === 'plpgsql' && row.local_function === true && Number(row.arguments) === 0 && Number(row.uses) === 1 &&
    Number(row.trigger_arguments) === 0 && (fn === row.name || fn === `${String(row.table)}_${String(row.name)}`)
  )
}

/**
 * The keys of the schema files for the triggers of `rows` (the database
 * names them per table, the files across the schema, triggers.ts): a
 * trigger with its own function takes the function's name (so it is made
 * again under it); another its name when no other trigger has it, else
 * `<table>_<name>` (Pagila's `actor_last_updated`, `film_last_updated` …),
 * with `_2`, `_3` … when that is taken too.
 */
function triggerKeys(rows: readonly Row[]): string[] {
  const count = new Map<string, number>()
  for (const row of rows) count.set(String(row.name), (count.get(String(row.name)) ?? 0) + 1)
  const keys: (string | undefined)[] = rows.map((row) => (ownFunction(row) ? String(row.function) : undefined))
  const taken = new Set(keys.filter((k): k is string => k !== undefined))
  return rows.map((row, i) => {
    const own = keys[i]
    if (own !== undefined) return own
    const name = String(row.name)
    let key = count.get(name) === 1 && !taken.has(name) ? name : `${String(row.table)}_${name}`
    for (let n = 2; taken.has(key); n++) key = `${String(row.table)}_${name}_${n}`
    taken.add(key)
    return key
  })
}

/** pg_trigger.tgargs: the arguments, each ended by a NUL byte (bytea). */
function argumentsOf(row: Row): string[] {
  const n = Number(row.trigger_arguments)
  if (n === 0) return []
  const raw = row.args as Buffer
  return raw.toString('utf8').split('\0').slice(0, n)
}
