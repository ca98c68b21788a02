/**
 * SQLite's catalog as keys and definitions, for what a raw `sql` object made
 * (migrations/sql-object-records.ts): every row of sqlite_master (tables,
 * indexes, views, triggers, a virtual table and its shadow tables), keyed
 * `type name`, defined by the `sql` text SQLite keeps as written
 * (https://www.sqlite.org/schematab.html). SQLite's own objects
 * (`sqlite_%`: internal tables, the indexes of UNIQUE and PRIMARY KEY
 * constraints, whose text is NULL) are part of their table's text.
 */
import type BetterSqlite3 from 'better-sqlite3'

interface MasterRow {
  readonly key: string
  readonly sql: string | null
}

function rows(db: BetterSqlite3.Database): MasterRow[] {
  return db
    .prepare("SELECT type || ' ' || name AS key, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1")
    .all() as MasterRow[]
}

export function sqliteCatalogKeys(db: BetterSqlite3.Database): string[] {
  return rows(db).map((r) => r.key)
}

export function sqliteCatalogDefinitions(db: BetterSqlite3.Database, keys: readonly string[]): Map<string, string> {
  const wanted = new Set(keys)
  return new Map(rows(db).filter((r) => wanted.has(r.key)).map((r) => [r.key, r.sql ?? '']))
}
