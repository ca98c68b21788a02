/**
 * What the linter must know about MySQL / MariaDB. DDL commits implicitly and
 * online DDL (ALGORITHM=INPLACE) decides its own locks, so the PostgreSQL
 * lock rules do not apply; enums are column types, so a new value is usable
 * at once. Lossy type changes are counted as on the other dialects.
 */
import type { DialectLint } from '../dialect'
import { lossyCast } from '../lint-predicates'

export const mysqlLint: DialectLint = {
  lockRules: false,
  enumValuesUsableInSameTransaction: true,
  rewritesTable: () => false,
  volatileDefault: () => false,
  lossyCastPredicate: (column, from, to) =>
    lossyCast(column, from, to, {
      text: (c) => `CAST(${c} AS CHAR)`,
      numeric: (c) => c,
      unreadable: () => undefined,
      floatNarrowing: () => undefined,
      timeOfDay: (c) => `TIME(${c}) <> '00:00:00'`,
    }),
}
