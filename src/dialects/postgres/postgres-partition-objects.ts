/**
 * What a partition holds of its own (schema/partition-objects.ts) on
 * PostgreSQL: CREATE INDEX … ON the partition and ALTER TABLE partition ADD
 * CONSTRAINT …, with their comments, when the partition is created; when it
 * changes, the objects that go or change are dropped (foreign keys first)
 * and those that come or change are added (indexes first, foreign keys
 * last). A partition is a table in its parent's schema, so these statements
 * name it `schema.partition` there.
 * https://www.postgresql.org/docs/current/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE-MAINTENANCE
 */
import { canonicalPartitionWhole, equalData } from '../../schema/canonical'
import type { Check, ForeignKey, Index, Unique } from '../../schema/model'
import type { Partition, PartitionState } from '../../schema/partitions'
import { inSchemaOf } from '../../schema/qualified'
import type { Statement } from '../dialect'
import { checkSql, constraintCommentSql, createIndexSql, foreignKeySql, indexCommentSql, uniqueSql } from './postgres-ddl'
import { identifierInSchemaOf, qualifiedIdentifier as qt } from './postgres-qualified'
import { quoteIdentifier as q } from './postgres-types'

type Constraint = Unique | Check | ForeignKey

function indexStatements(table: string, index: Index): Statement[] {
  const out: Statement[] = [{ sql: createIndexSql(table, index, false) }]
  if (index.comment !== undefined) out.push({ sql: indexCommentSql(table, index.name, index.comment) })
  return out
}

function constraintStatements(table: string, definition: string, item: Constraint): Statement[] {
  const out: Statement[] = [{ sql: `ALTER TABLE ${qt(table)} ADD ${definition}` }]
  if (item.comment !== undefined) out.push({ sql: constraintCommentSql(table, item.name, item.comment) })
  return out
}

/** The statements that add `objects` to the partition `table` (its model name, `schema.partition` in another schema). */
function addStatements(table: string, objects: PartitionState): Statement[] {
  return [
    ...(objects.indexes ?? []).flatMap((i) => indexStatements(table, i)),
    ...(objects.uniques ?? []).flatMap((u) => constraintStatements(table, uniqueSql(u), u)),
    ...(objects.checks ?? []).flatMap((c) => constraintStatements(table, checkSql(c), c)),
    ...(objects.foreignKeys ?? []).flatMap((f) => constraintStatements(table, foreignKeySql(f), f)),
  ]
}

/** The own objects of a new partition of `parent`, right after its CREATE TABLE … PARTITION OF. */
export function createPartitionObjectsSql(parent: string, partition: Partition): Statement[] {
  return addStatements(inSchemaOf(parent, partition.name), partition)
}

/** Those of `from` not in `to` alike (by name and definition), and those of `to` not in `from` alike. */
function changed<T extends { readonly name: string }>(from: readonly T[] | undefined, to: readonly T[] | undefined): { gone: T[]; come: T[] } {
  const was = new Map((from ?? []).map((x) => [x.name, x]))
  const now = new Map((to ?? []).map((x) => [x.name, x]))
  return { gone: (from ?? []).filter((x) => !equalData(now.get(x.name), x)), come: (to ?? []).filter((x) => !equalData(was.get(x.name), x)) }
}

/**
 * A partition's own objects from `from` to `to`: each that goes or changes
 * is dropped, each that comes or changes is added (a comment-only change is
 * a drop and an add too: these are one partition's, rarely large).
 */
export function alterPartitionObjectsSql(parent: string, name: string, from: PartitionState, to: PartitionState): Statement[] {
  const a = canonicalPartitionWhole({ ...from, name })
  const b = canonicalPartitionWhole({ ...to, name })
  const table = inSchemaOf(parent, name)
  const indexes = changed(a.indexes, b.indexes)
  const uniques = changed(a.uniques, b.uniques)
  const checks = changed(a.checks, b.checks)
  const fks = changed(a.foreignKeys, b.foreignKeys)
  const drop = (c: Constraint) => ({ sql: `ALTER TABLE ${qt(table)} DROP CONSTRAINT ${q(c.name)}` })
  return [
    ...fks.gone.map(drop),
    ...checks.gone.map(drop),
    ...uniques.gone.map(drop),
    ...indexes.gone.map((i) => ({ sql: `DROP INDEX ${identifierInSchemaOf(parent, i.name)}` })),
    ...addStatements(table, { indexes: indexes.come, uniques: uniques.come, checks: checks.come, foreignKeys: fks.come }),
  ]
}
