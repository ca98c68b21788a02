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
// comments), EXCLUDE constraints and column collations are modelled; what
// is left of them is an EXCLUDE element's own index options.
const FINDINGS = `
SELECT 'table' AS kind, c.relname AS name, 'a partition of ' || p.relname || ' (declarative partitioning is not modelled)' AS reason
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
WHERE c.relnamespace = ${CURRENT} AND c.relispartition
UNION ALL
SELECT 'table', c.relname, 'PARTITION BY ' || pg_get_partkeydef(c.oid) || ' (declarative partitioning is not modelled: it becomes an ordinary table)'
FROM pg_catalog.pg_class c WHERE c.relnamespace = ${CURRENT} AND c.relkind = 'p'
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
UNION ALL
SELECT 'constraint', con.conname, concat_ws(', ',
         CASE WHEN EXISTS (SELECT 1 FROM unnest(i.indoption::int2[]) o WHERE o <> 0) THEN 'DESC / NULLS FIRST|LAST order' END,
         CASE WHEN EXISTS (SELECT 1 FROM unnest(i.indclass::oid[]) k JOIN pg_catalog.pg_opclass oc ON oc.oid = k WHERE NOT oc.opcdefault) THEN 'operator classes' END,
         CASE WHEN EXISTS (SELECT 1 FROM unnest(i.indcollation::oid[]) WITH ORDINALITY x(coll, n)
                           JOIN pg_catalog.pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = x.n
                           JOIN pg_catalog.pg_type it ON it.oid = ia.atttypid
                           WHERE x.coll <> 0 AND x.coll <> it.typcollation) THEN 'collations' END,
         CASE WHEN i.indnatts > i.indnkeyatts THEN 'INCLUDE columns' END
       ) || ' on the elements of EXCLUDE constraint of ' || c.relname || ' (not modelled: an element is a column or an expression with its operator)'
FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid JOIN pg_catalog.pg_index i ON i.indexrelid = con.conindid
WHERE c.relnamespace = ${CURRENT} AND c.relkind IN ('r', 'p') AND con.contype = 'x'
  AND (EXISTS (SELECT 1 FROM unnest(i.indoption::int2[]) o WHERE o <> 0)
       OR EXISTS (SELECT 1 FROM unnest(i.indclass::oid[]) k JOIN pg_catalog.pg_opclass oc ON oc.oid = k WHERE NOT oc.opcdefault)
       OR EXISTS (SELECT 1 FROM unnest(i.indcollation::oid[]) WITH ORDINALITY x(coll, n)
                  JOIN pg_catalog.pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = x.n
                  JOIN pg_catalog.pg_type it ON it.oid = ia.atttypid
                  WHERE x.coll <> 0 AND x.coll <> it.typcollation)
       OR i.indnatts > i.indnkeyatts)
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
