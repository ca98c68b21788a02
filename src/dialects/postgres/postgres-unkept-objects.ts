/**
 * The object kinds beyond tables that the PostgreSQL introspector does not
 * model (yet): the functions it cannot keep (aggregates it cannot offer
 * as raw `sql` entries, postgres-aggregates-read.ts; overloads, C
 * functions, BEGIN ATOMIC bodies), range types with options the model does
 * not hold, base and pseudo types, grants (all of
 * them, or with strata.yaml `grants: true` those the model cannot hold), rules, event triggers, publications, foreign data
 * objects, operators, casts, collations, text search objects, statistics,
 * and objects in other schemas. Each is named with the reason, so that
 * `strata introspect` lists it in the report's "not kept" part and
 * `--strict` refuses (issue 8: nothing left out without a word).
 *
 * Objects that belong to an extension (pg_depend deptype 'e') are the
 * extension's: the extension itself is named, not each of its members.
 * https://www.postgresql.org/docs/current/catalog-pg-depend.html
 */
import type { Row, UnkeptItem } from '../dialect'
import { RANGE_NOT_KEPT } from './postgres-custom-types-read'
import { EXTENSION_ELSEWHERE } from './postgres-extensions-read'
import { FUNCTION_NOT_KEPT, TRIGGER_BODY_FUNCTION } from './postgres-functions-read'
import { viewsOnUnkeptFunctions } from './postgres-views-unkept'
import { AGGREGATE_KEPT } from './postgres-aggregates-read'
import { EVENT_TRIGGER_KEPT } from './postgres-event-triggers-read'
import { RULE_KEPT } from './postgres-rules-read'
import { CAST_KEPT } from './postgres-casts-read'
import { OPERATOR_KEPT } from './postgres-operators-read'
import { COLLATION_KEPT } from './postgres-collations-read'
import { PUBLICATION_KEPT } from './postgres-publications-read'
import { STATISTICS_KEPT } from './postgres-statistics-read'
import type { QueryFn } from './postgres-introspector'

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

/**
 * Not a member of an extension (deptype 'e') nor made by the database as a
 * part of another object (deptype 'i': a range type's constructor functions,
 * multirange type and casts, an identity column's sequence). `catalog`: the
 * catalog the object lives in.
 */
const own = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xd WHERE xd.classid = '${catalog}'::regclass AND xd.objid = ${oid} AND xd.deptype IN ('e', 'i'))`

const KINDS: Record<string, string> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window function' }

// Grants of tables, views, sequences and functions: with strata.yaml
// `grants: true` they are read into the model (postgres-grants-read.ts) but
// for what it does not hold (WITH GRANT OPTION, EXECUTE revoked from PUBLIC,
// the objects it does not keep); without, every one is named.
const GRANTS_NOT_KEPT = `SELECT 'grant', c.relname, array_to_string(c.relacl, ', ') || ' (grants are not kept: grants: true in strata.yaml manages them)', c.relname
FROM pg_catalog.pg_class c WHERE c.relnamespace = ${NS} AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relacl IS NOT NULL
  AND ${own('pg_catalog.pg_class', 'c.oid')}
UNION ALL
SELECT 'grant', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', array_to_string(p.proacl, ', ') || ' (grants are not kept: grants: true in strata.yaml manages them)', NULL
FROM pg_catalog.pg_proc p WHERE p.pronamespace = ${NS} AND p.proacl IS NOT NULL AND ${own('pg_catalog.pg_proc', 'p.oid')}
UNION ALL
`

const GRANTS_KEPT = `SELECT 'grant', c.relname, 'WITH GRANT OPTION to ' || CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END
       || ' of ' || a.privilege_type || ' (not modelled)', c.relname
FROM pg_catalog.pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
WHERE c.relnamespace = ${NS} AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relacl IS NOT NULL AND a.grantee <> c.relowner AND a.is_grantable
  AND ${own('pg_catalog.pg_class', 'c.oid')}
