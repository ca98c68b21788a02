/**
 * Operations to SQLite SQL. Pure: needs the schema just before the operation,
 * never a connection (`strata sql` runs offline).
 *
 * ALTER TABLE can rename a table or a column, add a column and drop one
 * (https://www.sqlite.org/lang_altertable.html); everything else goes through
 * the table rebuild (sqlite-rebuild.ts).
 */
import { refuseCatalogObject, refuseSchema, refuseFunction, refuseGrant, refuseOnUpdate, refusePartitions, refuseRowLevelSecurity } from '../unsupported'
import { applyOperation } from '../../diff/apply'
import type { AddColumn, AlterColumn, AlterEnum, DropColumn, JsonValue, Operation, RowMatch } from '../../diff/operations'
import { bindRowValue } from '../row-values'
import { MigrationFileError } from '../../errors'
import type { Schema } from '../../schema/model'
import { findTable, isLiteralDefault, sqlFor } from '../../schema/model'
import type { SqlCompiler, Statement } from '../dialect'
import { checkAutoincrement, columnDefinition, createIndexSql, createTableSql, quoteIdentifier as q } from './sqlite-ddl'
import { indexStatements, rebuildTable } from './sqlite-rebuild'
import { splitStatements } from './sqlite-tokens'
import { sqlObjectStatements } from '../sql-objects'
import { findTrigger } from '../../schema/triggers'
import { findView } from '../../schema/views'
import { createTriggerSqlite, createViewSqlite, dropTriggerSqlite, dropViewSqlite } from './sqlite-objects'
import { defaultSql, quoteString } from './sqlite-types'

/** A bound value: SQLite has no boolean, so booleans are 0/1; a map or list is its JSON text. */
export function bindValue(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : bindRowValue(value as JsonValue)
}

function whereClause(where: RowMatch, params: unknown[]): string {
  const terms = Object.entries(where).map(([column, value]) => {
    if (value === null) return `${q(column)} IS NULL`
    params.push(bindValue(value))
    return `${q(column)} = ?`
  })
  return terms.length ? ` WHERE ${terms.join(' AND ')}` : ''
}

/**
 * ALTER TABLE ADD COLUMN takes a column without PRIMARY KEY or UNIQUE, whose
 * default is a constant (not an expression in parentheses), and that, when
 * NOT NULL, has a non-NULL default. A `fill` for the existing rows also needs
 * the rebuild, which copies it in.
 */
function canAddInPlace(op: AddColumn): boolean {
  if (op.fill !== undefined) return false
  // ADD COLUMN takes a VIRTUAL generated column, not a STORED one
  // (https://www.sqlite.org/lang_altertable.html#alter_table_add_column);
  // SQLite checks NOT NULL against the rows as it adds it.
  if (op.column.generated !== undefined) return !op.column.generated.stored
  const d = op.column.default
  if (d !== undefined && !isLiteralDefault(d)) return false
  return op.column.nullable === true || d !== undefined
}

