/**
 * Standalone sequences of the current schema, read from pg_sequence and
 * pg_class into the model. A sequence that belongs to a column — a serial
 * column's (its default takes nextval of it and the column owns it,
 * pg_depend 'a'), an identity column's (pg_depend 'i') — is the column's
 * and skipped here; so is a member of an extension. OWNED BY comes from
 * pg_depend 'a' on a column.
 * https://www.postgresql.org/docs/current/catalog-pg-sequence.html
 */
import { type Sequence, canonicalSequence } from '../../schema/sequences'
import type { Row } from '../dialect'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

/** A sequence of a serial column (kept as the column's `sequence:`) or of an identity column. */
export const COLUMN_SEQUENCE = (s: string) => `(EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep
  JOIN pg_catalog.pg_attrdef d ON d.adrelid = dep.refobjid AND d.adnum = dep.refobjsubid
  WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = ${s}.oid AND dep.refclassid = 'pg_catalog.pg_class'::regclass
    AND dep.deptype = 'a' AND pg_get_expr(d.adbin, d.adrelid) = 'nextval(' || quote_literal(quote_ident(${s}.relname)) || '::regclass)')
  OR EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = ${s}.oid AND dep.deptype IN ('i', 'e')))`

const SEQUENCES = `
SELECT s.relname AS name, format_type(q.seqtypid, NULL) AS type, q.seqstart::text AS start, q.seqincrement::text AS increment,
       q.seqmin::text AS min, q.seqmax::text AS max, q.seqcache::text AS cache, q.seqcycle AS cycle,
       (SELECT t.relname FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_class t ON t.oid = dep.refobjid
        WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = s.oid AND dep.refclassid = 'pg_catalog.pg_class'::regclass
          AND dep.deptype = 'a' LIMIT 1) AS owner_table,
       (SELECT a.attname FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
        WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = s.oid AND dep.refclassid = 'pg_catalog.pg_class'::regclass
          AND dep.deptype = 'a' LIMIT 1) AS owner_column
FROM pg_catalog.pg_class s JOIN pg_catalog.pg_sequence q ON q.seqrelid = s.oid
WHERE s.relnamespace = ${NS} AND s.relkind = 'S' AND NOT ${COLUMN_SEQUENCE('s')}
ORDER BY s.relname`

/** A catalog number as a model number (a bigint limit is a default, left out by canonicalSequence before it matters). */
const num = (v: unknown) => Number(String(v))

export function sequenceFromRow(row: Row): Sequence {
  const type = String(row.type) as Sequence['type'] | 'bigint'
  const raw: Record<string, unknown> = { name: String(row.name), increment: num(row.increment), cache: num(row.cache) }
  if (type !== 'bigint') raw.type = type
  if (row.cycle === true) raw.cycle = true
  // Limits and start as text first: a bigint's default limits are past a JS number.
  const { min, max } = { min: BigInt(String(row.min)), max: BigInt(String(row.max)) }
  const defaults = (row.increment as string).startsWith('-') ? { min: null, max: -1n } : { min: 1n, max: null }
  const typeLimits: Record<string, [bigint, bigint]> = {
    smallint: [-32768n, 32767n],
    integer: [-2147483648n, 2147483647n],
    bigint: [-9223372036854775808n, 9223372036854775807n],
  }
  const [low, high] = typeLimits[type ?? 'bigint']!
  if (min !== (defaults.min ?? low)) raw.min = Number(min)
  if (max !== (defaults.max ?? high)) raw.max = Number(max)
  const start = BigInt(String(row.start))
  const defaultStart = (row.increment as string).startsWith('-') ? max : min
  if (start !== defaultStart) raw.start = Number(start)
  if (row.owner_table !== null && row.owner_table !== undefined) raw.ownedBy = `${String(row.owner_table)}.${String(row.owner_column)}`
  return canonicalSequence(raw as unknown as Sequence)
}

/** `exclude`: tables strata owns; a sequence they own is skipped. */
export async function readPostgresSequences(query: QueryFn, exclude: ReadonlySet<string>): Promise<Sequence[]> {
  return (await query(SEQUENCES)).filter((r) => r.owner_table === null || !exclude.has(String(r.owner_table))).map(sequenceFromRow)
}
