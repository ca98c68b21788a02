/**
 * PostgreSQL spelling of the portable model: column types, literals and
 * default values (SPEC §2), and the way back from the catalog's spelling
 * (`format_type`, `pg_get_expr`) to the model, used by the introspector.
 *
 * Literals are written as standard SQL strings ('' doubles a quote): with
 * `standard_conforming_strings = on` (the default since PostgreSQL 9.1, and
 * set by strata's connection) a backslash is an ordinary character, so E''
 * strings are never needed.
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-STRINGS
 */
import { typeIdentifier } from './postgres-qualified'
import type { DefaultExpression, DefaultValue, Literal, TypeSpec } from '../../schema/model'
import { EXPRESSION_TYPES } from '../../schema/check-defaults'
import { sqlFor } from '../../schema/model'

/** Quote an identifier: always, with `"` doubled inside. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\0')) throw new Error(`identifier ${JSON.stringify(name)} contains a NUL character`)
  return `"${name.replace(/"/g, '""')}"`
}

/** A string literal, `'` doubled inside. */
export function quoteString(value: string): string {
  if (value.includes('\0')) throw new Error(`value ${JSON.stringify(value)} contains a NUL character, which PostgreSQL cannot store in text`)
  return `'${value.replace(/'/g, "''")}'`
}

/** A literal value as SQL text (untyped string literals take the column's type). */
export function literalSql(value: Literal | null): string {
  if (value === null) return 'NULL'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return quoteString(String(value)) // 'NaN', 'Infinity' are valid float input
    return String(value)
  }
  return quoteString(value)
}

/** The SQL type of a column's type spec (without identity: see `columnSql`). */
/**
 * ` COLLATE "C"`, or nothing for the type's default. A collation is one
 * name, quoted whole (`en_US.utf8` has a dot of its own); one written with
 * double quotes is SQL as given (`"myschema"."mycoll"`, the form the
 * introspector reads a collation of another schema in).
 * https://www.postgresql.org/docs/current/collation.html
 */
export function collateSql(collation: string | undefined): string {
  if (collation === undefined) return ''
  return ` COLLATE ${collation.startsWith('"') ? collation : quoteIdentifier(collation)}`
}

export function typeSql(spec: TypeSpec): string {
  return spec.array ? `${elementTypeSql(spec)}${'[]'.repeat(spec.array)}` : elementTypeSql(spec)
}

/** The type of a column, or of each element of an array column. */
function elementTypeSql(spec: TypeSpec): string {
  // `native.postgres` next to a portable type: this dialect's spelling of it.
  if (spec.type !== 'native' && spec.native?.postgres !== undefined) return spec.native.postgres
  switch (spec.type) {
    case 'string':
      return spec.length !== undefined ? `varchar(${spec.length})` : 'text'
    case 'text':
      return 'text'
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'boolean':
    case 'date':
    case 'time':
    case 'uuid':
      return spec.type
    case 'float':
      return 'real'
    case 'double':
      return 'double precision'
    case 'decimal':
      if (spec.precision === undefined) return 'numeric'
      return spec.scale === undefined ? `numeric(${spec.precision})` : `numeric(${spec.precision},${spec.scale})`
    case 'timestamp':
      return spec.timezone ? 'timestamptz' : 'timestamp'
    case 'json':
      return 'jsonb'
    case 'binary':
      return 'bytea'
    case 'enum':
      if (!spec.enum) throw new Error('enum column without an enum name')
      return typeIdentifier(spec.enum)
    case 'native': {
      const native = spec.native?.postgres
      if (!native) throw new Error('native column type without a postgres spelling (native.postgres)')
      return native
    }
  }
}

/** A default value as SQL text. */
export function defaultSql(value: DefaultValue): string {
  if (typeof value !== 'object') return literalSql(value)
  if ('expr' in value) {
    switch (value.expr) {
      case 'now':
        return 'now()'
      case 'current_date':
        return 'CURRENT_DATE'
      case 'uuid':
        // Built in since PostgreSQL 13 (before: the pgcrypto extension).
        // https://www.postgresql.org/docs/13/functions-uuid.html
        return 'gen_random_uuid()'
    }
  }
  const sql = sqlFor(value.sql, 'postgres')
  if (sql === undefined) throw new Error('raw SQL default without a postgres version (sql.postgres)')
  return sql
}

