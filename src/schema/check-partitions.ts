/**
 * The meaning checks of declarative partitioning (partitions.ts) that the
 * JSON Schema cannot make, each at the YAML node behind it: key columns
 * that exist, bounds of the key's method and width, keys that include the
 * partition key (PostgreSQL: "unique constraint on partitioned table must
 * include all partitioning columns", for unique indexes too), no NO INHERIT
 * check ("cannot add NO INHERIT constraint to partitioned table"), no NOT
 * VALID foreign key ("cannot add NOT VALID foreign key on partitioned
 * table", before PostgreSQL 18), no EXCLUDE constraint ("exclusion
 * constraints are not supported on partitioned tables" on PostgreSQL 15 and
 * 16, the servers strata is tested on; 17 takes one whose elements include
 * the key columns WITH =), partition names free among tables, each in its
 * parent's schema (a partition of `billing.orders` is `billing.NAME`), and
 * no object a partition holds of its own that PostgreSQL would take for a
 * copy of the parent's: an index, unique or foreign key alike the parent's
 * is attached to it (CREATE INDEX on the parent and ATTACH PARTITION attach
 * an equivalent one the partition has, instead of making another), and a
 * check of the parent's name is merged with it.
 * https://www.postgresql.org/docs/current/sql-createindex.html (partitioned tables)
 * https://www.postgresql.org/docs/current/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE-LIMITATIONS
 */
import type { Resolution, TableDraft } from './draft'
import type { Reporter } from './origins'
import { canonicalForeignKey, canonicalIndex, equalData } from './canonical'
import type { ForeignKey, Index } from './model'
import type { Partition, PartitionKey } from './partitions'
import { inSchemaOf } from './qualified'

function boundProblem(key: PartitionKey, p: Partition): string | undefined {
  const width = key.columns?.length
  switch (key.method) {
    case 'range':
      if (p.default) return undefined
      if (!p.from || !p.to) return 'a RANGE partition takes from and to (or default: true)'
      if (width !== undefined && (p.from.length !== width || p.to.length !== width)) return `from and to take ${width} value(s), one per key column`
      return undefined
    case 'list':
      return p.default || p.in ? undefined : 'a LIST partition takes in: [values] (or default: true)'
    case 'hash':
      if (p.modulus === undefined || p.remainder === undefined) return 'a HASH partition takes modulus and remainder'
      return p.remainder < p.modulus ? undefined : 'remainder must be less than modulus'
  }
}

/** An index without its name and comment, as PostgreSQL compares two for attaching. */
function indexShape(i: Index): unknown {
  const { name: _n, comment: _c, concurrently: _x, ...rest } = canonicalIndex(i)
  return rest
}

function fkShape(f: ForeignKey): unknown {
  const { name: _n, comment: _c, ...rest } = canonicalForeignKey(f)
  return rest
}

function ownLikeParent(resolution: Resolution, table: TableDraft, p: Partition, report: Reporter): void {
  const subject = `table "${table.name}": partition "${p.name}"`
  const why = 'PostgreSQL would take it for the partition\'s copy of the parent\'s, which every partition has already'
  const keys = [...(table.primaryKey ? [table.primaryKey.columns] : []), ...table.uniques.map((u) => u.columns)].map((c) => [...c].sort().join(','))
  for (const index of p.indexes ?? []) {
    // strata builds a partition's own indexes with the partition (in the migration's transaction), never CONCURRENTLY.
    if (index.concurrently) report.error(resolution.origins.get(index) ?? table.origin, `${subject}: index "${index.name}": a partition's own index is built in the migration's transaction, not CONCURRENTLY; remove concurrently`)
    const like = table.indexes.find((i) => equalData(indexShape(i), indexShape(index)))
    if (like) report.error(resolution.origins.get(index) ?? table.origin, `${subject}: index "${index.name}" is alike the parent's index "${like.name}" (${why}); remove it`)
  }
  for (const unique of p.uniques ?? []) {
    if (keys.includes([...unique.columns].sort().join(','))) report.error(resolution.origins.get(unique) ?? table.origin, `${subject}: unique "${unique.name}" is over the columns of a key of the parent (${why}); remove it`)
  }
  for (const fk of p.foreignKeys ?? []) {
    const like = table.foreignKeys.find((f) => equalData(fkShape(f), fkShape(fk)))
    if (like) report.error(resolution.origins.get(fk) ?? table.origin, `${subject}: foreign key "${fk.name}" is alike the parent's "${like.name}" (${why}); remove it`)
  }
  for (const check of p.checks ?? []) {
    if (table.checks.some((c) => c.name === check.name)) report.error(resolution.origins.get(check) ?? table.origin, `${subject}: check "${check.name}" has the name of the parent's check, with which PostgreSQL merges it; name it otherwise`)
  }
}

