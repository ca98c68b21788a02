/**
 * Order within one migration: PostgreSQL cannot use an enum value in the
 * transaction that added it ("unsafe use of new value"), so a migration that
 * adds a value and makes it a default, or inserts it, can never apply there.
 * `strata make` splits such a change in two (see enum-split.ts).
 * https://www.postgresql.org/docs/15/sql-altertype.html#id-1.9.3.42.7
 */
import type { AlterEnum, Operation } from '../diff/operations'
import { findColumn, findTable } from '../schema/model'
import type { Column, DefaultValue, Schema } from '../schema/model'
import { applyOperation } from '../diff/apply'
import type { RuleInfo, StaticRule } from './types'

export const ENUM_ADD_AND_USE: RuleInfo = {
  code: 'OR401',
  name: 'enum-value-added-and-used',
  severity: 'error',
  family: 'ordering',
  dialectSpecific: true,
  catches: 'An enum value is added and used (as a default, or in inserted or updated rows) in the same migration: PostgreSQL refuses to use it before the transaction that added it commits.',
  instead: 'Add the value in one migration and use it in the next (`strata make` writes them that way).',
}

/**
 * The values an alterEnum adds in place: only when every existing value is
 * kept, in order, and none renamed (ALTER TYPE … ADD VALUE). Any other
 * change re-creates the type, whose values are usable at once.
 */
export function addedValues(op: AlterEnum): string[] {
  if (Object.keys(op.renamed ?? {}).length) return []
  let i = 0
  for (const value of op.to) if (i < op.from.length && op.from[i] === value) i++
  if (i !== op.from.length) return []
  return op.to.filter((v) => !op.from.includes(v))
}

function defaultUses(value: DefaultValue | null | undefined, values: ReadonlySet<string>): string | undefined {
  return typeof value === 'string' && values.has(value) ? value : undefined
}

function columnOfEnum(schema: Schema, table: string, column: string, enumName: string): Column | undefined {
  const t = findTable(schema, table)
  const c = t && findColumn(t, column)
  return c?.type === 'enum' && c.enum === enumName ? c : undefined
}

/** The first added value of `enumName` that `op` uses, given the schema before `op`. */
export function usesEnumValue(op: Operation, before: Schema, enumName: string, values: ReadonlySet<string>): string | undefined {
  switch (op.op) {
    case 'createTable':
      for (const c of op.table.columns) {
        const used = c.type === 'enum' && c.enum === enumName ? defaultUses(c.default, values) : undefined
        if (used) return used
      }
      return undefined
    case 'addColumn':
      return op.column.type === 'enum' && op.column.enum === enumName
        ? defaultUses(op.column.default, values) ?? (typeof op.fill === 'string' && values.has(op.fill) ? op.fill : undefined)
        : undefined
    case 'alterColumn': {
      const after = applyOperation(before, op)
      if (!columnOfEnum(after, op.table, op.column, enumName)) return undefined
      return defaultUses(op.to.default, values) ?? (typeof op.fill === 'string' && values.has(op.fill) ? op.fill : undefined)
    }
    case 'insert':
    case 'update': {
      const rows = op.op === 'insert' ? op.rows : [op.set, op.where]
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (typeof value === 'string' && values.has(value) && columnOfEnum(before, op.table, column, enumName)) return value
        }
      }
      return undefined
    }
    default:
      return undefined
  }
}

export const orderingRules: readonly StaticRule[] = [
  {
    info: ENUM_ADD_AND_USE,
    check: (ctx) => {
      const { op } = ctx
      if (op.op !== 'alterEnum' || ctx.dialect.enumValuesUsableInSameTransaction) return undefined
      const added = new Set(addedValues(op))
      if (!added.size) return undefined
      let schema = applyOperation(ctx.before, op)
      for (let i = ctx.index + 1; i < ctx.ops.length; i++) {
        const later = ctx.ops[i]!
        const used = usesEnumValue(later, schema, op.name, added)
        if (used) {
          return {
            rule: ENUM_ADD_AND_USE,
            message: `adds '${used}' to enum "${op.name}" and uses it in operation ${i + 1} (${later.op}) of the same migration: PostgreSQL fails with "unsafe use of new value"`,
          }
        }
        schema = applyOperation(schema, later)
      }
      return undefined
    },
  },
]
