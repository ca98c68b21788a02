/**
 * Views and materialized views that use a function strata does not keep
 * (an aggregate introspect cannot keep as a raw `sql` entry, an overload,
 * a C function, a BEGIN ATOMIC body: FUNCTION_NOT_KEPT and AGGREGATE_KEPT),
 * directly or through other such views. CREATE VIEW
 * fails without the function ("function group_concat(text) does not
 * exist", Pagila's actor_info), so a baseline holding them could not be
 * migrated anywhere: introspect leaves them out with the function, and
 * names each. The uses come from pg_depend, as the rule of a view records
 * them (https://www.postgresql.org/docs/current/catalog-pg-depend.html).
 */
import type { Row } from '../dialect'
import { FUNCTION_NOT_KEPT, NOT_OWN_FUNCTION } from './postgres-functions-read'
import { AGGREGATE_KEPT } from './postgres-aggregates-read'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

/** One row per such view: its name, kind (`v`, `m`) and the function (`name(args)`) it is lost through. */
export const VIEWS_ON_UNKEPT_FUNCTIONS = `
WITH RECURSIVE lost(oid, name, kind, via) AS (
  SELECT c.oid, c.relname::text, c.relkind::text, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_rewrite r ON r.ev_class = c.oid
  JOIN pg_catalog.pg_depend dep ON dep.classid = 'pg_catalog.pg_rewrite'::regclass AND dep.objid = r.oid AND dep.refclassid = 'pg_catalog.pg_proc'::regclass
  JOIN pg_catalog.pg_proc p ON p.oid = dep.refobjid
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  WHERE c.relnamespace = ${NS} AND c.relkind IN ('v', 'm') AND p.pronamespace = ${NS} AND NOT ${NOT_OWN_FUNCTION('p')}
    AND (${FUNCTION_NOT_KEPT('p', 'l')}) IS NOT NULL AND NOT ${AGGREGATE_KEPT('p')}
  UNION
  SELECT c.oid, c.relname::text, c.relkind::text, 'view ' || lost.name
  FROM lost
  JOIN pg_catalog.pg_depend dep ON dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.refobjid = lost.oid AND dep.classid = 'pg_catalog.pg_rewrite'::regclass
  JOIN pg_catalog.pg_rewrite r ON r.oid = dep.objid
  JOIN pg_catalog.pg_class c ON c.oid = r.ev_class AND c.oid <> lost.oid
  WHERE c.relnamespace = ${NS} AND c.relkind IN ('v', 'm')
)
SELECT name, min(kind) AS kind, min(via) AS via FROM lost GROUP BY name ORDER BY name`

/** The names of the views introspect leaves out, each with the function it needs. */
export async function viewsOnUnkeptFunctions(query: QueryFn): Promise<Map<string, { kind: string; via: string }>> {
  const rows = await query(VIEWS_ON_UNKEPT_FUNCTIONS)
  return new Map(rows.map((r) => [String(r.name), { kind: String(r.kind), via: String(r.via) }]))
}
