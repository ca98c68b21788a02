/**
 * Reading a MySQL / MariaDB database back for tests with information_schema
 * (and SHOW CREATE TABLE where it is the only source), not strata's
 * introspector: what the server really holds, as a DatabaseShape.
 */
import type { Connection } from 'mysql2/promise'
import { byKey, type CheckShape, type ColumnShape, type DatabaseShape, type ForeignKeyShape, type IndexShape, type TableShape } from './database-shape'
import { mysqlRows } from './mysql'

/** strata's own tables: the history, and the record of what raw sql objects made (made by the first one applied). */
const STRATA_TABLES = "'strata_migrations', 'strata_sql_objects'"

/** Base tables of the current database, strata's history included. */
export async function mysqlTables(client: Connection): Promise<string[]> {
  const rows = await mysqlRows(
    client,
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY BINARY TABLE_NAME",
  )
  return rows.map((r) => String(r.name))
}

export async function mysqlShape(client: Connection): Promise<DatabaseShape> {
  const tables: Record<string, { columns: ColumnShape[]; indexes: IndexShape[]; foreignKeys: ForeignKeyShape[]; checks: CheckShape[]; comment: string | null }> = {}
  const where = `TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT IN (${STRATA_TABLES})`
  for (const t of await mysqlRows(client, `SELECT TABLE_NAME AS name, TABLE_COMMENT AS comment FROM information_schema.TABLES WHERE ${where} AND TABLE_TYPE = 'BASE TABLE'`)) {
    tables[String(t.name)] = { columns: [], indexes: [], foreignKeys: [], checks: [], comment: t.comment ? String(t.comment) : null }
  }
  const pk = new Map<string, number>()
  const indexes = new Map<string, { table: string; name: string; unique: boolean; columns: string[] }>()
  for (const s of await mysqlRows(client, `SELECT TABLE_NAME AS t, INDEX_NAME AS name, NON_UNIQUE AS nu, COLUMN_NAME AS col, SUB_PART AS sub, INDEX_TYPE AS type FROM information_schema.STATISTICS WHERE ${where} ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`)) {
    const key = `${s.t}\0${s.name}`
    let i = indexes.get(key)
    if (!i) indexes.set(key, (i = { table: String(s.t), name: String(s.name), unique: Number(s.nu) === 0, columns: [] }))
    i.columns.push(`${s.col}${s.sub !== null ? `(${s.sub})` : ''}${s.type !== 'BTREE' ? ` ${s.type}` : ''}`)
    if (s.name === 'PRIMARY') pk.set(`${s.t}\0${s.col}`, i.columns.length)
  }
  for (const c of await mysqlRows(client, `SELECT TABLE_NAME AS t, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra, COLUMN_COMMENT AS comment, GENERATION_EXPRESSION AS gen FROM information_schema.COLUMNS WHERE ${where} ORDER BY TABLE_NAME, ORDINAL_POSITION`)) {
    const table = tables[String(c.t)]
    if (!table) continue
    const extra = String(c.extra ?? '').trim()
    table.columns.push({
      name: String(c.name),
      type: `${c.type}${extra ? ` ${extra}` : ''}${c.gen ? ` AS (${c.gen})` : ''}`,
      notNull: c.nullable === 'NO',
      default: c.dflt === null || c.dflt === 'NULL' ? null : String(c.dflt),
      pk: pk.get(`${c.t}\0${c.name}`) ?? 0,
      comment: c.comment ? String(c.comment) : null,
    })
  }
  const fkNames = new Set<string>()
  const fks = new Map<string, { table: string; columns: string[]; ref: string; refColumns: string[]; onUpdate: string; onDelete: string }>()
  for (const k of await mysqlRows(client, `SELECT k.TABLE_NAME AS t, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_NAME AS ref, k.REFERENCED_COLUMN_NAME AS ref_col, r.UPDATE_RULE AS upd, r.DELETE_RULE AS del FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME NOT IN (${STRATA_TABLES}) ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`)) {
    const key = `${k.t}\0${k.name}`
    fkNames.add(key)
    let f = fks.get(key)
    if (!f) fks.set(key, (f = { table: String(k.t), columns: [], ref: String(k.ref), refColumns: [], onUpdate: String(k.upd), onDelete: String(k.del) }))
    f.columns.push(String(k.col))
    f.refColumns.push(String(k.ref_col))
  }
  for (const f of fks.values()) tables[f.table]?.foreignKeys.push({ columns: f.columns, table: f.ref, refColumns: f.refColumns, onUpdate: f.onUpdate, onDelete: f.onDelete })
  for (const i of indexes.values()) {
    tables[i.table]?.indexes.push({
      name: i.name,
      unique: i.unique,
      partial: false,
      origin: i.name === 'PRIMARY' ? 'pk' : i.unique ? 'u' : 'c',
      columns: i.columns,
      definition: null,
    })
  }
  for (const c of await mysqlRows(client, `SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME NOT IN (${STRATA_TABLES})`)) {
    tables[String(c.t)]?.checks.push({ name: String(c.name), expression: String(c.clause) })
  }
  const sorted: Record<string, TableShape> = {}
  for (const name of Object.keys(tables).sort()) {
    const t = tables[name]!
    sorted[name] = {
      ...t,
      indexes: t.indexes.sort(byKey((i) => i.name)),
      foreignKeys: t.foreignKeys.sort(byKey((f) => `${f.columns.join()}|${f.table}`)),
      checks: t.checks.sort(byKey((c) => `${c.name}|${c.expression}`)),
    }
  }
  return { tables: sorted, enums: {} }
}
