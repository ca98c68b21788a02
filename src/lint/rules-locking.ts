/**
 * Lock risks (PostgreSQL, where `dialect.lockRules` says so): DDL that holds
 * a lock blocking writes, or reads and writes, while it scans or rewrites a
 * filled table. Each finding suggests the sequence that avoids the long lock.
 * https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES
 */
import { describeType } from '../diff/describe'
import { findColumn, findTable } from '../schema/model'
import { typeChangeOf } from './rules-destructive'
import type { OperationContext, RuleInfo, StaticRule } from './types'

export const INDEX_NOT_CONCURRENT: RuleInfo = {
  code: 'LK301',
  name: 'index-without-concurrently',
  severity: 'warning',
  family: 'locking',
  dialectSpecific: true,
  catches: 'CREATE INDEX (or a unique constraint) on an existing table without CONCURRENTLY: writes to the table wait until the index is built.',
  instead: 'Declare the index with `concurrently: true` (CREATE INDEX CONCURRENTLY runs outside a transaction and does not block writes).',
}

export const FOREIGN_KEY_NOT_VALID: RuleInfo = {
  code: 'LK302',
  name: 'foreign-key-without-not-valid',
  severity: 'warning',
  family: 'locking',
  dialectSpecific: true,
  catches: 'ADD FOREIGN KEY on an existing table checks every row while writes to both tables wait.',
  instead: 'Add the constraint with `notValid: true`, then remove `notValid` in a later migration (VALIDATE CONSTRAINT), which does not block writes.',
}

export const CHECK_NOT_VALID: RuleInfo = {
  code: 'LK303',
  name: 'check-without-not-valid',
  severity: 'warning',
  family: 'locking',
  dialectSpecific: true,
  catches: 'ADD CHECK on an existing table scans every row under an ACCESS EXCLUSIVE lock (no reads, no writes).',
  instead: 'Add the check with `notValid: true`, then remove `notValid` in a later migration (VALIDATE CONSTRAINT).',
}

export const SET_NOT_NULL: RuleInfo = {
  code: 'LK304',
  name: 'set-not-null-scan',
  severity: 'warning',
  family: 'locking',
  dialectSpecific: true,
  catches: 'SET NOT NULL on an existing column scans the whole table under an ACCESS EXCLUSIVE lock, unless a validated CHECK (col IS NOT NULL) already proves it.',
  instead: 'First add CHECK (col IS NOT NULL) NOT VALID and VALIDATE it (PostgreSQL 12+ then skips the scan), then SET NOT NULL and drop the check.',
}

export const REWRITING_TYPE: RuleInfo = {
  code: 'LK305',
  name: 'type-change-rewrites-table',
  severity: 'warning',
  family: 'locking',
  dialectSpecific: true,
  catches: 'A column type change that rewrites the whole table (and its indexes) under an ACCESS EXCLUSIVE lock.',
  instead: 'Add a new column of the new type, backfill it in batches, switch the code over, then drop the old column.',
}

