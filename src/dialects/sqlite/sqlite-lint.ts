/**
 * What the linter must know about SQLite: no long-held DDL locks worth a rule
 * (a migration holds the one write lock for its duration anyway), enums are
 * CHECKs (a new value is usable at once), and the rows a type change would
 * change. SQLite itself converts little (column affinity keeps a value that
 * does not convert), but strata's portable types promise the conversion that
 * PostgreSQL makes, so the same rows are counted.
 * https://www.sqlite.org/datatype3.html#type_affinity
 */
import type { DialectLint } from '../dialect'
import { lossyCast } from '../lint-predicates'

export const sqliteLint: DialectLint = {
  lockRules: false,
  enumValuesUsableInSameTransaction: true,
  // Every type change is a table rebuild on SQLite, but under the one write
  // lock a migration holds anyway: nothing a lock rule could suggest instead.
  rewritesTable: () => false,
  volatileDefault: () => false,
  lossyCastPredicate: (column, from, to) =>
    lossyCast(column, from, to, {
      text: (c) => c,
      numeric: (c) => c,
      unreadable(c, target) {
        const t = target.type
        if (t === 'smallint' || t === 'integer' || t === 'bigint') return `CAST(CAST(${c} AS INTEGER) AS TEXT) <> trim(${c})`
        if (t === 'float' || t === 'double' || t === 'decimal') return `trim(${c}) = '' OR trim(${c}) GLOB '*[^0-9.eE+-]*'`
        return undefined
      },
      // REAL is one 8-byte float on SQLite: double to float keeps every value.
      floatNarrowing: () => undefined,
      // Timestamps are ISO 8601 text: a date keeps the first ten characters.
      timeOfDay: (c) => `length(${c}) > 10 AND substr(${c}, 12) NOT GLOB '00:00*'`,
    }),
}
