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
    // A key column without NOT NULL is modelled (nullable: true, capability
    // nullableKeyColumns). SQLite parses MATCH and ignores it (every key is MATCH SIMPLE,
    // https://sqlite.org/foreignkeys.html#fk_unsupported): strata keeps no
    // MATCH on SQLite, and says so rather than promise a check SQLite does not make.
    // (pragma_foreign_key_list says NONE whatever the text says: the text is read.)
    const parsed = parseCreateTable(sql)
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
