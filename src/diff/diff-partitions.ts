/**
 * The partitions of a partitioned table that stays (PostgreSQL declarative
 * partitioning, schema/partitions.ts): pure.
 *
 * A partition that goes is dropped (its rows with it), one that comes is
 * created, one whose bound or own objects (indexes and constraints of that
 * partition only) change is altered: detached and attached again with the
 * new bound (its rows kept), its own objects dropped and added. A change of the partition key itself (or a
 * table becoming partitioned or ordinary) cannot be made in place:
 * PostgreSQL has no ALTER TABLE … PARTITION BY, so the table is recreated,
 * and a warning names it (its rows are lost; the lint's destructive rules
 * name the dropTable too).
 */
import { canonicalPartitionWhole } from '../schema/canonical'
import { canonicalPartitionKey, describePartitionKey, type Partition, stateOf } from '../schema/partitions'
import type { Table } from '../schema/model'
import type { AddPartition, AlterPartition, DropPartition } from './operations'
import { samePartition } from './apply-partitions'

export interface PartitionChanges {
  readonly drops: readonly DropPartition[]
  readonly adds: readonly AddPartition[]
  readonly alters: readonly AlterPartition[]
}

/** Does the partition key differ (including a table becoming partitioned or ordinary)? */
export function partitionKeyChanges(before: Table, after: Table): boolean {
  const key = (t: Table) => (t.partitionBy ? JSON.stringify(canonicalPartitionKey(t.partitionBy)) : '')
  return key(before) !== key(after)
}

/** The warning of a table recreated for its partition key. */
export function partitionKeyWarning(before: Table, after: Table): string {
  return (
    `table "${after.name}": the partition key changes (${describePartitionKey(before.partitionBy)} -> ${describePartitionKey(after.partitionBy)}); ` +
    'PostgreSQL cannot re-partition a table in place, so it is dropped and created again and its rows are lost: ' +
    'to keep them, create the new table under another name and copy the rows with a sql operation'
  )
}

export function diffPartitions(before: Table, after: Table): PartitionChanges {
  const old = new Map((before.partitions ?? []).map((p) => [p.name, p]))
  const now = new Map((after.partitions ?? []).map((p) => [p.name, p]))
  const table = after.name
  const drops: DropPartition[] = []
  const adds: AddPartition[] = []
  const alters: AlterPartition[] = []
  for (const p of old.values()) if (!now.has(p.name)) drops.push({ op: 'dropPartition', table, name: p.name })
  for (const p of now.values()) {
    const was: Partition | undefined = old.get(p.name)
    if (!was) adds.push({ op: 'addPartition', table, partition: p })
    else if (!samePartition(was, p)) alters.push({ op: 'alterPartition', table, name: p.name, from: stateOf(canonicalPartitionWhole(was)), to: stateOf(canonicalPartitionWhole(p)) })
  }
  return { drops, adds, alters }
}
