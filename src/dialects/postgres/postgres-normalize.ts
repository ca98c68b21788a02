/**
 * A model in the form the PostgreSQL introspector reads it back (see
 * `Connection.normalize`), for comparing the snapshot with a live database.
 *
 * - `string` without length is created as `text` and reads back as `text`.
 * - `native` keeps only its postgres spelling.
 * - `concurrently` is a way of building an index, not a property of it.
 * - PostgreSQL stores CHECK constraints, index expressions and predicates,
 *   and defaults as parse trees and prints them back its own way
 *   (`email LIKE '%@%'` becomes `(email)::text ~~ '%@%'::text`, a literal
 *   timestamp default gets a cast, a native type is re-spelled by
 *   format_type). Rather than imitate the printer, the tables that hold such
 *   text are created in a scratch schema, read back, and the transaction is
 *   rolled back: nothing is left behind.
 *   https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-INFO-CATALOG
 */
import { scratchSchemas } from './postgres-scratch-schemas'
import { randomBytes } from 'node:crypto'
import { canonicalSchema } from '../../schema/canonical'
import type { Column, Index, Schema, Table } from '../../schema/model'
import { isLiteralDefault } from '../../schema/model'
import type { Connection } from '../dialect'
import { introspectPostgres } from './postgres-introspector'
import { normalizeCatalogForPostgres } from './postgres-normalize-catalog'
import { normalizeObjectsForPostgres } from './postgres-normalize-objects'
import { quoteIdentifier as q } from './postgres-types'

function storedColumn(column: Column): Column {
  // SQLite's attributes are not stored here: AUTOINCREMENT (`monotonic`), a
  // SQLite spelling next to a portable type (`native.sqlite`).
  const { monotonic: _monotonic, ...rest } = column
  const out: Column = rest
  if (out.type === 'string' && out.length === undefined && out.native?.postgres === undefined) return storedColumn({ ...out, type: 'text' })
  if (out.type === 'native') return { ...out, native: { postgres: out.native?.postgres } }
  if (out.native !== undefined) {
    const { native, ...portable } = out
    return native.postgres === undefined ? portable : { ...portable, native: { postgres: native.postgres } }
  }
  return out
}

/** SQLite's table options (STRICT, WITHOUT ROWID) are not stored here. */
function storedTable(table: Table): Table {
  const { strict: _strict, withoutRowid: _withoutRowid, ...rest } = table
  return { ...rest, columns: table.columns.map(storedColumn), indexes: table.indexes.map(storedIndex) }
}

function storedIndex(index: Index): Index {
  const { concurrently: _concurrently, ...rest } = index
  return rest
}

/** Does the table hold text that PostgreSQL may print differently? */
function needsPrint(table: Table): boolean {
  return (
    table.partitionBy !== undefined ||
    table.checks.length > 0 ||
    (table.exclusions?.length ?? 0) > 0 ||
    table.indexes.some((i) => i.where !== undefined || i.expression !== undefined || i.columnOptions !== undefined || i.method !== undefined) ||
    table.columns.some((c) => c.type === 'native' || c.generated !== undefined || (c.default !== undefined && (!isLiteralDefault(c.default) || typeof c.default === 'string')))
  )
}

class RolledBack extends Error {
  constructor(readonly printed: Schema) {
    super('rolled back on purpose')
  }
}

/** Create `tables` (without foreign keys: their targets are not all there) in a scratch schema and read them back. */
async function printed(connection: Connection, whole: Schema, printTables: readonly Table[]): Promise<Schema | undefined> {
  const scratch = `strata_normalize_${randomBytes(6).toString('hex')}`
  const compiler = connection.dialect.compiler
  try {
    await connection.transaction(async () => {
      const [row] = await connection.query("SELECT current_setting('search_path') AS path")
      await connection.query(`CREATE SCHEMA ${q(scratch)}`)
      // The scratch schema first (where CREATE goes, and what current_schema()
      // names for the introspector), then the user's path, so that functions
      // and types the expressions use resolve as they do in the real schema.
      await connection.query(`SET LOCAL search_path TO ${q(scratch)}, ${String(row?.path ?? 'public')}`)
      // Tables and enums of other schemas go to scratch schemas of their own.
      const mapped = await scratchSchemas(connection, scratch, { ...whole, tables: [...printTables] })
      const schema = { ...whole, enums: mapped.schema.enums }
      const tables = mapped.schema.tables
      // One round trip for the whole script (the simple query protocol runs
      // several statements; none of these has parameters): a thousand tables
      // one statement at a time cost seconds of latency.
      const statements: string[] = []
      for (const e of schema.enums) {
        for (const s of compiler.compile({ op: 'createEnum', name: e.name, values: e.values }, { tables: [], enums: [] })) statements.push(s.sql)
      }
      // Each table is compiled alone: a bare table (no foreign keys) needs
      // only the enums from the schema it is compiled against.
      const context: Schema = { tables: [], enums: schema.enums }
      for (const table of tables) {
        // A partition's own foreign keys go too (partition-objects.ts): the model's are kept (below).
        const partitions = table.partitions?.map(({ foreignKeys: _fks, ...p }) => p)
        const bare: Table = { ...table, foreignKeys: [], ...(partitions ? { partitions } : {}) }
        for (const s of compiler.compile({ op: 'createTable', table: bare }, context)) statements.push(s.sql)
      }
      if (statements.length) await connection.query(statements.join(';\n'))
      throw new RolledBack(mapped.back(await introspectPostgres((sql, params) => connection.query(sql, params), { schemas: mapped.others })))
    })
  } catch (error) {
    if (error instanceof RolledBack) return error.printed
    // Text PostgreSQL refuses in isolation (an expression calling a function
    // of another schema, say) is compared as written.
    return undefined
  }
  return undefined
}

