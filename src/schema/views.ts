/**
 * Views and materialized views in the model (see docs/OBJECTS.md).
 *
 * A view's query is SQL text, per dialect or for every one; strata does not
 * parse it. Its dependencies are the declared `dependsOn` plus the tables and
 * views of the schema that the query names as words (`dependenciesOf`).
 */
import type { DialectSql, Index, Schema } from './model'

export const CHECK_OPTIONS = ['local', 'cascaded'] as const
export type CheckOption = (typeof CHECK_OPTIONS)[number]

export const VIEW_SECURITIES = ['definer', 'invoker'] as const
export const VIEW_ALGORITHMS = ['undefined', 'merge', 'temptable'] as const

/**
 * A MySQL / MariaDB view's own options, each absent when it is the default
 * (the model drops `definer` and `undefined`: see canonicalView). PostgreSQL
 * and SQLite ignore them, as they do a table's `mysql:` options.
 * https://mariadb.com/kb/en/create-view/
 */
export interface MysqlViewOptions {
  /**
   * SQL SECURITY: `invoker` checks the privileges of the user who queries
   * the view; `definer` (the default) those of the view's DEFINER (the user
   * who ran the migration: strata does not name another).
   */
  readonly security?: (typeof VIEW_SECURITIES)[number]
  /**
   * ALGORITHM: `merge` folds the view into the query that uses it,
   * `temptable` computes it into a temporary table first; `undefined` (the
   * default) lets the server choose. A view MERGE cannot serve is stored as
   * UNDEFINED, with a warning.
   */
  readonly algorithm?: (typeof VIEW_ALGORITHMS)[number]
}

export interface View {
  readonly name: string
  /** The SELECT, per dialect or one for all. A dialect without a query does not get the view. */
  readonly query: DialectSql
  /** Optional column names (`CREATE VIEW v (a, b) AS …`). */
  readonly columns?: readonly string[]
  /** `WITH LOCAL | CASCADED CHECK OPTION` (PostgreSQL; SQLite has none). */
  readonly checkOption?: CheckOption
  /** PostgreSQL materialized view; SQLite creates a plain view. */
  readonly materialized?: boolean
  /**
   * Materialized views only: `false` creates it `WITH NO DATA` (unpopulated
   * until `REFRESH MATERIALIZED VIEW`); absent (the default) creates it
   * populated. It says how the view is created, not a state to keep: a live
   * view refreshed since is not drift (DECISIONS.md "Materialized views WITH
   * NO DATA"). Changing it recreates the view.
   * https://www.postgresql.org/docs/current/sql-creatematerializedview.html
   */
  readonly withData?: false
  /** Materialized views only: their indexes, sorted by name. */
  readonly indexes?: readonly Index[]
  /** Tables and views the query uses that the text scan cannot see (sorted). */
  readonly dependsOn?: readonly string[]
  /** MySQL / MariaDB: SQL SECURITY and ALGORITHM (see MysqlViewOptions). */
  readonly mysql?: MysqlViewOptions
}

/**
 * `expected` with each materialized view's `withData` taken from `live`:
 * whether a materialized view holds data is what REFRESH last did, not a
 * difference from the files (see View.withData), so drift ignores it.
 */
export function withLivePopulation(expected: Schema, live: Schema): Schema {
  if (!expected.views?.some((v) => v.materialized)) return expected
  const populated = new Map(viewsOf(live).filter((v) => v.materialized).map((v) => [v.name, v.withData]))
  const views = expected.views.map((v): View => {
    if (!v.materialized || !populated.has(v.name)) return v
    const { withData: _w, ...rest } = v
    return populated.get(v.name) === false ? { ...rest, withData: false } : rest
  })
  return { ...expected, views }
}

export function viewsOf(schema: Schema): readonly View[] {
  return schema.views ?? []
}

export function findView(schema: Schema, name: string): View | undefined {
  return schema.views?.find((v) => v.name === name)
}

/**
 * Does SQL text name `name` as a word (quoted or not, any case)? A
 * schema-qualified name (`sales.orders`) counts in each of the forms SQL
 * writes it: `sales.orders`, `"sales"."orders"`, `sales."orders"` …, with
 * space around the dot or not.
 */
export function mentionsName(sql: string | undefined, name: string): boolean {
  if (sql === undefined) return false
  const escape = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const dot = name.indexOf('.')
  const word =
    dot < 0
      ? escape(name)
      : `(?:${escape(name)}|${[name.slice(0, dot), name.slice(dot + 1)].map((p) => `(?:"${escape(p)}"|\`${escape(p)}\`|${escape(p)})`).join('\\s*\\.\\s*')})`
  return new RegExp(`(^|[^\\p{L}\\p{N}_$])${word}($|[^\\p{L}\\p{N}_$])`, 'iu').test(sql)
}

/** Every SQL text of a dialect-SQL value. */
export function sqlTexts(sql: DialectSql | undefined): string[] {
  if (sql === undefined) return []
  if (typeof sql === 'string') return [sql]
  return [sql.postgres, sql.sqlite, sql.mysql].filter((s): s is string => s !== undefined)
}

/**
 * The tables and views (of `schema`) that `view` depends on: the declared
 * `dependsOn` and every name its query text mentions.
 */
export function dependenciesOf(view: View, schema: Schema): string[] {
  const out = new Set(view.dependsOn ?? [])
  const texts = sqlTexts(view.query)
  // Functions too (PostgreSQL): a view calling one is recreated when it is.
  const candidates = [...schema.tables.map((t) => t.name), ...viewsOf(schema).map((v) => v.name), ...(schema.functions ?? []).map((f) => f.name)]
  for (const name of candidates) {
    if (name !== view.name && texts.some((t) => mentionsName(t, name))) out.add(name)
  }
  return [...out].sort()
}
