/**
 * The decisions the diff cannot make alone (renames without a hint, one-off
 * values for new NOT NULL columns), injected so that `diff` stays pure: the
 * CLI passes terminal prompts, tests and `--no-input` runs pass fixed answers.
 */
import type { Literal, TypeSpec } from '../schema/model'
import type { Operation } from './operations'

/** Decisions the diff cannot make alone. The CLI passes terminal prompts; tests pass fixed answers. */
export interface DiffResolver {
  /**
   * "Did you rename posts.permalink to posts.slug? [y/N]". Only asked when
   * there is no hint and the pair is unambiguous: in the same table exactly
   * one dropped and one added column of the same type. false: drop + add,
   * with a warning.
   */
  confirmColumnRename(table: string, from: string, to: string): Promise<boolean>
  /**
   * "Did you rename table permalinks to slugs? [y/N]". Only asked when there
   * is no hint and exactly one dropped and one added table have the same
   * columns (names and types).
   */
  confirmTableRename(from: string, to: string): Promise<boolean>
  /**
   * A NOT NULL column without default is added to an existing table (or a
   * column becomes NOT NULL without default): a one-off value for the
   * existing rows (Django's "provide a one-off default"). undefined: none
   * given, and the diff throws a UsageError naming `--default table.column=VALUE`.
   */
  fillValue(table: string, column: string, type: TypeSpec): Promise<Literal | undefined>
  /**
   * A NOT NULL column without default is dropped: the value its reversal
   * puts in the rows kept meanwhile (Django asks the same). undefined, or no
   * such method: a placeholder of the column's type, with a warning.
   */
  reversalValue?(table: string, column: string, type: TypeSpec): Promise<Literal | undefined>
}

/** What `diff` returns: the operations in an order that applies, and what the user should know. */
export interface DiffResult {
  readonly operations: Operation[]
  /** Human-readable notes: unconfirmed rename candidates, ignored rename hints. */
  readonly warnings: string[]
}

/**
 * Non-interactive resolver: renames confirmed only when `renames` is true
 * (default false: each candidate becomes drop + add and a warning), fill
 * values taken from `fills`, keyed `table.column`.
 */
export function fixedResolver(answers: { renames?: boolean; fills?: Record<string, Literal> } = {}): DiffResolver {
  const renames = answers.renames ?? false
  const fills = answers.fills ?? {}
  return {
    confirmColumnRename: async () => renames,
    confirmTableRename: async () => renames,
    fillValue: async (table, column) =>
      Object.prototype.hasOwnProperty.call(fills, `${table}.${column}`) ? fills[`${table}.${column}`] : undefined,
    reversalValue: async (table, column) =>
      Object.prototype.hasOwnProperty.call(fills, `${table}.${column}`) ? fills[`${table}.${column}`] : undefined,
  }
}
