/**
 * Aggregates of the current schema, offered by `introspect` as raw `sql`
 * entries (the model has no aggregates; schema/sql-objects.ts): the
 * statement is built from pg_aggregate and pg_proc, every option CREATE
 * AGGREGATE takes that the catalog holds (SFUNC, STYPE, SSPACE, FINALFUNC,
 * FINALFUNC_EXTRA, FINALFUNC_MODIFY, COMBINEFUNC, SERIALFUNC, DESERIALFUNC,
 * INITCOND, the moving-aggregate M… options, SORTOP, PARALLEL, HYPOTHETICAL,
 * ordered-set arguments) and its comment, so that the object it creates has
 * the same catalog rows.
 * https://www.postgresql.org/docs/current/sql-createaggregate.html
 * https://www.postgresql.org/docs/current/catalog-pg-aggregate.html
 *
 * Only an aggregate whose support functions the rebuilt database will have
 * (PostgreSQL's own, an extension's, or functions of this schema that
 * strata keeps) is offered (AGGREGATE_KEPT); any other stays named as not
 * kept (postgres-unkept-objects.ts), and so do the views over it.
 */
import type { AdoptedSqlObject, Row } from '../dialect'
import { adoptedSql } from './postgres-adopted-sql'
import { FUNCTION_NOT_KEPT, NOT_OWN_FUNCTION, TRIGGER_BODY_FUNCTION } from './postgres-functions-read'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

/** The support functions of aggregate `p` (oids; 0 where none). */
const SUPPORT = (g: string) =>
  `ARRAY[${g}.aggtransfn, ${g}.aggfinalfn, ${g}.aggcombinefn, ${g}.aggserialfn, ${g}.aggdeserialfn, ${g}.aggmtransfn, ${g}.aggminvtransfn, ${g}.aggmfinalfn]::oid[]`

/**
 * Is `p` (pg_proc) an aggregate introspect keeps as a raw `sql` entry: its
 * own (no extension member), and every support function is PostgreSQL's,
 * an extension's, or a function of the current schema strata reads.
 */
export const AGGREGATE_KEPT = (p: string) => `(${p}.prokind = 'a' AND NOT ${NOT_OWN_FUNCTION(p)} AND NOT EXISTS (
  SELECT 1 FROM pg_catalog.pg_aggregate ag CROSS JOIN LATERAL unnest(${SUPPORT('ag')}) s(fn)
  JOIN pg_catalog.pg_proc sf ON sf.oid = s.fn JOIN pg_catalog.pg_language sl ON sl.oid = sf.prolang
  WHERE ag.aggfnoid = ${p}.oid AND sf.pronamespace <> 'pg_catalog'::regnamespace AND NOT ${NOT_OWN_FUNCTION('sf')}
    AND (sf.pronamespace <> ${NS} OR (${FUNCTION_NOT_KEPT('sf', 'sl')}) IS NOT NULL OR ${TRIGGER_BODY_FUNCTION('sf')})))`

/** A function's name as the search path resolves it: bare when visible, else schema-qualified. */
const fn = (oid: string) => `(SELECT CASE WHEN pg_function_is_visible(f.oid) THEN quote_ident(f.proname)
  ELSE quote_ident(fn.nspname) || '.' || quote_ident(f.proname) END
  FROM pg_catalog.pg_proc f JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace WHERE f.oid = ${oid})`

const AGGREGATES = `
SELECT p.proname AS name, quote_ident(p.proname) AS quoted, pg_get_function_arguments(p.oid) AS args,
       pg_get_function_identity_arguments(p.oid) AS identity, g.aggkind AS kind,
       ${fn('g.aggtransfn')} AS sfunc, format_type(g.aggtranstype, NULL) AS stype, g.aggtransspace AS sspace,
       ${fn('g.aggfinalfn')} AS finalfunc, g.aggfinalextra AS finalextra, g.aggfinalmodify AS finalmodify,
       ${fn('g.aggcombinefn')} AS combinefunc, ${fn('g.aggserialfn')} AS serialfunc, ${fn('g.aggdeserialfn')} AS deserialfunc,
       g.agginitval AS initcond,
       ${fn('g.aggmtransfn')} AS msfunc, ${fn('g.aggminvtransfn')} AS minvfunc,
       CASE WHEN g.aggmtranstype <> 0 THEN format_type(g.aggmtranstype, NULL) END AS mstype, g.aggmtransspace AS msspace,
       ${fn('g.aggmfinalfn')} AS mfinalfunc, g.aggmfinalextra AS mfinalextra, g.aggmfinalmodify AS mfinalmodify, g.aggminitval AS minitcond,
       (SELECT CASE WHEN pg_operator_is_visible(o.oid) THEN o.oprname ELSE 'OPERATOR(' || quote_ident(n.nspname) || '.' || o.oprname || ')' END
        FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace WHERE o.oid = g.aggsortop) AS sortop,
       p.proparallel AS parallel, obj_description(p.oid, 'pg_proc') AS comment,
       (SELECT i.type || ' ' || i.identity FROM pg_identify_object('pg_catalog.pg_proc'::regclass, p.oid, 0) i) AS key,
       (SELECT count(*) FROM pg_catalog.pg_proc o WHERE o.pronamespace = p.pronamespace AND o.proname = p.proname)::int AS same_name,
       ARRAY(SELECT DISTINCT c.relname::text FROM pg_catalog.pg_depend d
             JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
             JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
             WHERE d.refclassid = 'pg_catalog.pg_proc'::regclass AND d.refobjid = p.oid AND c.relnamespace = ${NS} AND c.relkind IN ('v', 'm')
             ORDER BY 1)::text[] AS views
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_aggregate g ON g.aggfnoid = p.oid
WHERE p.pronamespace = ${NS} AND ${AGGREGATE_KEPT('p')}
ORDER BY p.proname, identity`

