/**
 * Column differences of one table that exists on both sides (after renames):
 * columns are matched by name, position ignored. One `alterColumn` per
 * changed column carrying only the changed parts; comments become
 * `setComment`. NOT NULL without default on existing rows asks for a
 * one-off fill value.
 */
import { stableStringify } from '../schema/canonical'
import { type Column, type Table, typeSpecOf } from '../schema/model'
import type { AddColumn, AlterColumn, ColumnChange, DropColumn, SetComment } from './operations'
import type { DiffResolver } from './rename'

export interface ColumnChanges {
  readonly adds: AddColumn[]
  readonly drops: DropColumn[]
  readonly alters: AlterColumn[]
  readonly comments: SetComment[]
  /** Columns whose type (TypeSpec) changes: foreign keys over them are dropped and re-added. */
  readonly retyped: Set<string>
  /**
   * Columns that become generated, get another expression, or stop being
   * generated (the down path makes them generated again): a dialect may
   * drop and add them again (PostgreSQL before 17), so the views over the
   * table are dropped and created again as for a retyped column.
   */
  readonly regenerated: Set<string>
  /** `table.column` of NOT NULL columns that need a fill value and got none. */
  readonly missingFills: string[]
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Does filling existing rows need a value the schema cannot give? */
const needsFill = (column: Column): boolean =>
  !column.nullable && column.default === undefined && !column.autoincrement && column.generated === undefined

export function sameType(a: Column, b: Column): boolean {
  return stableStringify(typeSpecOf(a)) === stableStringify(typeSpecOf(b))
}

export async function diffColumns(before: Table, after: Table, resolver: DiffResolver): Promise<ColumnChanges> {
  const out: ColumnChanges = { adds: [], drops: [], alters: [], comments: [], retyped: new Set(), regenerated: new Set(), missingFills: [] }
  const beforeByName = new Map(before.columns.map((c) => [c.name, c]))
  const afterByName = new Map(after.columns.map((c) => [c.name, c]))
  const table = after.name

  for (const column of after.columns) {
    const old = beforeByName.get(column.name)
    if (!old) {
      const add: Mutable<AddColumn> = { op: 'addColumn', table, column }
      if (needsFill(column)) {
        const fill = await resolver.fillValue(table, column.name, typeSpecOf(column))
        if (fill === undefined) out.missingFills.push(`${table}.${column.name}`)
        else add.fill = fill
      }
      out.adds.push(add)
      continue
    }
    const from: Mutable<ColumnChange> = {}
    const to: Mutable<ColumnChange> = {}
    if (!sameType(old, column)) {
      Object.assign(from, typeSpecOf(old))
      Object.assign(to, typeSpecOf(column))
      out.retyped.add(column.name)
    }
    if (Boolean(old.nullable) !== Boolean(column.nullable)) {
      from.nullable = Boolean(old.nullable)
      to.nullable = Boolean(column.nullable)
    }
    if (stableStringify(old.default ?? null) !== stableStringify(column.default ?? null)) {
      from.default = old.default ?? null
      to.default = column.default ?? null
    }
    if (stableStringify(old.generated ?? null) !== stableStringify(column.generated ?? null)) {
      from.generated = old.generated ?? null
      to.generated = column.generated ?? null
      out.regenerated.add(column.name)
    }
    if ((old.onUpdate ?? null) !== (column.onUpdate ?? null)) {
      from.onUpdate = old.onUpdate ?? null
      to.onUpdate = column.onUpdate ?? null
    }
    if (Object.keys(to).length > 0) {
      const alter: Mutable<AlterColumn> = { op: 'alterColumn', table, column: column.name, from, to }
      // Only rows that hold NULL need a value: asked when the column becomes NOT NULL.
      if (old.nullable && needsFill(column)) {
        const fill = await resolver.fillValue(table, column.name, typeSpecOf(column))
        if (fill === undefined) out.missingFills.push(`${table}.${column.name}`)
        else alter.fill = fill
      }
      out.alters.push(alter)
    }
    if ((old.comment ?? null) !== (column.comment ?? null)) {
      out.comments.push({
        op: 'setComment',
        table,
        column: column.name,
        from: old.comment ?? null,
        to: column.comment ?? null,
      })
    }
  }
  // Generated columns first: a column a generated one is computed from cannot
  // go before it (PostgreSQL: "other objects depend on it"; SQLite's copy
  // would compute from a column that is gone).
  const gone = before.columns.filter((c) => !afterByName.has(c.name))
  for (const old of [...gone.filter((c) => c.generated), ...gone.filter((c) => !c.generated)]) {
    out.drops.push({ op: 'dropColumn', table, column: old.name })
  }
  return out
}
