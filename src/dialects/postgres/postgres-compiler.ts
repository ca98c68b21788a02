/**
 * The PostgreSQL SQL compiler: pure, offline (`strata sql` uses it without a
 * connection). Every operation becomes PostgreSQL DDL with named constraints;
 * data operations bind their values as $1, $2, …
 */
import { sqlObjectStatements } from '../sql-objects'
import { identifierInSchemaOf, qualifiedIdentifier as qt, typeIdentifier, withCurrentSchema } from './postgres-qualified'
import { compileSchemaPostgres } from './postgres-schemas'
import type { Operation, RowMatch, RowValues } from '../../diff/operations'
import { bindRowValue } from '../row-values'
import type { Check, ConstraintState, Exclusion, ForeignKey, Index, Schema, Table, Unique } from '../../schema/model'
import { ApplyError } from '../../diff/apply'
import { DEFAULT_EXCLUSION_METHOD, findTable, sqlFor } from '../../schema/model'
import type { SqlCompiler, Statement } from '../dialect'
import { compileAlterColumn } from './postgres-alter-column'
import { renameNamesPostgres, renameTablePostgres } from './postgres-rename'
import {
  autoincrementKind,
  checkSql,
  columnList,
  columnSql,
  constraintCommentSql,
  createIndexSql,
  exclusionSql,
  createSequenceSql,
  foreignKeySql,
  indexCommentSql,
  ownSequenceSql,
  primaryKeySql,
  timingSql,
  uniqueSql,
} from './postgres-ddl'
import { compileAlterEnum, createEnumSql } from './postgres-enum'
import { addPartitionPostgres, alterPartitionPostgres, createPartitionsSql, dropPartitionPostgres, partitionBySql } from './postgres-partitions'
import { findFunction } from '../../schema/functions'
import { findSequence } from '../../schema/sequences'
import { alterTypePostgres, createTypePostgres, dropTypePostgres } from './postgres-custom-types'
import { alterDomainPostgres, createDomainPostgres, dropDomainPostgres } from './postgres-domains'
import { alterExtensionPostgres, createExtensionPostgres, dropExtensionPostgres } from './postgres-extensions'
import { alterSequencePostgres, createSequencePostgres, dropSequencePostgres } from './postgres-sequences'
import { createFunctionPostgres, dropFunctionPostgres, replaceFunctionPostgres } from './postgres-functions'
import { grantPostgres, revokePostgres } from './postgres-grants'
import { alterPolicyPostgres, createPolicyPostgres, dropPolicyPostgres, rowLevelSecurityPostgres } from './postgres-policies'
import { createTriggerPostgres, createViewPostgres, dropTriggerPostgres, dropViewPostgres } from './postgres-objects'
import { findTrigger } from '../../schema/triggers'
import { findView } from '../../schema/views'
import { literalSql, quoteIdentifier as q, quoteString } from './postgres-types'
import { refuseNullableKey, refuseOnUpdate } from '../unsupported'

function commentSql(table: string, column: string | undefined, text: string | null): string {
  const target = column === undefined ? `TABLE ${qt(table)}` : `COLUMN ${qt(table)}.${q(column)}`
  return `COMMENT ON ${target} IS ${text === null ? 'NULL' : quoteString(text)}`
}

/**
 * The index-backed constraints (unique, EXCLUDE) of `table` that CREATE TABLE
 * would silently drop: it keeps one of several index constraints over the
 * same index (the same elements, method, operators, predicate and timing;
 * the primary key first), transformIndexConstraints in parse_utilcmd.c
 * (https://github.com/postgres/postgres/blob/REL_15_STABLE/src/backend/parser/parse_utilcmd.c),
 * while ALTER TABLE ADD keeps each. A unique over the primary key's columns,
 * two uniques over the same columns, two EXCLUDE constraints alike: those
 * after the first are added after the table. The index is compared on its
 * elements alone (a timing that differs is added after too: harmless).
 */
function duplicateIndexConstraints(table: Table): Set<Unique | Exclusion> {
  const seen = new Set<string>()
  if (table.primaryKey) seen.add(JSON.stringify(['btree', table.primaryKey.columns, null, null]))
  const out = new Set<Unique | Exclusion>()
  const keep = (item: Unique | Exclusion, key: string) => (seen.has(key) ? out.add(item) : seen.add(key))
  for (const u of table.uniques) keep(u, JSON.stringify(['btree', u.columns, null, null]))
  for (const x of table.exclusions ?? []) {
    const elements = x.elements.map((e) => [e.column ?? null, e.expression ?? null, e.operator])
    keep(x, JSON.stringify([x.method ?? DEFAULT_EXCLUSION_METHOD, elements, x.include ?? [], x.where ?? null, 'exclude']))
  }
  return out
}

