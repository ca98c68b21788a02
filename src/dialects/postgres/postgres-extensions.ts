/**
 * Extensions on PostgreSQL: CREATE EXTENSION IF NOT EXISTS (with SCHEMA and
 * a pinned VERSION), ALTER EXTENSION … UPDATE TO / SET SCHEMA, DROP EXTENSION.
 * https://www.postgresql.org/docs/current/sql-createextension.html
 * https://www.postgresql.org/docs/current/sql-alterextension.html
 */
import type { Extension } from '../../schema/extensions'
import type { Statement } from '../dialect'
import { quoteIdentifier as q, quoteString } from './postgres-types'

export function createExtensionPostgres(extension: Extension): Statement[] {
  const parts = [`CREATE EXTENSION IF NOT EXISTS ${q(extension.name)}`]
  if (extension.schema !== undefined) parts.push(`SCHEMA ${q(extension.schema)}`)
  if (extension.version !== undefined) parts.push(`VERSION ${quoteString(extension.version)}`)
  return [{ sql: parts.join(' ') }]
}

export function alterExtensionPostgres(from: Extension, to: Extension): Statement[] {
  const out: Statement[] = []
  if (from.schema !== to.schema) {
    // No schema in the model: the current one, which SET SCHEMA cannot name without knowing it.
    out.push(
      to.schema !== undefined
        ? { sql: `ALTER EXTENSION ${q(to.name)} SET SCHEMA ${q(to.schema)}` }
        : { sql: `DO $$BEGIN EXECUTE format('ALTER EXTENSION %I SET SCHEMA %I', ${quoteString(to.name)}, current_schema()); END$$` },
    )
  }
  if (from.version !== to.version) {
    // Unpinned: UPDATE without TO goes to the default version the server ships.
    out.push({ sql: `ALTER EXTENSION ${q(to.name)} UPDATE${to.version !== undefined ? ` TO ${quoteString(to.version)}` : ''}` })
  }
  return out
}

export function dropExtensionPostgres(name: string): Statement[] {
  return [{ sql: `DROP EXTENSION ${q(name)}` }]
}
