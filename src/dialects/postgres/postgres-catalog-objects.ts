/**
 * PostgreSQL's catalog as keys and definitions, for what a raw `sql` object
 * made (migrations/sql-object-records.ts). Every user object of the catalogs
 * below (an oid from FirstNormalObjectId, 16384, up: the objects initdb
 * makes have lower ones, https://www.postgresql.org/docs/current/system-catalog-initial-data.html#SYSTEM-CATALOG-OID-ASSIGNMENT),
 * except the members of extensions (the extension itself is one object).
 * The key is pg_identify_object's type and identity
 * (https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-INFO-OBJECT):
 * `view public.items_report`, `trigger items_audit on public.items`,
 * `function public.f(integer)`, `event trigger ddl_log`. The definition is
 * the one the server prints (pg_get_viewdef, pg_get_functiondef,
 * pg_get_triggerdef, pg_get_indexdef, pg_get_constraintdef, pg_get_ruledef,
 * pg_get_statisticsobjdef), or, for a table, sequence, type, domain, policy
 * or aggregate, its catalog fields as text; for the other catalogs the row
 * as JSON without its oid and privileges. Implicit objects (a table's row
 * type and array types, TOAST tables, a range's multirange) are part of
 * what makes them.
 */
import type { Row } from '../dialect'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

/** The columns of relation `rel` as `name type [NOT NULL] [DEFAULT …]`, one a line. */
const columns = (rel: string) => `(SELECT string_agg(format('%I %s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
    CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END, coalesce(' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid), '')), E'\\n' ORDER BY a.attnum)
  FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  WHERE a.attrelid = ${rel} AND a.attnum > 0 AND NOT a.attisdropped)`

/** The row as JSON without its oid and privileges: for catalogs without a printing function. */
const generic = `(SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(to_jsonb(x)) e WHERE e.key <> 'oid' AND e.key NOT LIKE '%acl')::text`

interface Catalog {
  readonly name: string
  readonly where?: string
  readonly definition: string
}

