/**
 * Collations of the current schema, offered by `introspect` as raw `sql`
 * entries with `first: true` (created before the tables, whose columns may
 * use them): CREATE COLLATION from pg_collation (provider, ICU locale or
 * LC_COLLATE / LC_CTYPE, DETERMINISTIC) and the comment. The encoding and
 * version are the server's at creation, as for any new collation.
 * https://www.postgresql.org/docs/current/sql-createcollation.html
 */
import type { AdoptedSqlObject, Row } from '../dialect'
import { adoptedSql } from './postgres-adopted-sql'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

/** The collations introspect keeps (`c`: pg_collation): of the current schema, ICU or libc. */
export const COLLATION_KEPT = (c: string) => `(${c}.collnamespace = ${NS} AND ${c}.collprovider IN ('i', 'c'))`

// colliculocale is PostgreSQL 15's column (16 renamed it colllocale, 17 moved it to colllocale / collicurules).
const COLLATIONS = `
SELECT c.collname AS name, quote_ident(c.collname) AS quoted, c.collprovider AS provider, c.collisdeterministic AS deterministic,
       c.collcollate AS lc_collate, c.collctype AS lc_ctype, to_jsonb(c) ->> 'colliculocale' AS icu_locale, to_jsonb(c) ->> 'colllocale' AS locale,
       obj_description(c.oid, 'pg_collation') AS comment,
       (SELECT i.type || ' ' || i.identity FROM pg_identify_object('pg_catalog.pg_collation'::regclass, c.oid, 0) i) AS key
FROM pg_catalog.pg_collation c
WHERE ${COLLATION_KEPT('c')}
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_collation'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY c.collname`

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

/** Each collation as a `first` `sql` entry of its name. */
export async function readPostgresCollations(query: QueryFn, definitions: (keys: readonly string[]) => Promise<ReadonlyMap<string, string>>): Promise<AdoptedSqlObject[]> {
  const rows = await query(COLLATIONS)
  const made = await definitions(rows.map((r) => String(r.key)))
  return rows.map((row) => {
    const options =
      row.provider === 'i'
        ? ['PROVIDER = icu', `LOCALE = ${literal(String(row.icu_locale ?? row.locale ?? ''))}`]
        : ['PROVIDER = libc', `LC_COLLATE = ${literal(String(row.lc_collate))}`, `LC_CTYPE = ${literal(String(row.lc_ctype))}`]
    if (row.deterministic === false) options.push('DETERMINISTIC = false')
    const statements = [`CREATE COLLATION ${row.quoted} (${options.join(', ')})`]
    if (row.comment !== null) statements.push(`COMMENT ON COLLATION ${row.quoted} IS ${literal(String(row.comment))}`)
    return adoptedSql({
      kind: 'collation',
      label: String(row.name),
      name: String(row.name),
      statements,
      drop: `DROP COLLATION ${row.quoted}`,
      key: String(row.key),
      made,
      first: true,
    })
  })
}
