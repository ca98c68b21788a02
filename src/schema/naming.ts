/**
 * Deterministic names for generated constraints and indexes
 * (`<table>_<cols>_idx`, `_key`, `_fkey`, `_check`, `_pkey`), shortened with a
 * hash suffix to fit PostgreSQL's identifier limit of 63 bytes
 * (NAMEDATALEN - 1; longer names are silently truncated by the server, which
 * would make two long names collide).
 */
import { createHash } from 'node:crypto'
import { bareName } from './qualified'

/** PostgreSQL's limit on identifier length, in bytes. */
export const MAX_IDENTIFIER_BYTES = 63

export type NameSuffix = 'pkey' | 'key' | 'idx' | 'fkey' | 'check' | 'excl'

/** Fit `name` within 63 bytes: cut it and append `_` and 8 hex digits of its sha1. */
export function fitIdentifier(name: string): string {
  if (Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES) return name
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 8)
  return `${headOfBytes(name, MAX_IDENTIFIER_BYTES - 9)}_${hash}`
}

/**
 * The longest start of `name` that is at most `bytes` bytes of UTF-8, cut
 * between code points: never between the two halves of a UTF-16 surrogate
 * pair (an emoji), which would leave a lone surrogate that is no character
 * at all and is written as invalid UTF-8 (SQLite stores it so in
 * sqlite_master).
 */
export function headOfBytes(name: string, bytes: number): string {
  let head = ''
  let used = 0
  for (const codePoint of name) {
    const size = Buffer.byteLength(codePoint, 'utf8')
    if (used + size > bytes) break
    head += codePoint
    used += size
  }
  return head
}

/**
 * The generated name of a constraint or index on `table` over `parts`. A
 * table in another PostgreSQL schema (`billing.invoices`) gives its bare
 * name (`invoices_pkey`): constraints and indexes live in the table's schema.
 */
export function constraintName(table: string, parts: readonly string[], suffix: NameSuffix): string {
  return fitIdentifier([bareName(table), ...parts, suffix].join('_'))
}

export function primaryKeyName(table: string): string {
  return constraintName(table, [], 'pkey')
}

/**
 * A name-like word from an expression, for indexes over `lower(email)`:
 * `lower_email`.
 */
export function expressionWords(expression: string): string {
  const words = expression.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  return words.join('_') || 'expr'
}
