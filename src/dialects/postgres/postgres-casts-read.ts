/**
 * Casts (database-wide) between types the rebuilt database will have,
 * offered by `introspect` as raw `sql` entries: CREATE CAST from pg_cast
 * (WITH FUNCTION f(args) | WITHOUT FUNCTION | WITH INOUT, AS ASSIGNMENT |
 * AS IMPLICIT) and the comment, when its function is PostgreSQL's, an
 * extension's, or a function of this schema strata keeps, and no table
 * uses it (a default or CHECK would need it before the tables). The views
 * using one name it in `dependsOn`.
 * https://www.postgresql.org/docs/current/sql-createcast.html
 */
import type { AdoptedSqlObject, Row } from '../dialect'
import { adoptedSql } from './postgres-adopted-sql'
import { FUNCTION_NOT_KEPT, NOT_OWN_FUNCTION } from './postgres-functions-read'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

/** A type the rebuild has: PostgreSQL's, an extension's, or the current schema's and not a base or pseudo type. */
const KEPT_TYPE = (oid: string) => `EXISTS (SELECT 1 FROM pg_catalog.pg_type kt WHERE kt.oid = ${oid} AND (kt.typnamespace = 'pg_catalog'::regnamespace
  OR EXISTS (SELECT 1 FROM pg_catalog.pg_depend kd WHERE kd.classid = 'pg_catalog.pg_type'::regclass AND kd.objid = kt.oid AND kd.deptype = 'e')
  OR (kt.typnamespace = ${NS} AND kt.typtype NOT IN ('b', 'p'))))`

/** The casts introspect keeps (`c`: pg_cast): made by a user (not initdb, not an extension, not implicit with a type). */
export const CAST_KEPT = (c: string) => `(${KEPT_TYPE(`${c}.castsource`)} AND ${KEPT_TYPE(`${c}.casttarget`)}
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend cd WHERE cd.refclassid = 'pg_catalog.pg_cast'::regclass AND cd.refobjid = ${c}.oid
    AND cd.classid IN ('pg_catalog.pg_constraint'::regclass, 'pg_catalog.pg_class'::regclass, 'pg_catalog.pg_attrdef'::regclass))
  AND (${c}.castfunc = 0 OR EXISTS (SELECT 1 FROM pg_catalog.pg_proc cf JOIN pg_catalog.pg_language cl ON cl.oid = cf.prolang WHERE cf.oid = ${c}.castfunc
    AND (cf.pronamespace = 'pg_catalog'::regnamespace OR ${NOT_OWN_FUNCTION('cf')} OR (cf.pronamespace = ${NS} AND (${FUNCTION_NOT_KEPT('cf', 'cl')}) IS NULL)))))`

const CASTS = `
SELECT format_type(c.castsource, NULL) AS source, format_type(c.casttarget, NULL) AS target, c.castcontext AS context, c.castmethod AS method,
       (SELECT CASE WHEN pg_function_is_visible(f.oid) THEN quote_ident(f.proname) ELSE quote_ident(n.nspname) || '.' || quote_ident(f.proname) END
               || '(' || pg_get_function_identity_arguments(f.oid) || ')'
        FROM pg_catalog.pg_proc f JOIN pg_catalog.pg_namespace n ON n.oid = f.pronamespace WHERE f.oid = c.castfunc) AS function,
       obj_description(c.oid, 'pg_cast') AS comment,
       (SELECT i.type || ' ' || i.identity FROM pg_identify_object('pg_catalog.pg_cast'::regclass, c.oid, 0) i) AS key,
       ARRAY(SELECT DISTINCT v.relname::text FROM pg_catalog.pg_depend d
             JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
             JOIN pg_catalog.pg_class v ON v.oid = r.ev_class
             -- A view records the cast's function (pg_proc), not the pg_cast row, when it casts through one.
             WHERE ((d.refclassid = 'pg_catalog.pg_cast'::regclass AND d.refobjid = c.oid) OR (d.refclassid = 'pg_catalog.pg_proc'::regclass AND d.refobjid = c.castfunc AND c.castfunc <> 0))
               AND v.relnamespace = ${NS} AND v.relkind IN ('v', 'm')
             ORDER BY 1)::text[] AS views
FROM pg_catalog.pg_cast c
WHERE c.oid >= 16384 AND ${CAST_KEPT('c')}
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_cast'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'i'))
ORDER BY 1, 2`

const CONTEXT: Record<string, string> = { a: ' AS ASSIGNMENT', i: ' AS IMPLICIT' }
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

/** Each cast as a `sql` entry named `cast (<source> AS <target>)`. */
export async function readPostgresCasts(query: QueryFn, definitions: (keys: readonly string[]) => Promise<ReadonlyMap<string, string>>): Promise<AdoptedSqlObject[]> {
  const rows = await query(CASTS)
  const made = await definitions(rows.map((r) => String(r.key)))
  return rows.map((row) => {
    const pair = `(${row.source} AS ${row.target})`
    const how = row.method === 'f' ? `WITH FUNCTION ${row.function}` : row.method === 'i' ? 'WITH INOUT' : 'WITHOUT FUNCTION'
    const statements = [`CREATE CAST ${pair} ${how}${CONTEXT[String(row.context)] ?? ''}`]
    if (row.comment !== null) statements.push(`COMMENT ON CAST ${pair} IS ${literal(String(row.comment))}`)
    return adoptedSql({
      kind: 'cast',
      label: `${row.source} AS ${row.target}`,
      name: `cast ${pair}`,
      statements,
      drop: `DROP CAST ${pair}`,
      key: String(row.key),
      made,
      views: (row.views as string[]) ?? [],
    })
  })
}
