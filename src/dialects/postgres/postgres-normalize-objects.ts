/**
 * Views and triggers of a model in the form PostgreSQL prints them back
 * (part of `Connection.normalize`): pg_get_viewdef re-prints a query
 * (`SELECT id FROM users` comes back as ` SELECT users.id\n   FROM users;`
 * or so, depending on the version), pg_get_triggerdef a WHEN condition. As
 * for CHECK expressions (postgres-normalize.ts), rather than imitate the
 * printer, the objects are created in a scratch schema inside a transaction
 * that is rolled back, over bare copies of the tables they use, and read back.
 * https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-INFO-CATALOG
 */
import { scratchSchemas } from './postgres-scratch-schemas'
import { randomBytes } from 'node:crypto'
import type { Schema, Table } from '../../schema/model'
import { sqlFor } from '../../schema/model'
import { type Trigger, rekeyTriggers, triggersOf } from '../../schema/triggers'
import { type StoredFunction, functionText, functionUsesTables, functionsOf } from '../../schema/functions'
import { type View, dependenciesOf, viewsOf } from '../../schema/views'
import { creationOrder } from '../../diff/view-order'
import type { Connection } from '../dialect'
import { postgresTriggerBody, postgresViewQuery } from './postgres-objects'
import { readPostgresFunctions } from './postgres-functions-read'
import { readPostgresObjects } from './postgres-objects-read'
import { readPostgresPolicies } from './postgres-policies-read'
import { type Policy, policiesOf, policyMentions } from '../../schema/policies'
import { quoteIdentifier as q } from './postgres-types'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

interface Objects {
  views: View[]
  triggers: Trigger[]
  functions: StoredFunction[]
  policies: Policy[]
}

/** The objects as they exist on PostgreSQL, text as written: what has no PostgreSQL text is not created here. */
function stored(schema: Schema): Objects {
  const views = viewsOf(schema).flatMap((v): View[] => {
    const query = postgresViewQuery(v)
    if (query === undefined) return []
    const { dependsOn: _d, ...rest } = v
    return [{ ...rest, query }]
  })
  const triggers = triggersOf(schema).flatMap((t): Trigger[] => {
    const body = postgresTriggerBody(t)
    if (body === undefined && t.function === undefined) return []
    const out: Mutable<Trigger> = { ...t }
    if (body !== undefined) out.body = body
    if (t.when !== undefined) {
      const when = sqlFor(t.when, 'postgres')
      if (when === undefined) delete out.when
      else out.when = when
    }
    return [out]
  })
  return { views, triggers, functions: functionsOf(schema).flatMap(postgresFunction), policies: [...policiesOf(schema)] }
}

/** A function as PostgreSQL holds it: its PostgreSQL text, without MySQL's attributes; none without a PostgreSQL body. */
function postgresFunction(fn: StoredFunction): StoredFunction[] {
  const text = functionText(fn, 'postgres')
  if (!text) return []
  const { args: _a, returns: _r, body: _b, deterministic: _d, dataAccess: _s, comment: _c, ...rest } = fn
  return [{ ...rest, ...text }]
}

class RolledBack extends Error {
  constructor(readonly printed: Objects) {
    super('rolled back on purpose')
  }
}

