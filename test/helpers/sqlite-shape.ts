/**
 * Reading a SQLite database back for tests as a DatabaseShape, with SQLite's
 * own PRAGMAs and sqlite_master, not strata's introspector.
 */
import type Database from 'better-sqlite3'
import { byKey, type CheckShape, type DatabaseShape, type TableShape } from './database-shape'
import { tableNames } from './sqlite-inspect'

/**
 * The CHECK constraints of a CREATE TABLE statement. No PRAGMA lists them, so
 * the statement SQLite keeps is scanned: strings and quoted identifiers are
 * skipped, a CHECK's expression runs to its balancing parenthesis, and a
 * `CONSTRAINT name` right before it names it.
 */
export function checksOf(sql: string): CheckShape[] {
  const out: CheckShape[] = []
  const words: string[] = []
  let i = 0
  while (i < sql.length) {
    const ch = sql[i]!
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch
      let j = i + 1
      for (; j < sql.length; j++) {
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) j++
          else break
        }
      }
      const inner = sql.slice(i + 1, j)
      words.push(ch === "'" ? "'" : close === ']' ? inner : inner.split(close + close).join(close))
      i = j + 1
    } else if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_0-9$]+/.exec(sql.slice(i))![0]
      i += word.length
      if (word.toUpperCase() === 'CHECK' && /^\s*\(/.test(sql.slice(i))) {
        const start = sql.indexOf('(', i)
        let depth = 0
        let j = start
        for (; j < sql.length; j++) {
          const c = sql[j]!
          if (c === "'") j = sql.indexOf("'", j + 1) // '' inside a string re-enters here and skips on
          else if (c === '(') depth++
          else if (c === ')' && --depth === 0) break
        }
        const named = words.length >= 2 && words[words.length - 2]!.toUpperCase() === 'CONSTRAINT'
        out.push({ name: named ? words[words.length - 1]! : null, expression: sql.slice(start + 1, j).trim() })
        i = j + 1
        words.length = 0
      } else {
        words.push(word)
      }
    } else {
      if (/[,()]/.test(ch)) words.length = 0
      i++
    }
  }
  return out.sort(byKey((c) => `${c.name}|${c.expression}`))
}

interface PragmaColumn { name: string; type: string; notnull: number; dflt_value: unknown; pk: number }
interface PragmaIndex { name: string; unique: number; origin: string; partial: number }
interface PragmaForeignKey { id: number; seq: number; table: string; from: string; to: string; on_update: string; on_delete: string }

/**
 * One table, PRAGMA by PRAGMA. The table-valued forms (pragma_table_info(?))
 * take the name as a bound parameter, so no name is ever spliced into SQL.
 * https://www.sqlite.org/pragma.html#pragfunc
 */
function tableShape(db: Database.Database, table: string): TableShape {
  const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[]
  const sqlOf = (type: string, name: string) =>
    (db.prepare('SELECT sql FROM sqlite_master WHERE type = ? AND name = ?').get(type, name) as { sql: string | null } | undefined)?.sql ?? null
  const groups = new Map<number, PragmaForeignKey[]>()
  for (const fk of all<PragmaForeignKey>('SELECT * FROM pragma_foreign_key_list(?)', table)) groups.set(fk.id, [...(groups.get(fk.id) ?? []), fk])
  return {
    columns: all<PragmaColumn>('SELECT * FROM pragma_table_info(?) ORDER BY cid', table).map((c) => ({
      name: c.name,
      type: c.type,
      notNull: c.notnull === 1,
      default: c.dflt_value === null || c.dflt_value === undefined ? null : String(c.dflt_value),
      pk: c.pk,
      comment: null,
    })),
    indexes: all<PragmaIndex>('SELECT * FROM pragma_index_list(?)', table)
      .map((i) => {
        // Automatic indexes are numbered by position (sqlite_autoindex_T_1), which a rebuild may change.
        const auto = i.name.startsWith('sqlite_autoindex_')
        return {
          name: auto ? `(auto ${i.origin})` : i.name,
          unique: i.unique === 1,
          partial: i.partial === 1,
          origin: i.origin as 'pk' | 'u' | 'c',
          columns: all<{ name: string | null }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno', i.name).map((c) => c.name),
          definition: auto ? null : sqlOf('index', i.name),
        }
      })
      .sort(byKey((i) => `${i.name}|${i.columns.join()}`)),
    foreignKeys: [...groups.values()]
      .map((parts) => {
        const ordered = [...parts].sort((a, b) => a.seq - b.seq)
        const first = ordered[0]!
        return { columns: ordered.map((p) => p.from), table: first.table, refColumns: ordered.map((p) => p.to), onUpdate: first.on_update, onDelete: first.on_delete }
      })
      .sort(byKey((f) => `${f.columns.join()}|${f.table}`)),
    checks: checksOf(sqlOf('table', table) ?? ''),
    comment: null,
  }
}

/** Every user table (not strata's history); SQLite has no enum types. */
export function sqliteShape(db: Database.Database): DatabaseShape {
  const names = tableNames(db).filter((t) => t !== 'strata_migrations' && t !== 'strata_sql_objects')
  return { tables: Object.fromEntries(names.map((t) => [t, tableShape(db, t)])), enums: {} }
}
