/**
 * MySQL / MariaDB for tests: a fresh database per suite on the server named
 * by STRATA_TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306/), and
 * `describeMysql`, which skips loudly when no server answers, or fails under
 * CI=true, where a missing server is a broken setup, not a reason to skip.
 */
import { randomBytes } from 'node:crypto'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { createConnection } from 'mysql2/promise'

export const MYSQL_TEST_URL = process.env.STRATA_TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/'

/** The URL with its database (path) replaced. */
export function withMysqlDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(database)}`
  return parsed.toString()
}

/** A mysql2 connection to the test server (optionally to one database), for the tests' own catalog queries. */
export async function mysqlClient(database?: string): Promise<Connection> {
  const parsed = new URL(MYSQL_TEST_URL)
  return createConnection({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username) || 'root',
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(database ? { database } : {}),
    multipleStatements: true,
    dateStrings: true,
    supportBigNumbers: true,
    connectTimeout: 3000,
  })
}

/** Rows of a query on a mysql2 connection. */
export async function mysqlRows(client: Connection, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const [rows] = await client.query<RowDataPacket[]>(sql, params)
  return rows as Record<string, unknown>[]
}

/** Create a uniquely named database; `drop()` removes it. */
export async function freshMysqlDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `strata_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = await mysqlClient()
  try {
    await admin.query(`CREATE DATABASE \`${name}\``)
  } finally {
    await admin.end()
  }
  return {
    url: withMysqlDatabase(MYSQL_TEST_URL, name),
    name,
    async drop() {
      const client = await mysqlClient()
      try {
        await client.query(`DROP DATABASE IF EXISTS \`${name}\``)
      } finally {
        await client.end()
      }
    },
  }
}

let reachable: Promise<string | undefined> | undefined

/** undefined when the server answers, else why not. Asked once per process. */
function serverProblem(): Promise<string | undefined> {
  reachable ??= (async () => {
    try {
      const client = await mysqlClient()
      client.on('error', () => undefined)
      await client.query('SELECT 1')
      await client.end()
      return undefined
    } catch (err) {
      return err instanceof Error ? err.message : String(err)
    }
  })()
  return reachable
}

let warned = false

/** A mocha `describe` for tests that need the MySQL / MariaDB server. */
export function describeMysql(title: string, fn: (this: Mocha.Suite) => void): Mocha.Suite {
  return describe(title, function () {
    before(async function () {
      const problem = await serverProblem()
      if (problem === undefined) return
      const where = MYSQL_TEST_URL.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')
      if (process.env.CI === 'true' || process.env.CI === '1') {
        throw new Error(`MySQL server unreachable at ${where} (${problem}); CI requires it (set STRATA_TEST_MYSQL_URL)`)
      }
      if (!warned) {
        warned = true
        const line = `MySQL suite SKIPPED: no server at ${where} (${problem})`
        const bar = '#'.repeat(line.length + 4)
        console.warn(`\n${bar}\n# ${line} #\n${bar}\n`)
      }
      this.skip()
    })
    fn.call(this)
  })
}
