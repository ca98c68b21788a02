/** A migration's operations as SQL for one dialect, each compiled against the schema just before it. */
import { applyOperation } from '../diff/apply'
import { invert } from '../diff/invert'
import type { Operation } from '../diff/operations'
import type { SqlCompiler, Statement } from '../dialects/dialect'
import { StrataError } from '../errors'
import { stableStringify } from '../schema/canonical'
import type { Schema } from '../schema/model'
import type { Migration } from './migration-file'

export interface CompiledOperation {
  /** 0-based position in the list it came from. */
  readonly index: number
  readonly operation: Operation
  readonly statements: readonly Statement[]
}

export function compileOperations(compiler: SqlCompiler, before: Schema, ops: readonly Operation[]): CompiledOperation[] {
  let schema = before
  return ops.map((operation, index) => {
    const statements = compiler.compile(operation, schema)
    schema = applyOperation(schema, operation)
    return { index, operation, statements }
  })
}

/**
 * The down path of a migration, one rule for raw SQL (README "Migration
 * files"):
 * - no `down:` list: derived from `up`, each `sql` operation reversed by its
 *   own `down`; refused when one has none (irreversible);
 * - a `down:` list: it runs as written, then the own `down` of each `sql`
 *   operation of `up` (last first) that the list does not already hold, so
 *   a reverse written in either place runs exactly once.
 */
export function downOperations(migration: Migration, before: Schema): readonly Operation[] {
  if (migration.irreversible) {
    throw new StrataError(
      'E_IRREVERSIBLE',
      `migration ${migration.name} cannot be reversed: it has a sql operation without down, and no down: list`,
      { exitCode: 3, details: { migration: migration.name } },
    )
  }
  if (migration.down === null) return invert(before, migration.up)
  const written = new Set(migration.down.filter((op) => op.op === 'sql').map((op) => stableStringify(op.up)))
  const extra: Operation[] = []
  for (const op of [...migration.up].reverse()) {
    if (op.op !== 'sql' || op.down === undefined || written.has(stableStringify(op.down))) continue
    extra.push(op.transactional === undefined ? { op: 'sql', up: op.down } : { op: 'sql', up: op.down, transactional: op.transactional })
  }
  return [...migration.down, ...extra]
}

/** Does any statement have to run outside a transaction? */
export function needsNoTransaction(compiled: readonly CompiledOperation[]): boolean {
  return compiled.some((c) => c.statements.some((s) => s.transactional === false))
}
