/**
 * A model in the form the MySQL introspector reads it back (see
 * `Connection.normalize`), for comparing the snapshot with a live database.
 *
 * - `string` without length is varchar(255); `decimal` without precision is
 *   decimal(10,0).
 * - The primary key is named PRIMARY by MySQL: it reads back `<table>_pkey`.
 * - A unique column index is a unique key, the same as a unique constraint,
 *   unless it has a comment or a prefix length.
 * - Each ENUM column has its values in its type: it reads back with an enum
 *   of its own, `<table>_<column>`; enums no column uses do not exist.
 * - An empty comment is no comment; `native` keeps only its mysql spelling.
 * - MySQL re-prints CHECK expressions and defaults (`email LIKE '%@%'` comes
 *   back as "`email` like '%@%'"). Rather than imitate the printer, the
 *   tables that hold such text are created in a scratch database, read back,
 *   and the scratch database is dropped (DDL cannot be rolled back here).
 * - Routines keep their MySQL text and characteristics only (no
 *   PostgreSQL attributes, language sql, the body as sent: mysql-routines.ts);
 *   their result types are printed by the server (`INT` is `int(11)` on
 *   MariaDB), so they go to the scratch database too, before the views
 *   (CREATE VIEW checks the functions a query calls).
 */
import { randomBytes } from 'node:crypto'
import { uncommented } from '../../schema/constraint-attributes'
import { canonicalSchema, canonicalView } from '../../schema/canonical'
import type { Column, Enum, Index, MysqlTableOptions, Schema, Table, Unique } from '../../schema/model'
import { sqlFor } from '../../schema/model'
import { type Trigger, triggersOf } from '../../schema/triggers'
import { type View, dependenciesOf, viewsOf } from '../../schema/views'
import { createViewMysql } from './mysql-objects'
import { createRoutineMysql, mysqlRoutineText } from './mysql-routines'
import { type StoredFunction, functionsOf } from '../../schema/functions'
import { findEnum, isLiteralDefault } from '../../schema/model'
import { createTableSql } from './mysql-ddl'
import type { MysqlConnection } from './mysql-connection'
import { DEFAULTS, columnEnumName, introspectMysql } from './mysql-introspector'
import { DEFAULT_DECIMAL_PRECISION, DEFAULT_VARCHAR_LENGTH, quoteIdentifier as q } from './mysql-types'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

function storedColumn(column: Column, table: string, schema: Schema, enums: Enum[]): Column {
  const out: Mutable<Column> = { ...column }
  if (column.type === 'string' && column.length === undefined) out.length = DEFAULT_VARCHAR_LENGTH
  if (column.type === 'decimal' && column.precision === undefined) out.precision = DEFAULT_DECIMAL_PRECISION
  if (column.type === 'decimal' && column.scale === 0) delete out.scale
  if (column.type === 'native') out.native = { mysql: column.native?.mysql }
  if (column.comment === '') delete out.comment
  // A generated column is nullable on MariaDB (mysql-ddl.ts).
  if (column.generated !== undefined) out.nullable = true
  // PostgreSQL's identity kind and serial sequence, SQLite's AUTOINCREMENT: MySQL has one AUTO_INCREMENT.
  delete out.identity
  delete out.sequence
  delete out.monotonic
  if (column.type === 'enum') {
    const values = (column.enum !== undefined ? findEnum(schema, column.enum)?.values : undefined) ?? []
    out.enum = columnEnumName(table, column.name)
    enums.push({ name: out.enum, values })
  }
  return out
}

/**
 * Views and triggers as MySQL keeps them: only those with SQL for mysql,
 * as plain text; a column list until the view is printed (MySQL folds it
 * into the query's aliases), no
 * materialized view (a plain one here), no UPDATE OF (MySQL has none: the
 * trigger fires on every UPDATE), a body ending with `;`
 * (mysql-objects-read.ts). View queries are re-printed by `printed`.
 */
