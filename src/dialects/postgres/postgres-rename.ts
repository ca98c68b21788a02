/**
 * renameTable on PostgreSQL: the table, then the constraints and indexes
 * whose names follow it, each renamed in place (no key, index or foreign key
 * is rebuilt), then the implicit sequence of each identity column. A
 * renameColumn renames the names that follow the column the same way.
 */
import { bareName, splitQualified } from '../../schema/qualified'
import { CURRENT_SCHEMA, identifierInSchemaOf, qualifiedIdentifier as qt } from './postgres-qualified'
import type { RenameTable } from '../../diff/operations'
import { fitIdentifier } from '../../schema/naming'
import { findTable, type Schema, type Table } from '../../schema/model'
import type { Statement } from '../dialect'
import { autoincrementKind } from './postgres-ddl'
import { quoteIdentifier as q, quoteString } from './postgres-types'

/**
 * Primary keys, uniques, foreign keys and checks are constraints: RENAME
 * CONSTRAINT (a primary key's or unique's index is renamed with it); a plain
 * index is a relation of its own: ALTER INDEX … RENAME.
 * https://www.postgresql.org/docs/current/sql-altertable.html
 * https://www.postgresql.org/docs/current/sql-alterindex.html
 */
export function renameTablePostgres(op: RenameTable, before: Schema): Statement[] {
  const out: Statement[] = []
  const from = splitQualified(op.from)
  const to = splitQualified(op.to)
  // A table moved to another schema (`billing.invoices` to `archive.invoices`):
  // SET SCHEMA moves its indexes, constraints and owned sequences with it.
  // https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-SCHEMA
  const table = findTable(before, op.from)
  if (from.schema !== to.schema) {
    const schema = to.schema === undefined ? CURRENT_SCHEMA : q(to.schema)
    out.push({ sql: `ALTER TABLE ${qt(op.from)} SET SCHEMA ${schema}` })
    // SET SCHEMA moves the partitioned table alone: its partitions stay where
    // they are, and strata keeps a partition in its parent's schema, so each follows.
    for (const p of table?.partitions ?? []) out.push({ sql: `ALTER TABLE ${identifierInSchemaOf(op.from, p.name)} SET SCHEMA ${schema}` })
  }
  if (from.name !== to.name) out.push({ sql: `ALTER TABLE ${identifierInSchemaOf(op.to, from.name)} RENAME TO ${q(to.name)}` })
  out.push(...renameNamesPostgres(op.to, table, op.renames))
  // A move to another schema keeps the bare name: the sequence's name still follows it.
  for (const column of from.name === to.name ? [] : (table?.columns ?? [])) {
    if (autoincrementKind(column) === 'identity') out.push({ sql: renameIdentitySequence(op, column.name) })
  }
  return out
}

/**
 * The constraints and indexes of `table` (now called `name`) renamed in
 * place, old name to new: RENAME CONSTRAINT, or ALTER INDEX … RENAME for a
 * plain index. For renameTable and renameColumn.
 */
export function renameNamesPostgres(name: string, table: Table | undefined, renames: Readonly<Record<string, string>> = {}): Statement[] {
  const indexes = new Set(table?.indexes.map((i) => i.name))
  return Object.entries(renames).map(([from, to]) => ({
    sql: indexes.has(from) ? `ALTER INDEX ${identifierInSchemaOf(name, from)} RENAME TO ${q(to)}` : `ALTER TABLE ${qt(name)} RENAME CONSTRAINT ${q(from)} TO ${q(to)}`,
  }))
}

/**
 * An identity column's sequence is named after the table when the column is
 * created (`authors_id_seq`) and keeps that name when the table is renamed.
 * It follows the table when it still has that name and the new name is free
 * (it can have another, e.g. `authors_id_seq1`, or come from an older
 * database); pg_get_serial_sequence gives its schema-qualified name.
 * https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-INFO-CATALOG
 */
function renameIdentitySequence(op: RenameTable, column: string): string {
  const sequence = `pg_get_serial_sequence(${quoteString(qt(op.to))}, ${quoteString(column)})`
  const oldName = quoteString(fitIdentifier(`${bareName(op.from)}_${column}_seq`))
  const newName = quoteString(fitIdentifier(`${bareName(op.to)}_${column}_seq`))
  return [
    `DO $strata$ DECLARE s regclass := ${sequence}::regclass; BEGIN`,
    `  IF (SELECT relname FROM pg_class WHERE oid = s) = ${oldName}`,
    `     AND NOT EXISTS (SELECT FROM pg_class WHERE relname = ${newName} AND relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = s)) THEN`,
    `    EXECUTE format('ALTER SEQUENCE %s RENAME TO %I', s, ${newName});`,
    '  END IF;',
    'END $strata$',
  ].join('\n')
}
