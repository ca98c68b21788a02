/**
 * The pure diff: from the snapshot (`from`) to the schema files' model (`to`),
 * the operations that turn one into the other, in an order that applies to
 * the model and to a real database (see diff-plan.ts for the phases).
 *
 * Never mutates its inputs; the same inputs give the same operations in the
 * same order. Only tables that differ are compared deeply (one structural
 * comparison per table, Maps throughout), so a small edit in a 2,000-table
 * schema stays in the milliseconds.
 */
import { canonicalForeignKey, canonicalTable } from '../schema/canonical'
import { type ForeignKey, NO_HINTS, type RenameHints, type Schema, type Table } from '../schema/model'
import { UsageError } from '../errors'
import { applyOperation } from './apply'
import { type ColumnChanges, diffColumns } from './diff-columns'
import { type ConstraintChanges, diffConstraints } from './diff-constraints'
import { planCustomTypes, tablesOfAlteredTypes } from './diff-custom-types'
import { planDomains } from './diff-domains'
import { planEnums, tablesOfSwappedEnums } from './diff-enums'
import { planExtensions } from './diff-extensions'
import { planFunctions } from './diff-functions'
import { planPolicies } from './diff-policies'
import { planGrants } from './diff-grants'
import { planObjects, touchedTables } from './diff-objects'
import { equalData } from '../schema/canonical'
import { PHASE, Plan } from './diff-plan'
import { detectRenames } from './diff-renames'
import { columnRenamesWithFollowingNames, withFollowingNames } from './diff-rename-names'
import { planSchemas } from './diff-schemas'
import { type PartitionChanges, diffPartitions, partitionKeyChanges, partitionKeyWarning } from './diff-partitions'
import { planSequences } from './diff-sequences'
import { planSqlObjects, sqlObjectsUnderViewsDropped } from './diff-sql-objects'
import { planCreatedTables, planDroppedTables } from './diff-tables'
import type { Operation } from './operations'
import type { DiffResolver, DiffResult } from './rename'

export type { DiffResolver, DiffResult } from './rename'
export { fixedResolver } from './rename'

const byName = <T extends { readonly name: string }>(a: T, b: T): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0

interface TableChanges {
  readonly columns: ColumnChanges
  readonly constraints: ConstraintChanges
  readonly partitions: PartitionChanges
}

