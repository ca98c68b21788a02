/**
 * Reads the live schema (the connection's current schema) from pg_catalog
 * into the model. Five queries fetch everything for all tables at once
 * (tables, columns, constraints, indexes, enums), so a database with
 * thousands of tables introspects in one round trip each.
 *
 * Expressions (checks, partial-index predicates, index expressions, raw SQL
 * defaults) come back as PostgreSQL re-prints them (pretty mode of
 * pg_get_expr / pg_get_indexdef): `price > 0` comes back unchanged, but
 * `email LIKE '%@%'` on a varchar column comes back as
 * `email::text ~~ '%@%'::text`. A model compared with the live database must
 * therefore hold expressions in the form PostgreSQL prints them.
 *
 * Identity columns keep ALWAYS / BY DEFAULT; a serial column (a default
 * taking nextval of a sequence the column owns, pg_depend type 'a') keeps
 * its sequence name; any other nextval default stays raw SQL.
 *
 * Generated columns keep their expression (as PostgreSQL prints it).
 *
 * Constraints keep DEFERRABLE / INITIALLY DEFERRED (condeferrable,
 * condeferred), NOT VALID (convalidated: a constraint validated since has
 * none), MATCH FULL (confmatchtype), a check's NO INHERIT (connoinherit,
 * which PostgreSQL sets on key constraints too) and their comments; EXCLUDE
 * constraints their method, elements (from the constraint's index) and
 * predicate. A column keeps its collation where it is not its type's.
 *
 * Not represented in the model, hence not read: `concurrently` (a way of
 * building, not a property of the index).
 */
import { SQL_OBJECTS_TABLE } from '../sql-objects'
import type { Check, Column, Enum, Exclusion, ExclusionElement, ForeignKey, Index, IndexColumnOptions, PrimaryKey, ReferentialAction, Schema, Table, Unique } from '../../schema/model'
import { canonicalSchema } from '../../schema/canonical'
import type { Row } from '../dialect'
import { UsageError } from '../../errors'
import { defaultFromCatalog } from './postgres-types'
import { readPostgresCustomTypes } from './postgres-custom-types-read'
import { readPostgresDomains } from './postgres-domains-read'
import { readPostgresExtensions } from './postgres-extensions-read'
import { readPostgresFunctions } from './postgres-functions-read'
import { readPostgresSequences } from './postgres-sequences-read'
import { readPostgresObjects } from './postgres-objects-read'
import { readPostgresPolicies } from './postgres-policies-read'
import { readPostgresPartitions } from './postgres-partitions-read'
import type { Partition } from '../../schema/partitions'
import { columnTypeFromRow } from './postgres-arrays'
import { readPostgresGrants } from './postgres-grants-read'

export type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

/** strata's own history table, never part of the user's schema. */
export const HISTORY_TABLE = 'strata_migrations'

/**
 * The schemas read: the connection's own (current_schema(), whose objects
 * keep bare names) and the others asked for, `$1` (a text[]; their objects
 * are named `schema.name`, schema/qualified.ts).
 */
const NAMESPACES = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema() OR ns.nspname = ANY($1::text[]))`

/** An object's model name: bare in the current schema, `schema.name` in another. */
function qualifiedSql(namespace: string, name: string): string {
  return `(SELECT CASE WHEN qn.nspname = current_schema() THEN ${name}::text ELSE qn.nspname || '.' || ${name} END FROM pg_catalog.pg_namespace qn WHERE qn.oid = ${namespace})`
}

const TABLES = `
SELECT c.oid::int8 AS oid, ${qualifiedSql('c.relnamespace', 'c.relname')} AS name, obj_description(c.oid, 'pg_class') AS comment,
       c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security, c.relpersistence = 'u' AS unlogged
