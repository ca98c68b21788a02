/**
 * Views and triggers on MySQL / MariaDB.
 *
 * A view or trigger without SQL for mysql (`query: { postgres: … }`) is not
 * created here, as on the other dialects. MySQL has no materialized views
 * (a materialized view is a plain view here, as on SQLite) and no WHEN or
 * UPDATE OF on triggers: a WHEN condition becomes an IF around the body, and
 * a trigger on several events is refused (MySQL triggers have one event).
 * https://mariadb.com/kb/en/create-trigger/
 *
 * Read back by mysql-objects-read.ts; normalize (mysql-normalize.ts) puts
 * the model in the same form, view queries re-printed by the server.
 */
import { MigrationFileError } from '../../errors'
import type { DialectSql } from '../../schema/model'
import { sqlFor } from '../../schema/model'
import { type Trigger, triggerDbName } from '../../schema/triggers'
import type { View } from '../../schema/views'
import type { Statement } from '../dialect'
import { quoteIdentifier as q } from './mysql-types'

const text = (sql: DialectSql | undefined): string | undefined => (sql === undefined ? undefined : sqlFor(sql, 'mysql'))

export function createViewMysql(view: View): Statement[] {
  const query = text(view.query)
  if (query === undefined) return []
  const columns = view.columns?.length ? ` (${view.columns.map(q).join(', ')})` : ''
  const check = view.checkOption ? ` WITH ${view.checkOption.toUpperCase()} CHECK OPTION` : ''
  const algorithm = view.mysql?.algorithm ? ` ALGORITHM=${view.mysql.algorithm.toUpperCase()}` : ''
  const security = view.mysql?.security ? ` SQL SECURITY ${view.mysql.security.toUpperCase()}` : ''
  return [{ sql: `CREATE${algorithm}${security} VIEW ${q(view.name)}${columns} AS ${query}${check}` }]
}

export function dropViewMysql(view: View | undefined, name: string): Statement[] {
  if (view && text(view.query) === undefined) return []
  return [{ sql: `DROP VIEW ${q(name)}` }]
}

export function createTriggerMysql(trigger: Trigger): Statement[] {
  const body = text(trigger.body)
  if (body === undefined) return []
  if (trigger.events.length !== 1 || trigger.events[0] === 'truncate' || trigger.timing === 'instead of' || trigger.forEach === 'statement') {
    throw new MigrationFileError(
      'E_UNSUPPORTED',
      `trigger "${trigger.name}": MySQL triggers fire BEFORE or AFTER one of INSERT, UPDATE, DELETE, FOR EACH ROW`,
      { trigger: trigger.name },
    )
  }
  const when = text(trigger.when)
  const statements = /;\s*$/.test(body) ? body : `${body};`
  const action = when !== undefined ? `BEGIN IF ${when} THEN ${statements} END IF; END` : `BEGIN ${statements} END`
  return [
    {
      sql: `CREATE TRIGGER ${q(triggerDbName(trigger))} ${trigger.timing.toUpperCase()} ${trigger.events[0]!.toUpperCase()} ON ${q(trigger.table)} FOR EACH ROW ${action}`,
    },
  ]
}

export function dropTriggerMysql(trigger: Trigger | undefined, name: string): Statement[] {
  if (trigger && text(trigger.body) === undefined) return []
  return [{ sql: `DROP TRIGGER ${q(trigger ? triggerDbName(trigger) : name)}` }]
}
