/**
 * Reads declarative partitioning (schema/partitions.ts) from pg_catalog:
 * the key of each partitioned table of the current schema and of the other
 * schemas read (named `schema.table`, as the introspector names tables)
 * (pg_partitioned_table, pg_get_partkeydef) and its partitions (pg_inherits,
 * pg_get_expr(relpartbound)), which strata keeps in their parent's schema. Partitions are never tables of the model: the
 * table query leaves them out (relispartition); their own indexes and
 * constraints are read with the tables' (postgres-introspector.ts, by the
 * oids read here), and what else they hold of their own (a primary key or
 * EXCLUDE constraint, a comment, sub-partitions) is named by postgres-unkept.ts.
 * https://www.postgresql.org/docs/current/catalog-pg-partitioned-table.html
 */
import type { Partition, PartitionKey, PartitionMethod, PartitionValue } from '../../schema/partitions'
import type { QueryFn } from './postgres-introspector'

/** The current schema and the other schemas read ($1). */
const NAMESPACES = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema() OR ns.nspname = ANY($1::text[]))`

/** The parent's model name: bare in the current schema, `schema.table` in another. */
function parentName(relation: string): string {
  return `(SELECT CASE WHEN qn.nspname = current_schema() THEN ${relation}.relname::text ELSE qn.nspname || '.' || ${relation}.relname END FROM pg_catalog.pg_namespace qn WHERE qn.oid = ${relation}.relnamespace)`
}

// A key is plain columns when every element is a column (partattrs <> 0)
// with its type's default operator class and its own collation; otherwise it
// is kept as the SQL text pg_get_partkeydef prints inside the parentheses.
const KEYS = `
SELECT ${parentName('c')} AS name, pt.partstrat AS strategy, pg_get_partkeydef(c.oid) AS definition,
       NOT EXISTS (SELECT 1 FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY k(attnum, n)
                   LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                   LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid = pt.partclass[k.n - 1]
                   WHERE k.attnum = 0 OR NOT oc.opcdefault OR pt.partcollation[k.n - 1] <> a.attcollation) AS plain,
       ARRAY(SELECT a.attname::text FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY k(attnum, n)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns
FROM pg_catalog.pg_partitioned_table pt JOIN pg_catalog.pg_class c ON c.oid = pt.partrelid
WHERE c.relnamespace IN ${NAMESPACES} AND NOT c.relispartition`

const PARTITIONS = `
SELECT ${parentName('p')} AS parent, c.relname AS name, c.oid::int8 AS oid, pg_get_expr(c.relpartbound, c.oid) AS bound
FROM pg_catalog.pg_inherits i
JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
WHERE p.relnamespace IN ${NAMESPACES} AND c.relnamespace = p.relnamespace AND p.relkind = 'p' AND c.relispartition AND NOT p.relispartition`

const METHODS: Readonly<Record<string, PartitionMethod>> = { r: 'range', l: 'list', h: 'hash' }

/** The text inside the outer parentheses of `RANGE (a, lower(b))`. */
function keyList(definition: string): string {
  const open = definition.indexOf('(')
  return definition.slice(open + 1, definition.lastIndexOf(')')).trim()
}

/** Split a bound's value list at its top-level commas (quotes and parentheses respected). */
function splitValues(text: string): string[] {
  const out: string[] = []
  let depth = 0
  let quoted = false
  let current = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      current += ch
      if (ch === "'") {
        if (text[i + 1] === "'") current += text[++i]
        else quoted = false
      }
      continue
    }
    if (ch === "'") quoted = true
    else if (ch === '(') depth++
    else if (ch === ')') depth--
    else if (ch === ',' && depth === 0) {
      out.push(current.trim())
      current = ''
      continue
    }
    current += ch
  }
  if (current.trim() !== '') out.push(current.trim())
  return out
}

/**
 * One constant as ruleutils prints a bound: a quoted literal, a number (a
 * negative one in parentheses), true / false, NULL, MINVALUE / MAXVALUE.
 * A number a JavaScript number cannot hold exactly stays a string (written
 * back quoted, which PostgreSQL casts to the key's type).
 */
export function boundValue(text: string): PartitionValue {
  let t = text.trim()
  if (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim()
  if (t.startsWith("'")) return t.slice(1, t.lastIndexOf("'")).replace(/''/g, "'")
  if (t === 'NULL') return null
  if (t === 'true' || t === 'false') return t === 'true'
  if (t === 'MINVALUE' || t === 'MAXVALUE') return t
  const n = Number(t)
  return Number.isFinite(n) && String(n) === t ? n : t
}

/** `FOR VALUES …` / `DEFAULT` as the model's bound. */
export function boundFromSql(name: string, sql: string): Partition {
  if (sql === 'DEFAULT') return { name, default: true }
  const range = /^FOR VALUES FROM \((.*)\) TO \((.*)\)$/s.exec(sql)
  if (range) return { name, from: splitValues(range[1]!).map(boundValue), to: splitValues(range[2]!).map(boundValue) }
  const inList = /^FOR VALUES IN \((.*)\)$/s.exec(sql)
  if (inList) return { name, in: splitValues(inList[1]!).map(boundValue) }
  const hash = /^FOR VALUES WITH \(modulus (\d+), remainder (\d+)\)$/.exec(sql)
  if (hash) return { name, modulus: Number(hash[1]), remainder: Number(hash[2]) }
  throw new Error(`partition "${name}": bound "${sql}" is not one PostgreSQL prints`)
}

export interface PartitionsRead {
  readonly keys: ReadonlyMap<string, PartitionKey>
  readonly partitions: ReadonlyMap<string, readonly Partition[]>
  /** Each partition's pg_class oid: its parent's model name and its own name (for what it holds of its own). */
  readonly oids: ReadonlyMap<string, { readonly parent: string; readonly name: string }>
}

/** The partition keys and partitions of the tables of the current schema and of `schemas`, by parent table name. */
export async function readPostgresPartitions(query: QueryFn, schemas: readonly string[] = []): Promise<PartitionsRead> {
  const keys = new Map<string, PartitionKey>()
  for (const row of await query(KEYS, [schemas])) {
    const method = METHODS[String(row.strategy)]!
    const key: PartitionKey = row.plain === true ? { method, columns: row.columns as string[] } : { method, expression: keyList(String(row.definition)) }
    keys.set(String(row.name), key)
  }
  const partitions = new Map<string, Partition[]>()
  const oids = new Map<string, { parent: string; name: string }>()
  for (const row of await query(PARTITIONS, [schemas])) {
    const parent = String(row.parent)
    partitions.set(parent, [...(partitions.get(parent) ?? []), boundFromSql(String(row.name), String(row.bound))])
    oids.set(String(row.oid), { parent, name: String(row.name) })
  }
  return { keys, partitions, oids }
}
