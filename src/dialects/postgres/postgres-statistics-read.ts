/**
 * Extended statistics of the current schema's tables, offered by
 * `introspect` as raw `sql` entries: the statement is
 * pg_get_statisticsobjdef's (kinds, columns and expressions as PostgreSQL
 * prints them), with the object named as the search path finds it, its
 * statistics target (ALTER STATISTICS … SET STATISTICS) and its comment.
 * https://www.postgresql.org/docs/current/sql-createstatistics.html
 */
import type { AdoptedSqlObject, Row } from '../dialect'
import { adoptedSql } from './postgres-adopted-sql'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

/** The statistics objects introspect keeps (`s`: pg_statistic_ext): of the current schema, on one of its tables. */
export const STATISTICS_KEPT = (s: string) =>
  `(${s}.stxnamespace = ${NS} AND (SELECT t.relnamespace FROM pg_catalog.pg_class t WHERE t.oid = ${s}.stxrelid) = ${NS})`

const STATISTICS = `
SELECT s.stxname AS name, quote_ident(s.stxname) AS quoted, t.relname AS relation, pg_get_statisticsobjdef(s.oid) AS definition,
       'CREATE STATISTICS ' || quote_ident(n.nspname) || '.' || quote_ident(s.stxname) AS qualified,
       s.stxstattarget AS target, obj_description(s.oid, 'pg_statistic_ext') AS comment,
       (SELECT i.type || ' ' || i.identity FROM pg_identify_object('pg_catalog.pg_statistic_ext'::regclass, s.oid, 0) i) AS key
FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_class t ON t.oid = s.stxrelid JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
WHERE ${STATISTICS_KEPT('s')} AND NOT (t.relname = ANY($1::text[]))
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_statistic_ext'::regclass AND d.objid = s.oid AND d.deptype = 'e')
ORDER BY s.stxname`

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

/** Each statistics object as a `sql` entry of its name; `exclude`: strata's own tables. */
export async function readPostgresStatistics(query: QueryFn, definitions: (keys: readonly string[]) => Promise<ReadonlyMap<string, string>>, exclude: readonly string[]): Promise<AdoptedSqlObject[]> {
  const rows = await query(STATISTICS, [exclude])
  const made = await definitions(rows.map((r) => String(r.key)))
  return rows.map((row) => {
    // pg_get_statisticsobjdef always qualifies the object's name: the entry names it bare, in the project's schema.
    const definition = String(row.definition)
    const qualified = String(row.qualified)
    const create = definition.startsWith(qualified) ? `CREATE STATISTICS ${row.quoted}${definition.slice(qualified.length)}` : definition
    const statements = [create]
    // -1 (NULL from PostgreSQL 17) is the default: the columns' own targets.
    if (row.target !== null && Number(row.target) >= 0) statements.push(`ALTER STATISTICS ${row.quoted} SET STATISTICS ${Number(row.target)}`)
    if (row.comment !== null) statements.push(`COMMENT ON STATISTICS ${row.quoted} IS ${literal(String(row.comment))}`)
    return adoptedSql({
      kind: 'statistics',
      label: String(row.name),
      name: String(row.name),
      statements,
      drop: `DROP STATISTICS ${row.quoted}`,
      key: String(row.key),
      made,
    })
  })
}
