/**
 * Views and triggers of the connection's database, read into the model.
 *
 * - A view's query is the text SHOW CREATE VIEW prints after `AS` (MySQL's
 *   re-print: `select `items`.`id` AS `id` from `items``, names of the
 *   current database unqualified), its WITH … CHECK OPTION from
 *   information_schema.VIEWS. A column list (`CREATE VIEW v (a) AS …`) is
 *   folded into the query's aliases by MySQL, so it never reads back.
 *   https://mariadb.com/kb/en/show-create-view/
 * - A trigger's statement is kept as written (information_schema.TRIGGERS
 *   ACTION_STATEMENT). strata writes `BEGIN IF <when> THEN <body> END IF; END`
 *   or `BEGIN <body> END` (mysql-objects.ts); that form reads back as `when`
 *   and `body`, anything else as the body. A body always ends with `;`.
 *   https://mariadb.com/kb/en/information-schema-triggers-table/
 */
import type { Row } from '../dialect'
import type { Trigger, TriggerEvent, TriggerTiming } from '../../schema/triggers'
import type { CheckOption, MysqlViewOptions, View } from '../../schema/views'
import type { QueryFn } from './mysql-introspector'
import { quoteIdentifier as q } from './mysql-types'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

// SECURITY_TYPE is in VIEWS on both servers; ALGORITHM only on MariaDB's, so
// it is read from SHOW CREATE VIEW (`CREATE ALGORITHM=MERGE DEFINER=… SQL SECURITY … VIEW`) on both.
// https://dev.mysql.com/doc/refman/8.0/en/information-schema-views-table.html
const VIEWS = `SELECT TABLE_NAME AS name, CHECK_OPTION AS check_option, SECURITY_TYPE AS security FROM information_schema.VIEWS
               WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`

const TRIGGERS = `
SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS table_name, ACTION_TIMING AS timing, EVENT_MANIPULATION AS event,
       ACTION_STATEMENT AS statement
FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY TRIGGER_NAME`

/** The query of `CREATE … VIEW `name` AS <query>`, without a trailing WITH … CHECK OPTION. */
export function viewQueryOf(createView: string, name: string): string {
  const head = `VIEW ${q(name)} AS `
  const at = createView.indexOf(head)
  const query = at < 0 ? createView : createView.slice(at + head.length)
  return query.replace(/\s+WITH\s+(CASCADED|LOCAL)\s+CHECK\s+OPTION\s*$/i, '').trim()
}

/** SQL SECURITY (information_schema.VIEWS.SECURITY_TYPE) and ALGORITHM (SHOW CREATE VIEW's head), where not the defaults. */
export function viewOptionsOf(createView: string, securityType: unknown): MysqlViewOptions | undefined {
  const out: Mutable<MysqlViewOptions> = {}
  if (String(securityType ?? '').toUpperCase() === 'INVOKER') out.security = 'invoker'
  const algorithm = /^CREATE\s+ALGORITHM=(\w+)/i.exec(createView)?.[1]?.toLowerCase()
  if (algorithm === 'merge' || algorithm === 'temptable') out.algorithm = algorithm
  return Object.keys(out).length ? out : undefined
}

/** A statement ending with `;`. */
function terminated(sql: string): string {
  const trimmed = sql.trim()
  return trimmed.endsWith(';') ? trimmed : `${trimmed};`
}

/** `when` and `body` of a trigger statement (see the file comment). */
export function triggerParts(statement: string): { when?: string; body: string } {
  const text = statement.trim()
  const guarded = /^BEGIN\s+IF\s+([\s\S]+?)\s+THEN\s+([\s\S]*?)\s*END\s+IF\s*;\s*END$/i.exec(text)
  if (guarded) return { when: guarded[1]!, body: terminated(guarded[2]!) }
  const block = /^BEGIN\s+([\s\S]*?)\s*END$/i.exec(text)
  return { body: terminated(block ? block[1]! : text) }
}

export async function readMysqlObjects(query: QueryFn, excluded: ReadonlySet<string>): Promise<{ views: View[]; triggers: Trigger[] }> {
  const views: View[] = []
  for (const row of await query(VIEWS)) {
    const name = String(row.name)
    if (excluded.has(name)) continue
    const [shown] = await query(`SHOW CREATE VIEW ${q(name)}`)
    const text = String(createText(shown))
    const view: Mutable<View> = { name, query: viewQueryOf(text, name) }
    const check = String(row.check_option ?? 'NONE').toLowerCase()
    if (check === 'local' || check === 'cascaded') view.checkOption = check as CheckOption
    const mysql = viewOptionsOf(text, row.security)
    if (mysql) view.mysql = mysql
    views.push(view)
  }
  const triggers: Trigger[] = []
  for (const row of await query(TRIGGERS)) {
    if (excluded.has(String(row.table_name))) continue
    const { when, body } = triggerParts(String(row.statement))
    const trigger: Mutable<Trigger> = {
      name: String(row.name),
      table: String(row.table_name),
      timing: String(row.timing).toLowerCase() as TriggerTiming,
      events: [String(row.event).toLowerCase() as TriggerEvent],
      body,
    }
    if (when !== undefined) trigger.when = when
    triggers.push(trigger)
  }
  return { views, triggers }
}

/** The `Create View` column of SHOW CREATE VIEW. */
function createText(row: Row | undefined): unknown {
  return row?.['Create View'] ?? ''
}