function createTable(table: Table): Statement[] {
  const items = table.columns.map(columnSql)
  if (table.primaryKey) items.push(primaryKeySql(table.primaryKey))
  const later = duplicateIndexConstraints(table)
  items.push(...table.uniques.filter((u) => !later.has(u)).map(uniqueSql))
  // NOT VALID holds only for a constraint added to an existing table (see notValidSql).
  items.push(...table.checks.filter((c) => !c.notValid).map(checkSql))
  items.push(...(table.exclusions ?? []).filter((x) => !later.has(x)).map(exclusionSql))
  items.push(...table.foreignKeys.filter((f) => !f.notValid).map(foreignKeySql))
  const serials = table.columns.filter((c) => autoincrementKind(c) === 'serial')
  const out: Statement[] = serials.map((c) => ({ sql: createSequenceSql(c, table.unlogged) }))
  out.push({ sql: `CREATE ${table.unlogged ? 'UNLOGGED ' : ''}TABLE ${qt(table.name)} (\n  ${items.join(',\n  ')}\n)${partitionBySql(table.partitionBy)}` })
  out.push(...createPartitionsSql(table))
  for (const c of serials) out.push({ sql: ownSequenceSql(table.name, c) })
  for (const u of table.uniques.filter((x) => later.has(x))) out.push({ sql: `ALTER TABLE ${qt(table.name)} ADD ${uniqueSql(u)}` })
  for (const x of (table.exclusions ?? []).filter((e) => later.has(e))) out.push({ sql: `ALTER TABLE ${qt(table.name)} ADD ${exclusionSql(x)}` })
  for (const c of table.checks.filter((x) => x.notValid)) out.push({ sql: `ALTER TABLE ${qt(table.name)} ADD ${checkSql(c)}` })
  for (const f of table.foreignKeys.filter((x) => x.notValid)) out.push({ sql: `ALTER TABLE ${qt(table.name)} ADD ${foreignKeySql(f)}` })
  // A new table is empty: CONCURRENTLY would only force the migration out of
  // its transaction, so indexes of a new table are built plainly.
  out.push(...table.indexes.flatMap((index) => indexStatements(table.name, index, false)))
  if (table.rowLevelSecurity) out.push(...rowLevelSecurityPostgres(table.name, {}, table.rowLevelSecurity))
  if (table.comment !== undefined) out.push({ sql: commentSql(table.name, undefined, table.comment) })
  for (const column of table.columns) {
    if (column.comment !== undefined) out.push({ sql: commentSql(table.name, column.name, column.comment) })
  }
  const constraints = [...(table.primaryKey ? [table.primaryKey] : []), ...table.uniques, ...table.checks, ...(table.exclusions ?? []), ...table.foreignKeys]
  for (const c of constraints) if (c.comment !== undefined) out.push({ sql: constraintCommentSql(table.name, c.name, c.comment) })
  return out
}

/** ALTER TABLE ADD CONSTRAINT and its comment. */
function addConstraint(table: string, definition: string, item: { readonly name: string; readonly comment?: string }): Statement[] {
  const out: Statement[] = [{ sql: `ALTER TABLE ${qt(table)} ADD ${definition}` }]
  if (item.comment !== undefined) out.push({ sql: constraintCommentSql(table, item.name, item.comment) })
  return out
}

/**
 * A foreign key's or check's state in place where PostgreSQL can: ALTER
 * CONSTRAINT changes a foreign key's DEFERRABLE / INITIALLY (no other kind
 * can be altered), VALIDATE CONSTRAINT checks the rows of a NOT VALID one.
 * Anything else (a constraint made NOT VALID again, a check's timing) is a
 * drop and an add of it as it is after.
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ALTER-CONSTRAINT
 */
