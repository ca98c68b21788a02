/**
 * Extensions, read from pg_extension: the schema when it is not the current
 * one, and the installed version, pinned (the database is rebuilt with the
 * version it has). plpgsql, which every database has, is left out.
 *
 * An extension is created in one database but its objects go in one schema
 * (extnamespace). strata reads one schema, so it reads the extensions
 * installed there, and those installed in a schema of their own (one that
 * holds nothing but extension objects, as a dedicated `extensions` schema
 * does); one installed in another schema that holds tables is that schema's,
 * and the unkept report names it (EXTENSION_ELSEWHERE).
 * https://www.postgresql.org/docs/current/catalog-pg-extension.html
 */
import type { Extension } from '../../schema/extensions'
import type { Row } from '../dialect'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

/** An extension (alias `x`) installed in another schema that holds relations or functions of its own. */
export const EXTENSION_ELSEWHERE = (x: string) => `(${x}.extnamespace <> (SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())
  AND (EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.relnamespace = ${x}.extnamespace
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'i', 'a')))
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.pronamespace = ${x}.extnamespace
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype IN ('e', 'i')))))`

const EXTENSIONS = `
SELECT x.extname AS name, n.nspname AS schema, n.nspname = current_schema() AS current, x.extversion AS version
FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
WHERE x.extname <> 'plpgsql' AND NOT ${EXTENSION_ELSEWHERE('x')}
ORDER BY x.extname`

export async function readPostgresExtensions(query: QueryFn): Promise<Extension[]> {
  return (await query(EXTENSIONS)).map((row) => {
    const extension: { -readonly [K in keyof Extension]: Extension[K] } = { name: String(row.name), version: String(row.version) }
    if (row.current !== true) extension.schema = String(row.schema)
    return extension
  })
}
