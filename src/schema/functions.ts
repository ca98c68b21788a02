/**
 * Functions and procedures in the model (PostgreSQL; docs/OBJECTS.md). One
 * per name in the schema (no overloads: `DROP FUNCTION name` then needs no
 * argument list). The attributes are those `pg_get_functiondef` prints; the
 * argument list and the result type are SQL text as written, the body is
 * stored verbatim by PostgreSQL (`pg_proc.prosrc`), so it compares as
 * written.
 * https://www.postgresql.org/docs/current/sql-createfunction.html
 */
import type { Schema } from './model'
import { mentionsName } from './views'

export const VOLATILITIES = ['immutable', 'stable', 'volatile'] as const
export type Volatility = (typeof VOLATILITIES)[number]

export const PARALLEL_SAFETY = ['safe', 'restricted', 'unsafe'] as const
export type ParallelSafety = (typeof PARALLEL_SAFETY)[number]

export interface StoredFunction {
  readonly name: string
  /** The argument list as in CREATE FUNCTION, without parentheses (`a integer, b text DEFAULT 'x'`); absent: none. */
  readonly args?: string
  /** The result type (`integer`, `trigger`, `SETOF users`, `TABLE (id bigint)`); absent for a procedure. */
  readonly returns?: string
  /** A procedure (CREATE PROCEDURE, called with CALL), which has no result. */
  readonly procedure?: true
  /** `sql`, `plpgsql`, … */
  readonly language: string
  /** The body, the text between the quotes of AS '…' (stored verbatim). */
  readonly body: string
  /** Absent: volatile (PostgreSQL's default). */
  readonly volatility?: Exclude<Volatility, 'volatile'>
  /** RETURNS NULL ON NULL INPUT. */
  readonly strict?: true
  /** SECURITY DEFINER (absent: INVOKER). */
  readonly securityDefiner?: true
  /** Absent: unsafe (the default). */
  readonly parallel?: Exclude<ParallelSafety, 'unsafe'>
  readonly leakproof?: true
  /** COST; absent: the default (100, or 1 for C and internal functions). */
  readonly cost?: number
  /** ROWS of a set-returning function; absent: the default (1000). */
  readonly rows?: number
  /** SET configuration_parameter = value while it runs, by parameter. */
  readonly set?: Readonly<Record<string, string>>
}

export function functionsOf(schema: Schema): readonly StoredFunction[] {
  return schema.functions ?? []
}

export function findFunction(schema: Schema, name: string): StoredFunction | undefined {
  return schema.functions?.find((f) => f.name === name)
}

/**
 * Same signature: CREATE OR REPLACE can change the rest in place (it cannot
 * change argument types or names, nor the result type, nor turn a function
 * into a procedure).
 */
export function sameSignature(a: StoredFunction, b: StoredFunction): boolean {
  return (a.args ?? '') === (b.args ?? '') && (a.returns ?? '') === (b.returns ?? '') && !a.procedure === !b.procedure
}

/** The tables of `schema` its argument list or result names (`SETOF users`): it is created after them. */
export function functionUsesTables(fn: StoredFunction, schema: Schema): boolean {
  return schema.tables.some((t) => mentionsName(fn.args, t.name) || mentionsName(fn.returns, t.name))
}
