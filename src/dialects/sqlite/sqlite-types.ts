/**
 * Portable types and defaults on SQLite, both ways: what the compiler declares
 * and what the introspector reads back.
 *
 * SQLite accepts any type name and derives the column's affinity from it
 * (https://www.sqlite.org/datatype3.html#determination_of_column_affinity):
 * a name containing INT is INTEGER; CHAR, CLOB or TEXT is TEXT; BLOB (or no
 * type) is BLOB; REAL, FLOA or DOUB is REAL; anything else is NUMERIC.
 * NUMERIC affinity turns text that looks like a number into a number, so a
 * uuid `1e500000-…` is safe but a JSON document `123` or a date `20240101`
 * would not be: every text-stored type must get TEXT affinity.
 *
 * The choice: declare the plain, affinity-correct type (VARCHAR(n), TEXT,
 * SMALLINT, INTEGER, BIGINT, BOOLEAN, REAL, DOUBLE, DECIMAL(p,s), BLOB), and
 * where that name alone cannot give the portable type back (date, time,
 * timestamp, uuid, json, enum, native, a non-bigint autoincrement key, a
 * per-dialect SQL default) add a marker comment right after the type:
 * `"created_at" TEXT /* strata:{"timezone":true,"type":"timestamp"} *\/`.
 * SQLite keeps the CREATE TABLE text verbatim in sqlite_master, comments
 * included, through ADD COLUMN and RENAME COLUMN/TABLE, so the introspector
 * reads the marker back and the round trip is exact. Tables strata did not
 * create have no markers; their types are inferred from the declared names.
 */
import { stableStringify } from '../../schema/canonical'
import type { Column, DefaultExpression, DefaultValue, TypeSpec } from '../../schema/model'
import { EXPRESSION_TYPES } from '../../schema/check-defaults'
import { isLiteralDefault, sqlFor, typeSpecOf } from '../../schema/model'
import { MigrationFileError } from '../../errors'
import { refuseArray } from '../unsupported'

/** `(strftime(...))`: ISO 8601 UTC with milliseconds, the text form strata stores timestamps in. */
export const NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
export const CURRENT_DATE_SQL = "date('now')"
/** A random version 4 UUID built from randomblob (SQLite has no uuid function). */
export const UUID_SQL =
  "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || " +
  "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"

/** A string literal: single quotes, inner quotes doubled (backslashes are not special in SQLite). */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

/** A literal value as SQL: booleans are 0/1 (SQLite has no boolean type). */
export function literalSql(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MigrationFileError('E_DIALECT_UNSUPPORTED', `SQLite cannot store the number ${value}`)
    return String(value)
  }
  return quoteString(value)
}

/**
 * The type declared for a column. `rowidKey`: the column is the table's only
 * primary key column and autoincrement, so it must be declared exactly
 * `INTEGER` to become the rowid alias (https://www.sqlite.org/lang_createtable.html#rowid).
 * Any other integer primary key avoids the exact name `INTEGER` (it would
 * silently become the rowid alias too) and is declared `INT`.
 */
export function declaredType(column: TypeSpec, role: Role, strict = false): string {
  // `native.sqlite` on a portable type: the declared name to use on SQLite
  // (a hand-written `DATETIME`, `NUMERIC`, `INT`), kept exactly so that the
  // column keeps its affinity (https://www.sqlite.org/datatype3.html#affinity_name_examples).
  const spelled = column.type !== 'native' ? column.native?.sqlite : undefined
  if (spelled !== undefined) return spelled
  if (column.array) refuseArray('SQLite', column)
  if (strict && column.type !== 'native') return strictType(column, role)
  switch (column.type) {
    case 'string':
      return column.length === undefined ? 'VARCHAR' : `VARCHAR(${column.length})`
    case 'text':
      return 'TEXT'
    case 'smallint':
      return role === 'rowid' ? 'INTEGER' : 'SMALLINT'
    case 'integer':
      return role === 'rowid' ? 'INTEGER' : role === 'single-pk' ? 'INT' : 'INTEGER'
    case 'bigint':
      return role === 'rowid' ? 'INTEGER' : 'BIGINT'
    case 'boolean':
      return 'BOOLEAN'
    case 'float':
      return 'REAL'
    case 'double':
      return 'DOUBLE'
    case 'decimal':
      if (column.precision === undefined) return 'DECIMAL'
      return column.scale === undefined ? `DECIMAL(${column.precision})` : `DECIMAL(${column.precision},${column.scale})`
    case 'binary':
      return 'BLOB'
    case 'date':
    case 'time':
    case 'timestamp':
    case 'uuid':
    case 'json':
    case 'enum':
      return 'TEXT'
    case 'native': {
      const native = column.native?.sqlite
      if (!native) {
        throw new MigrationFileError(
          'E_DIALECT_UNSUPPORTED',
          `native type ${JSON.stringify(column.native ?? {})} gives no type for SQLite: add native.sqlite`,
        )
      }
      return native
    }
  }
}

