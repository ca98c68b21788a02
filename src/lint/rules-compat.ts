/**
 * Backward-incompatible changes: the application code deployed before this
 * migration still uses the old names. strata cannot see the code, so these
 * are warnings.
 */
import type { RuleInfo, StaticRule } from './types'

export const RENAME_TABLE: RuleInfo = {
  code: 'BC201',
  name: 'rename-table',
  severity: 'warning',
  family: 'compatibility',
  catches: 'A table is renamed: code still running with the old name fails until it is redeployed.',
  instead: 'Expand and contract: create the new table (or a view with the new name), deploy code that uses it, then drop the old name in a later migration.',
}

export const RENAME_COLUMN: RuleInfo = {
  code: 'BC202',
  name: 'rename-column',
  severity: 'warning',
  family: 'compatibility',
  catches: 'A column is renamed: code still running with the old name fails until it is redeployed.',
  instead: 'Expand and contract: add the new column, write both, backfill, deploy code that reads the new one, then drop the old one later.',
}

export const DROP_USED: RuleInfo = {
  code: 'BC203',
  name: 'drop-before-code',
  severity: 'warning',
  family: 'compatibility',
  catches: 'A table or column is dropped that the previously deployed code may still read or write.',
  instead: 'Deploy code that no longer uses it first, then apply the migration that drops it.',
}

export const compatRules: readonly StaticRule[] = [
  {
    info: RENAME_TABLE,
    check: ({ op }) =>
      op.op === 'renameTable'
        ? { rule: RENAME_TABLE, message: `renames table "${op.from}" to "${op.to}": code using "${op.from}" breaks` }
        : undefined,
  },
  {
    info: RENAME_COLUMN,
    check: ({ op }) =>
      op.op === 'renameColumn'
        ? { rule: RENAME_COLUMN, message: `renames column "${op.table}.${op.from}" to "${op.to}": code using "${op.from}" breaks` }
        : undefined,
  },
  {
    info: DROP_USED,
    check: ({ op }) => {
      if (op.op === 'dropTable') return { rule: DROP_USED, message: `drops table "${op.name}": code still using it fails` }
      if (op.op === 'dropColumn') return { rule: DROP_USED, message: `drops column "${op.table}.${op.column}": code still selecting or inserting it fails` }
      return undefined
    },
  },
]
