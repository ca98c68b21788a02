/**
 * Publications (database-wide) over tables of the current schema only,
 * offered by `introspect` as raw `sql` entries: CREATE PUBLICATION from
 * pg_publication, pg_publication_rel (each table with its column list and
 * row filter, as pg_get_expr prints it) and pg_publication_namespace
 * (TABLES IN SCHEMA CURRENT_SCHEMA), with the publish list and
 * publish_via_partition_root, and the comment. One naming another schema's
 * table or schema stays named as not kept.
 * https://www.postgresql.org/docs/current/sql-createpublication.html
 */
import type { AdoptedSqlObject, Row } from '../dialect'
import { adoptedSql } from './postgres-adopted-sql'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

/** The publications introspect keeps (`p`: pg_publication): every table and schema it names is the current schema's. */
export const PUBLICATION_KEPT = (p: string) => `(NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication_rel pr JOIN pg_catalog.pg_class pc ON pc.oid = pr.prrelid
    WHERE pr.prpubid = ${p}.oid AND pc.relnamespace <> ${NS})
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication_namespace pn WHERE pn.pnpubid = ${p}.oid AND pn.pnnspid <> ${NS}))`

const PUBLICATIONS = `
SELECT p.pubname AS name, quote_ident(p.pubname) AS quoted, p.puballtables AS all_tables,
       p.pubinsert AS insert, p.pubupdate AS update, p.pubdelete AS delete, p.pubtruncate AS truncate, p.pubviaroot AS via_root,
       ARRAY(SELECT CASE WHEN c.relkind = 'r' THEN 'ONLY ' ELSE '' END || quote_ident(c.relname)
                    || coalesce(' (' || (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord) FROM unnest(r.prattrs::int2[]) WITH ORDINALITY k(attnum, ord)
                                          JOIN pg_catalog.pg_attribute a ON a.attrelid = r.prrelid AND a.attnum = k.attnum) || ')', '')
                    || coalesce(' WHERE (' || pg_get_expr(r.prqual, r.prrelid) || ')', '')
             FROM pg_catalog.pg_publication_rel r JOIN pg_catalog.pg_class c ON c.oid = r.prrelid
             WHERE r.prpubid = p.oid ORDER BY c.relname)::text[] AS tables,
       ARRAY(SELECT c.relname::text FROM pg_catalog.pg_publication_rel r JOIN pg_catalog.pg_class c ON c.oid = r.prrelid WHERE r.prpubid = p.oid)::text[] AS relations,
       EXISTS (SELECT 1 FROM pg_catalog.pg_publication_namespace n WHERE n.pnpubid = p.oid) AS in_schema,
       obj_description(p.oid, 'pg_publication') AS comment,
       (SELECT i.type || ' ' || i.identity FROM pg_identify_object('pg_catalog.pg_publication'::regclass, p.oid, 0) i) AS key
FROM pg_catalog.pg_publication p
WHERE ${PUBLICATION_KEPT('p')}
ORDER BY p.pubname`

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

/** Each publication as a `sql` entry of its name; `exclude`: strata's own tables (a publication of one is not offered). */
export async function readPostgresPublications(query: QueryFn, definitions: (keys: readonly string[]) => Promise<ReadonlyMap<string, string>>, exclude: readonly string[]): Promise<AdoptedSqlObject[]> {
  const rows = (await query(PUBLICATIONS)).filter((r) => !(r.relations as string[]).some((t) => exclude.includes(t)))
  const made = await definitions(rows.map((r) => String(r.key)))
  return rows.map((row) => {
    const objects = [...((row.tables as string[]).length ? [`TABLE ${(row.tables as string[]).join(', ')}`] : []), ...(row.in_schema ? ['TABLES IN SCHEMA CURRENT_SCHEMA'] : [])]
    const target = row.all_tables ? ' FOR ALL TABLES' : objects.length ? ` FOR ${objects.join(', ')}` : ''
    const publish = ['insert', 'update', 'delete', 'truncate'].filter((k) => row[k] === true).join(', ')
    const options = [`publish = ${literal(publish)}`, ...(row.via_root ? ['publish_via_partition_root = true'] : [])]
    const statements = [`CREATE PUBLICATION ${row.quoted}${target} WITH (${options.join(', ')})`]
    if (row.comment !== null) statements.push(`COMMENT ON PUBLICATION ${row.quoted} IS ${literal(String(row.comment))}`)
    return adoptedSql({
      kind: 'publication',
      label: String(row.name),
      name: String(row.name),
      statements,
      drop: `DROP PUBLICATION ${row.quoted}`,
      key: String(row.key),
      made,
    })
  })
}
