/**
 * What the PostgreSQL introspector reads but the model does not hold (yet):
 * each item named with the reason, so that `strata introspect` can say what
 * adoption loses instead of dropping it silently (`--strict` refuses then).
 * Only the connection's current schema, as the introspector reads it.
 */
import { unkeptPostgresSchemas } from './postgres-unkept-schemas'
import type { Row, UnkeptItem } from '../dialect'
import type { QueryFn } from './postgres-introspector'
import { unkeptPostgresObjects } from './postgres-unkept-objects'

const CURRENT = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

// One row per finding: kind, name, reason. The feature tests follow the
// catalogs: https://www.postgresql.org/docs/current/catalog-pg-class.html,
// catalog-pg-attribute.html, catalog-pg-index.html, catalog-pg-constraint.html
// Constraint attributes (DEFERRABLE, NOT VALID, MATCH FULL, NO INHERIT,
// comments), EXCLUDE constraints with their elements' operator classes,
// collations and order and their INCLUDE columns, and column collations are
// modelled.
const FINDINGS = `
SELECT 'table' AS kind, c.relname AS name, 'a partition of ' || p.relname || ' in schema ' || cn.nspname || ' (a partition is kept in its parent''s schema only)' AS reason
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace
WHERE p.relnamespace = ${CURRENT} AND c.relispartition AND c.relnamespace <> p.relnamespace
UNION ALL
SELECT 'table', c.relname, 'a partition of ' || p.relname || ' partitioned again by ' || pg_get_partkeydef(c.oid) || ' (sub-partitioning is not modelled)'
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
WHERE c.relnamespace = ${CURRENT} AND c.relispartition AND c.relkind = 'p'
UNION ALL
SELECT 'table', c.relname, 'a table inheriting from ' || p.relname || ' (INHERITS is not modelled)'
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
WHERE c.relnamespace = ${CURRENT} AND NOT c.relispartition AND c.relkind IN ('r', 'p')
UNION ALL
SELECT 'table', c.relname, concat_ws(', ',
         CASE WHEN obj_description(c.oid, 'pg_class') IS NOT NULL THEN 'a comment' END,
         CASE WHEN c.relrowsecurity OR c.relforcerowsecurity THEN 'row level security' END,
         CASE WHEN c.relpersistence <> p.relpersistence THEN 'its own persistence' END
       ) || ' on partition of ' || p.relname || ' (a partition holds only its bound)'
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
WHERE c.relnamespace = ${CURRENT} AND c.relispartition
  AND (obj_description(c.oid, 'pg_class') IS NOT NULL OR c.relrowsecurity OR c.relforcerowsecurity OR c.relpersistence <> p.relpersistence)
UNION ALL
SELECT 'column', c.relname || '.' || a.attname, 'a default or comment of its own on a partition (a partition has its parent''s columns)'
FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid
JOIN pg_catalog.pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum
WHERE c.relnamespace = ${CURRENT} AND c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
  AND (col_description(c.oid, a.attnum) IS NOT NULL
       OR pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM pg_get_expr(pd.adbin, pd.adrelid)
       OR a.attnotnull <> pa.attnotnull)
UNION ALL
SELECT 'constraint', con.conname, CASE con.contype WHEN 'p' THEN 'a primary key' ELSE 'an EXCLUDE constraint' END || ' of partition ' || c.relname || ' only (a partition''s own indexes, uniques, checks and foreign keys are kept, not its own primary key or EXCLUDE constraint)'
FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
WHERE c.relnamespace = ${CURRENT} AND c.relispartition AND con.conparentid = 0 AND con.contype IN ('p', 'x')
UNION ALL
SELECT 'index', ic.relname, concat_ws(', ',
         CASE WHEN EXISTS (SELECT 1 FROM unnest(i.indoption::int2[]) o WHERE o <> 0) THEN 'DESC / NULLS FIRST|LAST order' END,
         CASE WHEN EXISTS (SELECT 1 FROM unnest(i.indclass::oid[]) k JOIN pg_catalog.pg_opclass oc ON oc.oid = k WHERE NOT oc.opcdefault) THEN 'operator classes' END,
         CASE WHEN EXISTS (SELECT 1 FROM unnest(i.indcollation::oid[]) WITH ORDINALITY x(coll, n)
                           JOIN pg_catalog.pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = x.n
                           WHERE x.coll <> 0 AND x.coll <> ia.attcollation) THEN 'collations' END
       ) || ' on the keys of an expression index (not modelled: per-key options are kept for column indexes only)'
FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
WHERE c.relnamespace = ${CURRENT} AND c.relkind IN ('r', 'p') AND 0 = ANY (i.indkey::int2[])
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint x WHERE x.conindid = i.indexrelid AND x.contype = 'x')
  AND (EXISTS (SELECT 1 FROM unnest(i.indoption::int2[]) o WHERE o <> 0)
       OR EXISTS (SELECT 1 FROM unnest(i.indclass::oid[]) k JOIN pg_catalog.pg_opclass oc ON oc.oid = k WHERE NOT oc.opcdefault)
       OR EXISTS (SELECT 1 FROM unnest(i.indcollation::oid[]) WITH ORDINALITY x(coll, n)
                  JOIN pg_catalog.pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = x.n
                  WHERE x.coll <> 0 AND x.coll <> ia.attcollation))
ORDER BY 1, 2`

/**
 * Everything of the current schema that introspection does not keep, and
 * of the other `schemas` it reads. `exclude`: tables strata owns.
 */
export async function unkeptPostgres(query: QueryFn, exclude: readonly string[] = [], grants = false, schemas: readonly string[] = []): Promise<UnkeptItem[]> {
  const skip = new Set(exclude)
  const rows: Row[] = await query(FINDINGS)
  const tables = rows
    .map((r) => ({ kind: String(r.kind), name: String(r.name), reason: String(r.reason) }))
    .filter((item) => !skip.has(item.name.split('.')[0]!))
  const others = await unkeptPostgresSchemas(query, schemas, grants)
  return [...tables, ...(await unkeptPostgresObjects(query, skip, grants, schemas)), ...others]
}
