/**
 * MySQL and MariaDB database URLs: `mysql://user:password@host:port/database`
 * and `mariadb://…` (the same thing). The database is the URL's path and is
 * required: strata works in one database, the MySQL equivalent of a
 * PostgreSQL schema. Query parameters (`?ssl=…`, `?charset=…`) are passed to
 * mysql2 as connection options.
 * https://sidorares.github.io/node-mysql2/docs/examples/connections/create-connection
 */
import { UsageError } from '../../errors'
import { redactUrl } from '../index'

export interface MysqlUrl {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password?: string
  readonly database: string
  /** Remaining query parameters, as strings (mysql2 options such as `charset`). */
  readonly options: Readonly<Record<string, string>>
}

export const MYSQL_URL = /^(mysql|mariadb):\/\//i

export function parseMysqlUrl(url: string): MysqlUrl {
  if (!MYSQL_URL.test(url)) {
    throw new UsageError(`"${redactUrl(url)}" is not a MySQL URL (mysql://… or mariadb://…)`)
  }
  let parsed: URL
  try {
    // URL parses any scheme's authority and path the same way once it is http-like.
    parsed = new URL(url.replace(MYSQL_URL, 'http://'))
  } catch {
    throw new UsageError(`"${redactUrl(url)}" is not a valid MySQL URL (mysql://user:password@host:port/database)`)
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''))
  if (database === '' || database.includes('/')) {
    throw new UsageError(`"${redactUrl(url)}" names no database: add it as the path (mysql://user@host:3306/DATABASE)`)
  }
  const options: Record<string, string> = {}
  for (const [key, value] of parsed.searchParams) options[key] = value
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username) || 'root',
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    database,
    options,
  }
}
