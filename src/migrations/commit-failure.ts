/**
 * A failure at COMMIT (SQLite's `PRAGMA foreign_key_check`, run before
 * COMMIT because foreign keys are off during a migration) named as every
 * other failure is: the migration, and the operations that could have
 * caused it (those touching the tables the violations are in or point to).
 */
import { DatabaseError, MigrationFailedError } from '../errors'
import type { CompiledOperation } from './compile'

function tablesOf(op: CompiledOperation['operation']): string[] {
  const o = op as unknown as Record<string, unknown>
  const names: string[] = []
  for (const key of ['table', 'name', 'from', 'to']) if (typeof o[key] === 'string') names.push(o[key] as string)
  if (o.table && typeof o.table === 'object') names.push((o.table as { name: string }).name)
  const fk = o.foreignKey as { references?: { table?: string } } | undefined
  if (fk?.references?.table) names.push(fk.references.table)
  return names
}

/** The error to report for `error` thrown by the commit of `migration`'s transaction, or `error` itself. */
export function commitFailure(migrationName: string, direction: 'up' | 'down', compiled: readonly CompiledOperation[], error: unknown): unknown {
  if (!(error instanceof DatabaseError) || error.code !== 'E_FOREIGN_KEY') return error
  const violations = (error.details.violations as { table: string; parent: string }[] | undefined) ?? []
  const involved = new Set(violations.flatMap((v) => [v.table, v.parent]))
  const suspects = compiled.filter((c) => c.operation.op === 'sql' || tablesOf(c.operation).some((t) => involved.has(t)))
  const list = suspects.map((c) => `${c.index + 1} (${c.operation.op})`).join(', ')
  const first = suspects[0]
  return new MigrationFailedError(
    `migration ${migrationName} failed (${direction}) at commit: ${error.message}\n` +
      `  Operations that could have caused it: ${list || 'none found (rows written by hand?)'}\n` +
      '  The migration was rolled back: the database is as it was before it.',
    { migration: migrationName, ...(first ? { operation: first.index + 1, operationKind: first.operation.op } : {}) },
    error,
  )
}
