/**
 * Constraint and index differences of one table that exists on both sides:
 * matched by name AND definition, so a changed definition under the same
 * name is a drop + add (no database alters a constraint in place).
 */
import { stableStringify } from '../schema/canonical'
import { type Check, type ForeignKey, type Index, type Table, type Unique, tableOptionsOf } from '../schema/model'
import type {
  AddCheck,
  AddForeignKey,
  AddIndex,
  AddUnique,
  AlterPrimaryKey,
  DropCheck,
  DropForeignKey,
  DropIndex,
  DropUnique,
  SetComment,
  SetTableOptions,
} from './operations'

export interface ConstraintChanges {
  readonly dropForeignKeys: DropForeignKey[]
  readonly dropUniques: DropUnique[]
  readonly dropIndexes: DropIndex[]
  readonly dropChecks: DropCheck[]
  readonly addUniques: AddUnique[]
  readonly addIndexes: AddIndex[]
  readonly addChecks: AddCheck[]
  readonly addForeignKeys: AddForeignKey[]
  readonly primaryKey?: AlterPrimaryKey
  readonly comment?: SetComment
  /** Comments of indexes that stay as they are otherwise. */
  readonly indexComments: SetComment[]
  readonly options?: SetTableOptions
  /** Column lists (joined by a comma) of the uniques and unique indexes that go away. */
  readonly droppedKeys: Set<string>
}

/** Items of `before` not identical in `after`, and items of `after` not identical in `before`. */
function changed<T extends { readonly name: string }>(
  before: readonly T[],
  after: readonly T[],
): { gone: T[]; come: T[] } {
  const beforeBy = new Map(before.map((i) => [i.name, stableStringify(i)]))
  const afterBy = new Map(after.map((i) => [i.name, stableStringify(i)]))
  return {
    gone: before.filter((i) => afterBy.get(i.name) !== beforeBy.get(i.name)),
    come: after.filter((i) => beforeBy.get(i.name) !== afterBy.get(i.name)),
  }
}

/** An index without its comment: a comment alone changes by `setComment`, not by rebuilding the index. */
const uncommented = ({ comment: _comment, ...index }: Index): Index => index

export function diffConstraints(before: Table, after: Table): ConstraintChanges {
  const table = after.name
  const uniques = changed<Unique>(before.uniques, after.uniques)
  const indexes = changed<Index>(before.indexes.map(uncommented), after.indexes.map(uncommented))
  const comeIndexes = new Set(indexes.come.map((i) => i.name))
  const beforeIndexes = new Map(before.indexes.map((i) => [i.name, i]))
  const indexComments: SetComment[] = []
  for (const index of after.indexes) {
    const old = beforeIndexes.get(index.name)
    if (!old || comeIndexes.has(index.name) || (old.comment ?? null) === (index.comment ?? null)) continue
    indexComments.push({ op: 'setComment', table, index: index.name, from: old.comment ?? null, to: index.comment ?? null })
  }
  const checks = changed<Check>(before.checks, after.checks)
  const fks = changed<ForeignKey>(before.foreignKeys, after.foreignKeys)
  const droppedKeys = new Set<string>()
  for (const u of uniques.gone) droppedKeys.add(u.columns.join(','))
  for (const i of indexes.gone) {
    if (i.unique && !i.where && i.columns) droppedKeys.add(i.columns.join(','))
  }
  const out: { -readonly [K in keyof ConstraintChanges]: ConstraintChanges[K] } = {
    dropForeignKeys: fks.gone.map((f) => ({ op: 'dropForeignKey', table, name: f.name })),
    dropUniques: uniques.gone.map((u) => ({ op: 'dropUnique', table, name: u.name })),
    dropIndexes: indexes.gone.map((i) => ({ op: 'dropIndex', table, name: i.name })),
    dropChecks: checks.gone.map((c) => ({ op: 'dropCheck', table, name: c.name })),
    addUniques: uniques.come.map((unique) => ({ op: 'addUnique', table, unique })),
    addIndexes: after.indexes.filter((i) => comeIndexes.has(i.name)).map((index) => ({ op: 'addIndex', table, index })),
    indexComments,
    addChecks: checks.come.map((check) => ({ op: 'addCheck', table, check })),
    addForeignKeys: fks.come.map((foreignKey) => ({ op: 'addForeignKey', table, foreignKey })),
    droppedKeys,
  }
  if (stableStringify(before.primaryKey ?? null) !== stableStringify(after.primaryKey ?? null)) {
    out.primaryKey = { op: 'alterPrimaryKey', table, from: before.primaryKey ?? null, to: after.primaryKey ?? null }
  }
  const from = tableOptionsOf(before)
  const to = tableOptionsOf(after)
  if (stableStringify(from) !== stableStringify(to)) out.options = { op: 'setTableOptions', table, from, to }
  if ((before.comment ?? null) !== (after.comment ?? null)) {
    out.comment = { op: 'setComment', table, from: before.comment ?? null, to: after.comment ?? null }
  }
  return out
}