const CATALOGS: readonly Catalog[] = [
  {
    name: 'pg_class',
    where: "x.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'i', 'I') AND x.relpersistence <> 't' AND x.relnamespace <> 'pg_toast'::regnamespace",
    definition: `CASE
      WHEN x.relkind IN ('v', 'm') THEN pg_get_viewdef(x.oid)
      WHEN x.relkind IN ('i', 'I') THEN pg_get_indexdef(x.oid)
      WHEN x.relkind = 'S' THEN (SELECT format('%s start %s increment %s min %s max %s cache %s cycle %s', s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle)
        FROM pg_sequence s WHERE s.seqrelid = x.oid)
      ELSE x.relkind::text || E'\\n' || coalesce(${columns('x.oid')}, '') END`,
  },
  { name: 'pg_constraint', where: 'x.conrelid <> 0', definition: 'pg_get_constraintdef(x.oid)' },
  { name: 'pg_trigger', where: 'NOT x.tgisinternal', definition: "pg_get_triggerdef(x.oid) || ' ' || x.tgenabled::text" },
  {
    name: 'pg_proc',
    definition: `CASE WHEN x.prokind = 'a' THEN (SELECT format('aggregate sfunc %s stype %s finalfunc %s combinefunc %s initcond %s kind %s sortop %s',
        g.aggtransfn::regproc, g.aggtranstype::regtype, g.aggfinalfn::regproc, g.aggcombinefn::regproc, g.agginitval, g.aggkind, g.aggsortop::regoperator)
      FROM pg_aggregate g WHERE g.aggfnoid = x.oid) ELSE pg_get_functiondef(x.oid) END`,
  },
  {
    name: 'pg_type',
    // Not a table's row type, not an array type, not a multirange (made with their table, element type or range).
    where: `x.typtype <> 'm' AND (x.typrelid = 0 OR (SELECT c.relkind FROM pg_class c WHERE c.oid = x.typrelid) = 'c')
      AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = x.oid)`,
    definition: `CASE x.typtype
      WHEN 'd' THEN format_type(x.typbasetype, x.typtypmod) || CASE WHEN x.typnotnull THEN ' NOT NULL' ELSE '' END || coalesce(' DEFAULT ' || x.typdefault, '')
        || coalesce((SELECT string_agg(' CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid), '' ORDER BY c.conname) FROM pg_constraint c WHERE c.contypid = x.oid), '')
      WHEN 'e' THEN 'enum ' || (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = x.oid)
      WHEN 'r' THEN (SELECT format('range %s %s %s', r.rngsubtype::regtype, (SELECT o.opcname FROM pg_opclass o WHERE o.oid = r.rngsubopc), r.rngsubdiff::regproc) FROM pg_range r WHERE r.rngtypid = x.oid)
      WHEN 'c' THEN 'composite ' || coalesce(${columns('x.typrelid')}, '')
      ELSE ${generic} END`,
  },
  {
    name: 'pg_policy',
    definition: `format('%s %s to %s using (%s) with check (%s)', x.polcmd, CASE WHEN x.polpermissive THEN 'permissive' ELSE 'restrictive' END,
      (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END, ', ' ORDER BY 1) FROM unnest(x.polroles) r),
      pg_get_expr(x.polqual, x.polrelid), pg_get_expr(x.polwithcheck, x.polrelid))`,
  },
  { name: 'pg_event_trigger', definition: "format('%s %s %s %s', x.evtevent, x.evtfoid::regprocedure, x.evtenabled, array_to_string(x.evttags, ', '))" },
  {
    name: 'pg_publication',
    // The tables it names (pg_publication_rel), not pg_publication_tables: FOR ALL TABLES lists every table,
    // so a table created later would read as a change of the publication.
    definition: `${generic} || ' tables ' || coalesce((SELECT string_agg(r.prrelid::regclass::text, ', ' ORDER BY 1) FROM pg_publication_rel r WHERE r.prpubid = x.oid), '')`,
  },
  { name: 'pg_rewrite', where: "x.rulename <> '_RETURN'", definition: 'pg_get_ruledef(x.oid)' },
  { name: 'pg_statistic_ext', definition: 'pg_get_statisticsobjdef(x.oid)' },
  { name: 'pg_extension', definition: "x.extversion || ' ' || x.extnamespace::regnamespace" },
  ...[
    'pg_namespace',
    'pg_operator',
    'pg_cast',
    'pg_collation',
    'pg_conversion',
    'pg_opclass',
    'pg_opfamily',
    'pg_am',
    'pg_language',
    'pg_transform',
    'pg_ts_config',
    'pg_ts_dict',
    'pg_ts_parser',
    'pg_ts_template',
    'pg_foreign_data_wrapper',
    'pg_foreign_server',
  ].map((name) => ({ name, definition: generic })),
]

/** One catalog's keys, and with `definitions` their definitions, of the keys in $1. */
function select(catalog: Catalog, definitions: boolean): string {
  const where = [
    'x.oid >= 16384',
    `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog.name}'::regclass AND d.objid = x.oid AND d.deptype = 'e')`,
    ...(catalog.where ? [catalog.where] : []),
    ...(definitions ? ['k.key = ANY($1::text[])'] : []),
  ]
  return (
    `SELECT k.key${definitions ? `, ${catalog.definition} AS definition` : ''} FROM ${catalog.name} x, ` +
    `LATERAL (SELECT i.type || ' ' || i.identity AS key FROM pg_identify_object('${catalog.name}'::regclass, x.oid, 0) i) k WHERE ${where.join(' AND ')}`
  )
}

export async function postgresCatalogKeys(query: QueryFn): Promise<string[]> {
  const rows = await query(CATALOGS.map((c) => select(c, false)).join('\nUNION ALL\n'))
  return rows.map((r) => String(r.key))
}

export async function postgresCatalogDefinitions(query: QueryFn, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map()
  const rows = await query(CATALOGS.map((c) => select(c, true)).join('\nUNION ALL\n'), [keys])
  return new Map(rows.map((r) => [String(r.key), String(r.definition ?? '')]))
}