/** What a column is to its table, which decides the type name strata declares for it. */
export type Role = 'rowid' | 'single-pk' | 'plain'

/**
 * A STRICT table takes only INT, INTEGER, REAL, TEXT, BLOB and ANY
 * (https://www.sqlite.org/stricttables.html); the portable type is then
 * recorded by the marker. Decimals are REAL, as NUMERIC affinity would store
 * them in an ordinary table.
 */
function strictType(column: TypeSpec, role: Role): string {
  switch (column.type) {
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'boolean':
      return role === 'single-pk' ? 'INT' : 'INTEGER'
    case 'float':
    case 'double':
    case 'decimal':
      return 'REAL'
    case 'binary':
      return 'BLOB'
    default:
      return 'TEXT'
  }
}

/**
 * The portable type a declared SQLite type stands for, without any marker.
 * A declared name that strata would not write for that type (`DATETIME`,
 * `NUMERIC(10,2)`, `INT`, `character varying(20)`) is kept as `native.sqlite`
 * next to the portable type, so the column is re-created with the same name
 * and affinity.
 */
export function inferTypeSpec(declared: string, role: Role, monotonic = false): TypeSpec {
  const spec = inferPortable(declared, role === 'rowid', monotonic)
  const name = declared.trim()
  if (spec.type === 'native') return spec
  const spellings = [declaredType(spec, role), declaredType(spec, role, true)]
  return spellings.includes(name) ? spec : { ...spec, native: { sqlite: name } }
}

