/**
 * Declarative partitioning on PostgreSQL (schema/partitions.ts): the
 * PARTITION BY clause of a partitioned table, CREATE TABLE … PARTITION OF
 * for each partition, and the partition operations.
 * https://www.postgresql.org/docs/current/ddl-partitioning.html
 * https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-PARTITION
 */
import type { AddPartition, AlterPartition, DropPartition } from '../../diff/operations'
import type { Table } from '../../schema/model'
import { equalData } from '../../schema/canonical'
import { boundOf, type Partition, type PartitionBound, type PartitionKey, type PartitionValue, RANGE_KEYWORDS } from '../../schema/partitions'
import { alterPartitionObjectsSql, createPartitionObjectsSql } from './postgres-partition-objects'
import type { Statement } from '../dialect'
import { literalSql, quoteIdentifier as q } from './postgres-types'
import { identifierInSchemaOf, qualifiedIdentifier as qt } from './postgres-qualified'

/** ` PARTITION BY RANGE ("created_at")`, or nothing for an ordinary table. */
export function partitionBySql(key: PartitionKey | undefined): string {
  if (!key) return ''
  return ` PARTITION BY ${key.method.toUpperCase()} (${key.expression ?? (key.columns ?? []).map(q).join(', ')})`
}

function valueSql(value: PartitionValue): string {
  if (typeof value === 'string' && (RANGE_KEYWORDS as readonly string[]).includes(value)) return value
  return literalSql(value)
}

/** `FOR VALUES FROM (…) TO (…)`, `FOR VALUES IN (…)`, `FOR VALUES WITH (MODULUS m, REMAINDER r)` or `DEFAULT`. */
export function boundSql(bound: PartitionBound): string {
  if (bound.default) return 'DEFAULT'
  if (bound.in) return `FOR VALUES IN (${bound.in.map(valueSql).join(', ')})`
  if (bound.modulus !== undefined) return `FOR VALUES WITH (MODULUS ${bound.modulus}, REMAINDER ${bound.remainder ?? 0})`
  return `FOR VALUES FROM (${(bound.from ?? []).map(valueSql).join(', ')}) TO (${(bound.to ?? []).map(valueSql).join(', ')})`
}

function createPartitionSql(table: string, partition: Partition): string {
  // A partition is created in its parent's schema.
  return `CREATE TABLE ${identifierInSchemaOf(table, partition.name)} PARTITION OF ${qt(table)} ${boundSql(partition)}`
}

/** The partitions of a new partitioned table, created right after it, each with what it holds of its own. */
export function createPartitionsSql(table: Table): Statement[] {
  return (table.partitions ?? []).flatMap((p) => [{ sql: createPartitionSql(table.name, p) }, ...createPartitionObjectsSql(table.name, p)])
}

export function addPartitionPostgres(op: AddPartition): Statement[] {
  return [{ sql: createPartitionSql(op.table, op.partition) }, ...createPartitionObjectsSql(op.table, op.partition)]
}

/**
 * A partition is a table: DROP TABLE takes its rows, its indexes and
 * constraints. It is detached first: a foreign key to the partitioned table
 * is one per partition, on which DROP TABLE of a partition fails ("other
 * objects depend on it"); DETACH removes it (checking that no row refers to
 * the partition's rows).
 * https://www.postgresql.org/docs/current/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE-MAINTENANCE
 */
export function dropPartitionPostgres(op: DropPartition): Statement[] {
  const partition = identifierInSchemaOf(op.table, op.name)
  return [{ sql: `ALTER TABLE ${qt(op.table)} DETACH PARTITION ${partition}` }, { sql: `DROP TABLE ${partition}` }]
}

/**
 * A new bound: DETACH, then ATTACH with the new bound. The partition keeps
 * its rows (and its copies of the parent's indexes, which ATTACH links
 * again, and its own objects); ATTACH scans them and fails if one falls
 * outside the bound (or if the default partition holds rows the new bound
 * takes). A change of what it holds of its own drops and adds those objects.
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-ATTACH-PARTITION
 */
export function alterPartitionPostgres(op: AlterPartition): Statement[] {
  const rebound = !equalData(boundOf(op.from), boundOf(op.to))
  return [
    ...(rebound
      ? [
          { sql: `ALTER TABLE ${qt(op.table)} DETACH PARTITION ${identifierInSchemaOf(op.table, op.name)}` },
          { sql: `ALTER TABLE ${qt(op.table)} ATTACH PARTITION ${identifierInSchemaOf(op.table, op.name)} ${boundSql(boundOf(op.to))}` },
        ]
      : []),
    ...alterPartitionObjectsSql(op.table, op.name, op.from, op.to),
  ]
}
