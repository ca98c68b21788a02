/**
 * MySQL spelling of the portable model (SPEC §2) and the way back from
 * information_schema's spelling (COLUMN_TYPE, COLUMN_DEFAULT) to the model.
 *
 * | model            | MySQL / MariaDB                     |
 * |------------------|-------------------------------------|
 * | string(n)        | varchar(n); no length: varchar(255) (an index needs a bounded length) |
 * | text             | longtext                            |
 * | boolean          | tinyint(1)                          |
 * | float / double   | float / double                      |
 * | decimal          | decimal(p,s); no precision: decimal(10,0), MySQL's own default |
 * | timestamp        | datetime(6); `timezone: true`: timestamp(6) (stored in UTC, shown in the session's time zone) |
 * | uuid             | char(36)                            |
 * | json             | json (MariaDB: longtext with a json_valid CHECK) |
 * | binary           | longblob                            |
 * | enum             | ENUM('a', 'b') on the column        |
 *
 * String literals double `'` and `\`: strata's sessions run without
 * NO_BACKSLASH_ESCAPES (the connection takes it out of sql_mode), where a
 * backslash starts an escape. https://dev.mysql.com/doc/refman/8.0/en/string-literals.html
 */
import type { DefaultExpression, DefaultValue, Literal, Schema, TypeSpec } from '../../schema/model'
import { EXPRESSION_TYPES } from '../../schema/check-defaults'
import { findEnum, sqlFor } from '../../schema/model'
import { MigrationFileError } from '../../errors'
import { refuseArray } from '../unsupported'

/** Quote an identifier with backticks, inner backticks doubled. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\0')) throw new Error(`identifier ${JSON.stringify(name)} contains a NUL character`)
  return '`' + name.replace(/`/g, '``') + '`'
}

/** A string literal: `'` doubled, `\` doubled. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\0/g, '\\0')}'`
}

/**
 * An ISO 8601 UTC timestamp (`2001-01-01T00:00:08Z`, as strata writes
 * them) in the form MySQL's DATETIME and TIMESTAMP take (`2001-01-01
 * 00:00:08`; strata's sessions are in UTC); any other text as it is. In
 * strict mode MySQL refuses the `T…Z` form, as a value ("Incorrect datetime
 * value", error 1292) and as a default ("Invalid default value", 1067).
 * https://mariadb.com/kb/en/date-and-time-literals/
 */
export function timestampText(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) ? value.replace('T', ' ').replace('Z', '') : value
}

export function literalSql(value: Literal | null): string {
  if (value === null) return 'NULL'
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : quoteString(String(value))
  return quoteString(value)
}

/** String columns without a length: MySQL's varchar needs one, and TEXT cannot be indexed without a prefix. */
export const DEFAULT_VARCHAR_LENGTH = 255
/** DECIMAL without precision is DECIMAL(10,0). https://dev.mysql.com/doc/refman/8.0/en/fixed-point-types.html */
export const DEFAULT_DECIMAL_PRECISION = 10

/** The values of an enum column, from the schema the column lives in. */
export function enumValues(schema: Schema, spec: TypeSpec, where: string): readonly string[] {
  const found = spec.enum === undefined ? undefined : findEnum(schema, spec.enum)
  if (!found) throw new MigrationFileError('E_UNKNOWN_ENUM', `column ${where} uses enum "${spec.enum ?? ''}", which does not exist`)
  return found.values
}

export function enumTypeSql(values: readonly string[]): string {
  return `ENUM(${values.map(quoteString).join(', ')})`
}

/** The SQL type of a type spec. `values`: an enum column's values. */
export function typeSql(spec: TypeSpec, values?: readonly string[]): string {
  // An array column runs here only in the spelling it gives for MySQL (`native.mysql: json`).
  if (spec.array) return spec.native?.mysql ?? refuseArray('MySQL', spec)
  // A MySQL spelling of a portable type (an unsigned integer, typeFromCatalog): declared as written.
  if (spec.type !== 'native' && spec.native?.mysql !== undefined) return spec.native.mysql
  switch (spec.type) {
    case 'string':
      return `varchar(${spec.length ?? DEFAULT_VARCHAR_LENGTH})`
    case 'text':
      return 'longtext'
    case 'smallint':
      return 'smallint'
    case 'integer':
      return 'int'
    case 'bigint':
      return 'bigint'
    case 'boolean':
      return 'tinyint(1)'
    case 'float':
      return 'float'
    case 'double':
      return 'double'
    case 'decimal':
      if (spec.precision === undefined) return 'decimal'
      return spec.scale === undefined ? `decimal(${spec.precision})` : `decimal(${spec.precision},${spec.scale})`
    case 'date':
      return 'date'
    case 'time':
      return 'time'
    case 'timestamp':
      return spec.timezone ? 'timestamp(6)' : 'datetime(6)'
    case 'uuid':
      return 'char(36)'
    case 'json':
      return 'json'
    case 'binary':
      return 'longblob'
    case 'enum':
      if (!values) throw new Error('enum column without its values')
      return enumTypeSql(values)
    case 'native': {
      const native = spec.native?.mysql
      if (!native) throw new MigrationFileError('E_NATIVE_TYPE', 'native column type without a mysql spelling (native.mysql)')
      return native
    }
  }
}