UNION ALL
SELECT 'grant', c.relname, array_to_string(c.relacl, ', ') || ' (grants on a foreign table are not modelled)', c.relname
FROM pg_catalog.pg_class c WHERE c.relnamespace = ${NS} AND c.relkind = 'f' AND c.relacl IS NOT NULL
UNION ALL
SELECT 'grant', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', concat_ws(', ',
         CASE WHEN EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee <> p.proowner AND a.is_grantable) THEN 'WITH GRANT OPTION' END,
         CASE WHEN NOT EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0) THEN 'EXECUTE revoked from PUBLIC' END,
         CASE WHEN (${FUNCTION_NOT_KEPT('p', 'l')}) IS NOT NULL THEN 'grants on a function strata does not keep' END) || ' (not modelled)', NULL
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = ${NS} AND p.proacl IS NOT NULL AND ${own('pg_catalog.pg_proc', 'p.oid')}
  AND (EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee <> p.proowner AND a.is_grantable)
       OR NOT EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0)
       OR (${FUNCTION_NOT_KEPT('p', 'l')}) IS NOT NULL)
UNION ALL
`

// One row per finding: kind, name, reason, and the table it belongs to (or
// NULL) for the exclusion of strata's own tables. The catalogs:
// https://www.postgresql.org/docs/current/catalogs.html
const FINDINGS = (grants: boolean) => `
SELECT p.prokind::text AS kind, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name,
       CASE WHEN p.prokind = 'a' THEN 'an aggregate over a support function strata does not keep (not kept as raw SQL: the rebuilt database will not have that function)'
         ELSE ${FUNCTION_NOT_KEPT('p', 'l')} END AS reason, NULL::text AS owner
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = ${NS} AND ${own('pg_catalog.pg_proc', 'p.oid')} AND NOT ${TRIGGER_BODY_FUNCTION('p')}
  AND (${FUNCTION_NOT_KEPT('p', 'l')}) IS NOT NULL AND NOT ${AGGREGATE_KEPT('p')}
UNION ALL
SELECT CASE t.typtype WHEN 'r' THEN 'range type' ELSE 'type' END, t.typname,
       CASE t.typtype WHEN 'r' THEN 'a CANONICAL function, or an operator class or collation not the subtype''s default (not modelled: '
         ELSE 'a base or pseudo type (not modelled: ' END || 'the rebuilt database will not have it, nor the columns using it their type)', NULL
FROM pg_catalog.pg_type t LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
WHERE t.typnamespace = ${NS} AND (t.typtype IN ('b', 'p') OR (t.typtype = 'r' AND ${RANGE_NOT_KEPT('r')}))
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type e WHERE e.typarray = t.oid) AND ${own('pg_catalog.pg_type', 't.oid')}
UNION ALL
SELECT 'extension', x.extname, 'installed in schema ' || n.nspname || ', which holds objects of its own (introspect reads the extensions of '
       || current_schema() || ' and of schemas holding only extension objects)', NULL
FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
WHERE x.extname <> 'plpgsql' AND n.nspname <> 'pg_catalog' AND ${EXTENSION_ELSEWHERE('x')}
UNION ALL
${grants ? GRANTS_KEPT : GRANTS_NOT_KEPT}SELECT 'grant', c.relname || '.' || a.attname, array_to_string(a.attacl, ', ') || ' (column grants are not modelled)', c.relname
FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
WHERE c.relnamespace = ${NS} AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
UNION ALL
SELECT 'grant', t.typname, array_to_string(t.typacl, ', ') || ' (grants are not modelled)', NULL
FROM pg_catalog.pg_type t WHERE t.typnamespace = ${NS} AND t.typacl IS NOT NULL AND ${own('pg_catalog.pg_type', 't.oid')}
UNION ALL
SELECT 'grant', 'default privileges of ' || pg_get_userbyid(d.defaclrole) || ' on ' || CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences'
       WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' ELSE 'schemas' END, array_to_string(d.defaclacl, ', ') || ' (default privileges are not modelled)', NULL