/** Pure: compares `from` (the snapshot) with `to` (the files' model). Never mutates. */
export async function diff(
  from: Schema,
  to: Schema,
  options: { hints?: RenameHints; resolver: DiffResolver },
): Promise<DiffResult> {
  const warnings: string[] = []
  // Canonical form (canonical.ts) is computed per table, and only where the
  // raw tables differ: snapshot and loader both produce canonical models, so
  // the unchanged tables of a large schema cost one structural comparison.
  const source: Schema = { ...from, tables: [...from.tables].sort(byName), enums: [...from.enums].sort(byName) }
  const target: Schema = { ...to, tables: [...to.tables].sort(byName), enums: [...to.enums].sort(byName) }
  const plan = new Plan()

  const detected = await detectRenames(source, target, options.hints ?? NO_HINTS, options.resolver, warnings)
  let tablesRenamed = source
  for (const op of detected.tables) tablesRenamed = applyOperation(tablesRenamed, op)
  let renamed = tablesRenamed
  for (const op of detected.columns) renamed = applyOperation(renamed, op)
  const tables = withFollowingNames(detected.tables, renamed, target)
  const renames = { tables, columns: columnRenamesWithFollowingNames(detected.columns, tables, tablesRenamed, target) }
  for (const op of renames.tables) plan.add(PHASE.renameTable, op.to, op)
  for (const op of renames.columns) plan.add(PHASE.renameColumn, op.table, op)
  let current = source
  for (const op of [...renames.tables, ...renames.columns]) current = applyOperation(current, op)

  const before = new Map(current.tables.map((t) => [t.name, t]))
  const after = new Map(target.tables.map((t) => [t.name, t]))

  planSchemas(source, target, plan)
  planEnums(current.enums, target.enums, plan)
  planExtensions(current, target, plan)
  planDomains(current, target, plan)
  planCustomTypes(current, target, plan)
  planSequences(current, target, plan)

  const changes = new Map<string, TableChanges>()
  const missingFills: string[] = []
  // Tables whose partition key changes are dropped and created again (diff-partitions.ts).
  const recreated = new Set<string>()
  for (const table of target.tables) {
    const raw = before.get(table.name)
    if (!raw || equalData(raw, table)) continue
    const old = canonicalTable(raw)
    const now = canonicalTable(table)
    if (equalData(old, now)) continue
    if (partitionKeyChanges(old, now)) {
      recreated.add(table.name)
      warnings.push(partitionKeyWarning(old, now))
      continue
    }
    const columns = await diffColumns(old, now, options.resolver)
    missingFills.push(...columns.missingFills)
    changes.set(table.name, { columns, constraints: diffConstraints(old, now), partitions: diffPartitions(old, now) })
  }
  if (missingFills.length > 0) {
    throw new UsageError(
      `${missingFills.join(', ')}: NOT NULL without a default on an existing table, so its rows need a value: ` +
        `pass ${missingFills.map((c) => `--default ${c}=VALUE`).join(' ')} or add a default to the column`,
      { columns: missingFills },
    )
  }

  const keys = new ReferencedKeys(before, changes)
  planDroppedTables(current.tables.filter((t) => !after.has(t.name) || recreated.has(t.name)), plan)
  planCreatedTables(
    target.tables.filter((t) => !before.has(t.name) || recreated.has(t.name)).map(canonicalTable),
    (fk) => keys.stable(fk.references.table, fk.references.columns),
    plan,
  )
  const affectedFks = affectedForeignKeys(current.tables, after, changes, keys)
  for (const [table, change] of changes) {
    const renamed = renames.columns.filter((r) => r.table === table).map((r) => r.from)
    planTableChanges(table, change, plan, earlyDrops(before.get(table)!, renamed), affectedFks.get(table))
  }
  planAffectedForeignKeys(current.tables, after, affectedFks, plan)
  const columnChanges = new Map([...changes].map(([t, c]) => [t, c.columns]))
  const droppedFunctions = planFunctions(source, target, plan)
  const touched = new Set([...touchedTables(source, target, renames, columnChanges), ...droppedFunctions, ...tablesOfSwappedEnums(source, target), ...tablesOfAlteredTypes(source, target)])
  const underViews = sqlObjectsUnderViewsDropped(source, target, new Set([...touched, ...changes.keys(), ...renames.tables.map((r) => r.from)]))
  const droppedViews = planObjects(source, target, underViews.size ? new Set([...touched, ...underViews]) : touched, plan, warnings)
  planPolicies(source, current.tables, target, touched, droppedViews, plan)
  const targetViews = new Set((target.views ?? []).map((v) => v.name))
  const targetFunctions = new Set((target.functions ?? []).map((f) => f.name))
  planGrants(source, target, new Set([
    ...source.tables.filter((t) => !after.has(t.name) || renames.tables.some((r) => r.from === t.name)).map((t) => `table:${t.name}`),
    ...(source.views ?? []).filter((v) => droppedViews.has(v.name) || !targetViews.has(v.name)).map((v) => `view:${v.name}`),
    ...(source.functions ?? []).filter((f) => droppedFunctions.has(f.name) || !targetFunctions.has(f.name)).map((f) => `function:${f.name}`),
  ]), plan)
  planSqlObjects(source, target, new Set([...touched, ...changes.keys(), ...droppedViews, ...renames.tables.map((r) => r.from)]), plan)
  return { operations: plan.operations(), warnings }
}

