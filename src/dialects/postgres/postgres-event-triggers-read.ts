/**
 * Event triggers (database-wide), offered by `introspect` as raw `sql`
 * entries when the function they execute is one the rebuilt database will
 * have (a function of the current schema strata keeps, or an extension's):
 * CREATE EVENT TRIGGER from pg_event_trigger (event, WHEN TAG IN, function),
 * its DISABLE / ENABLE REPLICA | ALWAYS state and its comment.
 * https://www.postgresql.org/docs/current/sql-createeventtrigger.html
 */
import type { AdoptedSqlObject, Row } from '../dialect'
import { adoptedSql } from './postgres-adopted-sql'
import { FUNCTION_NOT_KEPT, NOT_OWN_FUNCTION } from './postgres-functions-read'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

/** The event triggers introspect keeps (`e`: pg_event_trigger): its own, over a function the rebuild has. */
export const EVENT_TRIGGER_KEPT = (e: string) => `(NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xd WHERE xd.classid = 'pg_catalog.pg_event_trigger'::regclass AND xd.objid = ${e}.oid AND xd.deptype = 'e')
  AND EXISTS (SELECT 1 FROM pg_catalog.pg_proc ef JOIN pg_catalog.pg_language el ON el.oid = ef.prolang WHERE ef.oid = ${e}.evtfoid
    AND (${NOT_OWN_FUNCTION('ef')} OR (ef.pronamespace = ${NS} AND (${FUNCTION_NOT_KEPT('ef', 'el')}) IS NULL))))`

const EVENT_TRIGGERS = `
SELECT e.evtname AS name, quote_ident(e.evtname) AS quoted, e.evtevent AS event, e.evtenabled AS enabled,
       ARRAY(SELECT quote_literal(t) FROM unnest(e.evttags) t)::text[] AS tags,
       (SELECT CASE WHEN pg_function_is_visible(f.oid) THEN quote_ident(f.proname) ELSE quote_ident(n.nspname) || '.' || quote_ident(f.proname) END
        FROM pg_catalog.pg_proc f JOIN pg_catalog.pg_namespace n ON n.oid = f.pronamespace WHERE f.oid = e.evtfoid) AS function,
       obj_description(e.oid, 'pg_event_trigger') AS comment,
       (SELECT i.type || ' ' || i.identity FROM pg_identify_object('pg_catalog.pg_event_trigger'::regclass, e.oid, 0) i) AS key
FROM pg_catalog.pg_event_trigger e
WHERE ${EVENT_TRIGGER_KEPT('e')}
ORDER BY e.evtname`

// 'O' (fires in origin and local mode) is the default.
const ENABLED: Record<string, string> = { D: 'DISABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' }

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

/** Each event trigger as a `sql` entry of its name. */
export async function readPostgresEventTriggers(query: QueryFn, definitions: (keys: readonly string[]) => Promise<ReadonlyMap<string, string>>): Promise<AdoptedSqlObject[]> {
  const rows = await query(EVENT_TRIGGERS)
  const made = await definitions(rows.map((r) => String(r.key)))
  return rows.map((row) => {
    const tags = (row.tags as string[] | null) ?? []
    const when = tags.length ? ` WHEN TAG IN (${tags.join(', ')})` : ''
    const statements = [`CREATE EVENT TRIGGER ${row.quoted} ON ${row.event}${when} EXECUTE FUNCTION ${row.function}()`]
    const alter = ENABLED[String(row.enabled)]
    if (alter) statements.push(`ALTER EVENT TRIGGER ${row.quoted} ${alter}`)
    if (row.comment !== null) statements.push(`COMMENT ON EVENT TRIGGER ${row.quoted} IS ${literal(String(row.comment))}`)
    return adoptedSql({
      kind: 'event trigger',
      label: String(row.name),
      name: String(row.name),
      statements,
      drop: `DROP EVENT TRIGGER ${row.quoted}`,
      key: String(row.key),
      made,
    })
  })
}
