/**
 * Operators of the current schema, offered by `introspect` as raw `sql`
 * entries: CREATE OPERATOR from pg_operator (FUNCTION, LEFTARG, RIGHTARG,
 * COMMUTATOR, NEGATOR, RESTRICT, JOIN, HASHES, MERGES) and the comment,
 * when its function is one the rebuilt database will have (PostgreSQL's,
 * an extension's, or a function of this schema strata keeps). The views
 * using one name it in `dependsOn` (created before them). One that a
 * table uses (a CHECK, an index, a default, an operator class) stays named
 * as not kept: it would be needed before the tables, and its function is
 * created with them. https://www.postgresql.org/docs/current/sql-createoperator.html
 */
import type { AdoptedSqlObject, Row } from '../dialect'
import { FUNCTION_NOT_KEPT, NOT_OWN_FUNCTION } from './postgres-functions-read'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

/** The operators introspect keeps (`o`: pg_operator). */
export const OPERATOR_KEPT = (o: string) => `(${o}.oprnamespace = ${NS} AND ${o}.oprcode <> 0
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend od WHERE od.refclassid = 'pg_catalog.pg_operator'::regclass AND od.refobjid = ${o}.oid
    AND od.classid IN ('pg_catalog.pg_constraint'::regclass, 'pg_catalog.pg_class'::regclass, 'pg_catalog.pg_attrdef'::regclass, 'pg_catalog.pg_amop'::regclass))
  AND EXISTS (SELECT 1 FROM pg_catalog.pg_proc of JOIN pg_catalog.pg_language ol ON ol.oid = of.prolang WHERE of.oid = ${o}.oprcode
    AND (of.pronamespace = 'pg_catalog'::regnamespace OR ${NOT_OWN_FUNCTION('of')} OR (of.pronamespace = ${NS} AND (${FUNCTION_NOT_KEPT('of', 'ol')}) IS NULL))))`

/** A function's name as the search path resolves it. */
const fn = (oid: string) => `(SELECT CASE WHEN pg_function_is_visible(f.oid) THEN quote_ident(f.proname)
  ELSE quote_ident(fn.nspname) || '.' || quote_ident(f.proname) END
  FROM pg_catalog.pg_proc f JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace WHERE f.oid = ${oid})`

/** An operator's name as CREATE OPERATOR's COMMUTATOR / NEGATOR takes it. */
const op = (oid: string) => `(SELECT CASE WHEN x.oprnamespace = ${NS} OR x.oprnamespace = 'pg_catalog'::regnamespace THEN x.oprname
  ELSE 'OPERATOR(' || quote_ident(xn.nspname) || '.' || x.oprname || ')' END
  FROM pg_catalog.pg_operator x JOIN pg_catalog.pg_namespace xn ON xn.oid = x.oprnamespace WHERE x.oid = ${oid})`

const OPERATORS = `
SELECT o.oid::int8 AS oid, o.oprcom::int8 AS com, o.oprnegate::int8 AS neg, o.oprname AS name, ${fn('o.oprcode')} AS function,
       CASE WHEN o.oprleft <> 0 THEN format_type(o.oprleft, NULL) END AS leftarg, CASE WHEN o.oprright <> 0 THEN format_type(o.oprright, NULL) END AS rightarg,
       ${op('o.oprcom')} AS commutator, ${op('o.oprnegate')} AS negator, ${fn('o.oprrest')} AS restrict, ${fn('o.oprjoin')} AS join,
       o.oprcanhash AS hashes, o.oprcanmerge AS merges, obj_description(o.oid, 'pg_operator') AS comment,
       (SELECT i.type || ' ' || i.identity FROM pg_identify_object('pg_catalog.pg_operator'::regclass, o.oid, 0) i) AS key,
       ARRAY(SELECT DISTINCT c.relname::text FROM pg_catalog.pg_depend d
             JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
             JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
             WHERE d.refclassid = 'pg_catalog.pg_operator'::regclass AND d.refobjid = o.oid AND c.relnamespace = ${NS} AND c.relkind IN ('v', 'm')
             ORDER BY 1)::text[] AS views
FROM pg_catalog.pg_operator o
WHERE ${OPERATOR_KEPT('o')}
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e')
ORDER BY o.oprname, leftarg, rightarg`

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

/**
 * Operators linked as COMMUTATOR / NEGATOR, in groups: creating one makes a
 * shell of the other, which the other's CREATE then fills, so a pair is one
 * `sql` entry (what it made is recorded once both are made).
 */
function groups(rows: readonly Row[]): Row[][] {
  const byOid = new Map(rows.map((r) => [String(r.oid), r]))
  const group = new Map<string, Row[]>()
  const out: Row[][] = []
  for (const row of rows) {
    if (group.has(String(row.oid))) continue
    const members: Row[] = []
    const pending = [row]
    while (pending.length) {
      const r = pending.pop()!
      if (group.has(String(r.oid))) continue
      group.set(String(r.oid), members)
      members.push(r)
      for (const link of [r.com, r.neg]) {
        const other = byOid.get(String(link))
        if (other && !group.has(String(other.oid))) pending.push(other)
      }
    }
    out.push(members)
  }
  return out
}

/** Each operator (or linked group) as a `sql` entry named `operator <name>(<left>, <right>)` after its first. */
export async function readPostgresOperators(query: QueryFn, definitions: (keys: readonly string[]) => Promise<ReadonlyMap<string, string>>): Promise<AdoptedSqlObject[]> {
  const rows = await query(OPERATORS)
  const made = await definitions(rows.map((r) => String(r.key)))
  return groups(rows).map((members) => {
    const parts = members.map((row) => operator(row))
    const key = (row: Row) => String(row.key)
    return {
      kind: 'operator',
      label: parts.map((p) => p.label).join(' and '),
      object: {
        name: `operator ${parts[0]!.label}`,
        create: { postgres: parts.flatMap((p) => p.statements).join(';\n') },
        drop: { postgres: parts.map((p) => p.drop).join(';\n') },
        made: Object.fromEntries(members.filter((m) => made.has(key(m))).map((m) => [key(m), made.get(key(m))!])),
      },
      views: [...new Set(members.flatMap((m) => (m.views as string[]) ?? []))].sort(),
    }
  })
}

function operator(row: Row): { label: string; statements: string[]; drop: string } {
  const options = [`FUNCTION = ${row.function}`]
  if (row.leftarg !== null) options.push(`LEFTARG = ${row.leftarg}`)
  if (row.rightarg !== null) options.push(`RIGHTARG = ${row.rightarg}`)
  if (row.commutator !== null) options.push(`COMMUTATOR = ${row.commutator}`)
  if (row.negator !== null) options.push(`NEGATOR = ${row.negator}`)
  if (row.restrict !== null) options.push(`RESTRICT = ${row.restrict}`)
  if (row.join !== null) options.push(`JOIN = ${row.join}`)
  if (row.hashes === true) options.push('HASHES')
  if (row.merges === true) options.push('MERGES')
  const signature = `${row.name} (${row.leftarg ?? 'NONE'}, ${row.rightarg ?? 'NONE'})`
  const statements = [`CREATE OPERATOR ${row.name} (${options.join(', ')})`]
  if (row.comment !== null) statements.push(`COMMENT ON OPERATOR ${signature} IS ${literal(String(row.comment))}`)
  const label = `${row.name}(${row.leftarg ?? 'NONE'}, ${row.rightarg ?? 'NONE'})`
  return { label, statements, drop: `DROP OPERATOR ${signature}` }
}
