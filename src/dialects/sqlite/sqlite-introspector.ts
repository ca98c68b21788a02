/**
 * Reads a live SQLite database back into the schema model: sqlite_master and
 * PRAGMA table_xinfo for the columns, and the CREATE TABLE / CREATE INDEX
 * text SQLite keeps verbatim for what the pragmas do not give: constraint
 * names, CHECK expressions, enum CHECKs, index expressions and predicates,
 * and strata's marker comments (see sqlite-types.ts).
 *
 * Comments are not stored by SQLite, so none are returned; enums exist only
 * as CHECKs on their columns, so an enum no column uses is not returned.
 */
import { SQL_OBJECTS_TABLE } from '../sql-objects'
import type BetterSqlite3 from 'better-sqlite3'
import { canonicalSchema } from '../../schema/canonical'
import type {
  Check,
  Column,
  Enum,
  ForeignKey,
  Index,
  PrimaryKey,
  ReferentialAction,
  Schema,
  Table,
  TypeSpec,
  Unique,
} from '../../schema/model'
import { REFERENTIAL_ACTIONS } from '../../schema/model'
import { constraintName, primaryKeyName } from '../../schema/naming'
import { parseCreateTable, parseIndex, type ParsedTable } from './sqlite-parse'
import { inferDefault, inferTypeSpec } from './sqlite-types'

/** strata's own history table, never part of the user's schema. */
import { readSqliteObjects } from './sqlite-objects-read'

export const HISTORY_TABLE = 'strata_migrations'

