/**
 * The model in the form PostgreSQL stores it, for comparing a model with what
 * the introspector reads back:
 * - `string` without length is `text` (SPEC §2: text without length);
 * - `native` keeps only its postgres spelling;
 * - check expressions, generation expressions, partial-index predicates and index expressions are
 *   replaced by PostgreSQL's own re-print of them (`email LIKE '%@%'` comes
 *   back as `email::text ~~ '%@%'::text`), obtained by creating the model in
 *   a scratch schema of the same database and reading those texts back.
 *   Everything else (types, nullability, defaults, keys, foreign keys,
 *   comments) is compared with the model as written. Tables and enums of
 *   other schemas (`billing.invoices`) are created in scratch schemas of
 *   their own (`<scratch>_0s`), so that they never meet the real ones, and
 *   read back under their real names.
 */
import { randomBytes } from 'node:crypto'
import type { Connection } from '../../../src/dialects/dialect'
import { postgresDialect } from '../../../src/dialects/postgres/postgres-dialect'
import { quoteIdentifier } from '../../../src/dialects/postgres/postgres-types'
import type { Column, Schema } from '../../../src/schema/model'
import { mapSchemas, schemasOf } from '../../../src/schema/qualified'
import { creationOperations, runOperations } from '../harness'

function storedColumn(column: Column): Column {
  if (column.type === 'string' && column.length === undefined) return { ...column, type: 'text' }
  if (column.type === 'native') return { ...column, native: { postgres: column.native?.postgres } }
  return column
}

/** `url` with `?schema=NAME` added. */
export function withSchema(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}schema=${encodeURIComponent(schema)}`
}

export async function postgresNormalForm(admin: Connection, url: string, schema: Schema): Promise<Schema> {
  const typed: Schema = { ...schema, tables: schema.tables.map((t) => ({ ...t, columns: t.columns.map(storedColumn) })) }
  const objects = (schema.views?.length ?? 0) + (schema.triggers?.length ?? 0) + (schema.functions?.length ?? 0) > 0
  const needsPrint =
    objects ||
    typed.tables.some((t) => t.checks.length > 0 || t.columns.some((c) => c.generated) || t.indexes.some((i) => i.where !== undefined || i.expression !== undefined))
  if (!needsPrint) return typed
  const scratch = `strata_expected_${randomBytes(4).toString('hex')}`
  // Each other schema of the model gets a scratch schema of its own (created by creationOperations).
  const toScratch = new Map(schemasOf(typed).map((name, i) => [name, `${scratch}_${i}s`]))
  const toReal = new Map([...toScratch].map(([real, name]) => [name, real]))
  const others = [...toScratch.values()]
  await admin.query(`CREATE SCHEMA ${quoteIdentifier(scratch)}`)
  try {
    const connection = await postgresDialect.connect(withSchema(url, scratch))
    let printed: Schema
    try {
      const mapped = mapSchemas(typed, (name) => (name === undefined ? undefined : toScratch.get(name)))
      await runOperations(connection, { tables: [], enums: [] }, creationOperations(mapped))
      printed = mapSchemas(await connection.introspect({ schemas: others }), (name) => (name === undefined ? undefined : (toReal.get(name) ?? name)))
    } finally {
      await connection.close()
    }
    return {
      ...typed,
      // Views and triggers come back whole as PostgreSQL prints them (queries, conditions; bodies verbatim).
      ...(objects ? { views: printed.views, triggers: printed.triggers, functions: printed.functions } : {}),
      tables: typed.tables.map((t) => {
        const p = printed.tables.find((x) => x.name === t.name)
        return {
          ...t,
          // Generation expressions as PostgreSQL prints them (`c4 * 2` for `"c4" * 2`).
          columns: t.columns.map((c) => {
            const pg = c.generated && p?.columns.find((x) => x.name === c.name)?.generated
            return pg ? { ...c, generated: { ...c.generated!, expression: pg.expression } } : c
          }),
          checks: t.checks.map((c) => ({ ...c, expression: p?.checks.find((x) => x.name === c.name)?.expression ?? c.expression })),
          indexes: t.indexes.map((i) => {
            const pi = p?.indexes.find((x) => x.name === i.name)
            const out = { ...i }
            if (i.where !== undefined && pi?.where !== undefined) out.where = pi.where
            if (i.expression !== undefined && pi?.expression !== undefined) out.expression = pi.expression
            return out
          }),
        }
      }),
    }
  } finally {
    for (const name of [...others].reverse()) await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(name)} CASCADE`)
    await admin.query(`DROP SCHEMA ${quoteIdentifier(scratch)} CASCADE`)
  }
}