/** `schema`'s views and triggers as PostgreSQL prints them; as written when it refuses them in isolation. */
export async function normalizeObjectsForPostgres(
  connection: Connection,
  schema: Schema,
): Promise<{ views?: View[]; triggers?: Trigger[]; functions?: StoredFunction[]; policies?: Policy[] }> {
  const objects = stored(schema)
  if (objects.views.length === 0 && objects.triggers.length === 0 && objects.functions.length === 0 && objects.policies.length === 0) return {}
  const tables = new Map(schema.tables.map((t) => [t.name, t]))
  const needed = new Set<string>()
  for (const v of objects.views) for (const d of dependenciesOf(v, schema)) if (tables.has(d)) needed.add(d)
  for (const t of objects.triggers) if (tables.has(t.table)) needed.add(t.table)
  for (const f of objects.functions) for (const t of schema.tables) if (functionUsesTables(f, { tables: [t], enums: [] })) needed.add(t.name)
  // A policy's table, and the tables its expressions name (a subquery).
  for (const p of objects.policies) for (const t of schema.tables) if (t.name === p.table || policyMentions(p, t.name)) needed.add(t.name)
  const scratch = `strata_normalize_${randomBytes(6).toString('hex')}`
  const compiler = connection.dialect.compiler
  try {
    await connection.transaction(async () => {
      const [row] = await connection.query("SELECT current_setting('search_path') AS path")
      await connection.query(`CREATE SCHEMA ${q(scratch)}`)
      await connection.query(`SET LOCAL search_path TO ${q(scratch)}, ${String(row?.path ?? 'public')}`)
      const statements: string[] = []
      // Tables and enums of other schemas go to scratch schemas of their own.
      const neededTables = [...needed].sort()
      const mapped = await scratchSchemas(connection, scratch, { tables: neededTables.map((n) => tables.get(n)!), enums: schema.enums, triggers: objects.triggers, policies: objects.policies })
      const scratchTables = new Map(neededTables.map((n, i) => [n, mapped.schema.tables[i]!]))
      const context: Schema = { tables: [], enums: mapped.schema.enums }
      for (const e of mapped.schema.enums) {
        for (const s of compiler.compile({ op: 'createEnum', name: e.name, values: e.values }, { tables: [], enums: [] })) statements.push(s.sql)
      }
      for (const name of [...needed].sort()) {
        const bare: Table = { ...scratchTables.get(name)!, foreignKeys: [] }
        for (const s of compiler.compile({ op: 'createTable', table: bare }, context)) statements.push(s.sql)
      }
      // Functions print their arguments and result (pg_get_function_arguments / _result): `int` comes back `integer`.
      for (const fn of objects.functions) {
        for (const s of compiler.compile({ op: 'createFunction', function: fn }, context)) statements.push(s.sql)
      }
      for (const view of creationOrder(objects.views, schema)) {
        for (const s of compiler.compile({ op: 'createView', view }, context)) statements.push(s.sql)
      }
      for (const trigger of mapped.schema.triggers ?? []) {
        for (const s of compiler.compile({ op: 'createTrigger', trigger }, context)) statements.push(s.sql)
      }
      // Policies are created TO PUBLIC here: only their expressions are
      // re-printed, and a role named in the files may not exist on this server.
      for (const policy of mapped.schema.policies ?? []) {
        const { roles: _roles, ...bare } = policy
        for (const s of compiler.compile({ op: 'createPolicy', policy: bare }, context)) statements.push(s.sql)
      }
      await connection.query(statements.join(';\n'))
      const read = (sql: string, params?: readonly unknown[]) => connection.query(sql, params)
      const printed = {
        ...(await readPostgresObjects(read, new Set())),
        functions: await readPostgresFunctions(read),
        policies: await readPostgresPolicies(read, new Set(), mapped.others),
      }
      const back = mapped.back({ tables: [], enums: [], ...printed })
      throw new RolledBack({ views: [...(back.views ?? [])], triggers: [...(back.triggers ?? [])], functions: [...(back.functions ?? [])], policies: [...(back.policies ?? [])] })
    })
  } catch (error) {
    if (error instanceof RolledBack) {
      const names = new Set(objects.views.map((v) => v.name))
      // dependsOn comes back as the introspector reads it (what pg_depend
      // knows and the printed text does not name), over tables of the same names.
      const functions = new Set(objects.functions.map((f) => f.name))
      return {
        views: error.printed.views.filter((v) => names.has(v.name)),
        // Read back under the introspector's keys; the model's keys again (triggers.ts).
        triggers: [...(rekeyTriggers({ tables: [], enums: [], triggers: error.printed.triggers }, { tables: [], enums: [], triggers: objects.triggers }).triggers ?? [])],
        functions: error.printed.functions.filter((f) => functions.has(f.name)),
        policies: objects.policies.map((p) => {
          const back = error.printed.policies.find((x) => x.table === p.table && x.name === p.name)
          const out: Mutable<Policy> = { ...p }
          if (p.using !== undefined && back?.using !== undefined) out.using = back.using
          if (p.withCheck !== undefined && back?.withCheck !== undefined) out.withCheck = back.withCheck
          return out
        }),
      }
    }
  }
  return objects
}