/**
 * CURRENT_TIMESTAMP with the column's fractional-seconds precision, which
 * MySQL requires in a DEFAULT and an ON UPDATE of the column (datetime(6) /
 * timestamp(6) for strata's timestamp; a native `datetime(3)` takes (3)).
 * https://dev.mysql.com/doc/refman/8.0/en/timestamp-initialization.html
 */
export function nowSql(spec: TypeSpec): string {
  if (spec.type === 'timestamp') return 'CURRENT_TIMESTAMP(6)'
  const precision = spec.type === 'native' ? /\((\d)\)/.exec(spec.native?.mysql ?? '')?.[1] : undefined
  return precision !== undefined && precision !== '0' ? `CURRENT_TIMESTAMP(${precision})` : 'CURRENT_TIMESTAMP'
}

/**
 * A default as SQL text. Expression defaults are parenthesised, which both
 * MySQL 8.0.13+ and MariaDB 10.2+ accept (MySQL requires the parentheses).
 * https://dev.mysql.com/doc/refman/8.0/en/data-type-defaults.html
 */
export function defaultSql(value: DefaultValue, spec: TypeSpec): string {
  if (typeof value === 'string' && spec.type === 'timestamp') return literalSql(timestampText(value))
  if (typeof value !== 'object') return literalSql(value)
  if ('expr' in value) {
    switch (value.expr) {
      case 'now':
        return nowSql(spec)
      case 'current_date':
        return '(curdate())'
      case 'uuid':
        return '(uuid())'
    }
  }
  const sql = sqlFor(value.sql, 'mysql')
  if (sql === undefined) throw new MigrationFileError('E_RAW_DEFAULT', 'raw SQL default without a mysql version (sql.mysql)')
  // An expression default must be in parentheses (`DEFAULT 2 + 3` is a
  // syntax error; MySQL 8.0.13+ and MariaDB 10.2+ take `DEFAULT (2 + 3)`).
  // https://mariadb.com/kb/en/create-table/#default-column-option
  const text = sql.trim()
  return /^\(.*\)$/s.test(text) ? text : `(${text})`
}

/** A row of information_schema.COLUMNS, the parts the model needs. */
export interface CatalogColumn {
  readonly dataType: string
  readonly columnType: string
  readonly maxLength: number | null
}

/** `enum('a','it''s')` to its values. */
export function parseEnumValues(columnType: string): string[] {
  const body = /^enum\((.*)\)$/is.exec(columnType)?.[1] ?? ''
  const values: string[] = []
  const re = /'((?:[^'\\]|''|\\.)*)'/gs
  for (let m = re.exec(body); m; m = re.exec(body)) values.push(unescapeLiteral(m[1]!))
  return values
}

/** The text of a quoted literal as information_schema prints it (`''` and backslash escapes). */
export function unescapeLiteral(body: string): string {
  return body.replace(/''|\\(.)/gs, (all, escaped: string | undefined) => {
    if (all === "''") return "'"
    switch (escaped) {
      case '0':
        return '\0'
      case 'n':
        return '\n'
      case 'r':
        return '\r'
      case 't':
        return '\t'
      case 'Z':
        return '\x1a'
      default:
        return escaped ?? ''
    }
  })
}

const UNSIGNED_HOLDER: Record<string, 'smallint' | 'integer' | 'bigint'> = { tinyint: 'smallint', smallint: 'integer', mediumint: 'integer', int: 'bigint' }

