/**
 * PostgreSQL database URLs: `postgres://` / `postgresql://` with every libpq
 * parameter passed through to pg (`sslmode`, `application_name`, …), plus
 * strata's own `?schema=NAME`, which is taken out before pg sees the URL.
 * https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS
 */
import { UsageError } from '../../errors'
import { redactUrl } from '../index'

export interface PostgresUrl {
  /** The URL for pg, without `schema`. */
  readonly connectionString: string
  /** `?schema=NAME`: the PostgreSQL schema strata works in; undefined means the server's search_path (normally `public`). */
  readonly schema?: string
}

export function parsePostgresUrl(url: string): PostgresUrl {
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new UsageError(`"${redactUrl(url)}" is not a PostgreSQL URL (postgres://… or postgresql://…)`)
  }
  checkParses(url)
  const hashAt = url.indexOf('#')
  const withoutHash = hashAt === -1 ? url : url.slice(0, hashAt)
  const queryAt = withoutHash.indexOf('?')
  if (queryAt === -1) return { connectionString: withoutHash }
  const base = withoutHash.slice(0, queryAt)
  let schema: string | undefined
  // Rebuild the query from its raw pieces so everything else reaches pg
  // byte for byte (percent-encoding included).
  const kept: string[] = []
  for (const piece of withoutHash.slice(queryAt + 1).split('&')) {
    if (piece === '') continue
    const [rawKey, ...rest] = piece.split('=')
    const key = decodeURIComponent(rawKey.replace(/\+/g, ' '))
    if (key === 'schema') {
      schema = decodeURIComponent(rest.join('=').replace(/\+/g, ' '))
      if (schema === '') throw new UsageError(`"${redactUrl(url)}": ?schema= needs a schema name`)
    } else {
      kept.push(piece)
    }
  }
  return { connectionString: kept.length > 0 ? `${base}?${kept.join('&')}` : base, ...(schema !== undefined ? { schema } : {}) }
}


/** A URL that WHATWG URL parsing (which pg uses) refuses, or a port out of range: a UsageError naming it, not a TypeError. */
function checkParses(url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new UsageError(`database URL "${redactUrl(url)}" cannot be parsed: check the host (IPv6 addresses go in [brackets]), the port and any %-escapes`)
  }
  // WHATWG URL refuses ports above 65535; port 0 parses but no server listens there.
  if (parsed.port === '0') throw new UsageError(`database URL "${redactUrl(url)}": port 0 is not a port a server listens on (1-65535)`)
}
