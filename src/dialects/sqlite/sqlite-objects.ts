/**
 * Views and triggers on SQLite.
 *
 * SQLite keeps the text of CREATE VIEW and CREATE TRIGGER verbatim in
 * sqlite_master, so strata writes them in one fixed form and the
 * introspector (sqlite-objects-read.ts) reads the query, condition and body
 * back out of it. SQLite has no materialized views (a materialized view is
 * created as a plain view: the same rows, computed on read), no CHECK OPTION,
 * no statement-level triggers and one event per trigger
 * (https://www.sqlite.org/lang_createtrigger.html).
 */
import { MigrationFileError } from '../../errors'
import type { DialectSql } from '../../schema/model'
import { sqlFor } from '../../schema/model'
import { type Trigger, triggerDbName } from '../../schema/triggers'
import type { View } from '../../schema/views'
import type { Statement } from '../dialect'
import { quoteIdentifier as q } from './sqlite-ddl'

const text = (sql: DialectSql | undefined): string | undefined => (sql === undefined ? undefined : sqlFor(sql, 'sqlite'))

/** The view's SQLite query, or undefined when it has none for SQLite (then it is not created here). */
export function sqliteViewQuery(view: View): string | undefined {
  return text(view.query)
}

export function createViewSqlite(view: View): Statement[] {
  const query = sqliteViewQuery(view)
  if (query === undefined) return []
  const columns = view.columns?.length ? ` (${view.columns.map(q).join(', ')})` : ''
  return [{ sql: `CREATE VIEW ${q(view.name)}${columns} AS ${query}` }]
}

export function dropViewSqlite(view: View | undefined, name: string): Statement[] {
  if (view && sqliteViewQuery(view) === undefined) return []
  return [{ sql: `DROP VIEW ${q(name)}` }]
}

/**
 * The trigger's SQLite body, undefined when it has none (then it is not
 * created here). Every statement of a trigger body ends with `;`, the last
 * one too, so a missing final `;` is added.
 */
export function sqliteTriggerBody(trigger: Trigger): string | undefined {
  const body = text(trigger.body)?.trim()
  if (body === undefined) return undefined
  return body.endsWith(';') ? body : `${body};`
}

export function createTriggerSqlite(trigger: Trigger): Statement[] {
  const body = sqliteTriggerBody(trigger)
  if (body === undefined) return []
  const unsupported = (what: string): never => {
    throw new MigrationFileError('E_DIALECT_UNSUPPORTED', `trigger "${trigger.name}": SQLite has no ${what}`, { trigger: trigger.name })
  }
  if (trigger.events.length !== 1) unsupported(`trigger on several events (${trigger.events.join(', ')}); declare one trigger per event`)
  const event = trigger.events[0]!
  if (event === 'truncate') unsupported('TRUNCATE')
  if (trigger.forEach === 'statement') unsupported('FOR EACH STATEMENT triggers')
  const of = event === 'update' && trigger.of?.length ? ` OF ${trigger.of.map(q).join(', ')}` : ''
  const when = text(trigger.when)
  const parts = [
    `CREATE TRIGGER ${q(triggerDbName(trigger))} ${trigger.timing.toUpperCase()} ${event.toUpperCase()}${of} ON ${q(trigger.table)} FOR EACH ROW`,
    ...(when !== undefined ? [`WHEN ${when}`] : []),
    `BEGIN\n${body}\nEND`,
  ]
  return [{ sql: parts.join('\n') }]
}

export function dropTriggerSqlite(trigger: Trigger | undefined, name: string): Statement[] {
  if (trigger && sqliteTriggerBody(trigger) === undefined) return []
  return [{ sql: `DROP TRIGGER ${q(trigger ? triggerDbName(trigger) : name)}` }]
}