const PARALLEL: Record<string, string> = { s: 'SAFE', r: 'RESTRICTED' }
const MODIFY: Record<string, string> = { r: 'READ_ONLY', s: 'SHAREABLE', w: 'READ_WRITE' }

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

/** CREATE AGGREGATE's options for one catalog row, each only when it is not the default. */
function options(row: Row): string[] {
  const out: string[] = [`SFUNC = ${row.sfunc}`, `STYPE = ${row.stype}`]
  const set = (key: string, value: unknown) => {
    if (value !== null && value !== undefined) out.push(`${key} = ${value}`)
  }
  if (Number(row.sspace) > 0) set('SSPACE', Number(row.sspace))
  set('FINALFUNC', row.finalfunc)
  if (row.finalextra === true) out.push('FINALFUNC_EXTRA')
  // READ_WRITE is the default of an ordered-set aggregate, READ_ONLY of the others.
  const defaultModify = row.kind === 'n' ? 'r' : 'w'
  if (row.finalfunc !== null || row.finalmodify !== defaultModify) set('FINALFUNC_MODIFY', MODIFY[String(row.finalmodify)])
  set('COMBINEFUNC', row.combinefunc)
  set('SERIALFUNC', row.serialfunc)
  set('DESERIALFUNC', row.deserialfunc)
  if (row.initcond !== null) set('INITCOND', literal(String(row.initcond)))
  set('MSFUNC', row.msfunc)
  set('MINVFUNC', row.minvfunc)
  set('MSTYPE', row.mstype)
  if (Number(row.msspace) > 0) set('MSSPACE', Number(row.msspace))
  set('MFINALFUNC', row.mfinalfunc)
  if (row.mfinalextra === true) out.push('MFINALFUNC_EXTRA')
  if (row.mfinalfunc !== null || row.mfinalmodify !== defaultModify) set('MFINALFUNC_MODIFY', MODIFY[String(row.mfinalmodify)])
  if (row.minitcond !== null) set('MINITCOND', literal(String(row.minitcond)))
  set('SORTOP', row.sortop)
  set('PARALLEL', PARALLEL[String(row.parallel)])
  if (row.kind === 'h') out.push('HYPOTHETICAL')
  return out
}

/**
 * The aggregates introspect keeps, each as a `sql` entry (PostgreSQL text
 * only) with what it makes (its catalog key) and the views whose query uses
 * it, which name it in their `dependsOn`. The entry is named after the
 * aggregate, with its argument types when another function shares the name.
 */
export async function readPostgresAggregates(query: QueryFn, definitions: (keys: readonly string[]) => Promise<ReadonlyMap<string, string>>): Promise<AdoptedSqlObject[]> {
  const rows = await query(AGGREGATES)
  const made = await definitions(rows.map((r) => String(r.key)))
  return rows.map((row) => {
    const signature = `${row.quoted}(${String(row.args) || '*'})`
    const identity = `${row.quoted}(${String(row.identity) || '*'})`
    const statements = [`CREATE AGGREGATE ${signature} (\n  ${options(row).join(',\n  ')}\n)`]
    if (row.comment !== null) statements.push(`COMMENT ON AGGREGATE ${identity} IS ${literal(String(row.comment))}`)
    const label = `${row.name}(${String(row.identity) || '*'})`
    return adoptedSql({
      kind: 'aggregate',
      label,
      name: Number(row.same_name) > 1 ? label : String(row.name),
      statements,
      drop: `DROP AGGREGATE ${identity}`,
      key: String(row.key),
      made,
      views: (row.views as string[]) ?? [],
    })
  })
}
