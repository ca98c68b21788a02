/**
 * A small tokenizer for SQLite SQL text (https://www.sqlite.org/lang_keywords.html
 * for the identifier quoting forms), used to read constraint names, CHECK
 * expressions and strata's marker comments back from the CREATE statements
 * SQLite keeps verbatim in sqlite_master, and to split raw SQL into statements.
 */

export type TokenKind = 'identifier' | 'string' | 'number' | 'comment' | 'punct' | 'blob' | 'parameter'

export interface Token {
  readonly kind: TokenKind
  /** The token as written. */
  readonly text: string
  /** Identifiers unquoted, strings unescaped; otherwise the text. */
  readonly value: string
  /** Offsets into the source. */
  readonly start: number
  readonly end: number
}

const CLOSERS: Record<string, string> = { '"': '"', '`': '`', '[': ']' }

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const push = (kind: TokenKind, start: number, end: number, value?: string) =>
    tokens.push({ kind, text: sql.slice(start, end), value: value ?? sql.slice(start, end), start, end })
  while (i < sql.length) {
    const ch = sql[i]!
    const start = i
    if (/\s/.test(ch)) {
      i++
    } else if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i)
      i = nl === -1 ? sql.length : nl
      push('comment', start, i)
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2)
      i = close === -1 ? sql.length : close + 2
      push('comment', start, i)
    } else if (ch === "'" || ((ch === 'x' || ch === 'X') && sql[i + 1] === "'")) {
      const isBlob = ch !== "'"
      let j = isBlob ? i + 2 : i + 1
      let value = ''
      for (;;) {
        if (j >= sql.length) break
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") {
            value += "'"
            j += 2
            continue
          }
          j++
          break
        }
        value += sql[j]
        j++
      }
      i = j
      push(isBlob ? 'blob' : 'string', start, i, value)
    } else if (ch in CLOSERS) {
      const closer = CLOSERS[ch]!
      let j = i + 1
      let value = ''
      for (;;) {
        if (j >= sql.length) break
        if (sql[j] === closer) {
          if (closer !== ']' && sql[j + 1] === closer) {
            value += closer
            j += 2
            continue
          }
          j++
          break
        }
        value += sql[j]
        j++
      }
      i = j
      push('identifier', start, i, value)
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(0x[0-9a-fA-F]+|(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)/.exec(sql.slice(i))!
      i += m[0].length
      push('number', start, i)
    } else if (/[\p{L}_]/u.test(ch)) {
      const m = /^[\p{L}\p{N}_$]+/u.exec(sql.slice(i))!
      i += m[0].length
      push('identifier', start, i)
    } else if (ch === '?' || ch === ':' || ch === '@' || ch === '$') {
      const m = /^[?:@$][\p{L}\p{N}_]*/u.exec(sql.slice(i))!
      i += m[0].length
      push('parameter', start, i)
    } else {
      const two = sql.slice(i, i + 2)
      i += ['<=', '>=', '<>', '!=', '==', '||', '<<', '>>', '->'].includes(two) ? 2 : 1
      push('punct', start, i)
    }
  }
  return tokens
}

/** Is the token this keyword (case-insensitive, unquoted)? */
export function isKeyword(token: Token | undefined, word: string): boolean {
  return token !== undefined && token.kind === 'identifier' && token.text.toUpperCase() === word
}

/** Index of the token closing the parenthesis opened at `open`. */
export function matchingParen(tokens: readonly Token[], open: number): number {
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!
    if (t.kind !== 'punct') continue
    if (t.text === '(') depth++
    else if (t.text === ')' && --depth === 0) return i
  }
  return tokens.length - 1
}

/** Split tokens at top-level commas. */
export function splitTopLevel(tokens: readonly Token[], separator = ','): Token[][] {
  const out: Token[][] = [[]]
  let depth = 0
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === '(') depth++
    if (t.kind === 'punct' && t.text === ')') depth--
    if (depth === 0 && t.kind === 'punct' && t.text === separator) out.push([])
    else out[out.length - 1]!.push(t)
  }
  return out.filter((part) => part.some((t) => t.kind !== 'comment'))
}

/**
 * Split a script into statements at `;`, keeping the `;` inside a CREATE
 * TRIGGER body (BEGIN … END, where CASE … END nests) with its statement.
 */
export function splitStatements(sql: string): string[] {
  const tokens = tokenize(sql)
  const out: string[] = []
  let from = 0
  let first: Token[] = []
  let depth = 0
  for (const t of tokens) {
    if (t.kind === 'comment') continue
    if (first.length < 4) first.push(t)
    const isTrigger = isKeyword(first[0], 'CREATE') && first.slice(1, 4).some((f) => isKeyword(f, 'TRIGGER'))
    if (isTrigger && (isKeyword(t, 'BEGIN') || isKeyword(t, 'CASE'))) depth++
    if (isTrigger && isKeyword(t, 'END')) depth--
    if (t.kind === 'punct' && t.text === ';' && depth <= 0) {
      const text = sql.slice(from, t.start).trim()
      if (text) out.push(text)
      from = t.end
      first = []
      depth = 0
    }
  }
  const rest = sql.slice(from).trim()
  if (rest && tokenize(rest).some((t) => t.kind !== 'comment')) out.push(rest)
  return out
}
