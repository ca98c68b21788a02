/**
 * The MySQL / MariaDB SQL compiler: pure, offline. Data operations bind
 * their values as `?` (mysql2 formats them). Every DDL statement commits
 * implicitly, so the compiler keeps each operation to as few statements as
 * MySQL allows (a primary key swap is one ALTER TABLE, a table with its
 * indexes one CREATE TABLE).
 */
import { MigrationFileError } from '../../errors'
import { refuseCatalogObject, refuseSchema, refuseGrant, refuseNullableKey, refusePartitions, refuseRowLevelSecurity } from '../unsupported'
import { sqlObjectStatements } from '../sql-objects'
import { alterColumn } from '../../diff/apply'
import type { AlterEnum, Operation, RowMatch } from '../../diff/operations'
import type { Column, Index, Schema, Table } from '../../schema/model'
import { sqlFor } from '../../schema/model'
import type { SqlCompiler, Statement } from '../dialect'
import {
  alterTableOptionsSql,
  checkSql,
  columnList,
  columnSql,
  createIndexSql,
  createTableSql,
  foreignKeySql,
  hasIndexFor,
  indexSql,
  primaryKeySql,
  requireColumn,
  requireConstraintFeatures,
  requireTable,
  startsKey,
  uniqueSql,
} from './mysql-ddl'
import { applyOperation } from '../../diff/apply'
import { bindRowValue } from '../row-values'
import { findFunction } from '../../schema/functions'
import { findTrigger } from '../../schema/triggers'
import { findView, mentionsName } from '../../schema/views'
import { recreateColumnMysql, recreatesColumnMysql } from './mysql-generated'
import { createTriggerMysql, createViewMysql, dropTriggerMysql, dropViewMysql } from './mysql-objects'
import { createRoutineMysql, dropRoutineMysql, replaceRoutineMysql } from './mysql-routines'
import { defaultSql, quoteIdentifier as q, quoteString } from './mysql-types'

function whereSql(where: RowMatch, params: unknown[]): string {
  const terms = Object.entries(where).map(([column, value]) => {
    if (value === null) return `${q(column)} IS NULL`
    params.push(value)
    return `${q(column)} = ?`
  })
  return terms.length > 0 ? ` WHERE ${terms.join(' AND ')}` : ''
}

/**
 * `alterColumn`: a default-only change without rebuilding; a column that
 * becomes or stops being VIRTUAL dropped and added again (mysql-generated.ts);
 * anything else MODIFY COLUMN with the whole new definition.
 */
