/**
 * Destructive changes: what a migration deletes or can corrupt, found from
 * the operations alone (no database needed). With a database, the data rules
 * (rules-data.ts) count the rows involved.
 */
import { describeType } from '../diff/describe'
import type { ColumnChange, Operation } from '../diff/operations'
import { findColumn, findTable, typeSpecOf } from '../schema/model'
import type { TypeSpec } from '../schema/model'
import { castRisk } from './casts'
import type { OperationContext, RuleInfo, StaticRule } from './types'

export const DROP_TABLE: RuleInfo = {
  code: 'DS101',
  name: 'drop-table',
  severity: 'warning',
  family: 'destructive',
  catches: 'A table is dropped: every row in it is deleted.',
  instead: 'If the table was renamed, say so with `renamedFrom` in the schema file; otherwise back up or archive its rows first.',
}

export const DROP_COLUMN: RuleInfo = {
  code: 'DS102',
  name: 'drop-column',
  severity: 'warning',
  family: 'destructive',
  catches: 'A column is dropped: its values in every row are deleted.',
  instead: 'If the column was renamed, say so with `renamedFrom`; otherwise copy its values elsewhere before dropping it.',
}

export const DROP_ENUM_VALUE: RuleInfo = {
  code: 'DS103',
  name: 'drop-enum-value',
  severity: 'warning',
  family: 'destructive',
  catches: 'A value is removed from an enum: rows holding it make the migration fail.',
  instead: 'First update the rows holding the value (an `update` operation in an earlier migration), then remove it.',
}

export const DROP_OBJECT: RuleInfo = {
  code: 'DS104',
  name: 'drop-schema-object',
  severity: 'warning',
  family: 'destructive',
  catches: 'A schema object other than a table or column (an enum type, a view, a function, …) is dropped.',
  instead: 'Check that nothing still uses it; if it was renamed, rename it instead of dropping and re-creating it.',
}

export const LOSSY_TYPE: RuleInfo = {
  code: 'DS105',
  name: 'lossy-type-change',
  severity: 'warning',
  family: 'destructive',
  catches: 'A column type change that silently changes values: float or decimal to integer (rounding), fewer decimal places, double to float, timestamp to date.',
  instead: 'Add a new column of the new type, copy the values with an explicit conversion you have checked, then drop the old one.',
}

export const FAILING_TYPE: RuleInfo = {
  code: 'DS106',
  name: 'narrowing-type-change',
  severity: 'warning',
  family: 'destructive',
  catches: 'A column type change that fails on some values: a shorter string length, a smaller integer or precision, text to a number, uuid or boolean.',
  instead: 'Find and fix the values that do not fit first (`strata lint` with a database counts them), or widen the type instead.',
}

/** Drops that delete nothing (an index, a constraint): not destructive. */
/** The name of what a create operation creates. */
function createdName(op: Operation): string | undefined {
  switch (op.op) {
    case 'createView':
      return op.view.name
    case 'createTrigger':
      return op.trigger.name
    case 'createFunction':
      return op.function.name
    case 'createSql':
      return op.object.name
    case 'createEnum':
      return op.name
    default:
      return undefined
  }
}

const HARMLESS_DROPS = new Set(['dropTable', 'dropColumn', 'dropIndex', 'dropUnique', 'dropForeignKey', 'dropCheck'])

function changedType(from: ColumnChange, to: ColumnChange): [TypeSpec, TypeSpec] | undefined {
  if (to.type === undefined) return undefined
  return [typeSpecOf(from as TypeSpec), typeSpecOf(to as TypeSpec)]
}

/** The column's whole type before an alterColumn, from the schema (a change may carry only part of it). */
export function typeChangeOf(ctx: OperationContext): [TypeSpec, TypeSpec] | undefined {
  const op = ctx.op
  if (op.op !== 'alterColumn') return undefined
  const types = changedType(op.from, op.to)
  if (!types) return undefined
  const table = findTable(ctx.before, op.table)
  const column = table && findColumn(table, op.column)
  return [column ? typeSpecOf(column) : types[0], types[1]]
}

export const destructiveRules: readonly StaticRule[] = [
  {
    info: DROP_TABLE,
    check: ({ op, before }) => {
      if (op.op !== 'dropTable') return undefined
      const table = findTable(before, op.name)
      const columns = table ? ` (${table.columns.length} column${table.columns.length === 1 ? '' : 's'})` : ''
      return { rule: DROP_TABLE, message: `drops table "${op.name}"${columns} and every row in it` }
    },
  },
  {
    info: DROP_COLUMN,
    check: ({ op }) =>
      op.op === 'dropColumn' ? { rule: DROP_COLUMN, message: `drops column "${op.table}.${op.column}" and its value in every row` } : undefined,
  },
  {
    info: DROP_ENUM_VALUE,
    check: ({ op }) => {
      if (op.op !== 'alterEnum') return undefined
      const renamedAway = new Set(Object.keys(op.renamed ?? {}))
      const removed = op.from.filter((v) => !op.to.includes(v) && !renamedAway.has(v))
      if (!removed.length) return undefined
      return {
        rule: DROP_ENUM_VALUE,
        message: `removes ${removed.map((v) => `'${v}'`).join(', ')} from enum "${op.name}": rows holding ${removed.length === 1 ? 'it' : 'them'} make the migration fail`,
      }
    },
  },
  {
    info: DROP_OBJECT,
    check: ({ op, ops, index }) => {
      if (!/^drop[A-Z]/.test(op.op) || HARMLESS_DROPS.has(op.op)) return undefined
      const name = (op as { name?: unknown }).name
      // Dropped to be created again in the same list (a view around a column
      // change, a function whose signature changes): nothing is lost.
      if (typeof name === 'string' && ops.slice(index + 1).some((later) => later.op === `create${op.op.slice(4)}` && createdName(later) === name)) return undefined
      const kind = op.op.slice(4).replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).trim()
      return { rule: DROP_OBJECT, message: `drops ${kind}${typeof name === 'string' ? ` "${name}"` : ''}` }
    },
  },
  {
    info: LOSSY_TYPE,
    check: (ctx) => {
      const types = typeChangeOf(ctx)
      const risk = types && castRisk(types[0], types[1])
      if (!types || risk?.kind !== 'lossy' || ctx.op.op !== 'alterColumn') return undefined
      return {
        rule: LOSSY_TYPE,
        message: `changes "${ctx.op.table}.${ctx.op.column}" from ${describeType(types[0])} to ${describeType(types[1])}, which ${risk.what}`,
      }
    },
  },
  {
    info: FAILING_TYPE,
    check: (ctx) => {
      const types = typeChangeOf(ctx)
      const risk = types && castRisk(types[0], types[1])
      if (!types || risk?.kind !== 'may-fail' || ctx.op.op !== 'alterColumn') return undefined
      return {
        rule: FAILING_TYPE,
        message: `changes "${ctx.op.table}.${ctx.op.column}" from ${describeType(types[0])} to ${describeType(types[1])}, which ${risk.what}`,
      }
    },
  },
]