export function checkPartitions(resolution: Resolution, table: TableDraft, report: Reporter): void {
  const key = table.partitionBy
  const subject = `table "${table.name}"`
  if (!key) {
    if (table.partitions?.length) report.error(table.origin, `${subject}: has partitions but no partitionBy`, { sub: ['partitions'], key: true })
    return
  }
  const names = new Set(table.columns.map((c) => c.name))
  for (const [i, column] of (key.columns ?? []).entries()) {
    if (!names.has(column)) report.error(table.origin, `${subject}: partition key column "${column}" is not a column of the table`, { sub: ['partitionBy', 'columns', i] })
  }
  const keyColumns = key.columns ?? []
  for (const [kind, item] of [['primary key', table.primaryKey], ...table.uniques.map((u) => ['unique constraint', u] as const)] as const) {
    if (!item || key.expression !== undefined) continue
    const missing = keyColumns.filter((c) => !item.columns.includes(c))
    if (missing.length) {
      report.error(resolution.origins.get(item) ?? table.origin, `${subject}: ${kind} "${item.name}" must include the partition key column(s) ${missing.join(', ')} (PostgreSQL enforces it per partition)`)
    }
  }
  for (const index of table.indexes) {
    const missing = index.unique && key.expression === undefined ? keyColumns.filter((c) => !(index.columns ?? []).includes(c)) : []
    if (missing.length) {
      report.error(resolution.origins.get(index) ?? table.origin, `${subject}: unique index "${index.name}" must include the partition key column(s) ${missing.join(', ')} (PostgreSQL enforces it per partition)`)
    }
    if (index.concurrently) {
      report.error(resolution.origins.get(index) ?? table.origin, `${subject}: index "${index.name}" cannot be built CONCURRENTLY on a partitioned table (PostgreSQL refuses it); remove concurrently`)
    }
  }
  for (const check of table.checks) {
    if (check.noInherit) {
      report.error(resolution.origins.get(check) ?? table.origin, `${subject}: check "${check.name}" cannot be NO INHERIT on a partitioned table (PostgreSQL refuses it: every partition has the parent's checks); remove noInherit`)
    }
  }
  for (const fk of table.foreignKeys) {
    if (fk.notValid) {
      report.error(resolution.origins.get(fk) ?? table.origin, `${subject}: foreign key "${fk.name}" cannot be NOT VALID on a partitioned table (PostgreSQL refuses it); remove notValid`)
    }
  }
  for (const x of table.exclusions) {
    report.error(
      resolution.origins.get(x) ?? table.origin,
      `${subject}: EXCLUDE constraint "${x.name}" cannot be on a partitioned table (PostgreSQL 15 refuses it: "exclusion constraints are not supported on partitioned tables"); remove it, or partitionBy`,
    )
  }
  for (const p of table.partitions ?? []) ownLikeParent(resolution, table, p, report)
  let defaults = 0
  for (const p of table.partitions ?? []) {
    const problem = boundProblem(key, p)
    if (problem) report.error(table.origin, `${subject}: partition "${p.name}": ${problem}`, { sub: ['partitions', p.name], key: true })
    if (p.default && key.method === 'hash') report.error(table.origin, `${subject}: partition "${p.name}": a HASH partitioned table has no default partition`, { sub: ['partitions', p.name], key: true })
    if (p.default) defaults++
    if (defaults > 1 && p.default) report.error(table.origin, `${subject}: partition "${p.name}": only one partition can be the default`, { sub: ['partitions', p.name], key: true })
    // A partition is created in its parent's schema, so its name is compared there.
    const qualified = inSchemaOf(table.name, p.name)
    if (resolution.tables.has(qualified)) {
      report.error(table.origin, `${subject}: partition "${p.name}" has the name of a table${qualified === p.name ? '' : ` (${qualified})`} (a partition is a table)`, { sub: ['partitions', p.name], key: true })
    }
  }
}
