/**
 * The scratch database of `strata check` on MySQL / MariaDB: a database
 * created on the server of the URL given (CREATE privilege needed) and
 * dropped afterwards. MySQL has no engine to embed: without a server URL
 * there is no scratch database.
 * https://mariadb.com/kb/en/create-database/
 */
import { randomBytes } from 'node:crypto'
import { DatabaseError, UsageError } from '../../errors'
import type { Connection, Dialect, ScratchDatabase, ScratchOptions } from '../dialect'
import { redactUrl } from '../index'
import { connectMysql } from './mysql-connection'
import { quoteIdentifier } from './mysql-types'
import { MYSQL_URL, parseMysqlUrl } from './mysql-url'

const SCRATCH_PREFIX = 'strata_check_'

/** The URL of database `name` on the server of `url`. */
function scratchUrl(url: string, name: string): string {
  const scheme = MYSQL_URL.exec(url)![0]
  const parsed = new URL(url.replace(MYSQL_URL, 'http://'))
  parsed.pathname = `/${encodeURIComponent(name)}`
  return parsed.toString().replace(/^http:\/\//, scheme)
}

export async function mysqlScratch(dialect: Dialect, options: ScratchOptions): Promise<ScratchDatabase> {
  if (options.url === undefined) {
    throw new UsageError('MySQL has no embedded engine: strata check needs a server to create its scratch database on (select one with -d mysql://…)')
  }
  const url = options.url
  const { host, port } = parseMysqlUrl(url)
  const admin = await connectMysql(dialect, url)
  const name = `${SCRATCH_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`)
  } catch (error) {
    await admin.close().catch(() => undefined)
    throw new DatabaseError('E_SCRATCH', `cannot create a scratch database on ${redactUrl(url)}: ${(error as Error).message}`, { url: redactUrl(url) }, error)
  }
  let connection: Connection | undefined
  let disposed: Promise<void> | undefined
  const dispose = () =>
    (disposed ??= (async () => {
      await connection?.close().catch(() => undefined)
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`)
      } finally {
        await admin.close().catch(() => undefined)
      }
    })())
  try {
    connection = await connectMysql(dialect, scratchUrl(url, name))
    const [row] = await connection.query('SELECT VERSION() AS version')
    const raw = String(row?.version ?? '')
    return {
      kind: 'server',
      description: `scratch database ${name} on ${host}:${port}`,
      name,
      version: /mariadb/i.test(raw) ? `MariaDB ${raw.replace(/-MariaDB.*$/i, '')}` : `MySQL ${raw}`,
      connection,
      dispose,
    }
  } catch (error) {
    await dispose().catch(() => undefined)
    throw error
  }
}