interface XInfoRow {
  cid: number
  name: string
  type: string
  notnull: number
  dflt_value: string | null
  pk: number
  hidden: number
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

function action(text: string | undefined): ReferentialAction | undefined {
  const a = text?.toLowerCase().replace(/\s+/g, ' ')
  if (!a || a === 'no action') return undefined
  return (REFERENTIAL_ACTIONS as readonly string[]).includes(a) ? (a as ReferentialAction) : undefined
}

function primaryKeyColumns(db: BetterSqlite3.Database, table: string): string[] {
  const rows = db.prepare('SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(table) as {
    name: string
  }[]
  return rows.map((r) => r.name)
}

function readTable(
  db: BetterSqlite3.Database,
  name: string,
  sql: string,
  enums: Map<string, Enum>,
  unmarkedRowids: Set<string>,
  indexes: IndexRows,
): Table {
  const parsed: ParsedTable = parseCreateTable(sql)
  // hidden: 0 an ordinary column, 1 a virtual table's hidden column, 2 a
  // VIRTUAL and 3 a STORED generated column (https://www.sqlite.org/pragma.html#pragma_table_xinfo).
  const xinfo = (db.prepare('SELECT * FROM pragma_table_xinfo(?)').all(name) as XInfoRow[]).filter((r) => r.hidden !== 1)
  const pkColumns = xinfo.filter((r) => r.pk > 0).sort((a, b) => a.pk - b.pk).map((r) => r.name)
  const withoutRowid = parsed.withoutRowid
  const checks: Check[] = []
  const uniques: Unique[] = []
  const foreignKeys: ForeignKey[] = []
  let pkName: string | undefined

  const columns = xinfo.map((row): Column => {
    const def = parsed.columns.get(row.name)
    const rowid = !withoutRowid && pkColumns.length === 1 && pkColumns[0] === row.name && row.type.toUpperCase() === 'INTEGER'
    const role = rowid ? 'rowid' : pkColumns.length === 1 && pkColumns[0] === row.name ? 'single-pk' : 'plain'
    const spec: TypeSpec = def?.marker?.type ?? inferTypeSpec(row.type, role, rowid && def?.autoincrement === true)
    if (rowid && !def?.marker?.type) unmarkedRowids.add(JSON.stringify([name, row.name]))
    const column: Mutable<Column> = { name: row.name, ...spec }
    // A key column without NOT NULL can hold NULL on SQLite (a legacy quirk,
    // https://www.sqlite.org/lang_createtable.html#the_primary_key) unless it is
    // the rowid or the table is STRICT or WITHOUT ROWID (which make it NOT NULL
    // whatever pragma_table_info says): it is read nullable there.
    const keyNotNull = pkColumns.includes(row.name) && (withoutRowid || parsed.strict)
    if (row.notnull === 0 && !rowid && !keyNotNull) column.nullable = true
    const marked = def?.marker && 'default' in def.marker
    const dflt = marked ? (def!.marker!.default ?? undefined) : inferDefault(row.dflt_value, spec)
    if (dflt !== undefined) column.default = dflt
    if (def?.collation !== undefined) column.collation = def.collation
    if (def?.generated) column.generated = def.generated.stored ? { expression: def.generated.expression, stored: true } : { expression: def.generated.expression }
    if (def?.primaryKeyName) pkName = def.primaryKeyName
    for (const check of def?.checks ?? []) {
      if (spec.type === 'enum' && spec.enum !== undefined && check.inValues) {
        if (!enums.has(spec.enum)) enums.set(spec.enum, { name: spec.enum, values: check.inValues })
        continue
      }
      checks.push({ name: check.name ?? constraintName(name, [row.name], 'check'), expression: check.expression })
    }
    if (def?.unique) uniques.push({ name: def.unique.name ?? constraintName(name, [row.name], 'key'), columns: [row.name] })
    if (def?.references) {
      const r = def.references
      foreignKeys.push(
        foreignKey(db, name, r.name, [row.name], r.table, r.columns, r),
      )
    }
    return column
  })

  for (const c of parsed.constraints) {
    switch (c.kind) {
      case 'primaryKey':
        if (c.name) pkName = c.name
        break
      case 'unique':
        uniques.push({ name: c.name ?? constraintName(name, c.columns, 'key'), columns: c.columns })
        break
      case 'check':
        checks.push({ name: c.name ?? constraintName(name, [String(checks.length + 1)], 'check'), expression: c.expression })
        break
      case 'foreignKey':
        foreignKeys.push(foreignKey(db, name, c.name, c.columns, c.table, c.refColumns, c))
        break
    }
  }

  const table: Mutable<Table> = {
    name,
    columns,
    uniques,
    indexes: readIndexes(indexes.get(name) ?? []),
    foreignKeys,
    checks,
  }
  if (parsed.strict) table.strict = true
  if (withoutRowid) table.withoutRowid = true
  if (pkColumns.length) {
    const pk: PrimaryKey = { name: pkName ?? primaryKeyName(name), columns: pkColumns }
    table.primaryKey = pk
  }
  return table
}

function foreignKey(
  db: BetterSqlite3.Database,
  table: string,
  name: string | undefined,
  columns: readonly string[],
  target: string,
  targetColumns: readonly string[],
  tail: { readonly onDelete?: string; readonly onUpdate?: string; readonly deferrable?: boolean; readonly initiallyDeferred?: boolean },
): ForeignKey {
  // `REFERENCES t` without columns means t's primary key.
  const refColumns = targetColumns.length ? targetColumns : primaryKeyColumns(db, target)
  const fk: Mutable<ForeignKey> = {
    name: name ?? constraintName(table, columns, 'fkey'),
    columns,
    references: { table: target, columns: refColumns },
  }
  const del = action(tail.onDelete)
  const upd = action(tail.onUpdate)
  if (del) fk.onDelete = del
  if (upd) fk.onUpdate = upd
  // DEFERRABLE as the text says it (https://sqlite.org/foreignkeys.html#fk_deferred);
  // MATCH is parsed and ignored by SQLite, and named by the introspect report (sqlite-unkept.ts).
  if (tail.deferrable) fk.deferrable = true
  if (tail.initiallyDeferred) fk.initiallyDeferred = true
  return fk
}

type IndexRows = ReadonlyMap<string, readonly { name: string; sql: string }[]>

/**
 * Every index's SQL, by table, in one read: sqlite_master has no index on
 * tbl_name, so one query per table would scan it once per table.
 * Indexes behind PRIMARY KEY and UNIQUE constraints (sqlite_autoindex_*) have no SQL.
 */
function indexRows(db: BetterSqlite3.Database): IndexRows {
  const rows = db
    .prepare("SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
    .all() as { tbl_name: string; name: string; sql: string }[]
  const out = new Map<string, { name: string; sql: string }[]>()
  for (const row of rows) {
    const list = out.get(row.tbl_name) ?? []
    list.push(row)
    out.set(row.tbl_name, list)
  }
  return out
}

function readIndexes(rows: readonly { name: string; sql: string }[]): Index[] {
  return rows.map((row) => {
    const parsed = parseIndex(row.sql)
    const index: Mutable<Index> = { name: row.name }
    if (parsed.columns) {
      index.columns = parsed.columns
      if (parsed.columnOptions) index.columnOptions = parsed.columnOptions
    } else index.expression = parsed.expression ?? ''
    if (parsed.unique) index.unique = true
    if (parsed.where !== undefined) index.where = parsed.where
    return index
  })
}

/** The live schema of an open database, canonical. */
export function introspectSqlite(db: BetterSqlite3.Database, options: { exclude?: readonly string[] } = {}): Schema {
  const exclude = new Set([HISTORY_TABLE, SQL_OBJECTS_TABLE, ...(options.exclude ?? [])])
  const rows = db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )
    .all() as { name: string; sql: string }[]
  const enums = new Map<string, Enum>()
  const unmarkedRowids = new Set<string>()
  const indexes = indexRows(db)
  const tables = rows.filter((r) => !exclude.has(r.name)).map((r) => readTable(db, r.name, r.sql, enums, unmarkedRowids, indexes))
  const { views, triggers } = readSqliteObjects(db)
  return canonicalSchema({ tables: rowidKeyTypes(tables, unmarkedRowids), enums: [...enums.values()], views, triggers })
}

/**
 * An `INTEGER PRIMARY KEY` that strata did not write (no marker) reads as
 * bigint, the type strata gives autoincrement keys. In SQLite every integer
 * type is the same 64-bit INTEGER affinity, and hand-written databases
 * usually declare the referencing columns `INTEGER`: such a key takes the
 * type its referencing columns agree on, so that the foreign keys compare
 * equal types (strata writes `INTEGER` for the rowid key either way, with a
 * marker for the type).
 */
function rowidKeyTypes(tables: Table[], unmarkedRowids: ReadonlySet<string>): Table[] {
  if (unmarkedRowids.size === 0) return tables
  const byName = new Map(tables.map((t) => [t.name, t]))
  const referencing = new Map<string, Set<string>>()
  for (const t of tables) {
    for (const fk of t.foreignKeys) {
      if (fk.columns.length !== 1) continue
      const key = JSON.stringify([fk.references.table, fk.references.columns[0]])
      if (!unmarkedRowids.has(key)) continue
      const type = t.columns.find((c) => c.name === fk.columns[0])?.type
      if (type) referencing.set(key, (referencing.get(key) ?? new Set()).add(type))
    }
  }
  for (const [key, types] of referencing) {
    const [type] = [...types]
    if (types.size !== 1 || (type !== 'integer' && type !== 'smallint')) continue
    const [tableName, columnName] = JSON.parse(key) as [string, string]
    const table = byName.get(tableName)!
    const retyped: Table = {
      ...table,
      columns: table.columns.map((c) => (c.name === columnName ? { ...c, type } : c)),
    }
    byName.set(tableName, retyped)
  }
  return tables.map((t) => byName.get(t.name)!)
}
