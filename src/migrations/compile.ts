/** A migration's operations as SQL for one dialect, each compiled against the schema just before it. */
import { applyOperation } from '../diff/apply'
import { invert } from '../diff/invert'
import type { Operation } from '../diff/operations'
import type { SqlCompiler, Statement } from '../dialects/dialect'
import { StrataError } from '../errors'
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
 * The down path of a migration: as written, or derived from `up` when the file
 * has none. Refused for an irreversible migration.
 */
export function downOperations(migration: Migration, before: Schema): readonly Operation[] {
  if (migration.irreversible) {
    throw new StrataError(
      'E_IRREVERSIBLE',
      `migration ${migration.name} cannot be reversed: it has a sql operation without down`,
      { exitCode: 3, details: { migration: migration.name } },
    )
  }
  return migration.down ?? invert(before, migration.up)
}

/** Does any statement have to run outside a transaction? */
export function needsNoTransaction(compiled: readonly CompiledOperation[]): boolean {
  return compiled.some((c) => c.statements.some((s) => s.transactional === false))
}