function compileAlterColumn(op: Extract<Operation, { op: 'alterColumn' }>, before: Schema): Statement[] {
  if (recreatesColumnMysql(op, before)) return recreateColumnMysql(op, before)
  const from = requireColumn(before, op.table, op.column)
  const to = alterColumn(from, op.to)
  const table = q(op.table)
  const out: Statement[] = []
  const onlyDefault = Object.keys(op.to).every((k) => k === 'default')
  if (onlyDefault && !to.autoincrement) {
    const clause = to.default === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${defaultSql(to.default, to)}`
    return [{ sql: `ALTER TABLE ${table} ALTER COLUMN ${q(op.column)} ${clause}` }]
  }
  if (from.nullable && !to.nullable) {
    // A strict-mode MODIFY to NOT NULL fails on rows holding NULL: they take
    // the fill value, or else the new default, first.
    const value = op.fill !== undefined ? defaultSql(op.fill, to) : to.default !== undefined ? defaultSql(to.default, to) : undefined
    if (value !== undefined) out.push({ sql: `UPDATE ${table} SET ${q(op.column)} = ${value} WHERE ${q(op.column)} IS NULL` })
  }
  out.push({ sql: `ALTER TABLE ${table} MODIFY COLUMN ${columnSql(to, before, op.table)}` })
  return out
}

function columnsOfEnum(before: Schema, name: string): Array<{ table: string; column: Column }> {
  return before.tables.flatMap((t) => t.columns.filter((c) => c.type === 'enum' && c.enum === name).map((column) => ({ table: t.name, column })))
}

/**
 * `alterEnum`: the enum lives in its columns' types, so each column is
 * modified. Renamed values go through the union of old and new lists so that
 * rows can be updated in between; a removed value still held by a row makes
 * the strict-mode MODIFY fail ("Data truncated"), leaving the column as it was.
 */
function compileAlterEnum(op: AlterEnum, before: Schema): Statement[] {
  const out: Statement[] = []
  const renamed = Object.entries(op.renamed ?? {})
  const withValues = (column: Column, table: string, values: readonly string[]) =>
    columnSql(column, { ...before, enums: [...before.enums.filter((e) => e.name !== op.name), { name: op.name, values }] }, table)
  for (const { table, column } of columnsOfEnum(before, op.name)) {
    if (renamed.length > 0) {
      const union = [...op.from, ...op.to.filter((v) => !op.from.includes(v))]
      out.push({ sql: `ALTER TABLE ${q(table)} MODIFY COLUMN ${withValues(column, table, union)}` })
      for (const [oldValue, newValue] of renamed) {
        out.push({ sql: `UPDATE ${q(table)} SET ${q(column.name)} = ${quoteString(newValue)} WHERE ${q(column.name)} = ${quoteString(oldValue)}` })
      }
    }
    out.push({ sql: `ALTER TABLE ${q(table)} MODIFY COLUMN ${withValues(column, table, op.to)}` })
  }
  return out
}

/**
 * The clauses that an operation changing a table's keys (primary key,
 * uniques, indexes) must carry in its own ALTER TABLE, so that the table is
 * never in a state MySQL refuses:
 * - AUTO_INCREMENT added to a column that becomes the first column of a
 *   key, removed from one that no key starts with any more (see startsKey
 *   in mysql-ddl.ts);
 * - an index under a foreign key's name added when the last key its columns
 *   start stops serving it (InnoDB refuses to drop an index a foreign key
 *   needs, error 1553), and dropped when a key serves it again. This keeps
 *   what adding a foreign key does: InnoDB creates that index only when no
 *   index serves the key, and dropForeignKey drops it with the key.
 *   https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html
 * Empty for most operations.
 */
function keyClauses(op: Operation, before: Schema, name: string): string[] {
  const from = requireTable(before, name)
  const after = applyOperation(before, op)
  const to = requireTable(after, name)
  const out = to.columns
    .filter((c) => c.autoincrement && startsKey(from, c.name) !== startsKey(to, c.name))
    .map((c) => `MODIFY COLUMN ${columnSql(c, after, name, to)}`)
  for (const fk of to.foreignKeys) {
    if (!from.foreignKeys.some((f) => f.name === fk.name)) continue
    const served = hasIndexFor(from, fk.columns)
    if (served === hasIndexFor(to, fk.columns)) continue
    out.push(served ? `ADD INDEX ${q(fk.name)} (${columnList(fk.columns)})` : `DROP INDEX ${q(fk.name)}`)
  }
  return out
}

/** An AUTO_INCREMENT column must start a key from the start: CREATE TABLE cannot leave it for later. */
function requireKeyedAutoincrement(table: Table): void {
  const loose = table.columns.find((c) => c.autoincrement && !startsKey(table, c.name))
  if (loose === undefined) return
  throw new MigrationFileError(
    'E_DIALECT_UNSUPPORTED',
    `column "${table.name}.${loose.name}" is autoincrement but no key of the table starts with it: MySQL requires an AUTO_INCREMENT column to be the first column of the primary key, a unique or an index (https://dev.mysql.com/doc/refman/8.0/en/create-table.html)`,
    { table: table.name, column: loose.name },
  )
}

/**
 * The constraints and indexes of table `name` renamed, old name to new, in
 * `schema` (the table or column already renamed, these names not yet).
 * Indexes and uniques (which are indexes) are renamed in place (MySQL 5.7 /
 * MariaDB 10.5.2+); the primary key is always PRIMARY, whatever the model
 * calls it. Foreign keys and checks cannot be renamed: they are dropped and
 * added under the new name.
 * https://dev.mysql.com/doc/refman/8.0/en/alter-table.html
 */
function renameNamesMysql(name: string, renames: Readonly<Record<string, string>> | undefined, schema: Schema): Statement[] {
  const out: Statement[] = []
  const table = requireTable(schema, name)
  for (const [from, to] of Object.entries(renames ?? {})) {
    const fk = table.foreignKeys.find((f) => f.name === from)
    const check = table.checks.find((c) => c.name === from)
    const steps: Operation[] = fk
      ? [{ op: 'dropForeignKey', table: name, name: from }, { op: 'addForeignKey', table: name, foreignKey: { ...fk, name: to } }]
      : check
        ? [{ op: 'dropCheck', table: name, name: from }, { op: 'addCheck', table: name, check: { ...check, name: to } }]
        : []
    if (steps.length === 0 && table.primaryKey?.name !== from) out.push({ sql: `ALTER TABLE ${q(name)} RENAME INDEX ${q(from)} TO ${q(to)}` })
    for (const step of steps) {
      out.push(...compileMysql(step, schema))
      schema = applyOperation(schema, step)
    }
  }
  return out
}

/**
 * Before RENAME COLUMN of a column that generated columns are computed
 * from: one ALTER TABLE that defines those columns again as they are.
 * RENAME COLUMN renames the column in their expressions, but MariaDB 10.11
 * fails it ("Unknown column … in 'GENERATED ALWAYS AS'") when the table's
 * cached definition was opened through a view over the table (a view
 * self-joining the table, dropped just before in the same migration: found
 * by the random round trip, seed 31 step 24); an ALTER TABLE of the
 * generated columns first makes the server read the table again. It is a
 * statement of its own: in the RENAME's ALTER TABLE, a STORED column's
 * MODIFY needs ALGORITHM=COPY, which InnoDB refuses while the renamed
 * column is in a foreign key ("Columns participating in a foreign key are
 * renamed").
 * https://mariadb.com/kb/en/generated-columns/
 */
function beforeRenamingSourceOf(before: Schema, table: string, from: string): Statement[] {
  const owner = requireTable(before, table)
  const users = owner.columns.filter((c) => c.generated !== undefined && mentionsName(c.generated.expression, from))
  if (users.length === 0) return []
  return [{ sql: `ALTER TABLE ${q(table)} ${users.map((c) => `MODIFY COLUMN ${columnSql(c, before, table, owner)}`).join(', ')}` }]
}

export function compileMysql(op: Operation, before: Schema): Statement[] {
  refuseNullableKey('MySQL', op, before)
  const alterTable = (table: string, clause: string): Statement[] => [{ sql: `ALTER TABLE ${q(table)} ${clause}` }]
  switch (op.op) {
    case 'createTable':
      if (op.table.rowLevelSecurity) refuseRowLevelSecurity('MySQL', `table "${op.table.name}"`)
      requireKeyedAutoincrement(op.table)
      if (op.table.partitionBy || op.table.partitions) refusePartitions('MySQL', op.table.name)
      return [{ sql: createTableSql(op.table, before) }]
    case 'dropTable':
      return [{ sql: `DROP TABLE ${q(op.name)}` }]
    case 'renameTable': {
      // The names that follow the table: renameNamesMysql.
      requireTable(before, op.from)
      return [{ sql: `RENAME TABLE ${q(op.from)} TO ${q(op.to)}` }, ...renameNamesMysql(op.to, op.renames, applyOperation(before, { op: 'renameTable', from: op.from, to: op.to }))]
    }
    case 'addColumn': {
      const { column } = op
      if (op.fill !== undefined && !column.nullable && column.default === undefined && !column.autoincrement) {
        // Existing rows get the one-off value through a temporary default.
        return [
          ...alterTable(op.table, `ADD COLUMN ${columnSql({ ...column, default: op.fill }, before, op.table)}`),
          ...alterTable(op.table, `ALTER COLUMN ${q(column.name)} DROP DEFAULT`),
        ]
      }
      return alterTable(op.table, `ADD COLUMN ${columnSql(column, before, op.table)}`)
    }
    case 'dropColumn':
      return alterTable(op.table, `DROP COLUMN ${q(op.column)}`)
    case 'renameColumn': {
      // MySQL 8.0 / MariaDB 10.5.2+; foreign keys follow the column. The
      // names that follow the column are renamed as a table rename's are.
      const renamed = applyOperation(before, { op: 'renameColumn', table: op.table, from: op.from, to: op.to })
      return [
        ...beforeRenamingSourceOf(before, op.table, op.from),
        ...alterTable(op.table, `RENAME COLUMN ${q(op.from)} TO ${q(op.to)}`),
        ...renameNamesMysql(op.table, op.renames, renamed),
      ]
    }
    case 'alterColumn':
      return compileAlterColumn(op, before)
    case 'addIndex': {
      const modify = keyClauses(op, before, op.table)
      if (modify.length > 0) return alterTable(op.table, [`ADD ${indexSql(op.table, op.index)}`, ...modify].join(', '))
      return [{ sql: createIndexSql(op.table, op.index) }]
    }
    case 'dropIndex': {
      const modify = keyClauses(op, before, op.table)
      if (modify.length > 0) return alterTable(op.table, [`DROP INDEX ${q(op.name)}`, ...modify].join(', '))
      return [{ sql: `DROP INDEX ${q(op.name)} ON ${q(op.table)}` }]
    }
    case 'addUnique':
      requireConstraintFeatures({ ...requireTable(before, op.table), uniques: [op.unique], foreignKeys: [], checks: [] })
      return alterTable(op.table, [`ADD ${uniqueSql(op.unique)}`, ...keyClauses(op, before, op.table)].join(', '))
    case 'dropUnique':
      return alterTable(op.table, [`DROP INDEX ${q(op.name)}`, ...keyClauses(op, before, op.table)].join(', '))
    case 'addForeignKey':
      requireConstraintFeatures({ ...requireTable(before, op.table), uniques: [], foreignKeys: [op.foreignKey], checks: [] })
      return alterTable(op.table, `ADD ${foreignKeySql(op.foreignKey)}`)
    case 'dropForeignKey': {
      // Adding a foreign key whose columns no index starts with makes InnoDB
      // create one under the constraint's name; it goes with the key.
      // https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html
      const table = requireTable(before, op.table)
      const fk = table.foreignKeys.find((f) => f.name === op.name)
      const ownIndex = fk !== undefined && !hasIndexFor(table, fk.columns)
      return alterTable(op.table, `DROP FOREIGN KEY ${q(op.name)}${ownIndex ? `, DROP INDEX ${q(op.name)}` : ''}`)
    }
    case 'addCheck':
      requireConstraintFeatures({ ...requireTable(before, op.table), uniques: [], foreignKeys: [], checks: [op.check] })
      return alterTable(op.table, `ADD ${checkSql(op.check)}`)
    case 'addPartition':
    case 'dropPartition':
    case 'alterPartition':
      return refusePartitions('MySQL', op.table)
    case 'addExclusion':
    case 'dropExclusion':
    case 'alterConstraint':
      // Nothing MySQL has: EXCLUDE, DEFERRABLE and NOT VALID are refused at validate.
      throw new MigrationFileError(
        'E_DIALECT_UNSUPPORTED',
        `${op.op === 'addExclusion' ? `EXCLUDE constraint "${op.exclusion.name}"` : `constraint "${op.name}"`} on "${op.table}": MySQL has no EXCLUDE, DEFERRABLE or NOT VALID constraints`,
      )
    case 'dropCheck':
      return alterTable(op.table, `DROP CONSTRAINT ${q(op.name)}`)
    case 'alterPrimaryKey': {
      // One statement: an AUTO_INCREMENT column must stay a key throughout,
      // and becomes or stops being AUTO_INCREMENT with its key (keyClauses).
      const clauses: string[] = []
      if (op.from) clauses.push('DROP PRIMARY KEY')
      if (op.to) clauses.push(`ADD ${primaryKeySql(op.to.columns)}`)
      clauses.push(...keyClauses(op, before, op.table))
      return clauses.length > 0 ? alterTable(op.table, clauses.join(', ')) : []
    }
    case 'createEnum':
    case 'dropEnum':
      // Enums exist only as ENUM(...) column types: nothing to create or drop.
      return []
    case 'alterEnum':
      return compileAlterEnum(op, before)
    case 'createFunction':
      return createRoutineMysql(op.function)
    case 'replaceFunction':
      return replaceRoutineMysql(op.from, op.to)
    case 'dropFunction':
      return dropRoutineMysql(findFunction(before, op.name), op.name)
    case 'createPolicy':
      return refuseRowLevelSecurity('MySQL', `policy "${op.policy.name}" on "${op.policy.table}"`)
    case 'dropPolicy':
      return refuseRowLevelSecurity('MySQL', `policy "${op.name}" on "${op.table}"`)
    case 'alterPolicy':
      return refuseRowLevelSecurity('MySQL', `policy "${op.to.name}" on "${op.to.table}"`)
    case 'setRowLevelSecurity':
      return refuseRowLevelSecurity('MySQL', `table "${op.table}"`)
    case 'createSchema':
    case 'dropSchema':
      return refuseSchema('MySQL', op.name)
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
      return refuseCatalogObject('MySQL', op)
    case 'grant':
    case 'revoke':
      return refuseGrant('MySQL', op.grant.on, op.grant.object)
    case 'setTableOptions': {
      // STRICT and WITHOUT ROWID are SQLite's: only the mysql options count here.
      const clauses = alterTableOptionsSql(op.from.mysql, op.to.mysql)
      return clauses.length > 0 ? alterTable(op.table, clauses.join(', ')) : []
    }
    case 'setComment': {
      // MySQL has no constraint comments: the snapshot keeps them.
      if (op.constraint !== undefined) return []
      if (op.index !== undefined) {
        // MySQL cannot change an index's comment in place: the index is
        // dropped and added again in one ALTER TABLE (one implicit commit).
        // A unique constraint has no comment here (the snapshot keeps it).
        // https://mariadb.com/kb/en/alter-table/#comment
        const index = requireTable(before, op.table).indexes.find((i) => i.name === op.index)
        if (!index) return []
        const { comment: _old, ...rest } = index
        const changed: Index = op.to === null ? rest : { ...rest, comment: op.to }
        return alterTable(op.table, `DROP INDEX ${q(index.name)}, ADD ${indexSql(op.table, changed)}`)
      }
      if (op.column === undefined) return alterTable(op.table, `COMMENT = ${quoteString(op.to ?? '')}`)
      const column = requireColumn(before, op.table, op.column)
      const { comment: _old, ...rest } = column
      const changed: Column = op.to === null ? rest : { ...rest, comment: op.to }
      return alterTable(op.table, `MODIFY COLUMN ${columnSql(changed, before, op.table)}`)
    }
    case 'createView':
      return createViewMysql(op.view)
    case 'dropView':
      return dropViewMysql(findView(before, op.name), op.name)
    case 'createTrigger':
      return createTriggerMysql(op.trigger)
    case 'dropTrigger':
      return dropTriggerMysql(findTrigger(before, op.name), op.name)
    case 'insert':
      return op.rows.map((row) => {
        const columns = Object.keys(row)
        if (columns.length === 0) return { sql: `INSERT INTO ${q(op.table)} () VALUES ()` }
        return {
          sql: `INSERT INTO ${q(op.table)} (${columnList(columns)}) VALUES (${columns.map(() => '?').join(', ')})`,
          params: columns.map((c) => bindRowValue(row[c])),
        }
      })
    case 'update': {
      const params: unknown[] = []
      const set = Object.entries(op.set).map(([column, value]) => {
        params.push(bindRowValue(value))
        return `${q(column)} = ?`
      })
      if (set.length === 0) return []
      return [{ sql: `UPDATE ${q(op.table)} SET ${set.join(', ')}${whereSql(op.where, params)}`, params }]
    }
    case 'delete': {
      const params: unknown[] = []
      const sql = `DELETE FROM ${q(op.table)}${whereSql(op.where, params)}`
      return [params.length > 0 ? { sql, params } : { sql }]
    }
    case 'createSql':
      return sqlObjectStatements(op.object.create, 'mysql')
    case 'dropSql':
      return sqlObjectStatements(op.drop, 'mysql')
    case 'sql': {
      const sql = sqlFor(op.up, 'mysql')
      if (sql === undefined || sql.trim() === '') return []
      return [{ sql }]
    }
  }
}

/** Operations whose statements MySQL runs inside a transaction (DML only). */
const TRANSACTIONAL = new Set<Operation['op']>(['insert', 'update', 'delete'])

/**
 * The statements of one operation, marked `transactional: false` when
 * MySQL would commit around them: every DDL statement, and raw SQL (which
 * may hold DDL). The migrator runs those one at a time, outside a
 * transaction, and `strata sql` marks them.
 * https://mariadb.com/kb/en/sql-statements-that-cause-an-implicit-commit/
 */
export function compileMysqlMarked(op: Operation, before: Schema): Statement[] {
  const statements = compileMysql(op, before)
  return TRANSACTIONAL.has(op.op) ? statements : statements.map((s) => ({ ...s, transactional: false }))
}

export const mysqlCompiler: SqlCompiler = {
  compile: compileMysqlMarked,
  quoteIdentifier: q,
}
