/**
 * Parsing the CREATE TABLE and CREATE INDEX text SQLite keeps in
 * sqlite_master (https://www.sqlite.org/lang_createtable.html) for what the
 * pragmas do not report: constraint names, CHECK expressions, index
 * expressions and predicates, strata's marker comments.
 */
import { isKeyword, matchingParen, splitTopLevel, tokenize, type Token } from './sqlite-tokens'
import { parseMarker, type ColumnMarker } from './sqlite-types'

export interface ParsedCheck {
  readonly name?: string
  /** The expression as written, between the CHECK parentheses. */
  readonly expression: string
  /** For `"col" IN ('a', 'b')`: the values (an enum CHECK). */
  readonly inValues?: string[]
}

export interface ParsedReference {
  readonly name?: string
  readonly table: string
  readonly columns: string[]
  readonly onDelete?: string
  readonly onUpdate?: string
  /** `MATCH name` (parsed and ignored by SQLite). */
  readonly match?: string
  /** `DEFERRABLE [INITIALLY DEFERRED | IMMEDIATE]` (not `NOT DEFERRABLE`). */
  readonly deferrable?: boolean
  readonly initiallyDeferred?: boolean
}

/** The parts of a REFERENCES clause after its columns, as a table constraint carries them too. */
type ReferenceTail = Pick<ParsedReference, 'onDelete' | 'onUpdate' | 'match' | 'deferrable' | 'initiallyDeferred'>

export interface ParsedColumn {
  readonly name: string
  readonly marker?: ColumnMarker
  readonly primaryKeyName?: string
  /** `PRIMARY KEY … AUTOINCREMENT`. */
  readonly autoincrement?: boolean
  readonly unique?: { readonly name?: string }
  readonly checks: ParsedCheck[]
  readonly references?: ParsedReference
  /** `[GENERATED ALWAYS] AS (expr) [STORED | VIRTUAL]`: the expression as written. */
  readonly generated?: { readonly expression: string; readonly stored: boolean }
  /** `COLLATE name`. */
  readonly collation?: string
}

export type ParsedConstraint =
  | { readonly kind: 'primaryKey'; readonly name?: string; readonly columns: string[] }
  | { readonly kind: 'unique'; readonly name?: string; readonly columns: string[] }
  | { readonly kind: 'check'; readonly name?: string; readonly expression: string }
  | {
      readonly kind: 'foreignKey'
      readonly name?: string
      readonly columns: string[]
      readonly table: string
      readonly refColumns: string[]
    } & ReferenceTail

export interface ParsedTable {
  readonly columns: Map<string, ParsedColumn>
  readonly constraints: ParsedConstraint[]
  /** Table options after the closing parenthesis: STRICT, WITHOUT ROWID. */
  readonly strict: boolean
  readonly withoutRowid: boolean
}

const TABLE_CONSTRAINT_WORDS = ['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']

const isPunct = (t: Token | undefined, text: string): boolean => t?.kind === 'punct' && t.text === text

/** Names in a parenthesised list starting at `open` (collations and ASC/DESC dropped). */
function nameList(tokens: readonly Token[], open: number): { names: string[]; end: number } {
  const close = matchingParen(tokens, open)
  const parts = splitTopLevel(tokens.slice(open + 1, close))
  return { names: parts.map((p) => p.find((t) => t.kind !== 'comment')!.value), end: close }
}

function textBetween(sql: string, tokens: readonly Token[], open: number, close: number): string {
  return sql.slice(tokens[open]!.end, tokens[close]!.start).trim()
}

/** `"col" IN ('a', 'b')` -> the values; anything else -> undefined. */
function inValues(tokens: readonly Token[]): string[] | undefined {
  const t = tokens.filter((x) => x.kind !== 'comment')
  if (t.length < 4 || t[0]!.kind !== 'identifier' || !isKeyword(t[1], 'IN') || !isPunct(t[2], '(')) return undefined
  if (matchingParen(t, 2) !== t.length - 1) return undefined
  const parts = splitTopLevel(t.slice(3, -1))
  if (!parts.every((p) => p.length === 1 && p[0]!.kind === 'string')) return undefined
  return parts.map((p) => p[0]!.value)
}

/**
 * REFERENCES t [(cols)] [ON DELETE x | ON UPDATE y | MATCH m]… [[NOT] DEFERRABLE
 * [INITIALLY DEFERRED | IMMEDIATE]], starting at the REFERENCES token
 * (https://www.sqlite.org/syntax/foreign-key-clause.html).
 */