/** Does SQL text mention the column name as a word (quoted or not)? */
function mentions(sql: string | undefined, column: string): boolean {
  if (sql === undefined) return false
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^\\p{L}\\p{N}_])${escaped}($|[^\\p{L}\\p{N}_])`, 'iu').test(sql)
}

/**
 * ALTER TABLE DROP COLUMN refuses a column used by a key, an index, a
 * foreign key (of this or another table) or a CHECK other than its own
 * (https://www.sqlite.org/lang_altertable.html#alter_table_drop_column).
 */
function canDropInPlace(op: DropColumn, before: Schema): boolean {
  const table = findTable(before, op.table)
  if (!table) return true
  const uses = (cols: readonly string[] | undefined) => cols?.includes(op.column) ?? false
  if (uses(table.primaryKey?.columns) || table.uniques.some((u) => uses(u.columns))) return false
  if (table.foreignKeys.some((f) => uses(f.columns))) return false
  if (table.indexes.some((i) => uses(i.columns) || mentions(i.expression, op.column) || mentions(i.where, op.column))) {
    return false
  }
  if (table.checks.some((c) => mentions(c.expression, op.column))) return false
  // Nor a column that another column's generation expression uses.
  if (table.columns.some((c) => c.name !== op.column && mentions(c.generated?.expression, op.column))) return false
  const referenced = before.tables.some((t) =>
    t.foreignKeys.some((f) => f.references.table === op.table && f.references.columns.includes(op.column)),
  )
  return !referenced
}

/**
 * A column that becomes NOT NULL and has a default (so the diff asked for no
 * fill value): its NULLs take the default in the copy. A NULL inserted
 * explicitly into a NOT NULL column is an error, not the default
 * (https://www.sqlite.org/lang_createtable.html#the_not_null_constraint).
 */
function nullsToDefault(op: AlterColumn, before: Schema): Record<string, string> {
  if (op.from.nullable !== true || op.to.nullable !== false) return {}
  const column = findTable(applyOperation(before, op), op.table)?.columns.find((c) => c.name === op.column)
  if (column?.default === undefined) return {}
  return { [op.column]: `COALESCE(${q(op.column)}, ${defaultSql(column.default)})` }
}

/** Every table with a column of the enum is rebuilt with the new CHECK; renamed values are mapped in the copy. */
function alterEnum(op: AlterEnum, before: Schema): Statement[] {
  const after = applyOperation(before, op)
  const out: Statement[] = []
  for (const table of before.tables) {
    const enumColumns = table.columns.filter((c) => c.type === 'enum' && c.enum === op.name)
    if (enumColumns.length === 0) continue
    const select: Record<string, string> = {}
    const renamed = Object.entries(op.renamed ?? {})
    if (renamed.length) {
      for (const column of enumColumns) {
        const cases = renamed.map(([from, to]) => `WHEN ${quoteString(from)} THEN ${quoteString(to)}`).join(' ')
        select[column.name] = `CASE ${q(column.name)} ${cases} ELSE ${q(column.name)} END`
      }
    }
    out.push(...rebuildTable(before, after, table.name, { select }))
  }
  return out
}

function rawSql(sql: Parameters<typeof sqlFor>[0], what: string): Statement[] {
  const text = sqlFor(sql, 'sqlite')
  if (text === undefined) {
    throw new MigrationFileError('E_DIALECT_UNSUPPORTED', `the ${what} gives no SQL for SQLite (add a "sqlite" entry)`)
  }
  // better-sqlite3 prepares one statement at a time: a script is split into its statements.
  return splitStatements(text).map((s) => ({ sql: s }))
}

export function compileSqlite(op: Operation, before: Schema): Statement[] {
  const rebuild = (table: string, options?: Parameters<typeof rebuildTable>[3]) =>
    rebuildTable(before, applyOperation(before, op), table, options)
  refuseOnUpdate('SQLite', op)
  switch (op.op) {
    case 'createTable':
      if (op.table.rowLevelSecurity) refuseRowLevelSecurity('SQLite', `table "${op.table.name}"`)
      if (op.table.partitionBy || op.table.partitions) refusePartitions('SQLite', op.table.name)
      checkAutoincrement(op.table)
      return [{ sql: createTableSql(before, op.table) }, ...indexStatements(op.table)]
    case 'dropTable':
      return [{ sql: `DROP TABLE ${q(op.name)}` }]
    case 'renameTable': {
      // ALTER TABLE … RENAME TO moves the table with its rows, indexes and
      // the foreign keys pointing at it (https://www.sqlite.org/lang_altertable.html#alter_table_rename);
      // it is never a rebuild. SQLite cannot rename an index: one whose name
      // follows the table is dropped and created under the new name. The
      // names of constraints inside CREATE TABLE (primary key, unique,
      // foreign key, check) can only change with a rebuild; nothing in
      // SQLite addresses a constraint by its name, so they keep the old
      // name until the table's next rebuild writes the model's (and the
      // drift check does not report it: sqlite-normalize.ts).
      const out: Statement[] = [{ sql: `ALTER TABLE ${q(op.from)} RENAME TO ${q(op.to)}` }]
      const table = findTable(before, op.from)
      for (const index of table?.indexes ?? []) {
        const to = op.renames?.[index.name]
        if (to === undefined) continue
        out.push({ sql: `DROP INDEX ${q(index.name)}` }, { sql: createIndexSql(op.to, { ...index, name: to }) })
      }
      return out
    }
    case 'addColumn': {
      if (!canAddInPlace(op)) {
        if (op.column.generated !== undefined) return rebuild(op.table)
        if (op.fill !== undefined) return rebuild(op.table, { fill: { [op.column.name]: op.fill } })
        // An autoincrement column added to rows (the implicit id coming back,
        // before the primary key moves onto it) is only the rowid alias once
        // it is the key: number the existing rows by their rowid meanwhile.
        return rebuild(op.table, op.column.autoincrement ? { select: { [op.column.name]: 'rowid' } } : {})
      }
      const table = findTable(before, op.table)
      if (!table) return rebuild(op.table)
      const def = columnDefinition(before, { ...table, columns: [...table.columns, op.column] }, op.column)
      return [{ sql: `ALTER TABLE ${q(op.table)} ADD COLUMN ${def}` }]
    }
    case 'dropColumn':
      if (!canDropInPlace(op, before)) return rebuild(op.table)
      return [{ sql: `ALTER TABLE ${q(op.table)} DROP COLUMN ${q(op.column)}` }]
    case 'renameColumn': {
      // RENAME COLUMN follows the column into the table's indexes, keys and
      // foreign keys (https://www.sqlite.org/lang_altertable.html#alter_table_rename_column).
      // The names that follow it: an index is re-created under its new name;
      // names inside CREATE TABLE (keys, foreign keys, checks) change only
      // with a rebuild, which then writes the model's names (the only way
      // SQLite has, and what the drop and re-add of those items cost before).
      const out: Statement[] = [{ sql: `ALTER TABLE ${q(op.table)} RENAME COLUMN ${q(op.from)} TO ${q(op.to)}` }]
      const renames = op.renames ?? {}
      if (!Object.keys(renames).length) return out
      const plain = applyOperation(before, { op: 'renameColumn', table: op.table, from: op.from, to: op.to })
      const table = findTable(plain, op.table)
      const indexNames = new Set(table?.indexes.map((i) => i.name))
      if (Object.keys(renames).some((name) => !indexNames.has(name))) return [...out, ...rebuildTable(plain, applyOperation(before, op), op.table)]
      for (const index of table?.indexes ?? []) {
        const to = renames[index.name]
        if (to !== undefined) out.push({ sql: `DROP INDEX ${q(index.name)}` }, { sql: createIndexSql(op.table, { ...index, name: to }) })
      }
      return out
    }
    case 'alterColumn':
      if (op.fill !== undefined) return rebuild(op.table, { fill: { [op.column]: op.fill } })
      return rebuild(op.table, { select: nullsToDefault(op, before) })
    case 'addIndex':
      return [{ sql: createIndexSql(op.table, op.index) }]
    case 'dropIndex':
      return [{ sql: `DROP INDEX ${q(op.name)}` }]
    case 'addUnique':
    case 'dropUnique':
    case 'addForeignKey':
    case 'dropForeignKey':
    case 'addCheck':
    case 'dropCheck':
    case 'alterPrimaryKey':
    // A foreign key's DEFERRABLE is part of CREATE TABLE's text: the table is rebuilt.
    case 'alterConstraint':
      return rebuild(op.table)
    case 'addPartition':
    case 'dropPartition':
    case 'alterPartition':
      return refusePartitions('SQLite', op.table)
    case 'addExclusion':
    case 'dropExclusion':
      throw new MigrationFileError(
        'E_DIALECT_UNSUPPORTED',
        `EXCLUDE constraint "${op.op === 'addExclusion' ? op.exclusion.name : op.name}" on "${op.table}": SQLite has no EXCLUDE constraints (PostgreSQL only)`,
      )
    case 'createEnum':
    case 'dropEnum':
      // Enums are CHECK constraints on their columns: nothing exists apart from them.
      return []
    case 'alterEnum':
      return alterEnum(op, before)
    case 'setComment':
      // SQLite has no catalog comments; the snapshot keeps them.
      return []
    case 'createView':
      return createViewSqlite(op.view)
    case 'dropView':
      return dropViewSqlite(findView(before, op.name), op.name)
    case 'createTrigger':
      return createTriggerSqlite(op.trigger)
    case 'dropTrigger':
      return dropTriggerSqlite(findTrigger(before, op.name), op.name)
    case 'createFunction':
      return refuseFunction('SQLite', op.function.name)
    case 'replaceFunction':
      return refuseFunction('SQLite', op.to.name)
    case 'dropFunction':
      return refuseFunction('SQLite', op.name)
    case 'createPolicy':
      return refuseRowLevelSecurity('SQLite', `policy "${op.policy.name}" on "${op.policy.table}"`)
    case 'dropPolicy':
      return refuseRowLevelSecurity('SQLite', `policy "${op.name}" on "${op.table}"`)
    case 'alterPolicy':
      return refuseRowLevelSecurity('SQLite', `policy "${op.to.name}" on "${op.to.table}"`)
    case 'setRowLevelSecurity':
      return refuseRowLevelSecurity('SQLite', `table "${op.table}"`)
    case 'createSchema':
    case 'dropSchema':
      return refuseSchema('SQLite', op.name)
    case 'createSequence':
    case 'dropSequence':
    case 'alterSequence':
    case 'createExtension':
    case 'dropExtension':
    case 'alterExtension':
    case 'createDomain':
    case 'dropDomain':
    case 'alterDomain':
    case 'createType':
    case 'dropType':
    case 'alterType':
      return refuseCatalogObject('SQLite', op)
    case 'grant':
    case 'revoke':
      return refuseGrant('SQLite', op.grant.on, op.grant.object)
    case 'setTableOptions': {
      // Another dialect's options (mysql) change nothing here.
      if (Boolean(op.from.strict) === Boolean(op.to.strict) && Boolean(op.from.withoutRowid) === Boolean(op.to.withoutRowid)) return []
      // STRICT and WITHOUT ROWID are fixed at CREATE TABLE. A WITHOUT ROWID
      // table has no rowid to autoincrement.
      const after = findTable(applyOperation(before, op), op.table)
      if (after) checkAutoincrement(after)
      return rebuild(op.table)
    }
    case 'insert':
      return op.rows.map((row) => {
        const columns = Object.keys(row)
        if (columns.length === 0) return { sql: `INSERT INTO ${q(op.table)} DEFAULT VALUES` }
        return {
          sql: `INSERT INTO ${q(op.table)} (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
          params: columns.map((c) => bindValue(row[c])),
        }
      })
    case 'update': {
      const params: unknown[] = []
      const set = Object.entries(op.set).map(([column, value]) => {
        params.push(bindValue(value))
        return `${q(column)} = ?`
      })
      const where = whereClause(op.where, params)
      return [{ sql: `UPDATE ${q(op.table)} SET ${set.join(', ')}${where}`, params }]
    }
    case 'delete': {
      const params: unknown[] = []
      const where = whereClause(op.where, params)
      return [{ sql: `DELETE FROM ${q(op.table)}${where}`, params }]
    }
    case 'createSql':
      return sqlObjectStatements(op.object.create, 'sqlite', splitStatements)
    case 'dropSql':
      return sqlObjectStatements(op.drop, 'sqlite', splitStatements)
    case 'sql':
      return rawSql(op.up, 'sql operation')
  }
}

/** The SQLite compiler (see SqlCompiler). */
export const sqliteCompiler: SqlCompiler = {
  compile: compileSqlite,
  quoteIdentifier: q,
}

