/** Hand-built models and the self-checks every diff test runs. */
import { deepStrictEqual } from 'node:assert/strict'
import { applyOperations } from '../../src/diff/apply'
import { diff } from '../../src/diff/diff'
import { invert } from '../../src/diff/invert'
import type { Operation } from '../../src/diff/operations'
import { type DiffResolver, fixedResolver } from '../../src/diff/rename'
import { canonicalSchema } from '../../src/schema/canonical'
import type { Column, Enum, RenameHints, Schema, Table } from '../../src/schema/model'

export function col(name: string, type: Column['type'], extra: Partial<Omit<Column, 'name' | 'type'>> = {}): Column {
  return { name, type, ...extra }
}

/** `id bigint` primary key autoincrement, as the loader adds it. */
export const id = (): Column => col('id', 'bigint', { autoincrement: true })

export function table(
  name: string,
  columns: readonly Column[],
  extra: Partial<Omit<Table, 'name' | 'columns'>> = {},
): Table {
  return {
    name,
    columns,
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    uniques: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
    ...extra,
  }
}

export function schema(tables: Table[], enums: Enum[] = []): Schema {
  return { tables, enums }
}

/** Same schema with the columns of each table sorted: a column re-added on the way down goes last. */
export function ignoringColumnOrder(s: Schema): Schema {
  const c = canonicalSchema(s)
  return {
    ...c,
    tables: c.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)) })),
  }
}

export interface Checked {
  readonly ops: Operation[]
  readonly down: Operation[]
  readonly warnings: string[]
}

/**
 * Diff, then the self-checks: the up operations applied to `from` give
 * exactly `to` (canonical), and the down operations applied to that give
 * `from` back (up to column order, see ignoringColumnOrder).
 */
export async function diffChecked(
  from: Schema,
  to: Schema,
  options: { hints?: RenameHints; resolver?: DiffResolver } = {},
): Promise<Checked> {
  const result = await diff(from, to, {
    resolver: options.resolver ?? fixedResolver(),
    ...(options.hints ? { hints: options.hints } : {}),
  })
  const up = applyOperations(from, result.operations)
  deepStrictEqual(up, canonicalSchema(to), 'up operations applied to from must give to')
  const down = invert(from, result.operations)
  const back = applyOperations(up, down)
  deepStrictEqual(ignoringColumnOrder(back), ignoringColumnOrder(from), 'down operations must give from back')
  return { ops: result.operations, down, warnings: result.warnings }
}