function storedObjects(schema: Schema): Pick<Schema, 'views' | 'triggers' | 'functions'> {
  const views = viewsOf(schema).flatMap((v): View[] => {
    const query = sqlFor(v.query, 'mysql')
    if (query === undefined) return []
    const mysql = canonicalView(v).mysql
    return [{ name: v.name, query, ...(v.columns?.length ? { columns: v.columns } : {}), ...(v.checkOption ? { checkOption: v.checkOption } : {}), ...(mysql ? { mysql } : {}) }]
  })
  const triggers = triggersOf(schema).flatMap((t): Trigger[] => {
    const body = t.body !== undefined ? sqlFor(t.body, 'mysql') : undefined
    if (body === undefined) return []
    const when = t.when !== undefined ? sqlFor(t.when, 'mysql') : undefined
    const trimmed = body.trim()
    return [{ name: t.name, ...(t.dbName !== undefined ? { dbName: t.dbName } : {}), table: t.table, timing: t.timing, events: t.events, body: trimmed.endsWith(';') ? trimmed : `${trimmed};`, ...(when !== undefined ? { when } : {}) }]
  })
  const functions = functionsOf(schema).flatMap(storedRoutine)
  return { views, triggers, ...(functions.length ? { functions } : {}) }
}

/** A routine as MySQL keeps it (see the file comment); none without a MySQL body. */
function storedRoutine(fn: StoredFunction): StoredFunction[] {
  const text = mysqlRoutineText(fn)
  if (!text) return []
  const out: Mutable<StoredFunction> = { name: fn.name, language: 'sql', body: text.body }
  if (text.args !== undefined) out.args = text.args
  if (fn.procedure) out.procedure = true
  else if (text.returns !== undefined) out.returns = text.returns
  if (fn.deterministic) out.deterministic = true
  if (fn.dataAccess) out.dataAccess = fn.dataAccess
  if (fn.securityDefiner) out.securityDefiner = true
  if (fn.comment !== undefined && fn.comment !== '') out.comment = fn.comment
  return [out]
}

/** Are the routines' signatures already in the live database's print? */
function routinesPrintedAlready(schema: Schema, live: Schema | undefined): boolean {
  const liveRoutines = new Map(functionsOf(live ?? { tables: [], enums: [] }).map((f) => [f.name, f]))
  return functionsOf(schema).every((f) => {
    const l = liveRoutines.get(f.name)
    return l !== undefined && l.args === f.args && l.returns === f.returns
  })
}

/** The model's structure as MySQL stores it (everything but re-printed text). */
export function storedSchema(schema: Schema): Schema {
  const enums: Enum[] = []
  const tables = schema.tables.map((t): Table => {
    const uniques: Unique[] = [...t.uniques]
    const indexes: Index[] = []
    for (const index of t.indexes) {
      // Partial and expression indexes cannot exist here (validate refuses them).
      if (index.where !== undefined || index.expression !== undefined) continue
      // What MySQL keeps of an index: columns, prefix lengths, method,
      // comment (mysql-introspector.ts); a plain unique index is a unique key.
      const { name, columns = [], columnOptions, unique, method, comment } = index
      const lengths = Object.fromEntries(Object.entries(columnOptions ?? {}).flatMap(([c, o]) => (o.length !== undefined ? [[c, { length: o.length }]] : [])))
      const kept: Mutable<Index> = { name, columns }
      if (Object.keys(lengths).length) kept.columnOptions = lengths
      if (method !== undefined) kept.method = method.toLowerCase()
      if (comment !== undefined && comment !== '') kept.comment = comment
      if (unique && kept.comment === undefined && kept.columnOptions === undefined) uniques.push({ name, columns })
      else indexes.push(unique ? { ...kept, unique: true } : kept)
    }
    const out: Mutable<Table> = {
      ...t,
      columns: t.columns.map((c) => storedColumn(c, t.name, schema, enums)),
      uniques: uniques.map(uncommented),
      indexes,
      // MySQL keeps no constraint comments: the snapshot does.
      foreignKeys: t.foreignKeys.map(uncommented),
      checks: t.checks.map(uncommented),
    }
    if (t.primaryKey) out.primaryKey = { name: `${t.name}_pkey`, columns: t.primaryKey.columns }
    if (t.comment === '') delete out.comment
    return out
  })
  return canonicalSchema({ tables, enums, ...storedObjects(schema) })
}

