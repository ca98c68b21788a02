/**
 * A column renamed inside SQL text, as the databases do it themselves for a
 * generated column's expression: PostgreSQL keeps the expression parsed
 * (columns by number) and prints the new name, SQLite's RENAME COLUMN
 * rewrites the text of generation expressions
 * (https://www.sqlite.org/lang_altertable.html#alter_table_rename_column).
 * Identifiers are replaced, string literals left alone: `"id" * 2` becomes
 * `"key" * 2`, `lower(id)` becomes `lower(key)`, `'id'` stays.
 */

const SIMPLE = /^[a-z_][a-z0-9_]*$/

/** `sql` with every identifier `from` (quoted exactly, or bare in any case) renamed `to`. */
export function renameColumnInSql(sql: string, from: string, to: string): string {
  let out = ''
  let i = 0
  while (i < sql.length) {
    const ch = sql[i]!
    if (ch === "'" || ch === '"' || ch === '`') {
      // A quoted string or identifier; a doubled quote is the quote itself.
      let j = i + 1
      let body = ''
      while (j < sql.length) {
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) {
            body += ch
            j += 2
            continue
          }
          break
        }
        body += sql[j]
        j++
      }
      const token = sql.slice(i, j + 1)
      out += ch !== "'" && body === from ? `${ch}${to.split(ch).join(ch + ch)}${ch}` : token
      i = j + 1
      continue
    }
    const word = /^[\p{L}_][\p{L}\p{N}_$]*/u.exec(sql.slice(i))
    if (word) {
      const w = word[0]
      const previous = i > 0 ? sql[i - 1]! : ''
      const isWord = !/[\p{N}$]/u.test(previous)
      out += isWord && w.toLowerCase() === from.toLowerCase() ? (SIMPLE.test(to) ? to : `"${to.split('"').join('""')}"`) : w
      i += w.length
      continue
    }
    out += ch
    i++
  }
  return out
}
