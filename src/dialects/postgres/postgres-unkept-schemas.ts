/**
 * What the PostgreSQL introspector reads past in the other schemas it is
 * asked to read (`introspect --schema billing`): it keeps their tables
 * (with their keys, indexes, comments, row-level security and policies, and
 * with `grants: true` their grants) and enums; everything else there is
 * named `schema.name` with the reason — views, sequences of no column,
 * functions, other types, the triggers of their tables, grants on the
 * schema.
 */
import type { Row, UnkeptItem } from '../dialect'
import type { QueryFn } from './postgres-introspector'

const REASON = `' (introspect keeps the tables and enums of schema ' || n.nspname || ' only)'`

/** Not a member of an extension nor a part the database made for another object. */
const own = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xd WHERE xd.classid = '${catalog}'::regclass AND xd.objid = ${oid} AND xd.deptype IN ('e', 'i'))`

/**
 * The privileges initdb gives schema public (the owner's USAGE and CREATE,
 * and USAGE — before PostgreSQL 15 also CREATE — to PUBLIC): not a grant of
 * the project's. https://www.postgresql.org/docs/15/ddl-schemas.html#DDL-SCHEMAS-PATTERNS
 */
const OWNER = 'pg_get_userbyid(n.nspowner)'
const PUBLIC_DEFAULT_ACL = [`${OWNER} || '=UC/' || ${OWNER}`, `'=U/' || ${OWNER}`, `'=UC/' || ${OWNER}`].join(', ')

// Grants of the tables there: without strata.yaml `grants: true` each is
// named; with it they are read (postgres-grants-read.ts) but for WITH GRANT OPTION.
const GRANTS_NOT_KEPT = `SELECT 'grant', n.nspname || '.' || c.relname, array_to_string(c.relacl, ', ') || ' (grants are not kept: grants: true in strata.yaml manages them)'
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p') AND c.relacl IS NOT NULL
UNION ALL`

const GRANT_OPTIONS = `SELECT 'grant', n.nspname || '.' || c.relname, 'WITH GRANT OPTION to ' || CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END
       || ' of ' || a.privilege_type || ' (not modelled)'
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace CROSS JOIN LATERAL aclexplode(c.relacl) a
WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p') AND c.relacl IS NOT NULL AND a.grantee <> c.relowner AND a.is_grantable
UNION ALL`

const FINDINGS = (grants: boolean) => `
SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'relation' END AS kind,
       n.nspname || '.' || c.relname AS name, 'in another schema' || ${REASON} AS reason
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('v', 'm', 'S', 'f') AND ${own('pg_catalog.pg_class', 'c.oid')}
  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a'))
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
       n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', 'in another schema' || ${REASON}
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ANY($1::text[]) AND ${own('pg_catalog.pg_proc', 'p.oid')}
UNION ALL
SELECT CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' ELSE 'type' END, n.nspname || '.' || t.typname, 'in another schema' || ${REASON}
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = ANY($1::text[]) AND t.typtype IN ('b', 'c', 'd', 'r', 'm', 'p') AND ${own('pg_catalog.pg_type', 't.oid')}
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type e WHERE e.typarray = t.oid)
UNION ALL
SELECT 'trigger', n.nspname || '.' || c.relname || '.' || tg.tgname, 'a trigger on a table of another schema' || ${REASON}
FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[]) AND NOT tg.tgisinternal
UNION ALL
${grants ? GRANT_OPTIONS : GRANTS_NOT_KEPT}
SELECT 'grant', n.nspname || '.' || c.relname, array_to_string(c.relacl, ', ') || ' (grants on a sequence of another schema are not modelled)'
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[]) AND c.relkind = 'S' AND c.relacl IS NOT NULL
UNION ALL
SELECT 'grant', n.nspname, array_to_string(n.nspacl, ', ') || ' (grants on a schema are not modelled)'
FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY($1::text[]) AND n.nspacl IS NOT NULL
  AND NOT (n.nspname = 'public' AND n.nspacl::text[] <@ ARRAY[${PUBLIC_DEFAULT_ACL}])
ORDER BY 1, 2`

export async function unkeptPostgresSchemas(query: QueryFn, schemas: readonly string[], grants = false): Promise<UnkeptItem[]> {
  if (schemas.length === 0) return []
  const rows: Row[] = await query(FINDINGS(grants), [schemas])
  return rows.map((r) => ({ kind: String(r.kind), name: String(r.name), reason: String(r.reason) }))
}
