/** The databases the introspect tests run on: a SQLite file, a fresh PostgreSQL database and a fresh MySQL / MariaDB database. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { DialectName } from '../../src/dialects/dialect'
import { Client } from 'pg'
import { describeMysql, freshMysqlDatabase, mysqlClient, mysqlRows } from '../helpers/mysql'
import { describePostgres, freshPostgresDatabase } from '../helpers/postgres'
import { mysqlCatalog, postgresCatalog, sqliteCatalog } from './catalog'

export interface TestDatabase {
  readonly url: string
  /** Run SQL (several statements) with the database's own driver, not strata. */
  exec(sql: string): Promise<void>
  /** Rows of a query, with the database's own driver. */
  query(sql: string): Promise<Record<string, unknown>[]>
  /** The catalog, read with the database's own queries. */
  catalog(): Promise<Record<string, unknown>>
  drop(): Promise<void>
}

export interface Target {
  readonly name: DialectName
  /** mocha `describe`, or the server's (skips loudly without a server, fails under CI). */
  readonly describe: (title: string, fn: (this: Mocha.Suite) => void) => Mocha.Suite | void
  create(): Promise<TestDatabase>
}

export const sqliteTarget: Target & { readonly name: 'sqlite' } = {
  name: 'sqlite',
  describe: (title, fn) => describe(title, fn),
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'strata-introspect-'))
    const path = join(dir, 'db.sqlite3')
    new Database(path).close()
    return {
      url: `sqlite:${path}`,
      async exec(sql) {
        const db = new Database(path)
        try {
          db.exec(sql)
        } finally {
          db.close()
        }
      },
      async query(sql) {
        const db = new Database(path)
        try {
          return db.prepare(sql).all() as Record<string, unknown>[]
        } finally {
          db.close()
        }
      },
      async catalog() {
        return sqliteCatalog(path)
      },
      async drop() {
        rmSync(dir, { recursive: true, force: true })
      },
    }
  },
}

export const postgresTarget: Target & { readonly name: 'postgres' } = {
  name: 'postgres',
  describe: describePostgres,
  async create() {
    const db = await freshPostgresDatabase()
    return {
      url: db.url,
      async exec(sql) {
        const client = new Client({ connectionString: db.url })
        await client.connect()
        try {
          await client.query(sql)
        } finally {
          await client.end()
        }
      },
      async query(sql) {
        const client = new Client({ connectionString: db.url })
        await client.connect()
        try {
          return (await client.query(sql)).rows as Record<string, unknown>[]
        } finally {
          await client.end()
        }
      },
      catalog: () => postgresCatalog(db.url),
      drop: () => db.drop(),
    }
  },
}

export const mysqlTarget: Target & { readonly name: 'mysql' } = {
  name: 'mysql',
  describe: describeMysql,
  async create() {
    const db = await freshMysqlDatabase()
    const use = async <T>(work: (client: Awaited<ReturnType<typeof mysqlClient>>) => Promise<T>): Promise<T> => {
      const client = await mysqlClient(db.name)
      try {
        return await work(client)
      } finally {
        await client.end()
      }
    }
    return {
      url: db.url,
      exec: (sql) => use(async (client) => void (await client.query(sql))),
      query: (sql) => use((client) => mysqlRows(client, sql)),
      catalog: () => mysqlCatalog(db.name),
      drop: () => db.drop(),
    }
  },
}

/** Every dialect's target: typed by DialectName, so a new dialect without one does not compile (as test/e2e/targets.ts). */
export const INTROSPECT_TARGETS: Record<DialectName, Target> = { sqlite: sqliteTarget, postgres: postgresTarget, mysql: mysqlTarget }