function inferPortable(declared: string, rowid: boolean, monotonic: boolean): TypeSpec {
  const upper = declared.trim().toUpperCase()
  const args = /\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/.exec(upper)
  const base = upper.replace(/\(.*$/, '').trim()
  if (rowid) return monotonic ? { type: 'bigint', autoincrement: true, monotonic: true } : { type: 'bigint', autoincrement: true }
  if (base === 'SMALLINT' || base === 'TINYINT' || base === 'INT2') return { type: 'smallint' }
  if (base === 'BIGINT' || base === 'INT8' || base === 'UNSIGNED BIG INT') return { type: 'bigint' }
  // Only integer type names: `POINT` also contains INT (INTEGER affinity) but is no integer.
  if (/^(INT|INTEGER|MEDIUMINT|INT4|UNSIGNED INT|UNSIGNED INTEGER)$/.test(base)) return { type: 'integer' }
  if (base === 'VARCHAR' || base === 'CHARACTER VARYING' || base === 'NVARCHAR' || base === 'CHAR' || base === 'CHARACTER') {
    return args?.[1] ? { type: 'string', length: Number(args[1]) } : { type: 'string' }
  }
  if (upper.includes('CHAR') || upper.includes('CLOB') || upper.includes('TEXT')) return { type: 'text' }
  if (base === '' || upper.includes('BLOB')) return { type: 'binary' }
  if (upper.includes('DOUB')) return { type: 'double' }
  if (upper.includes('REAL') || upper.includes('FLOA')) return { type: 'float' }
  if (base === 'BOOLEAN' || base === 'BOOL') return { type: 'boolean' }
  if (base === 'DECIMAL' || base === 'NUMERIC') {
    if (!args?.[1]) return { type: 'decimal' }
    return args[2] === undefined
      ? { type: 'decimal', precision: Number(args[1]) }
      : { type: 'decimal', precision: Number(args[1]), scale: Number(args[2]) }
  }
  if (base === 'DATE') return { type: 'date' }
  if (base === 'TIME') return { type: 'time' }
  if (base === 'DATETIME' || base === 'TIMESTAMP') return { type: 'timestamp' }
  if (base === 'JSON') return { type: 'json' }
  if (base === 'UUID') return { type: 'uuid' }
  return { type: 'native', native: { sqlite: declared.trim() } }
}

/** The SQL of a default (without the DEFAULT keyword). Expressions are parenthesised, as SQLite requires. */
export function defaultSql(value: DefaultValue): string {
  if (isLiteralDefault(value)) return literalSql(value)
  if ('expr' in value) {
    switch (value.expr) {
      case 'now':
        return `(${NOW_SQL})`
      case 'current_date':
        return `(${CURRENT_DATE_SQL})`
      case 'uuid':
        return `(${UUID_SQL})`
    }
  }
  const sql = sqlFor(value.sql, 'sqlite')
  if (sql === undefined) {
    throw new MigrationFileError('E_DIALECT_UNSUPPORTED', `default ${JSON.stringify(value)} gives no SQL for SQLite`)
  }
  return `(${sql})`
}

/**
 * The default a `dflt_value` of PRAGMA table_xinfo stands for. SQLite gives
 * the expression text as written, without the outer parentheses.
 */
export function inferDefault(text: string | null, type: TypeSpec): DefaultValue | undefined {
  if (text === null) return undefined
  const t = text.trim()
  if (/^NULL$/i.test(t)) return undefined
  // The portable expression only on a column type it is valid for; on any
  // other (a hand-written `created_at TEXT DEFAULT (strftime(…))`) it stays raw SQL.
  const fits = (expr: DefaultExpression) => EXPRESSION_TYPES[expr].includes(type.type)
  if (t === NOW_SQL && fits('now')) return { expr: 'now' }
  if ((t === CURRENT_DATE_SQL || /^CURRENT_DATE$/i.test(t)) && fits('current_date')) return { expr: 'current_date' }
  if (t === UUID_SQL && fits('uuid')) return { expr: 'uuid' }
  const quoted = /^'((?:[^']|'')*)'$/s.exec(t)
  if (quoted) return quoted[1]!.replace(/''/g, "'")
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t)) {
    const n = Number(t)
    if (type.type === 'boolean' && (n === 0 || n === 1)) return n === 1
    return n
  }
  if (/^(TRUE|FALSE)$/i.test(t)) return /^TRUE$/i.test(t)
  return { sql: t }
}

/** What a marker comment records: the parts of the column its SQL alone does not give back. */
export interface ColumnMarker {
  readonly type?: TypeSpec
  /** `null`: the column has no default, whatever the SQL seems to say. */
  readonly default?: DefaultValue | null
}

const same = (a: unknown, b: unknown): boolean => stableStringify(a) === stableStringify(b)

/** The marker for a column declared as `declared`, or undefined when none is needed. */
export function columnMarker(column: Column, declared: string, role: Role): ColumnMarker | undefined {
  const out: { type?: TypeSpec; default?: DefaultValue | null } = {}
  const spec = typeSpecOf(column)
  // The compiler writes AUTOINCREMENT after the rowid key when `monotonic`, which the SQL gives back.
  if (!same(inferTypeSpec(declared, role, role === 'rowid' && column.monotonic === true), spec)) out.type = spec
  if (column.default !== undefined) {
    const sql = defaultSql(column.default)
    const inner = sql.startsWith('(') && sql.endsWith(')') && !isLiteralDefault(column.default) ? sql.slice(1, -1) : sql
    if (!same(inferDefault(inner, spec), column.default)) out.default = column.default
  }
  return out.type || out.default !== undefined ? out : undefined
}

export const MARKER_PREFIX = 'strata:'

/** `/* strata:{…} *\/`: JSON, with `*\/` escaped as `*\/` (a valid JSON escape) so the comment cannot end early. */
export function markerComment(marker: ColumnMarker): string {
  return `/* ${MARKER_PREFIX}${stableStringify(marker).replace(/\*\//g, '*\\/')} */`
}

/** The marker in a comment token's text, or undefined when it is not one. */
export function parseMarker(comment: string): ColumnMarker | undefined {
  const m = /^\/\*\s*strata:(.*?)\s*\*\/$/s.exec(comment)
  if (!m) return undefined
  try {
    return JSON.parse(m[1]!) as ColumnMarker
  } catch {
    return undefined
  }
}
