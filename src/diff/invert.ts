/**
 * The down path (SPEC §4): for each `up` operation its inverse, computed from
 * the schema just before it, in reverse order. Drops get their full
 * definitions back from that schema, so `down` is written out in full and
 * needs nothing else to run.
 */
import { invertCatalogOperation } from './apply-catalog'
import { invertSqlObjectOperation } from './apply-sql-objects'
import { invertPartitionOperation } from './apply-partitions'
import { findFunction } from '../schema/functions'
import { findPolicy } from '../schema/policies'
import { IrreversibleError } from '../errors'
import { type Schema, findColumn, findEnum, findTable } from '../schema/model'
import { findTrigger } from '../schema/triggers'
import { findView } from '../schema/views'
import { ApplyError, applyOperation } from './apply'
import type { Operation } from './operations'
import { needsReversalFill, placeholderValue } from './reversal-fill'

function named<T extends { readonly name: string }>(items: readonly T[], name: string, what: string): T {
  const found = items.find((i) => i.name === name)
  if (!found) throw new ApplyError(`${what} "${name}" does not exist`)
  return found
}

function tableOf(schema: Schema, name: string) {
  const table = findTable(schema, name)
  if (!table) throw new ApplyError(`table "${name}" does not exist`)
  return table
}

/** The inverse of one operation, given the schema just before it. */
export function invertOperation(before: Schema, op: Operation, index = 0): Operation {
  switch (op.op) {
    case 'createTable':
      return { op: 'dropTable', name: op.table.name }
    case 'dropTable':
      return { op: 'createTable', table: tableOf(before, op.name) }
    case 'renameTable':
      return op.renames
        ? { op: 'renameTable', from: op.to, to: op.from, renames: Object.fromEntries(Object.entries(op.renames).map(([a, b]) => [b, a])) }
        : { op: 'renameTable', from: op.to, to: op.from }
    case 'addColumn':
      return { op: 'dropColumn', table: op.table, column: op.column.name }
    case 'dropColumn': {
      const column = findColumn(tableOf(before, op.table), op.column)
      if (!column) throw new ApplyError(`column "${op.table}.${op.column}" does not exist`)
      // Rows kept since need a value for a NOT NULL column without default:
      // a placeholder of its type, which `make` replaces with the user's value.
      const fill = needsReversalFill(column) ? placeholderValue(before, column) : undefined
      return fill === undefined ? { op: 'addColumn', table: op.table, column } : { op: 'addColumn', table: op.table, column, fill }
    }
    case 'renameColumn':
      return op.renames
        ? { op: 'renameColumn', table: op.table, from: op.to, to: op.from, renames: Object.fromEntries(Object.entries(op.renames).map(([a, b]) => [b, a])) }
        : { op: 'renameColumn', table: op.table, from: op.to, to: op.from }
    case 'alterColumn':
      // No fill on the way back: a column that becomes NOT NULL again fails on
      // rows that were given NULL since, which is the database's to report.
      return { op: 'alterColumn', table: op.table, column: op.column, from: op.to, to: op.from }
    case 'addIndex':
      return { op: 'dropIndex', table: op.table, name: op.index.name }
    case 'dropIndex':
      return { op: 'addIndex', table: op.table, index: named(tableOf(before, op.table).indexes, op.name, 'index') }
    case 'addUnique':
      return { op: 'dropUnique', table: op.table, name: op.unique.name }
    case 'dropUnique':
      return {
        op: 'addUnique',
        table: op.table,
        unique: named(tableOf(before, op.table).uniques, op.name, 'unique constraint'),
      }
    case 'addForeignKey':
      return { op: 'dropForeignKey', table: op.table, name: op.foreignKey.name }
    case 'dropForeignKey':
      return {
        op: 'addForeignKey',
        table: op.table,
        foreignKey: named(tableOf(before, op.table).foreignKeys, op.name, 'foreign key'),
      }
    case 'addCheck':
      return { op: 'dropCheck', table: op.table, name: op.check.name }
    case 'dropCheck':
      return {
        op: 'addCheck',
        table: op.table,
        check: named(tableOf(before, op.table).checks, op.name, 'check constraint'),
      }
    case 'addExclusion':
      return { op: 'dropExclusion', table: op.table, name: op.exclusion.name }
    case 'dropExclusion':
      return {
        op: 'addExclusion',
        table: op.table,
        exclusion: named(tableOf(before, op.table).exclusions ?? [], op.name, 'exclusion constraint'),
      }
    case 'addPartition':
    case 'dropPartition':
    case 'alterPartition':
      return invertPartitionOperation(before, op, (message) => {
        throw new ApplyError(message)
      })
    case 'alterConstraint':
      return { ...op, from: op.to, to: op.from }
    case 'alterPrimaryKey':
      return { op: 'alterPrimaryKey', table: op.table, from: op.to, to: op.from }
    case 'createEnum':
      return { op: 'dropEnum', name: op.name }
    case 'alterEnum': {
      const out = { op: 'alterEnum' as const, name: op.name, from: op.to, to: op.from }
      if (!op.renamed) return out
      return { ...out, renamed: Object.fromEntries(Object.entries(op.renamed).map(([a, b]) => [b, a])) }
    }
    case 'dropEnum': {
      const found = findEnum(before, op.name)
      if (!found) throw new ApplyError(`enum "${op.name}" does not exist`)
      return { op: 'createEnum', name: op.name, values: found.values }
    }
    case 'setComment':
      return { ...op, from: op.to, to: op.from }
    case 'createView':
      return { op: 'dropView', name: op.view.name }
    case 'dropView': {
      const found = findView(before, op.name)
      if (!found) throw new ApplyError(`view "${op.name}" does not exist`)
      return { op: 'createView', view: found }
    }
    case 'createTrigger':
      return { op: 'dropTrigger', name: op.trigger.name }
    case 'dropTrigger': {
      const found = findTrigger(before, op.name)
      if (!found) throw new ApplyError(`trigger "${op.name}" does not exist`)
      return { op: 'createTrigger', trigger: found }
    }
    case 'createFunction':
      return { op: 'dropFunction', name: op.function.name }
    case 'dropFunction': {
      const found = findFunction(before, op.name)
      if (!found) throw new ApplyError(`function "${op.name}" does not exist`)
      return { op: 'createFunction', function: found }
    }
    case 'replaceFunction':
      return { op: 'replaceFunction', from: op.to, to: op.from }
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
      return invertCatalogOperation(before, op, (message) => {
        throw new ApplyError(message)
      })
    case 'setTableOptions':
      return { ...op, from: op.to, to: op.from }
    case 'createPolicy':
      return { op: 'dropPolicy', table: op.policy.table, name: op.policy.name }
    case 'dropPolicy': {
      const found = findPolicy(before, op.table, op.name)
      if (!found) throw new ApplyError(`policy "${op.name}" on "${op.table}" does not exist`)
      return { op: 'createPolicy', policy: found }
    }
    case 'alterPolicy':
      return { op: 'alterPolicy', from: op.to, to: op.from }
    case 'setRowLevelSecurity':
      return { ...op, from: op.to, to: op.from }
    case 'createSql':
    case 'dropSql':
      return invertSqlObjectOperation(before, op, (message) => {
        throw new ApplyError(message)
      })
    case 'grant':
      return { op: 'revoke', grant: op.grant }
    case 'revoke':
      return { op: 'grant', grant: op.grant }
    case 'sql':
      if (op.down === undefined) {
        throw new IrreversibleError(
          `operation ${index + 1} (sql) has no down: the migration is irreversible; add \`down:\` to the sql operation to make it reversible`,
          { operation: index, operationKind: 'sql' },
        )
      }
      return op.transactional === undefined
        ? { op: 'sql', up: op.down, down: op.up }
        : { op: 'sql', up: op.down, down: op.up, transactional: op.transactional }
    case 'insert':
    case 'update':
    case 'delete':
      throw new IrreversibleError(
        `operation ${index + 1} (${op.op} on "${op.table}") changes data: its reverse cannot be derived; write the down list of this migration by hand`,
        { operation: index, operationKind: op.op },
      )
  }
}

/**
 * The down path: for each up operation the inverse computed from the schema
 * just before it (so drops get their FULL definitions back), in reverse order.
 * Throws IrreversibleError for `sql` without `down` and for data operations,
 * ApplyError when `up` does not fit `before`.
 */
export function invert(before: Schema, up: readonly Operation[]): Operation[] {
  const down: Operation[] = []
  let schema = before
  up.forEach((op, index) => {
    down.push(invertOperation(schema, op, index))
    schema = applyOperation(schema, op)
  })
  return down.reverse()
}