function references(tokens: readonly Token[], at: number): { ref: Omit<ParsedReference, 'name'>; end: number } {
  let i = at + 1
  const table = tokens[i]!.value
  i++
  let columns: string[] = []
  if (isPunct(tokens[i], '(')) {
    const list = nameList(tokens, i)
    columns = list.names
    i = list.end + 1
  }
  let onDelete: string | undefined
  let onUpdate: string | undefined
  let match: string | undefined
  while (isKeyword(tokens[i], 'ON') || isKeyword(tokens[i], 'MATCH')) {
    if (isKeyword(tokens[i], 'MATCH')) {
      match = tokens[i + 1]?.value.toUpperCase()
      i += 2
      continue
    }
    const which = tokens[i + 1]?.text.toUpperCase()
    const first = tokens[i + 2]?.text.toUpperCase() ?? ''
    const two = first === 'SET' || first === 'NO'
    const act = two ? `${first} ${tokens[i + 3]?.text.toUpperCase() ?? ''}` : first
    if (which === 'DELETE') onDelete = act
    if (which === 'UPDATE') onUpdate = act
    i += two ? 4 : 3
  }
  let deferrable = false
  let initiallyDeferred = false
  const not = isKeyword(tokens[i], 'NOT') && isKeyword(tokens[i + 1], 'DEFERRABLE')
  if (not || isKeyword(tokens[i], 'DEFERRABLE')) {
    i += not ? 2 : 1
    deferrable = !not
    if (isKeyword(tokens[i], 'INITIALLY')) {
      initiallyDeferred = !not && isKeyword(tokens[i + 1], 'DEFERRED')
      i += 2
    }
  }
  const tail = { ...(match && { match }), ...(deferrable && { deferrable }), ...(initiallyDeferred && { initiallyDeferred }) }
  return { ref: { table, columns, ...(onDelete && { onDelete }), ...(onUpdate && { onUpdate }), ...tail }, end: i - 1 }
}

function parseColumn(sql: string, all: readonly Token[]): ParsedColumn {
  let marker: ColumnMarker | undefined
  for (const t of all) if (t.kind === 'comment') marker ??= parseMarker(t.text)
  const tokens = all.filter((t) => t.kind !== 'comment')
  const column: {
    name: string
    marker?: ColumnMarker
    primaryKeyName?: string
    autoincrement?: boolean
    unique?: { name?: string }
    checks: ParsedCheck[]
    references?: ParsedReference
    generated?: { expression: string; stored: boolean }
    collation?: string
  } = { name: tokens[0]!.value, checks: [] }
  if (marker) column.marker = marker
  let pending: string | undefined
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!
    if (isKeyword(t, 'CONSTRAINT')) {
      pending = tokens[++i]?.value
    } else if (isKeyword(t, 'PRIMARY')) {
      column.primaryKeyName = pending ?? ''
      pending = undefined
    } else if (isKeyword(t, 'AUTOINCREMENT')) {
      column.autoincrement = true
    } else if (isKeyword(t, 'COLLATE') && tokens[i + 1]) {
      column.collation = tokens[++i]!.value
    } else if (isKeyword(t, 'UNIQUE')) {
      column.unique = pending === undefined ? {} : { name: pending }
      pending = undefined
    } else if (isKeyword(t, 'CHECK') && isPunct(tokens[i + 1], '(')) {
      const close = matchingParen(tokens, i + 1)
      const values = inValues(tokens.slice(i + 2, close))
      column.checks.push({
        ...(pending !== undefined && { name: pending }),
        expression: textBetween(sql, tokens, i + 1, close),
        ...(values && { inValues: values }),
      })
      pending = undefined
      i = close
    } else if (isKeyword(t, 'REFERENCES')) {
      const { ref, end } = references(tokens, i)
      column.references = { ...ref, ...(pending !== undefined && { name: pending }) }
      pending = undefined
      i = end
    } else if (isKeyword(t, 'AS') && isPunct(tokens[i + 1], '(')) {
      // A generated column; VIRTUAL unless it says STORED (https://www.sqlite.org/gencol.html).
      const close = matchingParen(tokens, i + 1)
      column.generated = { expression: textBetween(sql, tokens, i + 1, close), stored: isKeyword(tokens[close + 1], 'STORED') }
      i = close
    } else if (isPunct(t, '(')) {
      i = matchingParen(tokens, i)
    }
  }
  if (column.primaryKeyName === '') delete column.primaryKeyName
  return column
}