export const VOLATILE_DEFAULT: RuleInfo = {
  code: 'LK306',
  name: 'add-column-volatile-default',
  severity: 'warning',
  family: 'locking',
  dialectSpecific: true,
  catches: 'ADD COLUMN with a volatile default (gen_random_uuid(), random(), clock_timestamp()) rewrites the table under an ACCESS EXCLUSIVE lock.',
  instead: 'Add the column without a default (or nullable), set the default afterwards, and backfill the existing rows in batches.',
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`

/** The table existed before the migration (one created in it is empty: no lock worth a rule). */
function existing(ctx: OperationContext, table: string): boolean {
  return ctx.dialect.lockRules && findTable(ctx.start, table) !== undefined
}

/** Does a CHECK of the table already say `column IS NOT NULL`? */
function provenNotNull(ctx: OperationContext, table: string, column: string): boolean {
  const t = findTable(ctx.before, table)
  const name = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const pattern = new RegExp(`^\\(*\\s*(?:"${name}"|${name})\\s+IS\\s+NOT\\s+NULL\\s*\\)*$`, 'i')
  return Boolean(t?.checks.some((c) => pattern.test(c.expression.trim())))
}

export const lockingRules: readonly StaticRule[] = [
  {
    info: INDEX_NOT_CONCURRENT,
    check: (ctx) => {
      const { op } = ctx
      if (op.op === 'addIndex' && !op.index.concurrently && existing(ctx, op.table)) {
        // CREATE INDEX CONCURRENTLY is refused on a partitioned table
        // (https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY).
        const partitioned = findTable(ctx.before, op.table)?.partitionBy !== undefined
        return {
          rule: INDEX_NOT_CONCURRENT,
          message: `creates index "${op.index.name}" on "${op.table}" without CONCURRENTLY: writes to "${op.table}" wait until it is built`,
          instead: partitioned
            ? `"${op.table}" is partitioned, which CREATE INDEX CONCURRENTLY refuses: in a sql operation, CREATE INDEX ON ONLY the table, CREATE INDEX CONCURRENTLY on each partition, then ALTER INDEX … ATTACH PARTITION each`
            : `add \`concurrently: true\` to the index "${op.index.name}" in the schema file`,
          onlyIfFilled: op.table,
        }
      }
      if (op.op === 'addUnique' && existing(ctx, op.table)) {
        return {
          rule: INDEX_NOT_CONCURRENT,
          message: `adds unique constraint "${op.unique.name}" on "${op.table}", which builds its index while writes wait`,
          instead: `declare it as a unique index with \`concurrently: true\` (indexes: - { columns: [${op.unique.columns.join(', ')}], unique: true, concurrently: true })`,
          onlyIfFilled: op.table,
        }
      }
      return undefined
    },
  },
  {
    info: FOREIGN_KEY_NOT_VALID,
    check: (ctx) => {
      const { op } = ctx
      if (op.op !== 'addForeignKey' || op.foreignKey.notValid || !existing(ctx, op.table)) return undefined
      const fk = op.foreignKey
      return {
        rule: FOREIGN_KEY_NOT_VALID,
        message: `adds foreign key "${fk.name}" on "${op.table}" -> "${fk.references.table}", validating every row while writes to both tables wait`,
        instead: `declare it \`notValid: true\` (ADD … NOT VALID), then remove \`notValid\` in a later migration (\`ALTER TABLE ${q(op.table)} VALIDATE CONSTRAINT ${q(fk.name)}\`)`,
        onlyIfFilled: op.table,
      }
    },
  },
  {
    info: CHECK_NOT_VALID,
    check: (ctx) => {
      const { op } = ctx
      if (op.op !== 'addCheck' || op.check.notValid || !existing(ctx, op.table)) return undefined
      return {
        rule: CHECK_NOT_VALID,
        message: `adds check "${op.check.name}" on "${op.table}", scanning every row under an ACCESS EXCLUSIVE lock`,
        instead: `declare it \`notValid: true\` (ADD … NOT VALID), then remove \`notValid\` in a later migration (\`ALTER TABLE ${q(op.table)} VALIDATE CONSTRAINT ${q(op.check.name)}\`)`,
        onlyIfFilled: op.table,
      }
    },
  },
  {
    info: SET_NOT_NULL,
    check: (ctx) => {
      const { op } = ctx
      if (op.op !== 'alterColumn' || op.to.nullable !== false || op.from.nullable !== true) return undefined
      if (!existing(ctx, op.table) || provenNotNull(ctx, op.table, op.column)) return undefined
      return {
        rule: SET_NOT_NULL,
        message: `sets "${op.table}.${op.column}" NOT NULL, scanning every row under an ACCESS EXCLUSIVE lock`,
        instead:
          `first add a check \`${op.column} IS NOT NULL\` NOT VALID and VALIDATE it in its own migration; ` +
          'SET NOT NULL then uses it and skips the scan (PostgreSQL 12+)',
        onlyIfFilled: op.table,
      }
    },
  },
  {
    info: REWRITING_TYPE,
    check: (ctx) => {
      const types = typeChangeOf(ctx)
      const { op } = ctx
      if (!types || op.op !== 'alterColumn' || !existing(ctx, op.table) || !ctx.dialect.rewritesTable(types[0], types[1])) return undefined
      return {
        rule: REWRITING_TYPE,
        message: `changes "${op.table}.${op.column}" from ${describeType(types[0])} to ${describeType(types[1])}, rewriting the whole table under an ACCESS EXCLUSIVE lock`,
        onlyIfFilled: op.table,
      }
    },
  },
  {
    info: VOLATILE_DEFAULT,
    check: (ctx) => {
      const { op } = ctx
      if (op.op !== 'addColumn' || op.column.default === undefined || !existing(ctx, op.table)) return undefined
      if (!ctx.dialect.volatileDefault(op.column.default)) return undefined
      const table = findTable(ctx.before, op.table)
      if (table && findColumn(table, op.column.name)) return undefined
      return {
        rule: VOLATILE_DEFAULT,
        message: `adds "${op.table}.${op.column.name}" with a volatile default, computed for every row: the table is rewritten under an ACCESS EXCLUSIVE lock`,
        onlyIfFilled: op.table,
      }
    },
  },
]