function alterConstraint(table: string, name: string, from: ConstraintState, to: ConstraintState, before: Schema): Statement[] {
  const t = findTable(before, table)
  const fk = t?.foreignKeys.find((f) => f.name === name)
  const check = t?.checks.find((c) => c.name === name)
  if (!fk && !check) throw new ApplyError(`table "${table}" has no foreign key or check "${name}" to alter`)
  const timingChanged = Boolean(from.deferrable) !== Boolean(to.deferrable) || Boolean(from.initiallyDeferred) !== Boolean(to.initiallyDeferred)
  if (!to.notValid && (fk || !timingChanged)) {
    const out: Statement[] = []
    if (timingChanged) {
      const timing = timingSql(to).trim() || 'NOT DEFERRABLE'
      out.push({ sql: `ALTER TABLE ${qt(table)} ALTER CONSTRAINT ${q(name)} ${timing}${to.deferrable && !to.initiallyDeferred ? ' INITIALLY IMMEDIATE' : ''}` })
    }
    if (from.notValid) out.push({ sql: `ALTER TABLE ${qt(table)} VALIDATE CONSTRAINT ${q(name)}` })
    return out
  }
  const state = { deferrable: to.deferrable, initiallyDeferred: to.initiallyDeferred, notValid: to.notValid }
  const definition = fk ? foreignKeySql(withState<ForeignKey>(fk, state)) : checkSql(withState<Check>(check!, { notValid: to.notValid }))
  // The constraint added again is a new object: its comment is set on it again.
  return [{ sql: `ALTER TABLE ${qt(table)} DROP CONSTRAINT ${q(name)}` }, ...addConstraint(table, definition, fk ?? check!)]
}

function withState<T extends object>(item: T, state: ConstraintState): T {
  const out: Record<string, unknown> = { ...(item as Record<string, unknown>) }
  for (const [key, value] of Object.entries(state)) {
    if (value) out[key] = true
    else delete out[key]
  }
  return out as T
}

/** `"a" = $1 AND "b" IS NULL`, numbering parameters from `params.length + 1`. */
function whereSql(where: RowMatch, params: unknown[]): string {
  const terms = Object.entries(where).map(([column, value]) => {
    if (value === null) return `${q(column)} IS NULL`
    params.push(value)
    return `${q(column)} = $${params.length}`
  })
  return terms.length > 0 ? ` WHERE ${terms.join(' AND ')}` : ''
}

function insertRows(table: string, rows: readonly RowValues[]): Statement[] {
  return rows.map((row) => {
    const columns = Object.keys(row)
    if (columns.length === 0) return { sql: `INSERT INTO ${qt(table)} DEFAULT VALUES` }
    const params = columns.map((c) => bindRowValue(row[c]))
    const placeholders = columns.map((_, i) => `$${i + 1}`)
    return { sql: `INSERT INTO ${qt(table)} (${columnList(columns)}) VALUES (${placeholders.join(', ')})`, params }
  })
}

/**
 * Rows written with explicit values into an identity or serial column leave
 * its sequence behind: the next generated value would collide with them
 * ("duplicate key value violates unique constraint"). The sequence is moved
 * to the column's maximum, never backwards (pg_sequence_last_value is NULL
 * while the sequence has not been used yet). pg_get_serial_sequence finds
 * the sequence of both kinds; it parses its first argument as SQL (so it gets
 * the quoted name) and takes the second literally.
 * https://www.postgresql.org/docs/current/functions-sequence.html
 * https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-INFO-CATALOG
 */
function advanceSequences(before: Schema, table: string, rows: readonly RowValues[]): Statement[] {
  const generated = findTable(before, table)?.columns.filter((c) => autoincrementKind(c) !== 'none') ?? []
  return generated
    .filter((c) => rows.some((row) => row[c.name] !== undefined && row[c.name] !== null))
    .map((c) => {
      const sequence = `pg_get_serial_sequence(${quoteString(qt(table))}, ${quoteString(c.name)})`
      return {
        sql:
          `SELECT setval(${sequence}, max(${q(c.name)})) FROM ${qt(table)} ` +
          `HAVING max(${q(c.name)}) > coalesce(pg_sequence_last_value(${sequence}), 0)`,
      }
    })
}

/** CREATE INDEX and its comment. */
function indexStatements(table: string, index: Index, allowConcurrently = true): Statement[] {
  const concurrently = allowConcurrently && index.concurrently === true
  const out: Statement[] = [{ sql: createIndexSql(table, index, allowConcurrently), ...(concurrently ? { transactional: false } : {}) }]
  if (index.comment !== undefined) out.push({ sql: indexCommentSql(table, index.name, index.comment), ...(concurrently ? { transactional: false } : {}) })
  return out
}

