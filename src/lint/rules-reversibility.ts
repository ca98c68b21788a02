/**
 * The reverse path: a `down` that cannot run on the data the `up` leaves
 * behind, and migrations that cannot be reversed at all.
 */
import { findTable } from '../schema/model'
import type { RuleInfo, StaticRule } from './types'

export const DOWN_NOT_NULL: RuleInfo = {
  code: 'RV501',
  name: 'down-fails-on-rows',
  severity: 'warning',
  family: 'reversibility',
  catches: 'The down path re-adds a NOT NULL column without a default or a fill value (or makes a column NOT NULL again): it fails as soon as the table holds rows.',
  instead: 'Write the down by hand with a `fill` for the re-added column, or give the column a default, or make it nullable first.',
}

export const IRREVERSIBLE: RuleInfo = {
  code: 'RV502',
  name: 'irreversible',
  severity: 'warning',
  family: 'reversibility',
  catches: 'A `sql` operation without `down`: the migration cannot be reversed (`migrate` to an earlier migration refuses).',
  instead: 'Give the sql operation a `down` that undoes it.',
}

export const reversibilityRules: readonly StaticRule[] = [
  {
    info: DOWN_NOT_NULL,
    check: (ctx) => {
      const { op } = ctx
      if (ctx.direction !== 'down') return undefined
      if (op.op === 'addColumn') {
        const c = op.column
        if (c.nullable || c.default !== undefined || op.fill !== undefined || c.autoincrement || c.generated) return undefined
        if (!findTable(ctx.start, op.table)) return undefined
        return {
          rule: DOWN_NOT_NULL,
          message: `the down path re-adds NOT NULL column "${op.table}.${c.name}" without a default or fill: reversing fails once "${op.table}" holds rows`,
          instead: `write the down's addColumn of "${c.name}" with a \`fill:\` value for the rows present then`,
        }
      }
      if (op.op === 'alterColumn' && op.to.nullable === false && op.from.nullable === true && op.fill === undefined && op.to.default == null) {
        return {
          rule: DOWN_NOT_NULL,
          message: `the down path makes "${op.table}.${op.column}" NOT NULL again without a fill: reversing fails once a row holds NULL there`,
          instead: `write the down's alterColumn of "${op.column}" with a \`fill:\` value for NULL rows`,
        }
      }
      return undefined
    },
  },
  {
    info: IRREVERSIBLE,
    check: ({ op, direction }) =>
      direction === 'up' && op.op === 'sql' && op.down === undefined
        ? { rule: IRREVERSIBLE, message: 'a sql operation without down: this migration cannot be reversed' }
        : undefined,
  },
]