FROM pg_catalog.pg_class c
WHERE c.relnamespace IN ${NAMESPACES} AND c.relkind IN ('r', 'p') AND NOT c.relispartition`

const COLUMNS = `
SELECT a.attrelid::int8 AS table_oid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
       t.typtype = 'e' AND t.typnamespace IN ${NAMESPACES} AS local_enum, ${qualifiedSql('t.typnamespace', 't.typname')} AS type_name,
       a.attnotnull AS not_null, a.attidentity AS identity, a.attgenerated AS generated, a.attndims AS dims,
       ${qualifiedSql('et.typnamespace', 'et.typname')} AS element_name, et.typtype = 'e' AND et.typnamespace IN ${NAMESPACES} AS element_local_enum,
       pg_get_expr(d.adbin, d.adrelid) AS default,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN
         (SELECT CASE WHEN co.collnamespace = 'pg_catalog'::regnamespace OR pg_catalog.pg_collation_is_visible(co.oid) THEN co.collname::text
                      ELSE '"' || replace(cn.nspname, '"', '""') || '"."' || replace(co.collname, '"', '""') || '"' END
          FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END AS collation,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid, true) END AS generation, col_description(a.attrelid, a.attnum) AS comment,
       (SELECT ${qualifiedSql('s.relnamespace', 's.relname')} FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_class s ON s.oid = dep.objid
        WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.refclassid = 'pg_catalog.pg_class'::regclass
          AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype = 'a' AND s.relkind = 'S'
          AND s.relnamespace = c.relnamespace
          AND pg_get_expr(d.adbin, d.adrelid) = 'nextval(' || quote_literal(s.oid::regclass::text) || '::regclass)'
        LIMIT 1) AS serial_sequence
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type et ON et.oid = t.typelem AND t.typlen = -1 AND t.typelem <> 0
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relnamespace IN ${NAMESPACES} AND c.relkind IN ('r', 'p')
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`

// conparentid = 0: a foreign key that references a partitioned table has a
// child per partition on the referencing table, and a partitioned table's
// constraints have clones on its partitions; both are PostgreSQL's own.
// https://www.postgresql.org/docs/current/catalog-pg-constraint.html
const CONSTRAINTS = `
SELECT con.conrelid::int8 AS table_oid, con.conname AS name, con.contype AS kind,
       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
       ${qualifiedSql('f.relnamespace', 'f.relname')} AS ref_table,
       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS ref_columns,
       con.confdeltype AS on_delete, con.confupdtype AS on_update,
       CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid, true) END AS expression,
       con.condeferrable AS deferrable, con.condeferred AS deferred, con.convalidated AS validated,
       con.confmatchtype AS match, con.connoinherit AS no_inherit, obj_description(con.oid, 'pg_constraint') AS comment,
       con.conislocal AND con.coninhcount = 0 AS own,
       am.amname AS method,
       CASE WHEN con.contype = 'x' THEN
         ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN '(' || pg_get_indexdef(i.indexrelid, k, true) || ')' ELSE a.attname::text END
               FROM generate_series(1, i.indnkeyatts) k
               LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1] ORDER BY k)::text[] END AS elements,
       CASE WHEN con.contype = 'x' THEN i.indoption::int2[] END AS element_options,
       CASE WHEN con.contype = 'x' THEN
         ARRAY(SELECT CASE WHEN oc.opcdefault THEN NULL
                           WHEN ocn.nspname = 'pg_catalog' OR pg_catalog.pg_opclass_is_visible(oc.oid) THEN quote_ident(oc.opcname)
                           ELSE quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END
               FROM generate_series(1, i.indnkeyatts) k
               JOIN pg_catalog.pg_opclass oc ON oc.oid = i.indclass[k - 1]
               JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace ORDER BY k)::text[] END AS element_opclasses,
       CASE WHEN con.contype = 'x' THEN
         ARRAY(SELECT CASE WHEN i.indcollation[k - 1] = 0 OR i.indcollation[k - 1] = COALESCE(a.attcollation, it.typcollation) THEN NULL ELSE co.collname::text END
               FROM generate_series(1, i.indnkeyatts) k
               LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]
               JOIN pg_catalog.pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k
               JOIN pg_catalog.pg_type it ON it.oid = ia.atttypid
               LEFT JOIN pg_catalog.pg_collation co ON co.oid = i.indcollation[k - 1] ORDER BY k)::text[] END AS element_collations,
       CASE WHEN con.contype = 'x' THEN
         ARRAY(SELECT CASE WHEN o.oprnamespace = 'pg_catalog'::regnamespace OR pg_catalog.pg_operator_is_visible(o.oid) THEN o.oprname::text
                           ELSE 'OPERATOR(' || quote_ident(ons.nspname) || '.' || o.oprname || ')' END
               FROM unnest(con.conexclop) WITH ORDINALITY x(op, n)
               JOIN pg_catalog.pg_operator o ON o.oid = x.op JOIN pg_catalog.pg_namespace ons ON ons.oid = o.oprnamespace ORDER BY x.n)::text[] END AS operators,
       CASE WHEN con.contype = 'x' THEN
         ARRAY(SELECT a.attname::text FROM generate_series(i.indnkeyatts + 1, i.indnatts) k
               JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1] ORDER BY k)::text[] END AS exclusion_include,
       CASE WHEN con.contype = 'x' THEN pg_get_expr(i.indpred, i.indrelid, true) END AS predicate
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
LEFT JOIN pg_catalog.pg_class f ON f.oid = con.confrelid
LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = con.conindid AND con.contype = 'x'
LEFT JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
LEFT JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE c.relnamespace IN ${NAMESPACES} AND con.contype IN ('p', 'u', 'f', 'c', 'x')
  AND con.conparentid = 0`

// Indexes that back a PRIMARY KEY, UNIQUE or EXCLUDE constraint belong to the
// constraint. Key columns by name (pg_get_indexdef would quote them),
// expression keys as pg_get_indexdef prints them; indkey is 0-based, 0 for an expression.
const INDEXES = `
SELECT i.indrelid::int8 AS table_oid, ic.relname AS name, i.indisunique AS unique,
       i.indkey::int2[] AS keys,
       ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k, true) ELSE a.attname::text END
             FROM generate_series(1, i.indnkeyatts) k
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]
             ORDER BY k)::text[] AS definitions,
       pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
       am.amname AS method,
       i.indoption::int2[] AS options,
       ARRAY(SELECT CASE WHEN oc.opcdefault THEN NULL
                         WHEN ns.nspname = 'pg_catalog' OR pg_catalog.pg_opclass_is_visible(oc.oid) THEN quote_ident(oc.opcname)
                         ELSE quote_ident(ns.nspname) || '.' || quote_ident(oc.opcname) END
             FROM generate_series(1, i.indnkeyatts) k
             JOIN pg_catalog.pg_opclass oc ON oc.oid = i.indclass[k - 1]
             JOIN pg_catalog.pg_namespace ns ON ns.oid = oc.opcnamespace ORDER BY k)::text[] AS opclasses,
       ARRAY(SELECT CASE WHEN i.indcollation[k - 1] = 0 OR i.indcollation[k - 1] = a.attcollation THEN NULL ELSE co.collname END
             FROM generate_series(1, i.indnkeyatts) k
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]
             LEFT JOIN pg_catalog.pg_collation co ON co.oid = i.indcollation[k - 1]
             ORDER BY k)::text[] AS collations,
       ARRAY(SELECT a.attname::text FROM generate_series(i.indnkeyatts + 1, i.indnatts) k
             JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1] ORDER BY k)::text[] AS include,
       (to_jsonb(i) ->> 'indnullsnotdistinct') = 'true' AS nulls_not_distinct,
       obj_description(i.indexrelid, 'pg_class') AS comment,
       EXISTS (SELECT 1 FROM pg_catalog.pg_inherits ii WHERE ii.inhrelid = i.indexrelid) AS attached
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
WHERE c.relnamespace IN ${NAMESPACES} AND c.relkind IN ('r', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))`

const ENUMS = `
SELECT ${qualifiedSql('t.typnamespace', 't.typname')} AS name, ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[] AS values
FROM pg_catalog.pg_type t
WHERE t.typnamespace IN ${NAMESPACES} AND t.typtype = 'e'`

/** pg_constraint.confdeltype / confupdtype codes. https://www.postgresql.org/docs/current/catalog-pg-constraint.html */
const ACTIONS: Record<string, ReferentialAction> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

interface TableParts {
  table: Mutable<Table>
  columns: Column[]
  uniques: Unique[]
  indexes: Index[]
  foreignKeys: ForeignKey[]
  checks: Check[]
  exclusions: Exclusion[]
}

/**
 * A constraint's attributes from its pg_constraint row: DEFERRABLE and
 * INITIALLY DEFERRED for the kinds that can be (`timed`), NOT VALID for
 * foreign keys and checks, the comment.
 * https://www.postgresql.org/docs/current/catalog-pg-constraint.html
 */
function attributesFromRow(row: Row, kind: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (kind !== 'c' && row.deferrable === true) {
    out.deferrable = true
    if (row.deferred === true) out.initiallyDeferred = true
  }
  if ((kind === 'f' || kind === 'c') && row.validated === false) out.notValid = true
  if (kind === 'f' && row.match === 'f') out.match = 'full'
  if (kind === 'c' && row.no_inherit === true) out.noInherit = true
  if (row.comment !== null && row.comment !== undefined) out.comment = String(row.comment)
  return out
}

/** An EXCLUDE constraint: elements from its index (an expression in parentheses), operators from conexclop. */
function exclusionFromRow(row: Row, name: string): Exclusion {
  const operators = (row.operators as string[] | null) ?? []
  const options = (row.element_options as number[] | null) ?? []
  const opclasses = (row.element_opclasses as (string | null)[] | null) ?? []
  const collations = (row.element_collations as (string | null)[] | null) ?? []
  const elements = ((row.elements as string[] | null) ?? []).map((e, k): ExclusionElement => {
    const operator = operators[k] ?? '='
    const element: Mutable<ExclusionElement> = e.startsWith('(') && e.endsWith(')') ? { expression: e.slice(1, -1), operator } : { column: e, operator }
    // The element's index options, read as an index column's are (indoption bits, non-default opclass, own collation).
    if (collations[k]) element.collation = collations[k]!
    if (opclasses[k]) element.opclass = opclasses[k]!
    const bits = options[k] ?? 0
    const desc = (bits & INDOPTION_DESC) !== 0
    const nullsFirst = (bits & INDOPTION_NULLS_FIRST) !== 0
    if (desc) element.order = 'desc'
    if (nullsFirst !== desc) element.nulls = nullsFirst ? 'first' : 'last'
    return element
  })
  const out: Mutable<Exclusion> = { name, elements, ...attributesFromRow(row, 'x') }
  if (row.method !== null && row.method !== undefined && row.method !== 'gist') out.method = String(row.method)
  const include = (row.exclusion_include as string[] | null) ?? []
  if (include.length) out.include = include
  if (row.predicate !== null && row.predicate !== undefined) out.where = String(row.predicate)
  return out
}

function columnFromRow(row: Row): Column {
  const spec = columnTypeFromRow(row)
  const column: Mutable<Column> = { name: String(row.name), ...spec }
  const defaultExpr = row.default as string | null
  const integer = ['smallint', 'integer', 'bigint'].includes(spec.type)
  if (row.identity === 'a' || row.identity === 'd') {
    column.autoincrement = true
    if (row.identity === 'a') column.identity = 'always'
  } else if (row.serial_sequence !== null && row.serial_sequence !== undefined && integer) {
    // serial / bigserial: a default from a sequence owned by the column (pg_depend 'a').
    // https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL
    column.autoincrement = true
    column.sequence = String(row.serial_sequence)
  } else if (defaultExpr !== null && row.generated === '') {
    column.default = defaultFromCatalog(defaultExpr, spec)
  }
  // attgenerated 's': GENERATED ALWAYS AS (…) STORED, the expression in pg_attrdef.
  // https://www.postgresql.org/docs/current/catalog-pg-attribute.html
  if (row.generated === 's' && row.generation !== null && row.generation !== undefined) {
    column.generated = { expression: String(row.generation), stored: true }
  }
  if (row.not_null !== true) column.nullable = true
  if (row.collation !== null && row.collation !== undefined) column.collation = String(row.collation)
  if (row.comment !== null && row.comment !== undefined) column.comment = String(row.comment)
  return column
}

/** pg_index.indoption bits (https://github.com/postgres/postgres/blob/master/src/include/catalog/pg_index.h). */
const INDOPTION_DESC = 1
const INDOPTION_NULLS_FIRST = 2

function indexFromRow(row: Row): Index {
  const keys = row.keys as number[]
  const definitions = row.definitions as string[]
  const index: Mutable<Index> = { name: String(row.name) }
  // indkey 0 marks an expression column.
  const expression = keys.slice(0, definitions.length).some((k) => k === 0)
  if (expression) index.expression = definitions.join(', ')
  else {
    index.columns = definitions
    // Per-column options of a column index; an expression index's are read
    // past (named by the introspect report, postgres-unkept.ts).
    const options: Record<string, Mutable<IndexColumnOptions>> = {}
    const indoption = (row.options as number[] | null) ?? []
    const opclasses = (row.opclasses as (string | null)[] | null) ?? []
    const collations = (row.collations as (string | null)[] | null) ?? []
    definitions.forEach((column, k) => {
      const o: Mutable<IndexColumnOptions> = {}
      const bits = indoption[k] ?? 0
      const desc = (bits & INDOPTION_DESC) !== 0
      const nullsFirst = (bits & INDOPTION_NULLS_FIRST) !== 0
      if (desc) o.order = 'desc'
      if (nullsFirst !== desc) o.nulls = nullsFirst ? 'first' : 'last'
      if (collations[k]) o.collation = collations[k]!
      if (opclasses[k]) o.opclass = opclasses[k]!
      if (Object.keys(o).length) options[column] = o
    })
    if (Object.keys(options).length) index.columnOptions = options
  }
  if (row.unique === true) index.unique = true
  if (row.method !== undefined && row.method !== null && row.method !== 'btree') index.method = String(row.method)
  const include = (row.include as string[] | null) ?? []
  if (include.length) index.include = include
  if (row.nulls_not_distinct === true) index.nullsNotDistinct = true
  if (row.predicate !== null) index.where = String(row.predicate)
  if (row.comment !== null && row.comment !== undefined) index.comment = String(row.comment)
  return index
}

/** Every schema asked for exists and is not the connection's own (whose objects keep bare names). */
async function checkSchemas(query: QueryFn, schemas: readonly string[]): Promise<void> {
  const rows = await query('SELECT nspname AS name, nspname = current_schema() AS current FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[])', [schemas])
  const found = new Map(rows.map((r) => [String(r.name), r.current === true]))
  const missing = schemas.filter((s) => !found.has(s))
  if (missing.length > 0) throw new UsageError(`the database has no schema ${missing.map((s) => `"${s}"`).join(', ')}`, { schemas: missing })
  const own = schemas.find((s) => found.get(s))
  if (own !== undefined) throw new UsageError(`schema "${own}" is the connection's own, read already (its objects keep bare names): name only the others`)
}