/** Does SQL text name `column` as a word (quoted or not)? */
function mentions(sql: string | undefined, column: string): boolean {
  if (sql === undefined) return false
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^\\p{L}\\p{N}_])${escaped}($|[^\\p{L}\\p{N}_])`, 'iu').test(sql)
}

/**
 * Checks and indexes of `table` (after table renames, before column renames)
 * whose SQL text names one of the `renamed` columns by its old name. The
 * model renames columns in column lists, not inside SQL text, so such an
 * item is dropped before the rename (see PHASE.dropRenamedExpression).
 */
function earlyDrops(table: Table, renamed: readonly string[]): Set<string> {
  const out = new Set<string>()
  if (renamed.length === 0) return out
  for (const c of table.checks) if (renamed.some((r) => mentions(c.expression, r))) out.add(`check:${c.name}`)
  for (const i of table.indexes) if (renamed.some((r) => mentions(i.expression, r) || mentions(i.where, r))) out.add(`index:${i.name}`)
  return out
}

function planTableChanges(
  table: string,
  { columns, constraints, partitions }: TableChanges,
  plan: Plan,
  early: ReadonlySet<string>,
  readded: ReadonlySet<string> = new Set(),
): void {
  const add = (phase: (typeof PHASE)[keyof typeof PHASE], ops: readonly Operation[]) => {
    for (const op of ops) plan.add(phase, table, op)
  }
  add(PHASE.dropForeignKey, constraints.dropForeignKeys)
  const isEarly = (op: { op: string; name: string }) => early.has(`${op.op === 'dropCheck' ? 'check' : 'index'}:${op.name}`)
  const drops = [...constraints.dropIndexes, ...constraints.dropChecks]
  add(PHASE.dropRenamedExpression, drops.filter(isEarly))
  add(PHASE.dropConstraint, [...constraints.dropUniques, ...constraints.dropExclusions, ...drops.filter((d) => !isEarly(d)), ...partitions.drops])
  add(PHASE.addColumn, columns.adds)
  if (constraints.comment) plan.add(PHASE.alterColumn, table, constraints.comment)
  add(PHASE.alterColumn, [...columns.alters, ...columns.comments])
  // WITHOUT ROWID needs a primary key: turned on after the key is added, off before it is dropped.
  const options = constraints.options
  if (options && !options.to.withoutRowid) plan.add(PHASE.alterColumn, table, options)
  if (constraints.primaryKey) plan.add(PHASE.primaryKey, table, constraints.primaryKey)
  if (options?.to.withoutRowid) plan.add(PHASE.primaryKey, table, options)
  add(PHASE.dropColumn, columns.drops)
  add(PHASE.addConstraint, [...constraints.addUniques, ...constraints.addIndexes, ...constraints.addChecks, ...constraints.addExclusions, ...constraints.indexComments])
  // Bounds change and partitions come once the table has its new columns and keys (a new partition takes them).
  add(PHASE.addConstraint, [...partitions.alters, ...partitions.adds])
  add(PHASE.addForeignKey, constraints.addForeignKeys)
  // A foreign key dropped and re-added around a change of its key comes back
  // with its new state and comment (planAffectedForeignKeys): nothing to alter.
  const kept = (op: { readonly name?: string; readonly constraint?: string }) => !readded.has(op.name ?? op.constraint ?? '')
  add(PHASE.addForeignKey, [...constraints.alterConstraints.filter(kept), ...constraints.constraintComments.filter(kept)])
}

/**
 * What happens to the keys that foreign keys point at. PostgreSQL refuses to
 * drop a primary key or unique constraint that a foreign key depends on
 * ("cannot drop constraint ... because other objects depend on it",
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-CONSTRAINT)
 * and to change the type of a referenced column to one the foreign key
 * cannot compare, so such foreign keys are dropped first and re-added last.
 */
class ReferencedKeys {
  constructor(
    private readonly before: ReadonlyMap<string, Table>,
    private readonly changes: ReadonlyMap<string, TableChanges>,
  ) {}

  /** Does the key `table(columns)` change type or lose its backing constraint? */
  keyChanges(table: string, columns: readonly string[]): boolean {
    const change = this.changes.get(table)
    if (!change) return false
    if (columns.some((c) => change.columns.retyped.has(c))) return true
    const key = columns.join(',')
    const old = this.before.get(table)
    if (old?.primaryKey?.columns.join(',') === key && change.constraints.primaryKey) return true
    return change.constraints.droppedKeys.has(key)
  }

  /** May a new table's foreign key to existing `table(columns)` go inline into CREATE TABLE? */
  stable(table: string, columns: readonly string[]): boolean {
    const old = this.before.get(table)
    if (!old) return false
    if (!this.changes.has(table)) return true
    if (this.keyChanges(table, columns)) return false
    const key = columns.join(',')
    return old.primaryKey?.columns.join(',') === key || keysOf(old).has(key)
  }
}

/** The column lists a foreign key can reference: uniques and full unique indexes over columns. */
function keysOf(table: Table): Set<string> {
  const out = new Set(table.uniques.map((u) => u.columns.join(',')))
  for (const i of table.indexes) if (i.unique && i.columns && !i.where) out.add(i.columns.join(','))
  return out
}

/** Foreign keys that stay the same but whose columns or target key change, by table: they are dropped first and re-added last. */
function affectedForeignKeys(
  tables: readonly Table[],
  after: ReadonlyMap<string, Table>,
  changes: ReadonlyMap<string, TableChanges>,
  keys: ReferencedKeys,
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  if (changes.size === 0) return out
  for (const table of tables) {
    if (!after.has(table.name)) continue
    const own = changes.get(table.name)
    const dropped = new Set(own?.constraints.dropForeignKeys.map((d) => d.name))
    for (const fk of table.foreignKeys) {
      if (dropped.has(fk.name)) continue
      if (!own && !changes.has(fk.references.table)) continue
      if (affected(fk, own, keys)) out.set(table.name, (out.get(table.name) ?? new Set()).add(fk.name))
    }
  }
  return out
}

/** Drop and re-add the affected foreign keys, re-added as the files have them (their state and comment may change too). */
function planAffectedForeignKeys(tables: readonly Table[], after: ReadonlyMap<string, Table>, affectedFks: ReadonlyMap<string, ReadonlySet<string>>, plan: Plan): void {
  for (const table of tables) {
    const names = affectedFks.get(table.name)
    if (!names) continue
    for (const fk of table.foreignKeys) {
      if (!names.has(fk.name)) continue
      plan.add(PHASE.dropForeignKey, table.name, { op: 'dropForeignKey', table: table.name, name: fk.name })
      const foreignKey = canonicalForeignKey(after.get(table.name)?.foreignKeys.find((f) => f.name === fk.name) ?? fk)
      plan.add(PHASE.addForeignKey, table.name, { op: 'addForeignKey', table: table.name, foreignKey })
    }
  }
}

function affected(fk: ForeignKey, own: TableChanges | undefined, keys: ReferencedKeys): boolean {
  if (own && fk.columns.some((c) => own.columns.retyped.has(c))) return true
  return keys.keyChanges(fk.references.table, fk.references.columns)
}
