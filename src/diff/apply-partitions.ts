/**
 * Applying and inverting the partition operations (PostgreSQL declarative
 * partitioning, schema/partitions.ts) on the model: pure, called by
 * apply.ts and invert.ts.
 */
import { type Schema, type Table, findTable } from '../schema/model'
import { canonicalPartitionWhole, equalData } from '../schema/canonical'
import { type Partition, stateOf } from '../schema/partitions'
import { inSchemaOf } from '../schema/qualified'
import type { AddPartition, AlterPartition, DropPartition, Operation } from './operations'

export type PartitionOperation = AddPartition | DropPartition | AlterPartition

type Fail = (message: string) => never

const byName = (a: Partition, b: Partition) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

function parent(schema: Schema, name: string, fail: Fail): Table {
  const table = findTable(schema, name)
  if (!table) return fail(`table "${name}" does not exist`)
  if (!table.partitionBy) return fail(`table "${name}" is not partitioned`)
  return table
}

function partitionOf(table: Table, name: string, fail: Fail): Partition {
  return table.partitions?.find((p) => p.name === name) ?? fail(`partition "${name}" of "${table.name}" does not exist`)
}

function withPartitions(schema: Schema, table: Table, partitions: readonly Partition[]): Schema {
  const out: { -readonly [K in keyof Table]: Table[K] } = { ...table }
  if (partitions.length) out.partitions = [...partitions].sort(byName)
  else delete out.partitions
  return { ...schema, tables: schema.tables.map((t) => (t.name === table.name ? out : t)) }
}

export function applyPartitionOperation(schema: Schema, op: PartitionOperation, fail: Fail): Schema {
  const table = parent(schema, op.table, fail)
  const partitions = table.partitions ?? []
  switch (op.op) {
    case 'addPartition': {
      const name = op.partition.name
      if (partitions.some((p) => p.name === name) || findTable(schema, inSchemaOf(op.table, name))) fail(`partition "${name}" already exists (a partition is a table)`)
      return withPartitions(schema, table, [...partitions, canonicalPartitionWhole(op.partition)])
    }
    case 'dropPartition':
      partitionOf(table, op.name, fail)
      return withPartitions(schema, table, partitions.filter((p) => p.name !== op.name))
    case 'alterPartition':
      partitionOf(table, op.name, fail)
      return withPartitions(schema, table, partitions.map((p) => (p.name === op.name ? canonicalPartitionWhole({ ...op.to, name: op.name }) : p)))
  }
}

export function invertPartitionOperation(before: Schema, op: PartitionOperation, fail: Fail): Operation {
  switch (op.op) {
    case 'addPartition':
      return { op: 'dropPartition', table: op.table, name: op.partition.name }
    case 'dropPartition':
      return { op: 'addPartition', table: op.table, partition: partitionOf(parent(before, op.table, fail), op.name, fail) }
    case 'alterPartition':
      return { ...op, from: op.to, to: op.from }
  }
}

/** A partition's bound and own objects, compared as canonical data. */
export function samePartition(a: Partition, b: Partition): boolean {
  return equalData(stateOf(canonicalPartitionWhole(a)), stateOf(canonicalPartitionWhole(b)))
}
