/**
 * Domains of the current schema, read from pg_type (typtype 'd') and their
 * CHECK constraints from pg_constraint (contypid): the base type as
 * format_type prints it, the default and the checks as pg_get_expr /
 * pg_get_constraintdef print them, the collation when it is not the base
 * type's. Members of an extension are the extension's.
 * https://www.postgresql.org/docs/current/catalog-pg-type.html
 */
import type { Domain } from '../../schema/domains'
import type { Row } from '../dialect'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

const DOMAINS = `
SELECT t.typname AS name, format_type(t.typbasetype, t.typtypmod) AS type, t.typnotnull AS not_null,
       pg_get_expr(t.typdefaultbin, 0) AS "default",
       CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation THEN co.collname END AS collation,
       ARRAY(SELECT c.conname FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname)::text[] AS check_names,
       ARRAY(SELECT pg_get_constraintdef(c.oid, true) FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname)::text[] AS check_defs
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
WHERE t.typnamespace = ${NS} AND t.typtype = 'd'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xd WHERE xd.classid = 'pg_catalog.pg_type'::regclass AND xd.objid = t.oid AND xd.deptype = 'e')
ORDER BY t.typname`

/** `CHECK ((VALUE > 0))` → `(VALUE > 0)`: the expression as pg_get_constraintdef prints it, without the keyword. */
export function checkExpression(definition: string): string {
  const m = /^CHECK \((.*)\)( NOT VALID)?$/s.exec(definition)
  return m ? m[1]! : definition
}

export async function readPostgresDomains(query: QueryFn): Promise<Domain[]> {
  return (await query(DOMAINS)).map((row) => {
    const domain: { -readonly [K in keyof Domain]: Domain[K] } = { name: String(row.name), type: String(row.type) }
    if (row.default !== null && row.default !== undefined) domain.default = String(row.default)
    if (row.not_null === true) domain.notNull = true
    if (row.collation !== null && row.collation !== undefined) domain.collation = String(row.collation)
    const names = row.check_names as string[]
    const defs = row.check_defs as string[]
    if (names.length) domain.checks = names.map((name, i) => ({ name, expression: checkExpression(defs[i]!) }))
    return domain
  })
}
