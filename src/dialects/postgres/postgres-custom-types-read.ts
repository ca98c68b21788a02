/**
 * Composite types (pg_type typtype 'c' over a pg_class of relkind 'c') and
 * range types (typtype 'r', pg_range) of the current schema: fields and
 * subtype as format_type prints them, SUBTYPE_DIFF by name. A range type
 * with a CANONICAL function or a non-default operator class or collation is
 * not modelled: the unkept report names it (RANGE_NOT_KEPT). Members of an
 * extension are the extension's.
 * https://www.postgresql.org/docs/current/catalog-pg-range.html
 */
import type { CustomType } from '../../schema/custom-types'
import type { Row } from '../dialect'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

/** A range type (alias `r` of pg_range) with what the model does not hold. */
export const RANGE_NOT_KEPT = (r: string) => `(${r}.rngcanonical <> 0
  OR NOT (SELECT oc.opcdefault FROM pg_catalog.pg_opclass oc WHERE oc.oid = ${r}.rngsubopc)
  OR (${r}.rngcollation <> 0 AND ${r}.rngcollation <> (SELECT st.typcollation FROM pg_catalog.pg_type st WHERE st.oid = ${r}.rngsubtype)))`

const TYPES = `
SELECT t.typname AS name, t.typtype AS kind,
       ARRAY(SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)::text[] AS field_names,
       ARRAY(SELECT format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)::text[] AS field_types,
       format_type(r.rngsubtype, NULL) AS subtype, CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END AS subtype_diff
FROM pg_catalog.pg_type t
LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid
LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
WHERE t.typnamespace = ${NS} AND ((t.typtype = 'c' AND c.relkind = 'c') OR (t.typtype = 'r' AND NOT ${RANGE_NOT_KEPT('r')}))
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xd WHERE xd.classid = 'pg_catalog.pg_type'::regclass AND xd.objid = t.oid AND xd.deptype = 'e')
ORDER BY t.typname`

export async function readPostgresCustomTypes(query: QueryFn): Promise<CustomType[]> {
  return (await query(TYPES)).map((row): CustomType => {
    const name = String(row.name)
    if (row.kind === 'r') {
      const diff = row.subtype_diff
      return { name, range: diff === null || diff === undefined ? { subtype: String(row.subtype) } : { subtype: String(row.subtype), subtypeDiff: String(diff) } }
    }
    const types = row.field_types as string[]
    return { name, composite: (row.field_names as string[]).map((field, i) => ({ name: field, type: types[i]! })) }
  })
}
