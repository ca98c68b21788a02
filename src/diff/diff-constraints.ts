/**
 * Constraint and index differences of one table that exists on both sides:
 * matched by name AND definition, so a changed definition under the same
 * name is a drop + add. Two things change in place instead: a comment
 * (`setComment`), and the state of a foreign key or check — DEFERRABLE,
 * INITIALLY DEFERRED, NOT VALID — when nothing else of it changes
 * (`alterConstraint`; each dialect's compiler decides whether it can alter
 * it in place or drops and adds it).
 */
import { stableStringify } from '../schema/canonical'
import { definitionOf, stateOf, uncommented as withoutComment } from '../schema/constraint-attributes'
import { type Check, type Exclusion, type ForeignKey, type Index, type Table, type Unique, tableOptionsOf } from '../schema/model'
import type {
  AddCheck,
  AddExclusion,
  AddForeignKey,
  AddIndex,
  AddUnique,
  AlterConstraint,
  AlterPrimaryKey,
  DropCheck,
  DropExclusion,
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
  readonly dropExclusions: DropExclusion[]
  readonly addExclusions: AddExclusion[]
  /** Foreign keys and checks whose state alone changes. */
  readonly alterConstraints: AlterConstraint[]
  /** Comments of constraints that stay as they are otherwise. */
  readonly constraintComments: SetComment[]
  readonly primaryKey?: AlterPrimaryKey
  readonly comment?: SetComment
  /** Comments of indexes that stay as they are otherwise. */
  readonly indexComments: SetComment[]
  readonly options?: SetTableOptions
  /** Column lists (joined by a comma) of the uniques and unique indexes that go away. */
  readonly droppedKeys: Set<string>
}

/**
 * Items of `before` not identical in `after`, and items of `after` not
 * identical in `before`, compared by `key` (the whole item unless given).
 */
function changed<T extends { readonly name: string }>(
  before: readonly T[],
  after: readonly T[],
  key: (item: T) => unknown = (item) => item,
): { gone: T[]; come: T[] } {
  const beforeBy = new Map(before.map((i) => [i.name, stableStringify(key(i))]))
  const afterBy = new Map(after.map((i) => [i.name, stableStringify(key(i))]))
  return {
    gone: before.filter((i) => afterBy.get(i.name) !== beforeBy.get(i.name)),
    come: after.filter((i) => beforeBy.get(i.name) !== afterBy.get(i.name)),
  }
}

/** `setComment` for each constraint of `after` kept by name whose comment alone changes (those in `replaced` are added with theirs). */
function commentChanges<T extends { readonly name: string; readonly comment?: string }>(
  table: string,
  before: readonly T[],
  after: readonly T[],
  replaced: readonly T[],
): SetComment[] {
  const old = new Map(before.map((i) => [i.name, i]))
  const gone = new Set(replaced.map((i) => i.name))
  const out: SetComment[] = []
  for (const item of after) {
    const was = old.get(item.name)
    if (!was || gone.has(item.name) || (was.comment ?? null) === (item.comment ?? null)) continue
    out.push({ op: 'setComment', table, constraint: item.name, from: was.comment ?? null, to: item.comment ?? null })
  }
  return out
}

/** `alterConstraint` for each constraint kept by definition whose state changes. */
function stateChanges<T extends Check | ForeignKey>(table: string, before: readonly T[], after: readonly T[], replaced: readonly T[]): AlterConstraint[] {
  const old = new Map(before.map((i) => [i.name, i]))
  const gone = new Set(replaced.map((i) => i.name))
  const out: AlterConstraint[] = []
  for (const item of after) {
    const was = old.get(item.name)
    if (!was || gone.has(item.name)) continue
    const from = stateOf(was)
    const to = stateOf(item)
    if (stableStringify(from) !== stableStringify(to)) out.push({ op: 'alterConstraint', table, name: item.name, from, to })
  }
  return out
}

/** An index without its comment: a comment alone changes by `setComment`, not by rebuilding the index. */
const uncommented = ({ comment: _comment, ...index }: Index): Index => index

export function diffConstraints(before: Table, after: Table): ConstraintChanges {
  const table = after.name
  const uniques = changed<Unique>(before.uniques, after.uniques, withoutComment)
  const indexes = changed<Index>(before.indexes.map(uncommented), after.indexes.map(uncommented))
  const comeIndexes = new Set(indexes.come.map((i) => i.name))
  const beforeIndexes = new Map(before.indexes.map((i) => [i.name, i]))
  const indexComments: SetComment[] = []
  for (const index of after.indexes) {
    const old = beforeIndexes.get(index.name)
    if (!old || comeIndexes.has(index.name) || (old.comment ?? null) === (index.comment ?? null)) continue
    indexComments.push({ op: 'setComment', table, index: index.name, from: old.comment ?? null, to: index.comment ?? null })
  }
  const checks = changed<Check>(before.checks, after.checks, definitionOf)
  const fks = changed<ForeignKey>(before.foreignKeys, after.foreignKeys, definitionOf)
  const exclusions = changed<Exclusion>(before.exclusions ?? [], after.exclusions ?? [], withoutComment)
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
    dropExclusions: exclusions.gone.map((x) => ({ op: 'dropExclusion', table, name: x.name })),
    addExclusions: exclusions.come.map((exclusion) => ({ op: 'addExclusion', table, exclusion })),
    alterConstraints: [...stateChanges(table, before.checks, after.checks, checks.come), ...stateChanges(table, before.foreignKeys, after.foreignKeys, fks.come)],
    constraintComments: [
      ...commentChanges(table, before.uniques, after.uniques, uniques.come),
      ...commentChanges(table, before.checks, after.checks, checks.come),
      ...commentChanges(table, before.foreignKeys, after.foreignKeys, fks.come),
      ...commentChanges(table, before.exclusions ?? [], after.exclusions ?? [], exclusions.come),
    ],
    droppedKeys,
  }
  const pkFrom = before.primaryKey ? withoutComment(before.primaryKey) : null
  const pkTo = after.primaryKey ? withoutComment(after.primaryKey) : null
  if (stableStringify(pkFrom) !== stableStringify(pkTo)) {
    out.primaryKey = { op: 'alterPrimaryKey', table, from: before.primaryKey ?? null, to: after.primaryKey ?? null }
  } else if (before.primaryKey && after.primaryKey) {
    out.constraintComments.push(...commentChanges(table, [before.primaryKey], [after.primaryKey], []))
  }
  const from = tableOptionsOf(before)
  const to = tableOptionsOf(after)
  if (stableStringify(from) !== stableStringify(to)) out.options = { op: 'setTableOptions', table, from, to }
  if ((before.comment ?? null) !== (after.comment ?? null)) {
    out.comment = { op: 'setComment', table, from: before.comment ?? null, to: after.comment ?? null }
  }
  return out
}
