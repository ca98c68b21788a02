/**
 * What the SQLite introspector reads but the model does not hold (yet):
 * each item named with the reason, so that `strata introspect` can say what
 * adoption loses instead of dropping it silently (`--strict` refuses then).
 */
import type BetterSqlite3 from 'better-sqlite3'
import type { UnkeptItem } from '../dialect'
import { parseCreateTable } from './sqlite-parse'

/** Everything of the main database that introspection does not keep. `exclude`: tables strata owns. */
export function unkeptSqlite(db: BetterSqlite3.Database, exclude: readonly string[] = []): UnkeptItem[] {
  const skip = new Set(exclude)
  const out: UnkeptItem[] = []
  const tables = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
    .all() as { name: string; sql: string }[]
  for (const { name, sql } of tables) {
    if (skip.has(name)) continue
    // SQLite parses MATCH and ignores it (every key is MATCH SIMPLE,
    // https://sqlite.org/foreignkeys.html#fk_unsupported): strata keeps no
    // MATCH on SQLite, and says so rather than promise a check SQLite does not make.
    // (pragma_foreign_key_list says NONE whatever the text says: the text is read.)
    const parsed = parseCreateTable(sql)
    for (const column of nullableKeyColumns(db, name, parsed.withoutRowid)) {
      out.push({
        kind: 'column',
        name: `${name}.${column}`,
        reason: 'a primary key column without NOT NULL, which SQLite lets hold NULL (not kept: strata declares key columns NOT NULL)',
      })
    }
    const references = [
      ...[...parsed.columns.values()].flatMap((c) => (c.references ? [c.references] : [])),
      ...parsed.constraints.flatMap((c) => (c.kind === 'foreignKey' ? [c] : [])),
    ]
    for (const ref of references) {
      if (ref.match !== undefined) out.push({ kind: 'constraint', name: `${name} -> ${ref.table}`, reason: `foreign key MATCH ${ref.match} (not kept: SQLite parses MATCH and ignores it)` })
    }
  }
  return out
}

/**
 * The primary key columns of a table that SQLite lets hold NULL: declared
 * without NOT NULL, in a rowid table, and not the rowid alias (an INTEGER
 * PRIMARY KEY is the rowid and never NULL): "Unless the column is an INTEGER
 * PRIMARY KEY or the table is a WITHOUT ROWID table or a STRICT table or the
 * column is declared NOT NULL, SQLite allows NULL values in a PRIMARY KEY
 * column" (https://www.sqlite.org/lang_createtable.html#the_primary_key).
 */
function nullableKeyColumns(db: BetterSqlite3.Database, table: string, withoutRowid: boolean): string[] {
  if (withoutRowid) return []
  const keys = db.prepare('SELECT name, type, "notnull", pk FROM pragma_table_info(?) WHERE pk > 0').all(table) as { name: string; type: string; notnull: number; pk: number }[]
  const rowidAlias = keys.length === 1 && keys[0]!.type.toUpperCase() === 'INTEGER'
  if (rowidAlias) return []
  const strict = (db.prepare("SELECT strict FROM pragma_table_list WHERE schema = 'main' AND name = ?").get(table) as { strict: number } | undefined)?.strict === 1
  if (strict) return []
  return keys.filter((k) => k.notnull === 0).map((k) => k.name)
}
