/**
 * Views, materialized views and triggers on PostgreSQL.
 *
 * A trigger with a `body` gets a trigger function (`RETURNS trigger LANGUAGE
 * plpgsql`) named by triggerFunctionName, created before and dropped after it;
 * PostgreSQL keeps the body verbatim (pg_proc.prosrc), so it reads back as
 * written. https://www.postgresql.org/docs/current/plpgsql-trigger.html
 */
import { qualifiedIdentifier as qt } from './postgres-qualified'
import type { DialectSql } from '../../schema/model'
import { sqlFor } from '../../schema/model'
import { type Trigger, triggerDbName, triggerFunctionName } from '../../schema/triggers'
import type { View } from '../../schema/views'
import type { Statement } from '../dialect'
import { createIndexSql } from './postgres-ddl'
import { quoteIdentifier as q, quoteString } from './postgres-types'

const text = (sql: DialectSql | undefined): string | undefined => (sql === undefined ? undefined : sqlFor(sql, 'postgres'))

/** The view's PostgreSQL query, or undefined when it has none for PostgreSQL (then it is not created here). */
export function postgresViewQuery(view: View): string | undefined {
  return text(view.query)
}

export function createViewPostgres(view: View): Statement[] {
  const query = postgresViewQuery(view)
  if (query === undefined) return []
  const columns = view.columns?.length ? ` (${view.columns.map(q).join(', ')})` : ''
  if (view.materialized) {
    return [
      // WITH NO DATA: created unpopulated (relispopulated false) until REFRESH MATERIALIZED VIEW.
      { sql: `CREATE MATERIALIZED VIEW ${q(view.name)}${columns} AS ${query}${view.withData === false ? ' WITH NO DATA' : ''}` },
      ...(view.indexes ?? []).map((index) => ({ sql: createIndexSql(view.name, index, false) })),
    ]
  }
  const check = view.checkOption ? ` WITH ${view.checkOption.toUpperCase()} CHECK OPTION` : ''
  return [{ sql: `CREATE VIEW ${q(view.name)}${columns} AS ${query}${check}` }]
}

export function dropViewPostgres(view: View | undefined, name: string): Statement[] {
  if (view && postgresViewQuery(view) === undefined) return []
  return [{ sql: `DROP ${view?.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${q(name)}` }]
}

/** A dollar-quoting tag that does not occur in `body`. */
function dollarQuote(body: string): string {
  let tag = '$strata$'
  for (let i = 1; body.includes(tag); i++) tag = `$strata_${i}$`
  return `${tag}${body}${tag}`
}

/** The PostgreSQL body of a trigger, undefined when it has none (and no function): not created here. */
export function postgresTriggerBody(trigger: Trigger): string | undefined {
  return text(trigger.body)
}

function exists(trigger: Trigger): boolean {
  return trigger.function !== undefined || postgresTriggerBody(trigger) !== undefined
}

export function createTriggerPostgres(trigger: Trigger): Statement[] {
  if (!exists(trigger)) return []
  const out: Statement[] = []
  const body = postgresTriggerBody(trigger)
  const fn = trigger.function ?? triggerFunctionName(trigger)
  if (trigger.function === undefined && body !== undefined) {
    out.push({ sql: `CREATE FUNCTION ${q(fn)}() RETURNS trigger LANGUAGE plpgsql AS ${dollarQuote(body)}` })
  }
  const events = trigger.events
    .map((e) => (e === 'update' && trigger.of?.length ? `UPDATE OF ${trigger.of.map(q).join(', ')}` : e.toUpperCase()))
    .join(' OR ')
  const when = text(trigger.when)
  const each = trigger.forEach === 'statement' ? 'STATEMENT' : 'ROW'
  out.push({
    sql:
      `CREATE TRIGGER ${q(triggerDbName(trigger))} ${trigger.timing.toUpperCase()} ${events} ON ${qt(trigger.table)} FOR EACH ${each}` +
      `${when !== undefined ? ` WHEN (${when})` : ''} EXECUTE FUNCTION ${q(fn)}(${(trigger.args ?? []).map(quoteString).join(', ')})`,
  })
  return out
}

export function dropTriggerPostgres(trigger: Trigger | undefined, name: string): Statement[] {
  if (!trigger) return [{ sql: `DROP TRIGGER ${q(name)}` }]
  if (!exists(trigger)) return []
  const out: Statement[] = [{ sql: `DROP TRIGGER ${q(triggerDbName(trigger))} ON ${qt(trigger.table)}` }]
  if (trigger.function === undefined) out.push({ sql: `DROP FUNCTION ${q(triggerFunctionName(trigger))}()` })
  return out
}