/** The live schema: every table of the current schema except strata's history table and `exclude`. */
/** `grants`: read the grants too (strata.yaml `grants: true`). */
/** `schemas`: the other schemas whose tables and enums are read too (named `schema.name`). */
export async function introspectPostgres(query: QueryFn, options: { exclude?: readonly string[]; grants?: boolean; schemas?: readonly string[] } = {}): Promise<Schema> {
  const excluded = new Set([HISTORY_TABLE, SQL_OBJECTS_TABLE, ...(options.exclude ?? [])])
  if (options.schemas?.length) await checkSchemas(query, options.schemas)
  const schemas = [options.schemas ?? []]
  // One after the other: a pg client runs one query at a time anyway, and
  // queueing them concurrently is deprecated in pg 8 (removed in pg 9).
  const tableRows = await query(TABLES, schemas)
  const columnRows = await query(COLUMNS, schemas)
  const constraintRows = await query(CONSTRAINTS, schemas)
  const indexRows = await query(INDEXES, schemas)
  const enumRows = await query(ENUMS, schemas)
  const partitioning = await readPostgresPartitions(query, options.schemas)
  const byOid = new Map<string, TableParts>()
  for (const row of tableRows) {
    const name = String(row.name)
    if (excluded.has(name)) continue
    const table: Mutable<Table> = { name, columns: [], uniques: [], indexes: [], foreignKeys: [], checks: [] }
    if (row.comment !== null) table.comment = String(row.comment)
    if (row.row_security === true || row.force_row_security === true) {
      table.rowLevelSecurity = { ...(row.row_security === true ? { enable: true } : {}), ...(row.force_row_security === true ? { force: true } : {}) }
    }
    if (row.unlogged === true) table.unlogged = true
    const partitionBy = partitioning.keys.get(name)
    if (partitionBy) table.partitionBy = partitionBy
    const partitions = partitioning.partitions.get(name)
    if (partitions?.length) table.partitions = partitions
    byOid.set(String(row.oid), { table, columns: [], uniques: [], indexes: [], foreignKeys: [], checks: [], exclusions: [] })
  }
  for (const row of columnRows) byOid.get(String(row.table_oid))?.columns.push(columnFromRow(row))
  // What a partition holds of its own: its constraints that are not a parent's
  // copy (conparentid = 0, read so by CONSTRAINTS; a check not inherited:
  // conislocal and coninhcount = 0) and its indexes not attached to a parent
  // index (no pg_inherits row). A primary key or EXCLUDE constraint of its own
  // is not modelled (postgres-unkept.ts names it).
  const ownByOid = new Map<string, TableParts>()
  for (const [oid, { parent }] of partitioning.oids) {
    if (excluded.has(parent)) continue
    ownByOid.set(oid, { table: { name: '', columns: [], uniques: [], indexes: [], foreignKeys: [], checks: [] }, columns: [], uniques: [], indexes: [], foreignKeys: [], checks: [], exclusions: [] })
  }
  for (const row of constraintRows) {
    const own = ownByOid.get(String(row.table_oid))
    if (own && (row.kind === 'p' || row.kind === 'x' || (row.kind === 'c' && row.own !== true))) continue
    const parts = byOid.get(String(row.table_oid)) ?? own
    if (!parts) continue
    const name = String(row.name)
    const columns = row.columns as string[]
    const attributes = attributesFromRow(row, String(row.kind))
    switch (row.kind) {
      case 'p':
        parts.table.primaryKey = { name, columns, ...attributes } satisfies PrimaryKey
        break
      case 'u':
        parts.uniques.push({ name, columns, ...attributes })
        break
      case 'c':
        parts.checks.push({ name, expression: String(row.expression), ...attributes })
        break
      case 'x':
        parts.exclusions.push(exclusionFromRow(row, name))
        break
      case 'f': {
        const fk: Mutable<ForeignKey> = {
          name,
          columns,
          references: { table: String(row.ref_table), columns: row.ref_columns as string[] },
          ...attributes,
        }
        const onDelete = ACTIONS[String(row.on_delete)]
        const onUpdate = ACTIONS[String(row.on_update)]
        if (onDelete && onDelete !== 'no action') fk.onDelete = onDelete
        if (onUpdate && onUpdate !== 'no action') fk.onUpdate = onUpdate
        parts.foreignKeys.push(fk)
        break
      }
    }
  }
  for (const row of indexRows) {
    const parts = byOid.get(String(row.table_oid)) ?? (row.attached === true ? undefined : ownByOid.get(String(row.table_oid)))
    parts?.indexes.push(indexFromRow(row))
  }
  const ownOf = new Map<string, TableParts>()
  for (const [oid, parts] of ownByOid) ownOf.set(`${partitioning.oids.get(oid)!.parent}\u0000${partitioning.oids.get(oid)!.name}`, parts)
  const withOwn = (table: Table, p: Partition): Partition => {
    const own = ownOf.get(`${table.name}\u0000${p.name}`)
    if (!own) return p
    const out: Mutable<Partition> = { ...p }
    if (own.indexes.length) out.indexes = own.indexes
    if (own.uniques.length) out.uniques = own.uniques
    if (own.checks.length) out.checks = own.checks
    if (own.foreignKeys.length) out.foreignKeys = own.foreignKeys
    return out
  }
  const tables = [...byOid.values()].map(
    ({ table, exclusions, ...parts }): Table => ({
      ...table,
      ...parts,
      ...(exclusions.length ? { exclusions } : {}),
      ...(table.partitions ? { partitions: table.partitions.map((p) => withOwn(table, p)) } : {}),
    }),
  )
  const enums: Enum[] = enumRows.map((row) => ({ name: String(row.name), values: row.values as string[] }))
  const { views, triggers } = await readPostgresObjects(query, excluded)
  const functions = await readPostgresFunctions(query)
  const policies = await readPostgresPolicies(query, excluded, options.schemas)
  const sequences = await readPostgresSequences(query, excluded)
  const extensions = await readPostgresExtensions(query)
  const domains = await readPostgresDomains(query)
  const types = await readPostgresCustomTypes(query)
  const grants = options.grants ? await readPostgresGrants(query, excluded, options.schemas) : []
  return canonicalSchema({ tables, enums, views, triggers, functions, policies, sequences, extensions, domains, types, grants })
}