function indexOf(before: Schema, table: string, name: string) {
  return findTable(before, table)?.indexes.find((i) => i.name === name)
}

/** The statements of one operation, given the schema just before it. */
export function compilePostgres(op: Operation, before: Schema): Statement[] {
  return compileOne(op, before).map(withCurrentSchema)
}

function compileOne(op: Operation, before: Schema): Statement[] {
  refuseOnUpdate('PostgreSQL', op)
  refuseNullableKey('PostgreSQL', op, before)
  const alterTable = (table: string, clause: string): Statement[] => [{ sql: `ALTER TABLE ${qt(table)} ${clause}` }]
  switch (op.op) {
    case 'createSchema':
    case 'dropSchema':
      return compileSchemaPostgres(op)
    case 'createTable':
      return createTable(op.table)
    case 'dropTable':
      return [{ sql: `DROP TABLE ${qt(op.name)}` }]
    case 'addPartition':
      return addPartitionPostgres(op)
    case 'dropPartition':
      return dropPartitionPostgres(op)
    case 'alterPartition':
      return alterPartitionPostgres(op)
    case 'renameTable':
      return renameTablePostgres(op, before)
    case 'addColumn': {
      const { column } = op
      const serial = autoincrementKind(column) === 'serial'
      const out: Statement[] = serial ? [{ sql: createSequenceSql(column, findTable(before, op.table)?.unlogged) }] : []
      if (op.fill !== undefined && !column.nullable && column.default === undefined && !column.autoincrement) {
        // Existing rows get the one-off value through a temporary default,
        // which PostgreSQL 11+ stores without rewriting the table.
        // https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
        out.push(...alterTable(op.table, `ADD COLUMN ${columnSql(column)} DEFAULT ${literalSql(op.fill)}`))
        out.push(...alterTable(op.table, `ALTER COLUMN ${q(column.name)} DROP DEFAULT`))
      } else {
        out.push(...alterTable(op.table, `ADD COLUMN ${columnSql(column)}`))
      }
      if (serial) out.push({ sql: ownSequenceSql(op.table, column) })
      if (column.comment !== undefined) out.push({ sql: commentSql(op.table, column.name, column.comment) })
      return out
    }
    case 'dropColumn':
      return alterTable(op.table, `DROP COLUMN ${q(op.column)}`)
    case 'renameColumn':
      return [...alterTable(op.table, `RENAME COLUMN ${q(op.from)} TO ${q(op.to)}`), ...renameNamesPostgres(op.table, findTable(before, op.table), op.renames)]
    case 'alterColumn':
      return compileAlterColumn(op, before)
    case 'addIndex':
      return indexStatements(op.table, op.index)
    case 'dropIndex': {
      // DROP INDEX CONCURRENTLY, like CREATE, cannot run in a transaction block.
      // https://www.postgresql.org/docs/current/sql-dropindex.html
      const concurrently = indexOf(before, op.table, op.name)?.concurrently === true
      return [
        concurrently
          ? { sql: `DROP INDEX CONCURRENTLY ${identifierInSchemaOf(op.table, op.name)}`, transactional: false }
          : { sql: `DROP INDEX ${identifierInSchemaOf(op.table, op.name)}` },
      ]
    }
    case 'addUnique':
      return addConstraint(op.table, uniqueSql(op.unique), op.unique)
    case 'addForeignKey':
      return addConstraint(op.table, foreignKeySql(op.foreignKey), op.foreignKey)
    case 'addCheck':
      return addConstraint(op.table, checkSql(op.check), op.check)
    case 'addExclusion':
      return addConstraint(op.table, exclusionSql(op.exclusion), op.exclusion)
    case 'dropUnique':
    case 'dropForeignKey':
    case 'dropCheck':
    case 'dropExclusion':
      return alterTable(op.table, `DROP CONSTRAINT ${q(op.name)}`)
    case 'alterConstraint':
      return alterConstraint(op.table, op.name, op.from, op.to, before)
    case 'alterPrimaryKey': {
      const out: Statement[] = []
      if (op.from) out.push(...alterTable(op.table, `DROP CONSTRAINT ${q(op.from.name)}`))
      if (op.to) out.push(...addConstraint(op.table, primaryKeySql(op.to), op.to))
      return out
    }
    case 'createEnum':
      return [{ sql: createEnumSql(op.name, op.values) }]
    case 'alterEnum':
      return compileAlterEnum(op, before)
    case 'dropEnum':
      return [{ sql: `DROP TYPE ${typeIdentifier(op.name)}` }]
    case 'setComment':
      if (op.index !== undefined) return [{ sql: indexCommentSql(op.table, op.index, op.to) }]
      if (op.constraint !== undefined) return [{ sql: constraintCommentSql(op.table, op.constraint, op.to) }]
      return [{ sql: commentSql(op.table, op.column, op.to) }]
    case 'createView':
      return createViewPostgres(op.view)
    case 'dropView':
      return dropViewPostgres(findView(before, op.name), op.name)
    case 'createTrigger':
      return createTriggerPostgres(op.trigger)
    case 'dropTrigger':
      return dropTriggerPostgres(findTrigger(before, op.name), op.name)
    case 'createFunction':
      return createFunctionPostgres(op.function)
    case 'replaceFunction':
      return replaceFunctionPostgres(op.from, op.to)
    case 'dropFunction':
      return dropFunctionPostgres(findFunction(before, op.name), op.name)
    case 'createSequence':
      return createSequencePostgres(op.sequence)
    case 'alterSequence':
      return alterSequencePostgres(op.from, op.to)
    case 'dropSequence':
      return dropSequencePostgres(findSequence(before, op.name), op.name)
    case 'createExtension':
      return createExtensionPostgres(op.extension)
    case 'alterExtension':
      return alterExtensionPostgres(op.from, op.to)
    case 'dropExtension':
      return dropExtensionPostgres(op.name)
    case 'createDomain':
      return createDomainPostgres(op.domain)
    case 'alterDomain':
      return alterDomainPostgres(op.from, op.to)
    case 'dropDomain':
      return dropDomainPostgres(op.name)
    case 'createType':
      return createTypePostgres(op.type)
    case 'dropType':
      return dropTypePostgres(op.name)
    case 'alterType':
      return alterTypePostgres(op.from, op.to)
    case 'setTableOptions':
      // STRICT and WITHOUT ROWID are SQLite's, mysql: MySQL's; UNLOGGED is
      // this database's. SET LOGGED / UNLOGGED rewrites the table under an
      // ACCESS EXCLUSIVE lock. https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-LOGGED
      if (Boolean(op.from.unlogged) === Boolean(op.to.unlogged)) return []
      return [{ sql: `ALTER TABLE ${qt(op.table)} SET ${op.to.unlogged ? 'UNLOGGED' : 'LOGGED'}` }]
    case 'createPolicy':
      return createPolicyPostgres(op.policy)
    case 'dropPolicy':
      return dropPolicyPostgres(op.table, op.name)
    case 'alterPolicy':
      return alterPolicyPostgres(op.from, op.to)
    case 'setRowLevelSecurity':
      return rowLevelSecurityPostgres(op.table, op.from, op.to)
    case 'grant':
      return grantPostgres(op.grant)
    case 'revoke':
      return revokePostgres(op.grant)
    case 'insert':
      return [...insertRows(op.table, op.rows), ...advanceSequences(before, op.table, op.rows)]
    case 'update': {
      const params: unknown[] = []
      const set = Object.entries(op.set).map(([column, value]) => {
        params.push(bindRowValue(value))
        return `${q(column)} = $${params.length}`
      })
      if (set.length === 0) return []
      const sql = `UPDATE ${qt(op.table)} SET ${set.join(', ')}${whereSql(op.where, params)}`
      return [{ sql, params }, ...advanceSequences(before, op.table, [op.set])]
    }
    case 'delete': {
      const params: unknown[] = []
      const sql = `DELETE FROM ${qt(op.table)}${whereSql(op.where, params)}`
      return [params.length > 0 ? { sql, params } : { sql }]
    }
    case 'createSql':
      return sqlObjectStatements(op.object.create, 'postgres')
    case 'dropSql':
      return sqlObjectStatements(op.drop, 'postgres')
    case 'sql': {
      // SQL written for other dialects only (`sql: { sqlite: … }`) has nothing to run here.
      const sql = sqlFor(op.up, 'postgres')
      if (sql === undefined || sql.trim() === '') return []
      return [op.transactional === false ? { sql, transactional: false } : { sql }]
    }
  }
}

export const postgresCompiler: SqlCompiler = {
  compile: compilePostgres,
  quoteIdentifier: q,
  quoteTable: qt,
}
