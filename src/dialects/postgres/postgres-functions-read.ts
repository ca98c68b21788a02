/**
 * Functions and procedures of the current schema, read from pg_proc into the
 * model: the argument list and result as pg_get_function_arguments /
 * pg_get_function_result print them, the body verbatim (prosrc), the
 * attributes pg_get_functiondef prints, defaults left out.
 * https://www.postgresql.org/docs/current/catalog-pg-proc.html
 *
 * Read only when the model can hold it (KEPT_FUNCTION); what it cannot —
 * overloads, SQL-standard bodies (BEGIN ATOMIC, kept parsed, not as text),
 * C functions (a symbol in a library file), aggregates — the unkept report
 * names (postgres-unkept-objects.ts). A trigger function that strata made
 * for a trigger's `body` is the trigger's (postgres-objects-read.ts).
 */
import type { StoredFunction } from '../../schema/functions'
import type { Row } from '../dialect'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>
type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

/**
 * Made by strata for a trigger's body (triggerFunctionName): a PL/pgSQL
 * function without arguments named after the trigger or `<table>_<trigger>`,
 * for that one trigger, which passes it no arguments (postgres-objects-read.ts).
 */
export const TRIGGER_BODY_FUNCTION = (p: string) => `EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_language tl ON tl.oid = ${p}.prolang
  JOIN pg_catalog.pg_class tc ON tc.oid = t.tgrelid
  WHERE t.tgfoid = ${p}.oid AND (t.tgname = ${p}.proname OR tc.relname || '_' || t.tgname = ${p}.proname) AND NOT t.tgisinternal
    AND tl.lanname = 'plpgsql' AND ${p}.pronargs = 0 AND t.tgnargs = 0 AND ${TRIGGER_USES(`${p}.oid`)} = 1)`

/** How many triggers execute the function `oid` (a trigger's own function serves one; a partition's clone of its parent's is not counted). */
export const TRIGGER_USES = (oid: string) =>
  `(SELECT count(*) FROM pg_catalog.pg_trigger t2 WHERE t2.tgfoid = ${oid} AND NOT t2.tgisinternal AND t2.tgparentid = 0)::int`

/** A member of an extension, or made by the database as part of another object (a range type's constructors). */
export const NOT_OWN_FUNCTION = (p: string) =>
  `EXISTS (SELECT 1 FROM pg_catalog.pg_depend xd WHERE xd.classid = 'pg_catalog.pg_proc'::regclass AND xd.objid = ${p}.oid AND xd.deptype IN ('e', 'i'))`

/** Why a function of the current schema is not read into the model, or NULL when it is. */
export const FUNCTION_NOT_KEPT = (p: string, l: string) => `CASE
  WHEN ${p}.prokind NOT IN ('f', 'p') THEN 'an aggregate or window function (not modelled)'
  WHEN ${l}.lanname IN ('c', 'internal') THEN 'LANGUAGE ' || ${l}.lanname || ' (not modelled: its body is a symbol of a library)'
  WHEN ${p}.prosqlbody IS NOT NULL THEN 'a SQL-standard body (BEGIN ATOMIC / RETURN; not modelled: write it as AS ''…'')'
  WHEN (SELECT count(*) FROM pg_catalog.pg_proc o WHERE o.pronamespace = ${p}.pronamespace AND o.proname = ${p}.proname) > 1
    THEN 'overloaded (one of several functions of this name; strata keeps one function per name)'
  END`

const FUNCTIONS = `
SELECT p.proname AS name, p.prokind AS kind, pg_get_function_arguments(p.oid) AS args, pg_get_function_result(p.oid) AS result,
       l.lanname AS language, p.prosrc AS body, p.provolatile AS volatility, p.proisstrict AS strict, p.prosecdef AS definer,
       p.proparallel AS parallel, p.proleakproof AS leakproof, p.procost::float8 AS cost, p.prorows::float8 AS rows,
       p.proretset AS set_returning, p.proconfig AS config
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = ${NS} AND NOT ${NOT_OWN_FUNCTION('p')} AND NOT ${TRIGGER_BODY_FUNCTION('p')}
  AND (${FUNCTION_NOT_KEPT('p', 'l')}) IS NULL
ORDER BY p.proname`

const VOLATILITY: Record<string, StoredFunction['volatility']> = { i: 'immutable', s: 'stable' }
const PARALLEL: Record<string, StoredFunction['parallel']> = { s: 'safe', r: 'restricted' }

export function functionFromRow(row: Row): StoredFunction {
  const fn: Mutable<StoredFunction> = { name: String(row.name), language: String(row.language), body: String(row.body) }
  const args = String(row.args ?? '')
  if (args !== '') fn.args = args
  if (row.kind === 'p') fn.procedure = true
  else fn.returns = String(row.result)
  const volatility = VOLATILITY[String(row.volatility)]
  if (volatility && !fn.procedure) fn.volatility = volatility
  if (row.strict === true && !fn.procedure) fn.strict = true
  if (row.definer === true) fn.securityDefiner = true
  const parallel = PARALLEL[String(row.parallel)]
  if (parallel && !fn.procedure) fn.parallel = parallel
  if (row.leakproof === true) fn.leakproof = true
  // Defaults: COST 100 for these languages, ROWS 1000 for a set-returning function (0 otherwise).
  if (!fn.procedure && Number(row.cost) !== 100) fn.cost = Number(row.cost)
  if (row.set_returning === true && Number(row.rows) !== 1000) fn.rows = Number(row.rows)
  const config = row.config as string[] | null
  if (config?.length) {
    fn.set = Object.fromEntries(
      config.map((entry) => {
        const at = entry.indexOf('=')
        return [entry.slice(0, at), entry.slice(at + 1)]
      }),
    )
  }
  return fn
}

export async function readPostgresFunctions(query: QueryFn): Promise<StoredFunction[]> {
  return (await query(FUNCTIONS)).map(functionFromRow)
}
