/**
 * The scratch database of `strata check` on PostgreSQL: with a server URL, a
 * database created on that server for the run (CREATE DATABASE needs the
 * CREATEDB privilege) and dropped afterwards with DROP DATABASE … WITH
 * (FORCE) (PostgreSQL 13+), which also ends sessions a failed run left
 * open; without one, the embedded PostgreSQL (postgres-embedded.ts).
 * https://www.postgresql.org/docs/current/sql-dropdatabase.html
 */
import { randomBytes } from 'node:crypto'
import { DatabaseError } from '../../errors'
import type { Connection, Dialect, ScratchDatabase, ScratchOptions } from '../dialect'
import { redactUrl } from '../index'
import { connectPostgres } from './postgres-connection'
import { startEmbeddedPostgres } from './postgres-embedded'
import { quoteIdentifier } from './postgres-types'
import { parsePostgresUrl } from './postgres-url'

/** Scratch databases are named with this prefix, the process id and random hex: leftovers of a killed run are recognisable. */
export const SCRATCH_PREFIX = 'strata_check_'

/** The URL of database `name` on the server of `url` (strata's ?schema= left out: the scratch database has only public). */
export function scratchUrl(url: string, name: string): string {
  const parsed = new URL(parsePostgresUrl(url).connectionString)
  parsed.pathname = `/${encodeURIComponent(name)}`
  return parsed.toString()
}

function serverOf(url: string): string {
  const parsed = new URL(parsePostgresUrl(url).connectionString)
  return parsed.host || 'localhost'
}

async function versionOf(connection: Connection): Promise<string> {
  const [row] = await connection.query('SELECT version() AS version')
  return String(row?.version ?? 'PostgreSQL').replace(/ on .*$/, '')
}

export async function postgresScratch(dialect: Dialect, options: ScratchOptions): Promise<ScratchDatabase> {
  if (options.url === undefined) {
    const { connection, version } = await startEmbeddedPostgres(dialect)
    let open = true
    return {
      kind: 'embedded',
      description: 'the embedded PostgreSQL (PGlite, in memory)',
      version,
      connection,
      async dispose() {
        if (!open) return
        open = false
        await connection.close()
      },
    }
  }
  const url = options.url
  const admin = await connectPostgres(dialect, url).catch((error: unknown) => {
    if (!(error instanceof DatabaseError)) throw error
    throw new DatabaseError(
      error.code,
      `${error.message}\n  strata check creates its scratch database on this server; to prove on the embedded PostgreSQL instead: strata check --embedded`,
      error.details,
      error,
    )
  })
  const name = `${SCRATCH_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`)
  } catch (error) {
    await admin.close().catch(() => undefined)
    throw new DatabaseError(
      'E_SCRATCH',
      `cannot create a scratch database on ${redactUrl(url)}: ${(error as Error).message}\n` +
        '  Give a role allowed to create databases (CREATEDB), or prove on the embedded PostgreSQL instead (strata check --embedded).',
      { url: redactUrl(url) },
      error,
    )
  }
  let connection: Connection | undefined
  let disposed: Promise<void> | undefined
  const dispose = () =>
    (disposed ??= (async () => {
      await connection?.close().catch(() => undefined)
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`)
      } finally {
        await admin.close().catch(() => undefined)
      }
    })())
  try {
    connection = await connectPostgres(dialect, scratchUrl(url, name), options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {})
    const version = await versionOf(connection)
    return {
      kind: 'server',
      description: `scratch database ${name} on ${serverOf(url)}`,
      name,
      version,
      connection,
      dispose,
    }
  } catch (error) {
    await dispose().catch(() => undefined)
    throw error
  }
}
