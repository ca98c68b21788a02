/**
 * Tables created or dropped as a whole, in dependency order.
 *
 * Created tables carry their foreign keys inline when the target exists
 * already (and keeps its key) or is created earlier; a self-reference is
 * always inline (PostgreSQL and SQLite both accept it in CREATE TABLE). The
 * foreign keys of a cycle (A refs B refs A) are added after all tables exist.
 * Dropped tables go referencing-first; for a cycle, the foreign keys between
 * them are dropped first (apply.ts, like PostgreSQL without CASCADE, refuses
 * to drop a table still referenced).
 */
import type { ForeignKey, Table } from '../schema/model'
import { type Partition, stateOf } from '../schema/partitions'
import { PHASE, type Plan, dependencyOrder } from './diff-plan'

const sortedNames = (tables: readonly Table[]): string[] => tables.map((t) => t.name).sort()

/** A table's foreign keys and its partitions' own (partition-objects.ts): all are edges of the table. */
const allForeignKeys = (t: Table): ForeignKey[] => [...t.foreignKeys, ...(t.partitions ?? []).flatMap((p) => p.foreignKeys ?? [])]

/** The partition with only the foreign keys `keep` says, and what it was. */
function withForeignKeys(p: Partition, keep: (fk: ForeignKey) => boolean): Partition {
  const fks = (p.foreignKeys ?? []).filter(keep)
  const { foreignKeys: _fks, ...rest } = p
  return fks.length ? { ...rest, foreignKeys: fks } : rest
}

export function planDroppedTables(dropped: readonly Table[], plan: Plan): void {
  if (dropped.length === 0) return
  const byName = new Map(dropped.map((t) => [t.name, t]))
  // Y -> the dropped tables X with a foreign key to Y: X must go first.
  const referencers = new Map<string, string[]>()
  for (const t of dropped) {
    for (const fk of allForeignKeys(t)) {
      const target = fk.references.table
      if (target === t.name || !byName.has(target)) continue
      const list = referencers.get(target) ?? []
      if (!list.includes(t.name)) list.push(t.name)
      referencers.set(target, list)
    }
  }
  const order = dependencyOrder(
    sortedNames(dropped),
    (name) => referencers.get(name) ?? [],
    (name, unmet) => {
      for (const x of unmet) {
        const table = byName.get(x)!
        for (const fk of table.foreignKeys) {
          if (fk.references.table === name) {
            plan.add(PHASE.dropForeignKey, x, { op: 'dropForeignKey', table: x, name: fk.name })
          }
        }
        // A partition's own foreign keys to it go first too: the partition altered to hold none to it.
        for (const p of table.partitions ?? []) {
          if (!(p.foreignKeys ?? []).some((fk) => fk.references.table === name)) continue
          const to = withForeignKeys(p, (fk) => fk.references.table !== name)
          plan.add(PHASE.dropForeignKey, x, { op: 'alterPartition', table: x, name: p.name, from: stateOf(p), to: stateOf(to) })
        }
      }
    },
  )
  for (const name of order) plan.add(PHASE.dropTable, '', { op: 'dropTable', name })
}

/**
 * `canInline(fk)` decides for a foreign key to a table that is not created
 * here (an existing one): may it go into CREATE TABLE?
 */
export function planCreatedTables(
  added: readonly Table[],
  canInline: (fk: ForeignKey) => boolean,
  plan: Plan,
): void {
  if (added.length === 0) return
  const byName = new Map(added.map((t) => [t.name, t]))
  const order = dependencyOrder(
    sortedNames(added),
    (name) => allForeignKeys(byName.get(name)!).map((fk) => fk.references.table),
    () => {
      // The edges left unmet are the foreign keys to tables not created yet: deferred below.
    },
  )
  const created = new Set<string>()
  for (const name of order) {
    const table = byName.get(name)!
    const inline: ForeignKey[] = []
    const later: ForeignKey[] = []
    for (const fk of table.foreignKeys) {
      const target = fk.references.table
      const ok = target === name || (byName.has(target) ? created.has(target) : canInline(fk))
      ;(ok ? inline : later).push(fk)
    }
    // A partition's own foreign key to a table not there yet is added once it is (the partition altered).
    const ready = (fk: ForeignKey) => {
      const target = fk.references.table
      return target === name || (byName.has(target) ? created.has(target) : canInline(fk))
    }
    const partitions = table.partitions?.map((p) => ({ whole: p, now: withForeignKeys(p, ready) }))
    const deferred = partitions?.filter((p) => (p.now.foreignKeys?.length ?? 0) !== (p.whole.foreignKeys?.length ?? 0)) ?? []
    const first: Table = deferred.length ? { ...table, partitions: partitions!.map((p) => p.now) } : table
    plan.add(PHASE.createTable, '', {
      op: 'createTable',
      table: later.length > 0 ? { ...first, foreignKeys: inline } : first,
    })
    for (const foreignKey of later) plan.add(PHASE.addForeignKey, name, { op: 'addForeignKey', table: name, foreignKey })
    for (const p of deferred) plan.add(PHASE.addForeignKey, name, { op: 'alterPartition', table: name, name: p.whole.name, from: stateOf(p.now), to: stateOf(p.whole) })
    created.add(name)
  }
}
