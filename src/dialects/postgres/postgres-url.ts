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

