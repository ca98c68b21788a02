/**
 * What a database holds besides its tables' columns, keys and indexes (which
 * `TargetDatabase.dump()` reads): views, triggers, routines, table options,
 * constraint state (DEFERRABLE, NOT VALID, EXCLUDE), sequences, extensions,
 * domains, composite and range types, row-level security, policies and
 * grants, each read with the database's own catalog. The operations test
 * compares it before a migration and after its `down`, so that a down which
 * leaves a view, a trigger function or a grant behind fails.
 *
 * Typed by DialectName: a new dialect without its reader does not compile.
 */
import type { DialectName } from '../../src/dialects/dialect'
import type { TargetDatabase } from './targets'

export type SchemaObjects = Readonly<Record<string, readonly Record<string, unknown>[]>>

const HISTORY = 'strata_migrations'
/** strata's own tables: the history, and the record of what raw sql objects made (made by the first one applied). */
const STRATA_TABLES = `'${HISTORY}', 'strata_sql_objects'`

async function read(db: TargetDatabase, queries: Record<string, string>): Promise<SchemaObjects> {
  const out: Record<string, Record<string, unknown>[]> = {}
  for (const [key, sql] of Object.entries(queries)) out[key] = await db.rows(sql)
  return out
}

/**
 * Objects an extension brought (its functions and types) are the extension's,
 * and a range type's constructor functions and multirange type are the
 * type's (an internal dependency), not objects of the schema of their own.
 */
const notFromExtension = (classid: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${classid}'::regclass AND d.objid = ${oid} AND d.deptype IN ('e', 'i'))`

const POSTGRES: Record<string, string> = {
  // The schemas (CREATE SCHEMA), and the tables of the schemas other than public.
  schemas: `SELECT n.nspname AS name, (SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p')) AS tables
    FROM pg_namespace n WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN ('information_schema', 'public') ORDER BY 1`,
  // relpersistence: UNLOGGED; relrowsecurity / relforcerowsecurity: ENABLE / FORCE ROW LEVEL SECURITY.
  relations: `SELECT c.relname AS name, c.relkind AS kind, c.relpersistence AS persistence, c.relrowsecurity AS rls, c.relforcerowsecurity AS force_rls
    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relname NOT IN (${STRATA_TABLES}) AND c.relname NOT LIKE '${HISTORY}%' ORDER BY 1`,
  constraints: `SELECT c.relname AS table, k.conname AS name, k.contype AS type, pg_get_constraintdef(k.oid) AS definition,
      k.condeferrable AS deferrable, k.condeferred AS deferred, k.convalidated AS validated, obj_description(k.oid, 'pg_constraint') AS comment
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    WHERE c.relnamespace = 'public'::regnamespace AND c.relname NOT IN (${STRATA_TABLES}) ORDER BY 1, 2`,
  views: `SELECT c.relname AS name, c.relkind AS kind, pg_get_viewdef(c.oid) AS query
    FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm') ORDER BY 1`,
  triggers: `SELECT t.tgname AS name, pg_get_triggerdef(t.oid) AS definition FROM pg_trigger t WHERE NOT t.tgisinternal ORDER BY 1`,
  routines: `SELECT p.proname AS name, pg_get_functiondef(p.oid) AS definition FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace AND ${notFromExtension('pg_proc', 'p.oid')} ORDER BY 1`,
  sequences: `SELECT s.relname AS name, format_type(q.seqtypid, NULL) AS type, q.seqstart::text AS start, q.seqincrement::text AS increment,
      q.seqmin::text AS min, q.seqmax::text AS max, q.seqcache::text AS cache, q.seqcycle AS cycle
    FROM pg_sequence q JOIN pg_class s ON s.oid = q.seqrelid WHERE s.relnamespace = 'public'::regnamespace ORDER BY 1`,
  extensions: `SELECT e.extname AS name, e.extversion AS version, e.extnamespace::regnamespace::text AS schema FROM pg_extension e ORDER BY 1`,
  // Domains, composite types (relkind c, not a table's row type) and range types of the schema's own.
  types: `SELECT t.typname AS name, t.typtype AS kind, format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull AS not_null,
      pg_get_expr(t.typdefaultbin, 0) AS "default", format_type(r.rngsubtype, NULL) AS subtype,
      (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
       FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) AS fields
    FROM pg_type t LEFT JOIN pg_class c ON c.oid = t.typrelid LEFT JOIN pg_range r ON r.rngtypid = t.oid
    WHERE t.typnamespace = 'public'::regnamespace AND (t.typtype IN ('d', 'r') OR (t.typtype = 'c' AND c.relkind = 'c'))
      AND ${notFromExtension('pg_type', 't.oid')} ORDER BY 1`,
  domainChecks: `SELECT t.typname AS domain, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid WHERE t.typnamespace = 'public'::regnamespace ORDER BY 1, 2`,
  policies: `SELECT c.relname AS table, p.polname AS name, p.polcmd AS command, p.polpermissive AS permissive,
      (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END, ', ' ORDER BY 1) FROM unnest(p.polroles) r) AS roles,
      pg_get_expr(p.polqual, p.polrelid) AS using, pg_get_expr(p.polwithcheck, p.polrelid) AS check
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid ORDER BY 1, 2`,
  // What roles other than the owner hold (aclexplode of the ACLs), PUBLIC's EXECUTE on functions left out (the default).
  grants: `SELECT c.relname AS object, pg_get_userbyid(a.grantee)::text AS role, a.privilege_type AS privilege
      FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
      WHERE c.relnamespace = 'public'::regnamespace AND a.grantee <> c.relowner AND c.relname NOT IN (${STRATA_TABLES}) AND c.relname NOT LIKE '${HISTORY}%'
    UNION ALL
    SELECT p.proname, pg_get_userbyid(a.grantee)::text, a.privilege_type FROM pg_proc p CROSS JOIN LATERAL aclexplode(p.proacl) a
      WHERE p.pronamespace = 'public'::regnamespace AND a.grantee NOT IN (0, p.proowner)
    ORDER BY 1, 2, 3`,
}

const SQLITE: Record<string, string> = {
  // The stored text of views and triggers, as SQLite keeps it (https://www.sqlite.org/schematab.html).
  objects: "SELECT type, name, tbl_name AS \"table\", sql FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY type, name",
  // STRICT and WITHOUT ROWID (https://www.sqlite.org/pragma.html#pragma_table_list).
  tableOptions: `SELECT name, strict, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN (${STRATA_TABLES}) ORDER BY name`,
}

const MYSQL: Record<string, string> = {
  views: 'SELECT TABLE_NAME AS name, VIEW_DEFINITION AS query, CHECK_OPTION AS check_option FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1',
  triggers: `SELECT TRIGGER_NAME AS name, EVENT_MANIPULATION AS event, EVENT_OBJECT_TABLE AS "table", ACTION_TIMING AS timing, ACTION_STATEMENT AS body
    FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1`,
  routines: 'SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type, ROUTINE_DEFINITION AS body FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY 1',
}

/** Every dialect's reader of the objects `dump()` leaves out. */
export const SCHEMA_OBJECTS: Record<DialectName, (db: TargetDatabase) => Promise<SchemaObjects>> = {
  sqlite: (db) => read(db, SQLITE),
  postgres: (db) => read(db, POSTGRES),
  mysql: (db) => read(db, MYSQL),
}