/** The model type of a catalog column; `enumName` for an ENUM column. Anything without a portable equivalent is `native`. */
export function typeFromCatalog(column: CatalogColumn, enumName: string): TypeSpec {
  const type = column.columnType.toLowerCase()
  const native = (): TypeSpec => ({ type: 'native', native: { mysql: column.columnType } })
  // An unsigned integer is the portable type that holds its range, spelled as
  // MySQL has it (native.mysql), so that it can be an AUTO_INCREMENT key as
  // Sakila's INT UNSIGNED ids are: tinyint unsigned (0..255) a smallint,
  // smallint and mediumint unsigned an integer, int unsigned (0..4294967295)
  // a bigint. bigint unsigned has no portable superset, and ZEROFILL changes
  // how values print: both stay native.
  // https://dev.mysql.com/doc/refman/8.0/en/integer-types.html
  const unsigned = /^(tinyint|smallint|mediumint|int)(\(\d+\))? unsigned$/.exec(type)
  if (unsigned) return { type: UNSIGNED_HOLDER[unsigned[1]!]!, native: { mysql: column.columnType } }
  if (/\b(unsigned|zerofill)\b/.test(type)) return native()
  switch (column.dataType.toLowerCase()) {
    case 'varchar':
      return { type: 'string', length: Number(column.maxLength) }
    case 'longtext':
      return { type: 'text' }
    case 'smallint':
      return { type: 'smallint' }
    case 'int':
      return { type: 'integer' }
    case 'bigint':
      return { type: 'bigint' }
    case 'tinyint':
      return type === 'tinyint(1)' ? { type: 'boolean' } : native()
    case 'float':
      return type === 'float' ? { type: 'float' } : native()
    case 'double':
      return type === 'double' ? { type: 'double' } : native()
    case 'decimal': {
      const m = /^decimal\((\d+),(\d+)\)$/.exec(type)
      if (!m) return native()
      const scale = Number(m[2])
      return scale === 0 ? { type: 'decimal', precision: Number(m[1]) } : { type: 'decimal', precision: Number(m[1]), scale }
    }
    case 'date':
      return { type: 'date' }
    case 'time':
      return type === 'time' ? { type: 'time' } : native()
    case 'datetime':
      return type === 'datetime(6)' ? { type: 'timestamp' } : native()
    case 'timestamp':
      return type === 'timestamp(6)' ? { type: 'timestamp', timezone: true } : native()
    case 'char':
      return type === 'char(36)' ? { type: 'uuid' } : native()
    case 'json':
      return { type: 'json' }
    case 'longblob':
      return { type: 'binary' }
    case 'enum':
      return { type: 'enum', enum: enumName }
    default:
      return native()
  }
}

const NUMERIC_TYPES = new Set(['smallint', 'integer', 'bigint', 'float', 'double', 'decimal'])
const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i

/**
 * The model default of information_schema.COLUMNS.COLUMN_DEFAULT. MariaDB
 * 10.2.7+ prints literals quoted (`'reader'`), expressions as text
 * (`current_timestamp(6)`) and no default as `NULL`; MySQL 8 prints literals
 * unquoted and marks expressions with DEFAULT_GENERATED in EXTRA.
 * https://mariadb.com/kb/en/information-schema-columns-table/
 */
export function defaultFromCatalog(raw: string | null, extra: string, spec: TypeSpec, mariadb: boolean): DefaultValue | undefined {
  if (raw === null) return undefined
  const text = raw.trim()
  if (mariadb && text === 'NULL') return undefined
  const fits = (e: DefaultExpression) => EXPRESSION_TYPES[e].includes(spec.type)
  const expression = mariadb ? !/^'/.test(text) && !NUMBER.test(text) : /DEFAULT_GENERATED/i.test(extra) || /^current_timestamp/i.test(text)
  if (expression) {
    const bare = text.replace(/^\((.*)\)$/s, '$1')
    if (/^current_timestamp(\(\d?\))?$/i.test(bare) && fits('now')) return { expr: 'now' }
    if (/^(curdate\(\)|current_date(\(\))?)$/i.test(bare) && fits('current_date')) return { expr: 'current_date' }
    if (/^uuid\(\)$/i.test(bare) && fits('uuid')) return { expr: 'uuid' }
    return { sql: { mysql: text } }
  }
  const value = mariadb && text.startsWith("'") ? unescapeLiteral(text.slice(1, -1)) : text
  if (spec.type === 'boolean' && (value === '0' || value === '1')) return value === '1'
  if (NUMERIC_TYPES.has(spec.type) && NUMBER.test(value)) return Number(value)
  return value
}
