/**
 * What the SQLite introspector reads but the model does not hold (yet):
 * each item named with the reason, so that `strata introspect` can say what
 * adoption loses instead of dropping it silently (`--strict` refuses then).
 */
import type BetterSqlite3 from 'better-sqlite3'
import type { UnkeptItem } from '../dialect'
import { tokenize } from './sqlite-tokens'

/** Everything of the main database that introspection does not keep. `exclude`: tables strata owns. */
export function unkeptSqlite(db: BetterSqlite3.Database, exclude: readonly string[] = []): UnkeptItem[] {
  const skip = new Set(exclude)
  const out: UnkeptItem[] = []
  const tables = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
    .all() as { name: string; sql: string }[]
  for (const { name, sql } of tables) {
    if (skip.has(name)) continue
    for (const fk of db.prepare('SELECT DISTINCT id, "table", "match" FROM pragma_foreign_key_list(?)').all(name) as { id: number; table: string; match: string }[]) {
      if (fk.match !== 'NONE') out.push({ kind: 'constraint', name: `${name} -> ${fk.table}`, reason: `foreign key MATCH ${fk.match} (not modelled)` })
    }
    const words = tokenize(sql).filter((t) => t.kind === 'identifier').map((t) => t.text.toUpperCase())
    if (words.includes('DEFERRABLE')) out.push({ kind: 'constraint', name, reason: 'a DEFERRABLE foreign key (not modelled: it becomes immediate)' })
    if (words.includes('COLLATE')) out.push({ kind: 'column', name, reason: 'a column COLLATE clause (column collations are not modelled)' })
  }
  return out
}
