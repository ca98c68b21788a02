/**
 * Functions and procedures on PostgreSQL: CREATE [OR REPLACE] FUNCTION /
 * PROCEDURE with the attributes pg_get_functiondef prints, and DROP by name
 * (the model holds one function per name, so no argument list is needed:
 * https://www.postgresql.org/docs/current/sql-dropfunction.html).
 *
 * The body is dollar-quoted with a tag it does not contain, so it reaches
 * pg_proc.prosrc verbatim. `check_function_bodies` is turned off for the rest
 * of the migration's transaction (SET LOCAL), as pg_dump does: a LANGUAGE sql
 * body is otherwise checked at creation, and the functions are created
 * before the tables (a default or CHECK may call one) whose names the body
 * may use. https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-CHECK-FUNCTION-BODIES
 *
 * A function without a PostgreSQL body (`body: { mysql: … }`) is not created
 * here; MySQL's attributes (deterministic, dataAccess, comment) are not
 * PostgreSQL's and are left out.
 */
import { type FunctionText, type StoredFunction, functionText } from '../../schema/functions'
import type { Statement } from '../dialect'
import { quoteIdentifier as q } from './postgres-types'

const NO_BODY_CHECK: Statement = { sql: 'SET LOCAL check_function_bodies = off' }

/** `$$`, or `$strata$` / `$strata_1$` … when the body holds the tag. */
function dollarQuote(body: string): string {
  let tag = '$$'
  for (let n = 0; body.includes(tag); n++) tag = n === 0 ? '$strata$' : `$strata_${n}$`
  return `${tag}${body}${tag}`
}

const word = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : q(name))

/** The CREATE statement's text (without OR REPLACE). */
function definition(fn: StoredFunction, text: FunctionText, replace: boolean): string {
  const parts = [`CREATE ${replace ? 'OR REPLACE ' : ''}${fn.procedure ? 'PROCEDURE' : 'FUNCTION'} ${q(fn.name)}(${text.args ?? ''})`]
  if (!fn.procedure) parts.push(`RETURNS ${text.returns}`)
  parts.push(`LANGUAGE ${word(fn.language)}`)
  if (fn.volatility) parts.push(fn.volatility.toUpperCase())
  if (fn.strict) parts.push('STRICT')
  if (fn.securityDefiner) parts.push('SECURITY DEFINER')
  if (fn.leakproof) parts.push('LEAKPROOF')
  if (fn.parallel) parts.push(`PARALLEL ${fn.parallel.toUpperCase()}`)
  if (fn.cost !== undefined) parts.push(`COST ${fn.cost}`)
  if (fn.rows !== undefined) parts.push(`ROWS ${fn.rows}`)
  for (const [key, value] of Object.entries(fn.set ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) parts.push(`SET ${word(key)} TO ${value}`)
  parts.push(`AS ${dollarQuote(text.body)}`)
  return parts.join('\n')
}

export function createFunctionPostgres(fn: StoredFunction): Statement[] {
  const text = functionText(fn, 'postgres')
  return text ? [NO_BODY_CHECK, { sql: definition(fn, text, false) }] : []
}

/**
 * CREATE OR REPLACE: the signature is the same (apply.ts checks it), the rest
 * is the new definition. A function that gains or loses its PostgreSQL body
 * is created or dropped.
 */
export function replaceFunctionPostgres(from: StoredFunction, to: StoredFunction): Statement[] {
  const text = functionText(to, 'postgres')
  if (!text) return dropFunctionPostgres(from, from.name)
  if (!functionText(from, 'postgres')) return createFunctionPostgres(to)
  return [NO_BODY_CHECK, { sql: definition(to, text, true) }]
}

export function dropFunctionPostgres(fn: StoredFunction | undefined, name: string): Statement[] {
  if (fn && !functionText(fn, 'postgres')) return []
  return [{ sql: `DROP ${fn?.procedure ? 'PROCEDURE' : 'FUNCTION'} ${q(name)}` }]
}

