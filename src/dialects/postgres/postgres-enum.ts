/**
 * `alterEnum` on PostgreSQL. Renamed values: ALTER TYPE … RENAME VALUE.
 * Values only added (existing ones keeping their order): ALTER TYPE … ADD
 * VALUE, in place. Since PostgreSQL 12 ADD VALUE runs inside a transaction
 * block, but the new value cannot be used (inserted, used in a default) until
 * that transaction commits.
 * https://www.postgresql.org/docs/15/sql-altertype.html#id-1.9.3.42.7
 *
 * Removed or reordered values: PostgreSQL cannot drop an enum value, so the
 * type is rebuilt: a new type under a temporary name, every column of the
 * enum converted to it through text (defaults dropped around the change),
 * the old type dropped and the new one renamed into place. A DO block checks
 * first that no row holds a removed value, with a message naming the column;
 * an array column of the enum is converted as an array, element by element.
 * Checks and partial or expression indexes that mention such a column are
 * dropped and re-created around the conversion: PostgreSQL stores their enum
 * literals as `'admin'::old_type` and cannot compare them with the new type
 * ("operator does not exist: new_type = old_type").
 */
import { bareName, inSchemaOf } from '../../schema/qualified'
import { bareIdentifier, identifierInSchemaOf, qualifiedIdentifier as qt, typeIdentifier } from './postgres-qualified'
import type { AlterEnum } from '../../diff/operations'
import type { Column, Schema, Table } from '../../schema/model'
import { fitIdentifier } from '../../schema/naming'
import type { Statement } from '../dialect'
import { checkSql, createIndexSql } from './postgres-ddl'
import { defaultSql, quoteIdentifier as q, quoteString } from './postgres-types'

/** The end of the temporary name under which an enum's new list of values is created (see rebuildEnum). */
export const ENUM_TEMPORARY_SUFFIX = '__strata_new'

function valueList(values: readonly string[]): string {
  return values.map(quoteString).join(', ')
}

export function createEnumSql(name: string, values: readonly string[]): string {
  return `CREATE TYPE ${typeIdentifier(name)} AS ENUM (${valueList(values)})`
}

/** Is `sub` a subsequence of `all` (same relative order)? */
function isSubsequence(sub: readonly string[], all: readonly string[]): boolean {
  let i = 0
  for (const value of all) if (i < sub.length && sub[i] === value) i++
  return i === sub.length
}

/** A dollar-quote tag that does not occur in `body`. */
function dollarQuote(body: string): string {
  let tag = '$strata$'
  for (let n = 1; body.includes(tag); n++) tag = `$strata${n}$`
  return `${tag}\n${body}\n${tag}`
}

/** A name inside a RAISE format string, where `%` is the placeholder. */
function raiseName(text: string): string {
  return text.replace(/%/g, '%%')
}

function columnsOfEnum(before: Schema, name: string): Array<{ table: Table; column: Column }> {
  return before.tables.flatMap((table) =>
    table.columns.filter((c) => c.type === 'enum' && c.enum === name).map((column) => ({ table, column })),
  )
}

export function compileAlterEnum(op: AlterEnum, before: Schema): Statement[] {
  const out: Statement[] = []
  const renamed = op.renamed ?? {}
  for (const [oldValue, newValue] of Object.entries(renamed)) {
    out.push({ sql: `ALTER TYPE ${typeIdentifier(op.name)} RENAME VALUE ${quoteString(oldValue)} TO ${quoteString(newValue)}` })
  }
  const current = op.from.map((v) => renamed[v] ?? v)
  if (isSubsequence(current, op.to)) {
    const present = new Set(current)
    const lastExisting = Math.max(-1, ...current.map((v) => op.to.indexOf(v)))
    op.to.forEach((value, i) => {
      if (present.has(value)) return
      // Without BEFORE/AFTER the value goes last, which is right past the last existing one.
      let position = ''
      if (i < lastExisting) position = i > 0 ? ` AFTER ${quoteString(op.to[i - 1])}` : ` BEFORE ${quoteString(current[0])}`
      out.push({ sql: `ALTER TYPE ${typeIdentifier(op.name)} ADD VALUE ${quoteString(value)}${position}` })
      present.add(value)
    })
    return out
  }
  return [...out, ...rebuildEnum(op.name, op.to, columnsOfEnum(before, op.name))]
}