FROM pg_catalog.pg_default_acl d WHERE d.defaclnamespace IN (0, ${NS})
UNION ALL
SELECT 'rule', c.relname || '.' || r.rulename, 'a rule (not modelled: the rebuilt table does not have it)', c.relname
FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
WHERE c.relnamespace = ${NS} AND r.rulename <> '_RETURN' AND NOT ${RULE_KEPT('r', 'c')}
UNION ALL
SELECT 'trigger', t.tgname, concat_ws(', ',
         CASE WHEN t.tgconstraint <> 0 THEN 'a CONSTRAINT trigger' END,
         CASE WHEN t.tgenabled <> 'O' THEN 'DISABLE / ENABLE REPLICA / ALWAYS' END,
         CASE WHEN t.tgoldtable IS NOT NULL OR t.tgnewtable IS NOT NULL THEN 'REFERENCING transition tables' END,
         CASE WHEN obj_description(t.oid, 'pg_trigger') IS NOT NULL THEN 'a comment' END) || ' on ' || c.relname || ' (not modelled)', c.relname
FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
WHERE c.relnamespace = ${NS} AND NOT t.tgisinternal AND t.tgparentid = 0
  AND (t.tgconstraint <> 0 OR t.tgenabled <> 'O' OR t.tgoldtable IS NOT NULL OR t.tgnewtable IS NOT NULL
       OR obj_description(t.oid, 'pg_trigger') IS NOT NULL)
UNION ALL
SELECT CASE WHEN c.relkind = 'm' THEN 'materialized view' ELSE 'view' END, c.relname, concat_ws(', ',
         CASE WHEN obj_description(c.oid, 'pg_class') IS NOT NULL THEN 'a comment' END,
         CASE WHEN EXISTS (SELECT 1 FROM unnest(c.reloptions) o WHERE o NOT LIKE 'check\\_option=%') THEN
           'WITH (' || (SELECT string_agg(o, ', ') FROM unnest(c.reloptions) o WHERE o NOT LIKE 'check\\_option=%') || ')' END) || ' (not modelled)', NULL
FROM pg_catalog.pg_class c WHERE c.relnamespace = ${NS} AND c.relkind IN ('v', 'm')
  AND (obj_description(c.oid, 'pg_class') IS NOT NULL OR EXISTS (SELECT 1 FROM unnest(c.reloptions) o WHERE o NOT LIKE 'check\\_option=%'))
