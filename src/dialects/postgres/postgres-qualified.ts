/**
 * Schema-qualified identifiers on PostgreSQL (schema/qualified.ts): a table,
 * sequence or enum named `billing.invoices` is written `"billing"."invoices"`,
 * an index or constraint of it is in its schema, and a name in the default
 * schema stays unqualified, found through the connection's search_path.
 *
 * One exception: pg_catalog is searched before the search_path unless the
 * path names it, so an enum of the default schema named like a built-in
 * type (`text`, `uuid`, `date`) written `"text"` would be pg_catalog's. Such a
 * name is written qualified with the schema the statement runs in, which
 * the compiler (offline) does not know: the statement is run through
 * EXECUTE with `quote_ident(current_schema())` put in.
 * https://www.postgresql.org/docs/current/ddl-schemas.html#DDL-SCHEMAS-CATALOG
 */
import { splitQualified } from '../../schema/qualified'
import type { Statement } from '../dialect'
import { quoteIdentifier as q, quoteString } from './postgres-types'

/** A relation (table, sequence, view) or type: `"billing"."invoices"`, or `"users"` in the default schema. */
export function qualifiedIdentifier(name: string): string {
  const { schema, name: bare } = splitQualified(name)
  return schema === undefined ? q(bare) : `${q(schema)}.${q(bare)}`
}

/** An index, sequence or constraint named `name` in the schema of `table`, qualified. */
export function identifierInSchemaOf(table: string, name: string): string {
  const { schema } = splitQualified(table)
  return schema === undefined ? q(name) : `${q(schema)}.${q(name)}`
}

/** The bare name, quoted: what RENAME TO and CONSTRAINT take. */
export function bareIdentifier(name: string): string {
  return q(splitQualified(name).name)
}

/**
 * The names of pg_catalog's types (PostgreSQL 15, `SELECT typname FROM
 * pg_type WHERE typnamespace = 'pg_catalog'::regnamespace`), array types
 * (`_int4`) and catalog row types (`pg_class`) aside: those start with `_`
 * or `pg_`, which namesShadowed also takes.
 */
const CATALOG_TYPES = new Set([
  'aclitem', 'any', 'anyarray', 'anycompatible', 'anycompatiblearray', 'anycompatiblemultirange', 'anycompatiblenonarray', 'anycompatiblerange',
  'anyelement', 'anyenum', 'anymultirange', 'anynonarray', 'anyrange', 'bit', 'bool', 'box', 'bpchar', 'bytea', 'char', 'cid', 'cidr', 'circle',
  'cstring', 'date', 'datemultirange', 'daterange', 'event_trigger', 'fdw_handler', 'float4', 'float8', 'gtsvector', 'index_am_handler', 'inet',
  'int2', 'int2vector', 'int4', 'int4multirange', 'int4range', 'int8', 'int8multirange', 'int8range', 'internal', 'interval', 'json', 'jsonb',
  'jsonpath', 'language_handler', 'line', 'lseg', 'macaddr', 'macaddr8', 'money', 'name', 'numeric', 'nummultirange', 'numrange', 'oid',
  'oidvector', 'path', 'point', 'polygon', 'record', 'refcursor', 'regclass', 'regcollation', 'regconfig', 'regdictionary', 'regnamespace',
  'regoper', 'regoperator', 'regproc', 'regprocedure', 'regrole', 'regtype', 'table_am_handler', 'text', 'tid', 'time', 'timestamp',
  'timestamptz', 'timetz', 'trigger', 'tsm_handler', 'tsmultirange', 'tsquery', 'tsrange', 'tstzmultirange', 'tstzrange', 'tsvector',
  'txid_snapshot', 'unknown', 'uuid', 'varbit', 'varchar', 'void', 'xid', 'xid8', 'xml',
])

/** Does a type of this bare name in the default schema lose to pg_catalog's when written unqualified? */
export function shadowedByCatalog(name: string): boolean {
  return CATALOG_TYPES.has(name) || name.startsWith('pg_') || name.startsWith('_')
}

/** Stands for `quote_ident(current_schema())` in a statement until `withCurrentSchema` puts it in. */
export const CURRENT_SCHEMA = '{{current_schema}}'

/**
 * A type of the model (an enum): qualified when in another schema, and when
 * pg_catalog has a type of its name (see above).
 */
export function typeIdentifier(name: string): string {
  const { schema, name: bare } = splitQualified(name)
  if (schema !== undefined) return `${q(schema)}.${q(bare)}`
  return shadowedByCatalog(bare) ? `${CURRENT_SCHEMA}.${q(bare)}` : q(bare)
}

/**
 * A statement naming a type of the default schema shadowed by pg_catalog's,
 * run through EXECUTE with the current schema put in (DO blocks run in the
 * migration's transaction; they take no parameters, and none of these has).
 * https://www.postgresql.org/docs/current/sql-do.html
 */
export function withCurrentSchema(statement: Statement): Statement {
  if (!statement.sql.includes(CURRENT_SCHEMA)) return statement
  const marker = quoteString(CURRENT_SCHEMA)
  let tag = '$strata$'
  for (let n = 1; statement.sql.includes(tag); n++) tag = `$strata${n}$`
  const sql = `DO ${tag} BEGIN EXECUTE replace(${quoteString(statement.sql)}, ${marker}, quote_ident(current_schema())); END ${tag}`
  return { ...statement, sql }
}
