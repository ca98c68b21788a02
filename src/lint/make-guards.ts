/**
 * What `strata make` checks in the operations it is about to write: a
 * migration that drops all (or most) tables is refused unless asked for, and
 * an enum value added and used in one migration is split in two so that the
 * migrations always apply (PostgreSQL cannot use a value in the transaction
 * that added it: "unsafe use of new value").
 * https://www.postgresql.org/docs/15/sql-altertype.html#id-1.9.3.42.7
 */
import { applyOperation } from '../diff/apply'
import type { Operation } from '../diff/operations'
import { StrataError } from '../errors'
import type { Schema } from '../schema/model'
import { addedValues, usesEnumValue } from './rules-ordering'

/**
 * Refuse (exit 2) a migration that drops every table, or more than half of
 * them, unless `allow`: the mark of an emptied or misconfigured schemas folder
 * far more often than of an intended change.
 */
export function refuseDropAll(before: Schema, up: readonly Operation[], allow: boolean): void {
  if (allow || before.tables.length === 0) return
  const renamed = new Set(up.flatMap((op) => (op.op === 'renameTable' ? [op.from] : [])))
  const dropped = up.flatMap((op) => (op.op === 'dropTable' && !renamed.has(op.name) ? [op.name] : []))
  const total = before.tables.length
  if (dropped.length === 0 || (dropped.length < total && dropped.length * 2 <= total)) return
  const all = dropped.length === total
  throw new StrataError(
    'E_DROP_ALL',
    `the new migration would drop ${all ? 'every table' : `${dropped.length} of the ${total} tables`} (${dropped.slice(0, 8).join(', ')}${dropped.length > 8 ? ', …' : ''}); ` +
      'nothing was written. If the schemas folder is right and this is meant, run `strata make --allow-drop-all`',
    { exitCode: 2, details: { dropped, tables: total } },
  )
}

/**
 * The operations in the migrations to write: one list, or two when an enum
 * value is added and used in the same list: the value additions first, alone,
 * then everything else.
 */
export function splitEnumAddAndUse(before: Schema, up: readonly Operation[]): Operation[][] {
  // Nothing to split without a value added to an enum that exists (and no replay to pay for it).
  if (!up.some((op) => op.op === 'alterEnum' && before.enums.some((e) => e.name === op.name))) return [[...up]]
  const early = new Set<number>()
  let schema = before
  for (const [i, op] of up.entries()) {
    if (op.op === 'alterEnum' && before.enums.some((e) => e.name === op.name)) {
      const added = new Set(addedValues(op))
      let later = applyOperation(schema, op)
      for (let j = i + 1; added.size && j < up.length; j++) {
        if (usesEnumValue(up[j]!, later, op.name, added)) {
          early.add(i)
          break
        }
        later = applyOperation(later, up[j]!)
      }
    }
    schema = applyOperation(schema, op)
  }
  if (!early.size) return [[...up]]
  return [up.filter((_, i) => early.has(i)), up.filter((_, i) => !early.has(i))]
}
