/**
 * Stored functions and procedures on MySQL / MariaDB (`functions:` of the
 * schema files): CREATE FUNCTION / PROCEDURE with the characteristics, DROP
 * by name.
 *
 * - mysql2 sends each statement as one query, so a `BEGIN … END` body with
 *   `;` inside needs no DELIMITER (that is the mysql client's own command).
 * - The body is sent trimmed, without a trailing `;`: the server keeps the
 *   routine body verbatim (information_schema.ROUTINES.ROUTINE_DEFINITION)
 *   and the reader and normalize take it in the same form.
 * - SQL SECURITY is always written: the model's default is INVOKER (as on
 *   PostgreSQL), MySQL's is DEFINER. No DEFINER clause: the routine's
 *   definer is the connecting user (introspect names another as not kept).
 * - A change is DROP then CREATE (two statements, each committed on its
 *   own): MariaDB has CREATE OR REPLACE since 10.1.3 but MySQL 8 has not,
 *   and the compiler is the same for both servers. A change of only the
 *   characteristics ALTER can set (COMMENT, the SQL data access, SQL
 *   SECURITY) is one ALTER FUNCTION / PROCEDURE, which keeps the routine and
 *   its grants. DETERMINISTIC cannot be altered.
 *   https://mariadb.com/kb/en/create-function/
 *   https://dev.mysql.com/doc/refman/8.0/en/alter-procedure.html
 * - PostgreSQL's attributes (language, volatility, strict, …) are not
 *   MySQL's: left out. A function without a MySQL body is not created here.
 */
import { type FunctionText, type StoredFunction, functionText } from '../../schema/functions'
import type { Statement } from '../dialect'
import { quoteIdentifier as q, quoteString } from './mysql-types'

/** The body as strata sends it: trimmed, without trailing `;`. */
export function routineBody(body: string): string {
  return body.trim().replace(/[;\s]+$/, '')
}

/** The routine's MySQL text; undefined when it has no MySQL body. */
export function mysqlRoutineText(fn: StoredFunction): FunctionText | undefined {
  const text = functionText(fn, 'mysql')
  return text && { ...text, body: routineBody(text.body) }
}

const kind = (fn: StoredFunction) => (fn.procedure ? 'PROCEDURE' : 'FUNCTION')

/** The characteristics ALTER FUNCTION / PROCEDURE can set. */
function alterable(fn: StoredFunction): string[] {
  const out: string[] = []
  out.push((fn.dataAccess ?? 'contains sql').toUpperCase())
  out.push(`SQL SECURITY ${fn.securityDefiner ? 'DEFINER' : 'INVOKER'}`)
  out.push(`COMMENT ${quoteString(fn.comment ?? '')}`)
  return out
}

function definition(fn: StoredFunction, text: FunctionText): string {
  const head = `CREATE ${kind(fn)} ${q(fn.name)}(${text.args ?? ''})${fn.procedure ? '' : ` RETURNS ${text.returns}`}`
  const characteristics = [...(fn.deterministic ? ['DETERMINISTIC'] : []), ...alterable(fn).filter((c) => c !== "COMMENT ''")]
  return `${head}\n${characteristics.map((c) => `  ${c}`).join('\n')}\n${text.body}`
}

export function createRoutineMysql(fn: StoredFunction): Statement[] {
  const text = mysqlRoutineText(fn)
  return text ? [{ sql: definition(fn, text) }] : []
}

export function dropRoutineMysql(fn: StoredFunction | undefined, name: string): Statement[] {
  if (fn && !mysqlRoutineText(fn)) return []
  return [{ sql: `DROP ${fn?.procedure ? 'PROCEDURE' : 'FUNCTION'} ${q(name)}` }]
}

/** What MySQL keeps of a routine beyond what ALTER can set. */
const core = (fn: StoredFunction) => JSON.stringify([mysqlRoutineText(fn), !!fn.procedure, !!fn.deterministic])

/** `replaceFunction`: nothing when MySQL's part is unchanged, ALTER for characteristics, else DROP then CREATE. */
export function replaceRoutineMysql(from: StoredFunction, to: StoredFunction): Statement[] {
  if (!mysqlRoutineText(to)) return dropRoutineMysql(from, from.name)
  if (!mysqlRoutineText(from)) return createRoutineMysql(to)
  if (core(from) === core(to)) {
    const characteristics = alterable(to)
    if (JSON.stringify(alterable(from)) === JSON.stringify(characteristics)) return []
    return [{ sql: `ALTER ${kind(to)} ${q(to.name)} ${characteristics.join(' ')}` }]
  }
  return [...dropRoutineMysql(from, from.name), ...createRoutineMysql(to)]
}

/**
 * MySQL error 1418 (ER_BINLOG_UNSAFE_ROUTINE): with binary logging on, a
 * function that is not declared DETERMINISTIC, NO SQL or READS SQL DATA is
 * refused unless log_bin_trust_function_creators is on (or the user has
 * SUPER). The message says which routine and what to change.
 * https://dev.mysql.com/doc/refman/8.0/en/stored-programs-logging.html
 * https://mariadb.com/kb/en/binary-logging-of-stored-routines/
 */
export const BINLOG_UNSAFE_ROUTINE = 1418

/** The explanation of error 1418 for the CREATE statement `sql`, naming its routine. */
export function explainUnsafeRoutine(sql: string): string {
  const name = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE)\s+(`(?:[^`]|``)+`|\S+?)\s*\(/i.exec(sql)
  const subject = name ? `${name[1]!.toLowerCase()} ${name[2]!}` : 'the routine'
  return (
    `${subject}: binary logging is on (log_bin), and the server creates a function then only when it is declared ` +
    'deterministic: true, or dataAccess: no sql or reads sql data; declare that in the schema file (if it is true of the function), ' +
    'or have the server set log_bin_trust_function_creators = 1 ' +
    '(https://dev.mysql.com/doc/refman/8.0/en/stored-programs-logging.html)'
  )
}
