/**
 * The stored functions and procedures of the connection's database, read
 * into the model (mysql-routines.ts writes them).
 *
 * - Characteristics and the body from information_schema.ROUTINES: the body
 *   (ROUTINE_DEFINITION) is the text the routine was created with, verbatim,
 *   comments included; DETERMINISTIC, the SQL data access, SQL SECURITY and
 *   COMMENT as their own columns.
 * - The parameter list and the result type from SHOW CREATE FUNCTION /
 *   PROCEDURE: the parameters as they were written (MariaDB keeps them in
 *   mysql.proc.param_list, MySQL 8 in its data dictionary), the result type
 *   as the server prints it (`int(11)`, `varchar(50) CHARSET utf8mb4
 *   COLLATE utf8mb4_general_ci`); normalize (mysql-normalize.ts) creates
 *   the files' routines in a scratch database to compare in that form.
 * - The DEFINER is not read (strata creates routines as the connecting
 *   user), nor the sql_mode the routine was created under (strata's
 *   session's is used); mysql-unkept.ts names a routine whose definer is
 *   someone else, or whose sql_mode reads SQL differently.
 * https://mariadb.com/kb/en/information-schema-routines-table/
 * https://mariadb.com/kb/en/show-create-procedure/
 */
import type { DataAccess, StoredFunction } from '../../schema/functions'
import type { Row } from '../dialect'
import type { QueryFn } from './mysql-introspector'
import { routineBody } from './mysql-routines'
import { quoteIdentifier as q } from './mysql-types'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const ROUTINES = `
SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type, ROUTINE_DEFINITION AS body, IS_DETERMINISTIC AS is_deterministic,
       SQL_DATA_ACCESS AS data_access, SECURITY_TYPE AS security, ROUTINE_COMMENT AS comment
FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_NAME, ROUTINE_TYPE`

/** The index just past the `)` that closes the `(` at `open`, skipping quoted text. */
function closing(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    const c = text[i]!
    if (c === "'" || c === '"' || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\' && c !== '`') i++
      continue
    }
    if (c === '(') depth++
    else if (c === ')' && --depth === 0) return i + 1
  }
  return text.length
}

/** The parameter list and (a function's) result type of a SHOW CREATE FUNCTION / PROCEDURE text. */
export function routineSignature(create: string, name: string, procedure: boolean): { args: string; returns?: string } {
  // The name is quoted as the routine's own sql_mode says: `name`, or "name" under ANSI_QUOTES.
  const heads = [q(name), `"${name.replace(/"/g, '""')}"`].map((quoted) => `${procedure ? 'PROCEDURE' : 'FUNCTION'} ${quoted}(`)
  const head = heads.find((h) => create.includes(h))
  if (head === undefined) return { args: '' }
  const open = create.indexOf(head) + head.length - 1
  const end = closing(create, open)
  const args = create.slice(open + 1, end - 1).trim()
  if (procedure) return { args }
  const returns = /^\s*RETURNS\s+([^\n]+)/i.exec(create.slice(end))
  return returns ? { args, returns: returns[1]!.trim() } : { args }
}

function routineOf(row: Row, create: string): StoredFunction {
  const name = String(row.name)
  const procedure = String(row.type).toUpperCase() === 'PROCEDURE'
  const { args, returns } = routineSignature(create, name, procedure)
  const fn: Mutable<StoredFunction> = { name, language: 'sql', body: routineBody(String(row.body ?? '')) }
  if (args !== '') fn.args = args
  if (procedure) fn.procedure = true
  else if (returns !== undefined) fn.returns = returns
  if (String(row.is_deterministic).toUpperCase() === 'YES') fn.deterministic = true
  const access = String(row.data_access ?? '').toLowerCase()
  if (access !== 'contains sql' && access !== '') fn.dataAccess = access as Exclude<DataAccess, 'contains sql'>
  if (String(row.security).toUpperCase() === 'DEFINER') fn.securityDefiner = true
  if (row.comment !== null && row.comment !== undefined && String(row.comment) !== '') fn.comment = String(row.comment)
  return fn
}

/** The database's routines; a function and a procedure of one name (which the model cannot hold) give the function. */
export async function readMysqlRoutines(query: QueryFn): Promise<StoredFunction[]> {
  const out = new Map<string, StoredFunction>()
  for (const row of await query(ROUTINES)) {
    const name = String(row.name)
    if (out.has(name)) continue
    const kind = String(row.type).toUpperCase() === 'PROCEDURE' ? 'PROCEDURE' : 'FUNCTION'
    const [shown] = await query(`SHOW CREATE ${kind} ${q(name)}`)
    out.set(name, routineOf(row, String(shown?.[kind === 'PROCEDURE' ? 'Create Procedure' : 'Create Function'] ?? '')))
  }
  return [...out.values()]
}
