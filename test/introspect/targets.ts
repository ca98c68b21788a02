/** The two databases the introspect tests run on: a SQLite file and a fresh PostgreSQL database. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Client } from 'pg'
import { freshPostgresDatabase } from '../helpers/postgres'
import { postgresCatalog, sqliteCatalog } from './catalog'

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
  readonly name: 'sqlite' | 'postgres'
  create(): Promise<TestDatabase>
}

export const sqliteTarget: Target = {
  name: 'sqlite',
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

export const postgresTarget: Target = {
  name: 'postgres',
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
