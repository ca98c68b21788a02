/**
 * Functions and procedures in the model (PostgreSQL, MySQL / MariaDB;
 * docs/OBJECTS.md). One per name in the schema (no overloads: `DROP FUNCTION
 * name` then needs no argument list). The argument list, the result type
 * and the body are SQL text, one for every database or one per dialect
 * (`body: { postgres: …, mysql: … }`); a function without text for a
 * dialect is not created there, as a view without a query for it. The body
 * is stored verbatim by both databases (`pg_proc.prosrc`,
 * information_schema.ROUTINES.ROUTINE_DEFINITION), so it compares as
 * written.
 *
 * Attributes belong to one dialect each and are ignored by the other:
 * PostgreSQL's are those `pg_get_functiondef` prints (language, volatility,
 * strict, parallel, leakproof, cost, rows, set); MySQL's are its
 * characteristics (deterministic, dataAccess, comment; a MySQL routine's
 * language is always SQL). `securityDefiner` is both databases' (absent:
 * INVOKER, which strata writes out on MySQL, whose own default is DEFINER).
 * https://www.postgresql.org/docs/current/sql-createfunction.html
 * https://mariadb.com/kb/en/create-function/
 */
import { equalData } from './canonical'
import { type DialectSql, type Schema, sqlFor } from './model'
import { mentionsName, sqlTexts } from './views'

export const VOLATILITIES = ['immutable', 'stable', 'volatile'] as const
export type Volatility = (typeof VOLATILITIES)[number]

export const PARALLEL_SAFETY = ['safe', 'restricted', 'unsafe'] as const
export type ParallelSafety = (typeof PARALLEL_SAFETY)[number]

/** MySQL's SQL data access characteristic; CONTAINS SQL is its default. */
export const DATA_ACCESS = ['contains sql', 'no sql', 'reads sql data', 'modifies sql data'] as const
export type DataAccess = (typeof DATA_ACCESS)[number]

export interface StoredFunction {
  readonly name: string
  /**
   * The argument list as in CREATE FUNCTION, without parentheses (`a integer, b text DEFAULT 'x'`;
   * MySQL: `IN a INT, OUT b INT` for a procedure, `a INT` for a function); absent: none.
   */
  readonly args?: DialectSql
  /** The result type (`integer`, `trigger`, `SETOF users`, `TABLE (id bigint)`; MySQL `DECIMAL(5,2)`); absent for a procedure. */
  readonly returns?: DialectSql
  /** A procedure (CREATE PROCEDURE, called with CALL), which has no result. */
  readonly procedure?: true
  /** PostgreSQL: `sql`, `plpgsql`, … (a schema file that says none gets `sql`). MySQL routines are SQL: ignored there. */
  readonly language: string
  /**
   * The body (stored verbatim): PostgreSQL's text between the quotes of AS '…';
   * MySQL's routine body, one statement (`RETURN x * 2`, `BEGIN … END`).
   */
  readonly body: DialectSql
  /** Absent: volatile (PostgreSQL's default). */
  readonly volatility?: Exclude<Volatility, 'volatile'>
  /** RETURNS NULL ON NULL INPUT. */
  readonly strict?: true
  /** SECURITY DEFINER / SQL SECURITY DEFINER (absent: INVOKER). */
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
  /** MySQL: DETERMINISTIC (absent: NOT DETERMINISTIC). */
  readonly deterministic?: true
  /** MySQL: NO SQL, READS SQL DATA or MODIFIES SQL DATA (absent: CONTAINS SQL). */
  readonly dataAccess?: Exclude<DataAccess, 'contains sql'>
  /** MySQL: COMMENT '…'. */
  readonly comment?: string
}

/** A function's SQL text for one dialect; undefined when it has no body there (it is not created there). */
export interface FunctionText {
  readonly args?: string
  readonly returns?: string
  readonly body: string
}

export function functionText(fn: StoredFunction, dialect: 'postgres' | 'sqlite' | 'mysql'): FunctionText | undefined {
  const body = sqlFor(fn.body, dialect)
  if (body === undefined) return undefined
  const args = fn.args !== undefined ? sqlFor(fn.args, dialect) : undefined
  const returns = fn.returns !== undefined ? sqlFor(fn.returns, dialect) : undefined
  return { body, ...(args !== undefined && args.trim() !== '' ? { args } : {}), ...(returns !== undefined ? { returns } : {}) }
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
  const same = (x: DialectSql | undefined, y: DialectSql | undefined) => equalData(x ?? '', y ?? '')
  return same(a.args, b.args) && same(a.returns, b.returns) && !a.procedure === !b.procedure
}

/** The tables of `schema` its argument list or result names (`SETOF users`): it is created after them. */
export function functionUsesTables(fn: StoredFunction, schema: Schema): boolean {
  const texts = [...sqlTexts(fn.args), ...sqlTexts(fn.returns)]
  return schema.tables.some((t) => texts.some((text) => mentionsName(text, t.name)))
}