/**
 * Is the text PostgreSQL re-prints (checks, index expressions and
 * predicates, defaults, native types) already what the live table holds?
 * Then there is nothing to re-print: the live text is PostgreSQL's print.
 */
function printedAlready(table: Table, live: Table | undefined): boolean {
  if (!live) return false
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  const checks = new Map(live.checks.map((c) => [c.name, c.expression]))
  const indexes = new Map(live.indexes.map((i) => [i.name, i]))
  const columns = new Map(live.columns.map((c) => [c.name, c]))
  return (
    same(table.partitionBy, live.partitionBy) &&
    same(table.partitions, live.partitions) &&
    table.checks.every((c) => checks.get(c.name) === c.expression) &&
    (table.exclusions ?? []).every((x) => same(live.exclusions?.find((l) => l.name === x.name), x)) &&
    table.indexes.every((i) => {
      const l = indexes.get(i.name)
      return l !== undefined && l.where === i.where && l.expression === i.expression && same(l.columnOptions, i.columnOptions) && l.method === i.method
    }) &&
    table.columns.every((c) => {
      const l = columns.get(c.name)
      return l !== undefined && same(l.default, c.default) && same(l.native, c.native) && same(l.generated, c.generated)
    })
  )
}

export async function normalizeForPostgres(connection: Connection, schema: Schema, live?: Schema): Promise<Schema> {
  const objects = await normalizeObjectsForPostgres(connection, schema)
  const catalog = await normalizeCatalogForPostgres(connection, schema, live)
  const tablesOnly: Schema = { tables: schema.tables, enums: schema.enums }
  // Grants are compared as they are: names and privileges print as written.
  const grants = schema.grants?.length ? { grants: schema.grants } : {}
  return canonicalSchema({ ...(await normalizeTablesForPostgres(connection, tablesOnly, live)), ...objects, ...catalog, ...grants })
}

async function normalizeTablesForPostgres(connection: Connection, schema: Schema, live?: Schema): Promise<Schema> {
  const typed: Schema = {
    ...schema,
    tables: schema.tables.map(storedTable),
  }
  const liveTables = new Map(live?.tables.map((t) => [t.name, t]))
  const toPrint = typed.tables.filter((t) => needsPrint(t) && !printedAlready(t, liveTables.get(t.name)))
  if (toPrint.length === 0) return canonicalSchema(typed)
  const back = await printed(connection, typed, toPrint)
  if (!back) return canonicalSchema(typed)
  const byName = new Map(back.tables.map((t) => [t.name, t]))
  const tables = typed.tables.map((t): Table => {
    const p = byName.get(t.name)
    if (!p) return t
    return {
      ...t,
      columns: t.columns.map((c) => {
        const pc = p.columns.find((x) => x.name === c.name)
        if (!pc) return c
        const out: Record<string, unknown> = { ...c }
        if (c.type === 'native') out.native = pc.native
        if (c.default !== undefined && pc.default !== undefined) out.default = pc.default
        if (c.generated !== undefined && pc.generated !== undefined) out.generated = pc.generated
        return out as unknown as Column
      }),
      checks: t.checks.map((c) => ({ ...c, expression: p.checks.find((x) => x.name === c.name)?.expression ?? c.expression })),
      // The key and the bounds' values as PostgreSQL prints them ('2026-01-01' of a timestamp key is '2026-01-01 00:00:00').
      ...(t.partitionBy && p.partitionBy ? { partitionBy: p.partitionBy } : {}),
      // What each holds of its own as PostgreSQL prints it, but for its foreign keys (not created there): the model's.
      ...(t.partitions && p.partitions
        ? {
            partitions: p.partitions.map((pp) => {
              const fks = t.partitions?.find((x) => x.name === pp.name)?.foreignKeys
              return fks?.length ? { ...pp, foreignKeys: fks } : pp
            }),
          }
        : {}),
      // EXCLUDE elements, operators and predicate as PostgreSQL prints them; the attributes are the model's.
      ...(t.exclusions
        ? {
            exclusions: t.exclusions.map((x) => {
              const px = p.exclusions?.find((e) => e.name === x.name)
              return px ? { ...x, elements: px.elements, ...(px.where !== undefined ? { where: px.where } : {}) } : x
            }),
          }
        : {}),
      indexes: t.indexes.map((i) => {
        const pi = p.indexes.find((x) => x.name === i.name)
        const out: { -readonly [K in keyof Index]: Index[K] } = { ...i }
        if (i.where !== undefined && pi?.where !== undefined) out.where = pi.where
        if (i.expression !== undefined && pi?.expression !== undefined) out.expression = pi.expression
        // Operator class and collation names, and the method, as PostgreSQL spells them.
        if (pi !== undefined && i.columnOptions !== undefined) {
          if (pi.columnOptions === undefined) delete out.columnOptions
          else out.columnOptions = pi.columnOptions
        }
        if (i.method !== undefined && pi !== undefined) {
          if (pi.method === undefined) delete out.method
          else out.method = pi.method
        }
        return out
      }),
    }
  })
  return canonicalSchema({ ...typed, tables })
}
