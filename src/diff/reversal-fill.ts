/**
 * The down path of dropping a NOT NULL column without a default re-adds it,
 * and the rows already in the table need a value for it (else the reversal
 * fails on any table holding rows). `make` asks for that value (Django's
 * one-off default) or takes `--default table.column=VALUE`; without one, the
 * column comes back filled with a neutral placeholder of its type, and
 * `make` warns.
 */
import type { Column, Literal, Schema } from '../schema/model'
import { findColumn, findEnum, findTable, typeSpecOf } from '../schema/model'
import { applyOperation } from './apply'
import type { Operation } from './operations'
import type { DiffResolver } from './rename'

/** Does re-adding this column to a table with rows need a value? */
export function needsReversalFill(column: Column): boolean {
  return !column.nullable && column.default === undefined && !column.autoincrement && column.generated === undefined
}

/** A neutral value of the column's type for rows that had the dropped column; undefined where no literal fits (binary, native). */
export function placeholderValue(schema: Schema, column: Column): Literal | undefined {
  switch (column.type) {
    case 'string':
    case 'text':
      return ''
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'float':
    case 'double':
    case 'decimal':
      return 0
    case 'boolean':
      return false
    case 'date':
      return '1970-01-01'
    case 'time':
      return '00:00:00'
    case 'timestamp':
      return column.timezone ? '1970-01-01T00:00:00Z' : '1970-01-01T00:00:00'
    case 'uuid':
      return '00000000-0000-0000-0000-000000000000'
    case 'json':
      return '{}'
    case 'enum':
      return column.enum ? findEnum(schema, column.enum)?.values[0] : undefined
    case 'binary':
    case 'native':
      return undefined
  }
}

/**
 * Give each re-added NOT NULL column in `down` (the reverse of a dropColumn
 * in `up`) the value the resolver gives for it; where it gives none, the
 * placeholder stays and a warning says so. Returns the new down list.
 */
export async function fillReversals(
  before: Schema,
  up: readonly Operation[],
  down: readonly Operation[],
  resolver: DiffResolver,
  warnings: string[],
): Promise<Operation[]> {
  const out = [...down]
  let schema = before
  for (const op of up) {
    if (op.op === 'dropColumn') {
      const table = findTable(schema, op.table)
      const column = table && findColumn(table, op.column)
      if (column && needsReversalFill(column)) {
        const at = out.findIndex((d) => d.op === 'addColumn' && d.table === op.table && d.column.name === op.column)
        const given = await resolver.reversalValue?.(op.table, op.column, typeSpecOf(column))
        const current = out[at]
        if (at >= 0 && current?.op === 'addColumn') {
          if (given !== undefined) out[at] = { ...current, fill: given }
          else if (current.fill !== undefined) {
            warnings.push(
              `${op.table}.${op.column} is NOT NULL without a default: reversing this migration re-adds it with ${JSON.stringify(current.fill)} in every row ` +
                `(give the value with --default ${op.table}.${op.column}=VALUE, or edit fill: in the down path)`,
            )
          } else {
            warnings.push(
              `${op.table}.${op.column} (${column.type}) is NOT NULL without a default and no literal fits its type: reversing this migration ` +
                'fails on a table holding rows unless you write its down path by hand',
            )
          }
        }
      }
    }
    schema = applyOperation(schema, op)
  }
  return out
}
