/**
 * The embedded PostgreSQL: PGlite, a real PostgreSQL build compiled to
 * WebAssembly and run inside this process (https://pglite.dev), adapted to
 * the client interface the PostgreSQL connection uses, so that the same
 * compiler, introspector and normalizer run on it as on a server. It starts
 * in a few seconds, keeps its data in memory, and is gone when closed.
 * Loaded only when asked for (`strata check --embedded`, or `check` on
 * PostgreSQL with no server).
 */
import type { Connection, Dialect } from '../dialect'
import { type PostgresClient, postgresConnectionOver } from './postgres-connection'

/** OIDs of the types whose values are parsed as pg's parsers in postgres-connection.ts parse them. */
const INT8 = 20
const DATE = 1082
const TIMESTAMP = 1114
const TIMESTAMPTZ = 1184

export interface EmbeddedPostgres {
  readonly connection: Connection
  readonly version: string
}

/** Start an embedded PostgreSQL in memory and open a Connection to it. */
export async function startEmbeddedPostgres(dialect: Dialect): Promise<EmbeddedPostgres> {
  const { PGlite } = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite')
  const asText = (value: string) => value
  const db = await PGlite.create({
    // As the pg client is set up (postgres-connection.ts typeParsers): int8 a
    // number when it is a safe integer, dates and timestamps as the server's text.
    parsers: {
      [INT8]: (value: string) => {
        const n = Number(value)
        return Number.isSafeInteger(n) ? n : value
      },
      [DATE]: asText,
      [TIMESTAMP]: asText,
      [TIMESTAMPTZ]: asText,
    },
  })
  const client: PostgresClient = {
    // exec: the simple protocol, several statements, one result each; query: one statement with parameters.
    query: async (sql, params) => (params && params.length > 0 ? db.query(sql, [...params]) : db.exec(sql)),
    end: async () => {
      if (!db.closed) await db.close()
    },
  }
  const connection = await postgresConnectionOver(dialect, client, 'the embedded PostgreSQL')
  const [row] = await connection.query('SELECT version() AS version')
  const version = String(row?.version ?? 'PostgreSQL').replace(/ on .*$/, '')
  return { connection, version }
}
