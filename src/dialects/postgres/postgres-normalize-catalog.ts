/**
 * Sequences, extensions, domains, composite and range types of a model in
 * the form the PostgreSQL introspector reads them back (part of
 * `Connection.normalize`):
 * - an extension whose version is not pinned has whatever version the live
 *   database has (any version is what the model asks for);
 * - domains and types hold SQL text PostgreSQL re-prints (format_type for
 *   the base and field types, pg_get_expr for a default, pg_get_constraintdef
 *   for a check: `VALUE LIKE '%@%'` comes back `VALUE ~~ '%@%'::text`).
 *   As for views (postgres-normalize-objects.ts), rather than imitate the
 *   printer they are created in a scratch schema inside a transaction that
 *   is rolled back, and read back; when PostgreSQL refuses them in
 *   isolation they are compared as written.
 * https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-INFO-CATALOG
 */
import { scratchSchemas } from './postgres-scratch-schemas'
import { randomBytes } from 'node:crypto'
import type { CustomType } from '../../schema/custom-types'
import type { Domain } from '../../schema/domains'
import type { Extension } from '../../schema/extensions'
import type { Schema } from '../../schema/model'
import type { Connection } from '../dialect'
import { readPostgresCustomTypes } from './postgres-custom-types-read'
import { readPostgresDomains } from './postgres-domains-read'
import { quoteIdentifier as q } from './postgres-types'

class RolledBack extends Error {
  constructor(readonly printed: { domains: Domain[]; types: CustomType[] }) {
    super('rolled back on purpose')
  }
}

export async function normalizeCatalogForPostgres(connection: Connection, schema: Schema, live?: Schema): Promise<Partial<Schema>> {
  const out: { -readonly [K in keyof Schema]?: Schema[K] } = {}
  if (schema.sequences?.length) out.sequences = schema.sequences
  if (schema.extensions?.length) {
    const versions = new Map((live?.extensions ?? []).map((e) => [e.name, e.version]))
    out.extensions = schema.extensions.map((e): Extension => {
      const version = versions.get(e.name)
      return e.version === undefined && version !== undefined ? { ...e, version } : e
    })
  }
  const domains = schema.domains ?? []
  const types = schema.types ?? []
  if (domains.length === 0 && types.length === 0) return out
  if (domains.length) out.domains = domains
  if (types.length) out.types = types
  const scratch = `strata_normalize_${randomBytes(6).toString('hex')}`
  const compiler = connection.dialect.compiler
  try {
    await connection.transaction(async () => {
      const [row] = await connection.query("SELECT current_setting('search_path') AS path")
      await connection.query(`CREATE SCHEMA ${q(scratch)}`)
      await connection.query(`SET LOCAL search_path TO ${q(scratch)}, ${String(row?.path ?? 'public')}`)
      const statements: string[] = []
      const context: Schema = { tables: [], enums: [] }
      // Enums of other schemas in scratch schemas of their own (a domain naming one finds the real one).
      const mapped = await scratchSchemas(connection, scratch, { tables: [], enums: schema.enums })
      for (const e of mapped.schema.enums) for (const s of compiler.compile({ op: 'createEnum', name: e.name, values: e.values }, context)) statements.push(s.sql)
      for (const domain of domains) for (const s of compiler.compile({ op: 'createDomain', domain }, context)) statements.push(s.sql)
      for (const type of types) for (const s of compiler.compile({ op: 'createType', type }, context)) statements.push(s.sql)
      await connection.query(statements.join(';\n'))
      const read = (sql: string, params?: readonly unknown[]) => connection.query(sql, params)
      throw new RolledBack({ domains: await readPostgresDomains(read), types: await readPostgresCustomTypes(read) })
    })
  } catch (error) {
    if (error instanceof RolledBack) {
      const d = new Set(domains.map((x) => x.name))
      const t = new Set(types.map((x) => x.name))
      if (domains.length) out.domains = error.printed.domains.filter((x) => d.has(x.name))
      if (types.length) out.types = error.printed.types.filter((x) => t.has(x.name))
    }
  }
  return out
}
