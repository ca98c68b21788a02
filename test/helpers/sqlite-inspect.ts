/**
 * Reading a SQLite database back for tests with SQLite's own PRAGMAs, not
 * strata's introspector: what the database really holds.
 */
import Database from 'better-sqlite3'

export interface TableDump {
  readonly columns: readonly { cid?: number; name: string; type: string; notnull: number; dflt_value: unknown; pk: number }[]
  readonly indexes: readonly { name: string; unique: number; origin: string; partial: number; columns: (string | null)[] }[]
  readonly foreignKeys: readonly { table: string; from: string; to: string; on_update: string; on_delete: string }[]
}

export function openDb(path: string): Database.Database {
  return new Database(path)
}

export function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name)
}

export function dumpTable(db: Database.Database, table: string): TableDump {
  const q = JSON.stringify(table)
  const columns = db.prepare(`PRAGMA table_info(${q})`).all() as TableDump['columns'][number][]
  const indexes = (db.prepare(`PRAGMA index_list(${q})`).all() as { name: string; unique: number; origin: string; partial: number }[])
    .map((i) => ({
      name: i.name.startsWith('sqlite_autoindex_') ? `(auto ${i.origin})` : i.name,
      unique: i.unique,
      origin: i.origin,
      partial: i.partial,
      columns: (db.prepare(`PRAGMA index_info(${JSON.stringify(i.name)})`).all() as { name: string | null }[]).map((c) => c.name),
    }))
    .sort((a, b) => (a.name + a.columns.join()).localeCompare(b.name + b.columns.join()))
  const foreignKeys = (db.prepare(`PRAGMA foreign_key_list(${q})`).all() as TableDump['foreignKeys'][number][])
    .map(({ table: t, from, to, on_update, on_delete }) => ({ table: t, from, to, on_update, on_delete }))
    .sort((a, b) => (a.from + a.table).localeCompare(b.from + b.table))
  return { columns, indexes, foreignKeys }
}

/** Every user table (not strata's history) with its PRAGMA description. */
export function dumpSchema(path: string): Record<string, TableDump> {
  const db = openDb(path)
  try {
    return Object.fromEntries(tableNames(db).filter((t) => t !== 'strata_migrations' && t !== 'strata_sql_objects').map((t) => [t, dumpTable(db, t)]))
  } finally {
    db.close()
  }
}

/** The CREATE statements SQLite keeps (for CHECK constraints, which no PRAGMA lists). */
export function tableSql(path: string, table: string): string {
  const db = openDb(path)
  try {
    return (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string } | undefined)?.sql ?? ''
  } finally {
    db.close()
  }
}

export function rows(path: string, sql: string, params: unknown[] = []): Record<string, unknown>[] {
  const db = openDb(path)
  try {
    return db.prepare(sql).all(...params) as Record<string, unknown>[]
  } finally {
    db.close()
  }
}

export function exec(path: string, sql: string): void {
  const db = openDb(path)
  try {
    db.pragma('foreign_keys = ON')
    db.exec(sql)
  } finally {
    db.close()
  }
}

/** Run a statement that must fail; returns the error message. */
export function rejects(path: string, sql: string): string {
  const db = openDb(path)
  try {
    db.pragma('foreign_keys = ON')
    db.exec(sql)
  } catch (error) {
    return (error as Error).message
  } finally {
    db.close()
  }
  throw new Error(`expected the database to reject: ${sql}`)
}

/** The tables of a database file, strata's history table included. */
export function listTables(path: string): string[] {
  const db = openDb(path)
  try {
    return tableNames(db)
  } finally {
    db.close()
  }
}

/**
 * A dump with columns in name order and without positions: `down` re-adds a
 * dropped column last (ALTER TABLE … ADD COLUMN appends), and strata treats
 * column order as presentation.
 */
export function ignoringColumnOrder(dump: Record<string, TableDump>): Record<string, TableDump> {
  return Object.fromEntries(
    Object.entries(dump).map(([name, t]) => [
      name,
      { ...t, columns: t.columns.map(({ cid: _cid, ...c }) => c as TableDump['columns'][number]).sort((a, b) => a.name.localeCompare(b.name)) },
    ]),
  )
}
