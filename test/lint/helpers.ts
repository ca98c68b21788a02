/** Linting operations written in their migration-file form, against a schema built from file-form operations. */
import { applyOperations } from '../../src/diff/apply'
import { dialectByName } from '../../src/dialects'
import type { Connection, DialectName } from '../../src/dialects/dialect'
import { lintMigrations } from '../../src/lint/lint'
import type { Finding } from '../../src/lint/types'
import { decodeOperation } from '../../src/migrations/codec'
import { EMPTY_SCHEMA, type Schema } from '../../src/schema/model'

export type FileOp = Record<string, unknown>

export const decode = (ops: readonly FileOp[]) => ops.map((o) => decodeOperation(o))

export function schemaOf(ops: readonly FileOp[]): Schema {
  return applyOperations(EMPTY_SCHEMA, decode(ops))
}

export async function lintOps(
  before: readonly FileOp[],
  up: readonly FileOp[],
  options: { dialect?: DialectName; down?: readonly FileOp[]; connection?: Connection } = {},
): Promise<Finding[]> {
  const report = await lintMigrations([{ name: '0002_change', up: decode(up), down: options.down ? decode(options.down) : null, before: schemaOf(before) }], {
    dialect: dialectByName(options.dialect ?? 'postgres'),
    ...(options.connection ? { connection: options.connection } : {}),
  })
  return [...report.findings]
}

export const codes = (findings: readonly Finding[]) => [...new Set(findings.map((f) => f.code))].sort()

/** A table in file form. */
export function table(name: string, columns: readonly FileOp[], extra: FileOp = {}): FileOp {
  return { createTable: { name, columns: [{ name: 'id', type: 'bigint', primaryKey: true, autoincrement: true }, ...columns], ...extra } }
}