/** Does the table hold text that MySQL may print differently? */
function needsPrint(table: Table): boolean {
  return (
    table.checks.length > 0 ||
    table.columns.some((c) => c.type === 'native' || c.generated !== undefined || (c.default !== undefined && (!isLiteralDefault(c.default) || typeof c.default === 'string')))
  )
}

/** Is the re-printed text (checks, defaults, native types) already what the live table holds? */
function printedAlready(table: Table, live: Table | undefined): boolean {
  if (!live) return false
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  const checks = new Map(live.checks.map((c) => [c.name, c.expression]))
  const columns = new Map(live.columns.map((c) => [c.name, c]))
  return (
    table.checks.every((c) => checks.get(c.name) === c.expression) &&
    table.columns.every((c) => {
      const l = columns.get(c.name)
      return l !== undefined && same(l.default, c.default) && same(l.native, c.native) && same(l.generated, c.generated)
    })
  )
}

/** Views without column lists, as a view that could not be printed is compared. */
function withoutViewColumns(schema: Schema): Schema {
  if (!viewsOf(schema).some((v) => v.columns !== undefined)) return schema
  return { ...schema, views: viewsOf(schema).map(({ columns: _folded, ...v }) => v) }
}

/** The views in an order that creates each after the views it selects from. */
function viewsInOrder(schema: Schema): View[] {
  const pending = [...viewsOf(schema)]
  const done = new Set<string>()
  const out: View[] = []
  while (pending.length) {
    const i = pending.findIndex((v) => dependenciesOf(v, schema).every((d) => done.has(d) || !pending.some((p) => p.name === d)))
    const [next] = pending.splice(i < 0 ? 0 : i, 1)
    done.add(next!.name)
    out.push(next!)
  }
  return out
}

/** Are the views' queries already in the live database's print (an adopted database)? */
function viewsPrintedAlready(schema: Schema, live: Schema | undefined): boolean {
  const liveViews = new Map(viewsOf(live ?? { tables: [], enums: [] }).map((v) => [v.name, v.query]))
  return viewsOf(schema).every((v) => v.columns === undefined && liveViews.get(v.name) === v.query)
}

/**
 * Create `tables` (without foreign keys) and the schema's views in a scratch
 * database, read them back, drop it. Views select from tables, so with views
 * every table is created.
 */
async function printed(connection: MysqlConnection, schema: Schema, tables: readonly Table[], withViews: boolean, withRoutines: boolean): Promise<Schema | undefined> {
  const scratch = `strata_normalize_${randomBytes(6).toString('hex')}`
  let created = false
  try {
    await connection.query(`CREATE DATABASE ${q(scratch)}`)
    created = true
    await connection.query(`USE ${q(scratch)}`)
    const statements = tables.map((t) => createTableSql({ ...t, foreignKeys: [] }, schema))
    if (withRoutines) statements.push(...functionsOf(schema).flatMap((f) => createRoutineMysql(f).map((s) => s.sql)))
    if (withViews) statements.push(...viewsInOrder(schema).flatMap((v) => createViewMysql(v).map((s) => s.sql)))
    if (statements.length) await connection.query(statements.join(';\n'))
    return await introspectMysql((sql, params) => connection.query(sql, params), connection.mariadb)
  } catch {
    // Text MySQL refuses in isolation is compared as written.
    return undefined
  } finally {
    await connection.query(`USE ${q(connection.database)}`)
    if (created) await connection.query(`DROP DATABASE ${q(scratch)}`)
  }
}

/**
 * Table options as the introspector reads them back: in lowercase, the
 * engine left out when it is the server's default, charset and collation
 * completed from each other and left out when they are the database's
 * (tableOptionsFromCatalog in mysql-introspector.ts).
 */
