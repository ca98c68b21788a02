/**
 * Schema-qualified names (PostgreSQL schemas, issue 7 item 7). A table or an
 * enum in a schema other than the connection's own is named `schema.name` in
 * the schema files and in the model (`billing.invoices`); one in the
 * connection's schema (`?schema=` of the URL, else the search_path's first,
 * normally `public`) stays unqualified. The model is therefore relative to
 * the default schema, and the same files migrate a database whose default
 * schema is another one.
 *
 * A name holds at most one dot; the generated names of constraints and
 * indexes use the bare name (`invoices_pkey`), since PostgreSQL keeps them
 * in the table's schema.
 */
import type { Schema } from './model'

/** The parts of a possibly qualified name: `billing.invoices` is `{ schema: 'billing', name: 'invoices' }`. */
export interface QualifiedName {
  /** Absent: the default schema. */
  readonly schema?: string
  readonly name: string
}

export function splitQualified(name: string): QualifiedName {
  const dot = name.indexOf('.')
  return dot < 0 ? { name } : { schema: name.slice(0, dot), name: name.slice(dot + 1) }
}

/** The name without its schema (`invoices` of `billing.invoices`). */
export function bareName(name: string): string {
  return splitQualified(name).name
}

/** The schema of a name, undefined for the default schema. */
export function schemaOfName(name: string): string | undefined {
  return splitQualified(name).schema
}

/** `name` in the schema of `like` (an index or sequence of table `billing.invoices` is `billing.NAME`). */
export function inSchemaOf(like: string, name: string): string {
  const schema = schemaOfName(like)
  return schema === undefined ? name : `${schema}.${name}`
}

/** What is wrong with a qualified name, or undefined: one dot at most, neither part empty. */
export function qualifiedNameProblem(name: string): string | undefined {
  const parts = name.split('.')
  if (parts.length > 2) return 'has more than one dot (write schema.name)'
  if (parts.some((p) => p === '')) return 'has an empty part around its dot (write schema.name)'
  return undefined
}

/**
 * The schemas other than the default one that `schema` holds objects in,
 * sorted: those of its tables and enums. strata creates each with the first
 * object in it (createSchema) and drops it after the last (dropSchema).
 */
export function schemasOf(schema: Schema): string[] {
  const out = new Set<string>()
  for (const t of schema.tables) {
    const s = schemaOfName(t.name)
    if (s !== undefined) out.add(s)
  }
  for (const e of schema.enums) {
    const s = schemaOfName(e.name)
    if (s !== undefined) out.add(s)
  }
  return [...out].sort()
}

/** The names of the tables and enums of `schema` in `name`. */
export function objectsInSchema(schema: Schema, name: string): string[] {
  return [...schema.tables, ...schema.enums].map((o) => o.name).filter((n) => schemaOfName(n) === name)
}

/**
 * `schema` with the schema part of every table and enum name (and of the
 * names that refer to them: foreign keys, enum columns, serial sequences,
 * triggers, policies, sequences' owners) replaced by `to(schema)`;
 * `undefined` is the default schema.
 */
export function mapSchemas(schema: Schema, to: (schema: string | undefined) => string | undefined): Schema {
  const name = (n: string): string => {
    const { schema: s, name: bare } = splitQualified(n)
    const mapped = to(s)
    return mapped === undefined ? bare : `${mapped}.${bare}`
  }
  const owned = (n: string): string => {
    const dot = n.lastIndexOf('.')
    return `${name(n.slice(0, dot))}${n.slice(dot)}`
  }
  return {
    ...schema,
    tables: schema.tables.map((t) => ({
      ...t,
      name: name(t.name),
      columns: t.columns.map((c) => ({
        ...c,
        ...(c.enum !== undefined ? { enum: name(c.enum) } : {}),
        ...(c.sequence !== undefined ? { sequence: name(c.sequence) } : {}),
      })),
      foreignKeys: t.foreignKeys.map((f) => ({ ...f, references: { ...f.references, table: name(f.references.table) } })),
    })),
    enums: schema.enums.map((e) => ({ ...e, name: name(e.name) })),
    ...(schema.triggers ? { triggers: schema.triggers.map((t) => ({ ...t, table: name(t.table) })) } : {}),
    ...(schema.policies ? { policies: schema.policies.map((p) => ({ ...p, table: name(p.table) })) } : {}),
    ...(schema.sequences ? { sequences: schema.sequences.map((s) => (s.ownedBy !== undefined ? { ...s, ownedBy: owned(s.ownedBy) } : s)) } : {}),
  }
}
