/**
 * Grants on the tables, views, sequences and functions of the current
 * schema, read from their ACLs with aclexplode into the model (strata.yaml
 * `grants: true` only). Left out: the owner's own privileges (the owner has
 * them all by default), PUBLIC's EXECUTE on a function (every function has
 * it by default), WITH GRANT OPTION and the functions the model does not
 * keep (the unkept report names those, postgres-unkept-objects.ts).
 * https://www.postgresql.org/docs/current/ddl-priv.html
 * https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-ACLITEM
 */
import { type Grant, type GrantKind, sortPrivileges } from '../../schema/grants'
import type { Row } from '../dialect'
import { FUNCTION_NOT_KEPT, NOT_OWN_FUNCTION, TRIGGER_BODY_FUNCTION } from './postgres-functions-read'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`
const ROLE = `CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee)::text END`

const GRANTS = `
SELECT CASE WHEN c.relkind IN ('r', 'p') THEN 'table' WHEN c.relkind IN ('v', 'm') THEN 'view' ELSE 'sequence' END AS kind,
       CASE WHEN c.relnamespace = ${NS} THEN c.relname::text ELSE (SELECT ns.nspname FROM pg_catalog.pg_namespace ns WHERE ns.oid = c.relnamespace) || '.' || c.relname END AS object,
       ${ROLE} AS role, array_agg(lower(a.privilege_type)) AS privileges
FROM pg_catalog.pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
WHERE (c.relnamespace = ${NS} AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
       OR (SELECT ns.nspname FROM pg_catalog.pg_namespace ns WHERE ns.oid = c.relnamespace) = ANY($1::text[]) AND c.relkind IN ('r', 'p')) AND c.relacl IS NOT NULL
  AND a.grantee <> c.relowner AND NOT a.is_grantable
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xd WHERE xd.classid = 'pg_catalog.pg_class'::regclass AND xd.objid = c.oid AND xd.deptype = 'e')
GROUP BY 1, 2, 3
UNION ALL
SELECT 'function', p.proname, ${ROLE}, array_agg(lower(a.privilege_type))
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang CROSS JOIN LATERAL aclexplode(p.proacl) a
WHERE p.pronamespace = ${NS} AND p.proacl IS NOT NULL AND a.grantee <> p.proowner AND a.grantee <> 0 AND NOT a.is_grantable
  AND NOT ${NOT_OWN_FUNCTION('p')} AND NOT ${TRIGGER_BODY_FUNCTION('p')} AND (${FUNCTION_NOT_KEPT('p', 'l')}) IS NULL
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3`

/**
 * `exclude`: strata's own tables (their sequences too: named after them).
 * `schemas`: other schemas whose tables' grants are read too (named `schema.name`).
 */
export async function readPostgresGrants(query: QueryFn, exclude: ReadonlySet<string>, schemas: readonly string[] = []): Promise<Grant[]> {
  const rows = await query(GRANTS, [schemas])
  return rows
    .filter((r) => ![...exclude].some((t) => String(r.object) === t || String(r.object).startsWith(`${t}_`)))
    .map((r) => {
      const on = String(r.kind) as GrantKind
      return { role: String(r.role), on, object: String(r.object), privileges: sortPrivileges(on, r.privileges as string[]) }
    })
    .filter((g) => g.privileges.length > 0)
}
