/**
 * PostgreSQL for tests: a fresh database per suite on the server named by
 * STRATA_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * and `describePostgres`, which skips loudly when no server answers, or fails
 * under CI=true, where a missing server is a broken setup, not a reason to skip.
 */
import { randomBytes } from 'node:crypto'
import { Client } from 'pg'

export const POSTGRES_TEST_URL = process.env.STRATA_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

/** Run `sql` on the server's own database (roles are the server's, not a database's: CREATE ROLE, DROP ROLE). */
export async function postgresAdmin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_TEST_URL })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** The URL with its database (path) replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(database)}`
  return parsed.toString()
}

/** Create a uniquely named database; `drop()` removes it even with connections still open. */
export async function freshPostgresDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `strata_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new Client({ connectionString: POSTGRES_TEST_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
  return {
    url: withDatabase(POSTGRES_TEST_URL, name),
    name,
    async drop() {
      const client = new Client({ connectionString: POSTGRES_TEST_URL })
      await client.connect()
      try {
        // WITH (FORCE) (PostgreSQL 13+) terminates sessions a failed test left open.
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
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
    const client = new Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 3000 })
    client.on('error', () => undefined)
    try {
      await client.connect()
      await client.query('SELECT 1')
      return undefined
    } catch (err) {
      return err instanceof Error ? err.message : String(err)
    } finally {
      await client.end().catch(() => undefined)
    }
  })()
  return reachable
}

let warned = false

/** A mocha `describe` for tests that need the PostgreSQL server. */
export function describePostgres(title: string, fn: (this: Mocha.Suite) => void): Mocha.Suite {
  return describe(title, function () {
    before(async function () {
      const problem = await serverProblem()
      if (problem === undefined) return
      const where = POSTGRES_TEST_URL.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')
      if (process.env.CI === 'true' || process.env.CI === '1') {
        throw new Error(`PostgreSQL server unreachable at ${where} (${problem}); CI requires it (set STRATA_TEST_POSTGRES_URL)`)
      }
      if (!warned) {
        warned = true
        const line = `PostgreSQL suite SKIPPED: no server at ${where} (${problem})`
        const bar = '#'.repeat(line.length + 4)
        console.warn(`\n${bar}\n# ${line} #\n${bar}\n`)
      }
      this.skip()
    })
    fn.call(this)
  })
}