/** Enum types of the introspected schema, by name. */
export type EnumNames = ReadonlySet<string>

/**
 * The model type of a catalog type, from `format_type(atttypid, atttypmod)`.
 * Anything without a portable equivalent becomes `native`.
 */
export function typeFromCatalog(formatted: string, isLocalEnum: boolean, enumName: string): TypeSpec {
  if (isLocalEnum) return { type: 'enum', enum: enumName }
  const varchar = /^character varying\((\d+)\)$/.exec(formatted)
  if (varchar) return { type: 'string', length: Number(varchar[1]) }
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(formatted)
  if (numeric) {
    const scale = Number(numeric[2])
    // numeric(p) is stored as numeric(p,0); the model writes it without scale.
    return scale === 0 ? { type: 'decimal', precision: Number(numeric[1]) } : { type: 'decimal', precision: Number(numeric[1]), scale }
  }
  switch (formatted) {
    case 'character varying':
      // varchar without a length: the model's string without length is text,
      // so the PostgreSQL spelling is kept next to the portable type.
      return { type: 'string', native: { postgres: 'character varying' } }
    case 'text':
      return { type: 'text' }
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'boolean':
    case 'date':
    case 'uuid':
      return { type: formatted }
    case 'real':
      return { type: 'float' }
    case 'double precision':
      return { type: 'double' }
    case 'numeric':
      return { type: 'decimal' }
    case 'time without time zone':
      return { type: 'time' }
    case 'timestamp without time zone':
      return { type: 'timestamp' }
    case 'timestamp with time zone':
      return { type: 'timestamp', timezone: true }
    case 'jsonb':
      return { type: 'json' }
    case 'bytea':
      return { type: 'binary' }
    default:
      return { type: 'native', native: { postgres: formatted } }
  }
}

/** `'text'` optionally followed by `::type` as format_type prints it (`"My Enum"`, `character varying`, `numeric(10,2)`). */
const CAST_LITERAL = /^'((?:[^']|'')*)'(?:::(?:"(?:[^"]|"")+"|[\p{L}\p{N}_$ ]+)(?:\.(?:"(?:[^"]|"")+"|[\p{L}\p{N}_$ ]+))?(?:\(\d+(?:,\d+)?\))?(?:\[\])?)?$/u

const NUMERIC_TYPES = new Set(['smallint', 'integer', 'bigint', 'float', 'double', 'decimal'])

/**
 * The model default of a catalog default (`pg_get_expr(adbin, adrelid)`).
 * PostgreSQL re-prints defaults with casts: `'reader'::tier`, `'-1'::integer`,
 * `'x''y'::character varying`; those become the literal again.
 */
export function defaultFromCatalog(expr: string, spec: TypeSpec): DefaultValue {
  const text = expr.trim()
  // The portable expression only on a column type it is valid for; on any other it stays raw SQL.
  const fits = (e: DefaultExpression) => EXPRESSION_TYPES[e].includes(spec.type)
  if ((/^now\(\)$/i.test(text) || /^CURRENT_TIMESTAMP$/i.test(text)) && fits('now')) return { expr: 'now' }
  if (/^CURRENT_DATE$/i.test(text) && fits('current_date')) return { expr: 'current_date' }
  if (/^gen_random_uuid\(\)$/i.test(text) && fits('uuid')) return { expr: 'uuid' }
  if (text === 'true' || text === 'false') return text === 'true'
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text) && NUMERIC_TYPES.has(spec.type)) return Number(text)
  const cast = CAST_LITERAL.exec(text)
  if (cast) {
    const value = cast[1].replace(/''/g, "'")
    if (NUMERIC_TYPES.has(spec.type) && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value)) return Number(value)
    if (spec.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true'
    return value
  }
  return { sql: { postgres: text } }
}