async function storedOptions(connection: MysqlConnection, schema: Schema): Promise<Schema> {
  if (!schema.tables.some((t) => t.mysql)) return schema
  const defaults = (await connection.query(DEFAULTS))[0] ?? {}
  const collations = await connection.query('SELECT COLLATION_NAME AS name, CHARACTER_SET_NAME AS charset, IS_DEFAULT AS is_default FROM information_schema.COLLATIONS')
  const charsetOf = new Map(collations.map((c) => [String(c.name).toLowerCase(), String(c.charset).toLowerCase()]))
  const defaultOf = new Map(collations.filter((c) => c.is_default === 'Yes').map((c) => [String(c.charset).toLowerCase(), String(c.name).toLowerCase()]))
  const tables = schema.tables.map((t): Table => {
    if (!t.mysql) return t
    const { mysql, ...rest } = t
    const collation = mysql.collation ?? (mysql.charset !== undefined ? defaultOf.get(mysql.charset) : undefined)
    const charset = collation !== undefined ? charsetOf.get(collation) ?? mysql.charset : undefined
    const out: Mutable<MysqlTableOptions> = {}
    if (mysql.engine !== undefined && mysql.engine !== String(defaults.engine).toLowerCase()) out.engine = mysql.engine
    if (collation !== undefined && collation !== String(defaults.collation).toLowerCase()) {
      if (charset !== undefined) out.charset = charset
      if (charset === undefined || defaultOf.get(charset) !== collation) out.collation = collation
    }
    if (mysql.rowFormat !== undefined) out.rowFormat = mysql.rowFormat
    return Object.keys(out).length ? { ...rest, mysql: out } : rest
  })
  return { ...schema, tables }
}

export async function normalizeForMysql(connection: MysqlConnection, schema: Schema, live?: Schema): Promise<Schema> {
  const stored = await storedOptions(connection, storedSchema(schema))
  const liveTables = new Map(live?.tables.map((t) => [t.name, t]))
  const withViews = !viewsPrintedAlready(stored, live)
  const withRoutines = functionsOf(stored).length > 0 && (withViews || !routinesPrintedAlready(stored, live))
  const toPrint = withViews ? stored.tables : stored.tables.filter((t) => needsPrint(t) && !printedAlready(t, liveTables.get(t.name)))
  if (toPrint.length === 0 && !withViews && !withRoutines) return stored
  const back = await printed(connection, stored, toPrint, withViews, withRoutines)
  if (!back) return withoutViewColumns(stored)
  const printedViews = new Map(viewsOf(back).map((v) => [v.name, v]))
  const views = viewsOf(withoutViewColumns(stored)).map((v) => printedViews.get(v.name) ?? v)
  const printedRoutines = new Map(functionsOf(back).map((f) => [f.name, f]))
  const functions = functionsOf(stored).map((f) => printedRoutines.get(f.name) ?? f)
  const byName = new Map(back.tables.map((t) => [t.name, t]))
  const tables = stored.tables.map((t): Table => {
    const p = byName.get(t.name)
    if (!p) return t
    return {
      ...t,
      columns: t.columns.map((c) => {
        const pc = p.columns.find((x) => x.name === c.name)
        if (!pc) return c
        const out: Record<string, unknown> = { ...c }
        if (c.type === 'native') {
          // A native type may read back as a portable one (native: int).
          for (const key of ['type', 'native', 'length', 'precision', 'scale', 'timezone', 'enum']) delete out[key]
          Object.assign(out, Object.fromEntries(Object.entries(pc).filter(([k]) => ['type', 'native', 'length', 'precision', 'scale', 'timezone', 'enum'].includes(k))))
        }
        if (c.default !== undefined && pc.default !== undefined) out.default = pc.default
        if (c.generated !== undefined && pc.generated !== undefined) out.generated = pc.generated
        return out as unknown as Column
      }),
      checks: t.checks.map((c) => ({ ...c, expression: p.checks.find((x) => x.name === c.name)?.expression ?? c.expression })),
    }
  })
  return canonicalSchema({ ...stored, tables, views, ...(functions.length ? { functions } : {}) })
}