function rebuildEnum(name: string, values: readonly string[], users: Array<{ table: Table; column: Column }>): Statement[] {
  const out: Statement[] = []
  const temporary = inSchemaOf(name, fitIdentifier(`${bareName(name)}${ENUM_TEMPORARY_SUFFIX}`))
  if (users.length > 0) {
    const checks = users.map(({ table, column }) => {
      // An array column's values are its elements (unnest: every dimension, NULL elements none).
      const value = column.array ? 'v' : q(column.name)
      const from = column.array ? `${qt(table.name)} AS strata_t, unnest(strata_t.${q(column.name)}) AS v` : qt(table.name)
      const where = `${value}::text <> ALL (ARRAY[${valueList(values)}]::text[])`
      const message = `cannot change enum "${raiseName(name)}": column "${raiseName(table.name)}.${raiseName(column.name)}" still holds %, which the new list of values does not have`
      return [
        `  SELECT string_agg(DISTINCT quote_literal(${value}::text), ', ') INTO held FROM ${from} WHERE ${where};`,
        `  IF held IS NOT NULL THEN`,
        `    RAISE EXCEPTION ${quoteString(message)}, held`,
        `      USING HINT = ${quoteString('update or delete those rows first (an update operation before this alterEnum)')};`,
        `  END IF;`,
      ].join('\n')
    })
    out.push({ sql: `DO ${dollarQuote(['DECLARE held text;', 'BEGIN', ...checks, 'END'].join('\n'))}` })
  }
  out.push({ sql: createEnumSql(temporary, values) })
  const byTable = new Map<string, Column[]>()
  for (const { table, column } of users) byTable.set(table.name, [...(byTable.get(table.name) ?? []), column])
  const recreate: Statement[] = []
  for (const table of new Set(users.map((u) => u.table))) {
    const names = (byTable.get(table.name) ?? []).map((c) => c.name)
    const mentions = (sql: string | undefined) => sql !== undefined && names.some((n) => sql.includes(n))
    for (const check of table.checks.filter((c) => mentions(c.expression))) {
      out.push({ sql: `ALTER TABLE ${qt(table.name)} DROP CONSTRAINT ${q(check.name)}` })
      recreate.push({ sql: `ALTER TABLE ${qt(table.name)} ADD ${checkSql(check)}` })
    }
    for (const index of table.indexes.filter((i) => mentions(i.where) || mentions(i.expression))) {
      out.push({ sql: `DROP INDEX ${identifierInSchemaOf(table.name, index.name)}` })
      recreate.push({ sql: createIndexSql(table.name, index, false) })
    }
  }
  for (const [table, columns] of byTable) {
    for (const column of columns.filter((c) => c.default !== undefined)) {
      out.push({ sql: `ALTER TABLE ${qt(table)} ALTER COLUMN ${q(column.name)} DROP DEFAULT` })
    }
    // One ALTER TABLE per table: PostgreSQL rewrites the table once for all its columns.
    // An array column of the enum becomes an array of the new type, through text[].
    const clauses = columns.map((c) => {
      const dims = '[]'.repeat(c.array ?? 0)
      return `ALTER COLUMN ${q(c.name)} TYPE ${typeIdentifier(temporary)}${dims} USING ${q(c.name)}::text${c.array ? '[]' : ''}::${typeIdentifier(temporary)}${dims}`
    })
    out.push({ sql: `ALTER TABLE ${qt(table)} ${clauses.join(', ')}` })
  }
  out.push({ sql: `DROP TYPE ${typeIdentifier(name)}` })
  out.push({ sql: `ALTER TYPE ${typeIdentifier(temporary)} RENAME TO ${bareIdentifier(name)}` })
  for (const { table, column } of users) {
    if (column.default !== undefined) {
      out.push({ sql: `ALTER TABLE ${qt(table.name)} ALTER COLUMN ${q(column.name)} SET DEFAULT ${defaultSql(column.default)}` })
    }
  }
  return [...out, ...recreate]
}
