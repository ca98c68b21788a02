/**
 * Deterministic names for generated constraints and indexes
 * (`<table>_<cols>_idx`, `_key`, `_fkey`, `_check`, `_pkey`), shortened with a
 * hash suffix to fit PostgreSQL's identifier limit of 63 bytes
 * (NAMEDATALEN - 1; longer names are silently truncated by the server, which
 * would make two long names collide).
 */
import { createHash } from 'node:crypto'

/** PostgreSQL's limit on identifier length, in bytes. */
export const MAX_IDENTIFIER_BYTES = 63

export type NameSuffix = 'pkey' | 'key' | 'idx' | 'fkey' | 'check'

/** Fit `name` within 63 bytes: cut it and append `_` and 8 hex digits of its sha1. */
export function fitIdentifier(name: string): string {
  if (Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES) return name
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 8)
  let head = name
  // Cut by characters, never in the middle of a UTF-8 sequence.
  while (Buffer.byteLength(head, 'utf8') > MAX_IDENTIFIER_BYTES - 9) head = head.slice(0, -1)
  return `${head}_${hash}`
}

/** The generated name of a constraint or index on `table` over `parts`. */
export function constraintName(table: string, parts: readonly string[], suffix: NameSuffix): string {
  return fitIdentifier([table, ...parts, suffix].join('_'))
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
