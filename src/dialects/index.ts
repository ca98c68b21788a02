/**
 * Dialect lookup. Each dialect module is loaded only when asked for, and its
 * driver (better-sqlite3, pg) only when it connects.
 */
import { UsageError } from '../errors'
import type { Dialect, DialectName } from './dialect'
import { DIALECT_NAMES } from './dialect'

export function isDialectName(name: string): name is DialectName {
  return (DIALECT_NAMES as readonly string[]).includes(name)
}

/** The dialect of a name (`sqlite`, `postgres`, `mysql`). */
export function dialectByName(name: DialectName): Dialect {
  switch (name) {
    case 'sqlite':
      return (require('./sqlite/sqlite-dialect') as typeof import('./sqlite/sqlite-dialect')).sqliteDialect
    case 'postgres':
      return (require('./postgres/postgres-dialect') as typeof import('./postgres/postgres-dialect')).postgresDialect
    case 'mysql':
      return (require('./mysql/mysql-dialect') as typeof import('./mysql/mysql-dialect')).mysqlDialect
  }
}

/** The dialect of a database URL: `sqlite:PATH`, `sqlite::memory:`, `postgres://`, `postgresql://`, `mysql://`, `mariadb://`. */
export function dialectForUrl(url: string): Dialect {
  if (/^sqlite:/i.test(url)) return dialectByName('sqlite')
  if (/^postgres(ql)?:\/\//i.test(url)) return dialectByName('postgres')
  if (/^(mysql|mariadb):\/\//i.test(url)) return dialectByName('mysql')
  throw new UsageError(
    `database URL "${redactUrl(url)}" is not one strata knows: use sqlite:PATH, sqlite::memory:, postgres://… or mysql://…`,
  )
}

/** The URL with any password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')
}