function parseTableConstraint(sql: string, all: readonly Token[]): ParsedConstraint | undefined {
  const tokens = all.filter((t) => t.kind !== 'comment')
  let i = 0
  let name: string | undefined
  if (isKeyword(tokens[0], 'CONSTRAINT')) {
    name = tokens[1]!.value
    i = 2
  }
  const named = name === undefined ? {} : { name }
  const t = tokens[i]
  if (isKeyword(t, 'PRIMARY')) return { kind: 'primaryKey', ...named, columns: nameList(tokens, i + 2).names }
  if (isKeyword(t, 'UNIQUE')) return { kind: 'unique', ...named, columns: nameList(tokens, i + 1).names }
  if (isKeyword(t, 'CHECK')) {
    const close = matchingParen(tokens, i + 1)
    return { kind: 'check', ...named, expression: textBetween(sql, tokens, i + 1, close) }
  }
  if (isKeyword(t, 'FOREIGN')) {
    const list = nameList(tokens, i + 2)
    const { ref } = references(tokens, list.end + 1)
    const { table, columns: refColumns, ...tail } = ref
    return { kind: 'foreignKey', ...named, columns: list.names, table, refColumns, ...tail }
  }
  return undefined
}

export function parseCreateTable(sql: string): ParsedTable {
  const tokens = tokenize(sql)
  const open = tokens.findIndex((t) => isPunct(t, '('))
  const out: { -readonly [K in keyof ParsedTable]: ParsedTable[K] } = { columns: new Map(), constraints: [], strict: false, withoutRowid: false }
  if (open < 0) return out
  const close = matchingParen(tokens, open)
  const tail = tokens.slice(close + 1).filter((t) => t.kind !== 'comment')
  out.strict = tail.some((t) => isKeyword(t, 'STRICT'))
  out.withoutRowid = tail.some((t, i) => isKeyword(t, 'WITHOUT') && isKeyword(tail[i + 1], 'ROWID'))
  for (const element of splitTopLevel(tokens.slice(open + 1, close))) {
    const first = element.find((t) => t.kind !== 'comment')!
    const isConstraint = first.kind === 'identifier' && first.text === first.value && TABLE_CONSTRAINT_WORDS.includes(first.text.toUpperCase())
    if (isConstraint) {
      const c = parseTableConstraint(sql, element)
      if (c) out.constraints.push(c)
    } else {
      const column = parseColumn(sql, element)
      out.columns.set(column.name, column)
    }
  }
  return out
}

export interface ParsedIndex {
  readonly unique: boolean
  readonly columns?: string[]
  /** Per column: `COLLATE x` and `DESC`, when given. */
  readonly columnOptions?: Record<string, { order?: 'desc'; collation?: string }>
  readonly expression?: string
  readonly where?: string
}

/** CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (columns | expression) [WHERE predicate]. */
export function parseIndex(sql: string): ParsedIndex {
  const tokens = tokenize(sql).filter((t) => t.kind !== 'comment')
  const unique = isKeyword(tokens[1], 'UNIQUE')
  const on = tokens.findIndex((t) => isKeyword(t, 'ON'))
  const open = on + 2
  const close = matchingParen(tokens, open)
  const parts = splitTopLevel(tokens.slice(open + 1, close))
  const isColumn = (p: Token[]) =>
    p[0]!.kind === 'identifier' &&
    (p.length === 1 || p.slice(1).every((t, k) => isKeyword(t, 'ASC') || isKeyword(t, 'DESC') || (k === 0 && isKeyword(t, 'COLLATE')) || (k === 1 && isKeyword(p[1], 'COLLATE'))))
  const whereAt = tokens.findIndex((t, k) => k > close && isKeyword(t, 'WHERE'))
  const where = whereAt < 0 ? {} : { where: sql.slice(tokens[whereAt]!.end).trim().replace(/;$/, '').trim() }
  if (parts.length > 0 && parts.every(isColumn)) {
    const columnOptions: Record<string, { order?: 'desc'; collation?: string }> = {}
    for (const p of parts) {
      const o: { order?: 'desc'; collation?: string } = {}
      const c = p.findIndex((t) => isKeyword(t, 'COLLATE'))
      if (c > 0 && p[c + 1]) o.collation = p[c + 1]!.value
      if (p.some((t) => isKeyword(t, 'DESC'))) o.order = 'desc'
      if (Object.keys(o).length) columnOptions[p[0]!.value] = o
    }
    const options = Object.keys(columnOptions).length ? { columnOptions } : {}
    return { unique, columns: parts.map((p) => p[0]!.value), ...options, ...where }
  }
  return { unique, expression: textBetween(sql, tokens, open, close), ...where }
}