UNION ALL
SELECT 'foreign table', c.relname, 'a foreign table (not modelled)', NULL
FROM pg_catalog.pg_class c WHERE c.relnamespace = ${NS} AND c.relkind = 'f'
UNION ALL
SELECT 'foreign server', s.srvname, 'a foreign server (not modelled)', NULL FROM pg_catalog.pg_foreign_server s WHERE ${own('pg_catalog.pg_foreign_server', 's.oid')}
UNION ALL
SELECT 'foreign data wrapper', w.fdwname, 'a foreign data wrapper (not modelled)', NULL
FROM pg_catalog.pg_foreign_data_wrapper w WHERE ${own('pg_catalog.pg_foreign_data_wrapper', 'w.oid')}
UNION ALL
SELECT 'event trigger', e.evtname, 'ON ' || e.evtevent || ', executing a function strata does not keep (not kept as raw SQL: the rebuilt database would not have the function)', NULL
FROM pg_catalog.pg_event_trigger e WHERE ${own('pg_catalog.pg_event_trigger', 'e.oid')} AND NOT ${EVENT_TRIGGER_KEPT('e')}
UNION ALL
SELECT 'publication', p.pubname, 'a publication of another schema''s tables (not modelled)', NULL FROM pg_catalog.pg_publication p WHERE NOT ${PUBLICATION_KEPT('p')}
UNION ALL
SELECT 'operator', o.oprname || '(' || format_type(o.oprleft, NULL) || ', ' || format_type(o.oprright, NULL) || ')', 'an operator over a function strata does not keep, or used by a table (not modelled)', NULL
FROM pg_catalog.pg_operator o WHERE o.oprnamespace = ${NS} AND ${own('pg_catalog.pg_operator', 'o.oid')} AND NOT ${OPERATOR_KEPT('o')}
UNION ALL
SELECT 'operator class', o.opcname, 'an operator class (not modelled)', NULL
FROM pg_catalog.pg_opclass o WHERE o.opcnamespace = ${NS} AND ${own('pg_catalog.pg_opclass', 'o.oid')}
UNION ALL
SELECT 'operator family', o.opfname, 'an operator family (not modelled)', NULL
FROM pg_catalog.pg_opfamily o WHERE o.opfnamespace = ${NS} AND ${own('pg_catalog.pg_opfamily', 'o.oid')}
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_opclass c WHERE c.opcfamily = o.oid AND c.opcname = o.opfname AND c.opcnamespace = o.opfnamespace)
UNION ALL
SELECT 'cast', format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL), 'a cast over a type or function strata does not keep, or used by a table (not modelled)', NULL
FROM pg_catalog.pg_cast c WHERE c.oid >= 16384 AND ${own('pg_catalog.pg_cast', 'c.oid')} AND NOT ${CAST_KEPT('c')}
UNION ALL
SELECT 'collation', c.collname, 'a collation (not modelled)', NULL
FROM pg_catalog.pg_collation c WHERE c.collnamespace = ${NS} AND ${own('pg_catalog.pg_collation', 'c.oid')} AND NOT ${COLLATION_KEPT('c')}
UNION ALL
SELECT 'text search configuration', c.cfgname, 'not modelled', NULL
FROM pg_catalog.pg_ts_config c WHERE c.cfgnamespace = ${NS} AND ${own('pg_catalog.pg_ts_config', 'c.oid')}
UNION ALL
SELECT 'text search dictionary', d.dictname, 'not modelled', NULL
FROM pg_catalog.pg_ts_dict d WHERE d.dictnamespace = ${NS} AND ${own('pg_catalog.pg_ts_dict', 'd.oid')}
UNION ALL
SELECT 'statistics', s.stxname, 'extended statistics on a table of another schema (not modelled)', NULL
FROM pg_catalog.pg_statistic_ext s WHERE s.stxnamespace = ${NS} AND ${own('pg_catalog.pg_statistic_ext', 's.oid')} AND NOT ${STATISTICS_KEPT('s')}
UNION ALL
SELECT 'schema', n.nspname, 'holds ' || (SELECT count(*) FROM pg_catalog.pg_class c WHERE c.relnamespace = n.oid AND ${own('pg_catalog.pg_class', 'c.oid')})
       || ' relations and ' || (SELECT count(*) FROM pg_catalog.pg_proc p WHERE p.pronamespace = n.oid AND ${own('pg_catalog.pg_proc', 'p.oid')})
       || ' functions (introspect reads the current schema, ' || current_schema() || ', and those named by --schema)', NULL
FROM pg_catalog.pg_namespace n
WHERE n.oid <> ${NS} AND NOT (n.nspname = ANY($1::text[])) AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
  AND ${own('pg_catalog.pg_namespace', 'n.oid')}
  AND (EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.relnamespace = n.oid AND ${own('pg_catalog.pg_class', 'c.oid')})
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.pronamespace = n.oid AND ${own('pg_catalog.pg_proc', 'p.oid')})
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_type t WHERE t.typnamespace = n.oid AND ${own('pg_catalog.pg_type', 't.oid')}
                  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid)
                  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type e WHERE e.typarray = t.oid)))`

/**
 * Every object beyond tables, of the current schema (and the database-wide
 * kinds: extensions, event triggers, publications, foreign servers, casts,
 * other schemas), that introspection does not keep. `exclude`: tables strata
 * owns; what belongs to them is skipped.
 */
/** `schemas`: the other schemas introspect reads (postgres-unkept-schemas.ts names what it leaves there). */
export async function unkeptPostgresObjects(query: QueryFn, exclude: ReadonlySet<string>, grants = false, schemas: readonly string[] = []): Promise<UnkeptItem[]> {
  const rows: Row[] = await query(FINDINGS(grants), [schemas])
  const views = [...(await viewsOnUnkeptFunctions(query))].map(([name, { kind, via }]) => ({
    kind: kind === 'm' ? 'materialized view' : 'view',
    name,
    reason: `uses ${via}, which is not kept (not modelled: the rebuilt database does not have this view)`,
  }))
  return rows
    .filter((r) => r.owner === null || r.owner === undefined || !exclude.has(String(r.owner)))
    .map((r) => ({ kind: KINDS[String(r.kind)] ?? String(r.kind), name: String(r.name), reason: String(r.reason) }))
    .concat(views)
    .sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.kind < b.kind ? -1 : 1))
}
