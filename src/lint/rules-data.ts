/**
 * Data-dependent rules: counted in the real database, before anything is
 * applied. Rows a migration would delete (warnings: the user asked for the
 * drop), and rows that would make it fail or that it would silently change
 * (errors: `migrate` stops on them). Each finding names up to three example
 * rows by primary key. The queries are standard SQL over quoted names; what
 * differs between databases (which values a type change alters) comes from
 * `dialect.lint.lossyCastPredicate`.
 */
import { quoteTableName } from '../dialects/dialect'
import { describeType } from '../diff/describe'
import type { Literal, Schema, Table } from '../schema/model'
import { findColumn, findEnum, findTable } from '../schema/model'
import { typeChangeOf } from './rules-destructive'
import type { DataContext, DataRule, RawFinding, RuleInfo } from './types'

export const ROWS_LOST: RuleInfo = {
  code: 'DT601',
  name: 'rows-lost',
  severity: 'warning',
  family: 'data',
  needsDatabase: true,
  catches: 'A dropped table that holds rows: the count of rows that would be deleted.',
  instead: 'Back up or move the rows first; if the table was renamed, use `renamedFrom`.',
}

export const VALUES_LOST: RuleInfo = {
  code: 'DT602',
  name: 'values-lost',
  severity: 'warning',
  family: 'data',
  needsDatabase: true,
  catches: 'A dropped column that holds values: the count of non-NULL values that would be deleted.',
  instead: 'Copy the values elsewhere first; if the column was renamed, use `renamedFrom`.',
}

export const NULLS_FOR_NOT_NULL: RuleInfo = {
  code: 'DT603',
  name: 'nulls-block-not-null',
  severity: 'error',
  family: 'data',
  needsDatabase: true,
  catches: 'A column made NOT NULL (or added NOT NULL) without a value for rows holding NULL: the migration fails on them.',
  instead: 'Give a one-off value (`make --default TABLE.COLUMN=VALUE`, the `fill` of the operation) or a default, or update the rows first.',
}

export const DUPLICATES: RuleInfo = {
  code: 'DT604',
  name: 'duplicates-block-unique',
  severity: 'error',
  family: 'data',
  needsDatabase: true,
  catches: 'A new unique constraint, unique index or primary key over values that repeat: the migration fails.',
  instead: 'Remove or merge the duplicate rows first (a data migration before this one).',
}

export const ORPHANS: RuleInfo = {
  code: 'DT605',
  name: 'orphans-block-foreign-key',
  severity: 'error',
  family: 'data',
  needsDatabase: true,
  catches: 'A new foreign key over rows whose values have no match in the referenced table: the migration fails.',
  instead: 'Delete the orphan rows, set them to NULL, or insert the missing referenced rows first.',
}

export const CHECK_FAILS: RuleInfo = {
  code: 'DT606',
  name: 'rows-fail-check',
  severity: 'error',
  family: 'data',
  needsDatabase: true,
  catches: 'A new CHECK constraint that some rows do not satisfy: the migration fails.',
  instead: 'Fix the rows that do not satisfy the check first, or relax the expression.',
}

export const TYPE_CHANGES_VALUES: RuleInfo = {
  code: 'DT607',
  name: 'values-do-not-fit-type',
  severity: 'error',
  family: 'data',
  needsDatabase: true,
  catches: 'A type change over values that it would round, cut or reject (1.75 in a double made integer, a 180-character string made string(150)).',
  instead: 'Fix or convert those values first (an `update` or `sql` operation), or keep a type that holds them.',
}

export const REMOVED_ENUM_VALUE_USED: RuleInfo = {
  code: 'DT608',
  name: 'removed-enum-value-in-use',
  severity: 'error',
  family: 'data',
  needsDatabase: true,
  catches: 'An enum value removed while rows still hold it: the migration fails.',
  instead: 'Update those rows to another value in an earlier migration first.',
}

const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`

function show(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'string') return value.length > 40 ? `'${value.slice(0, 37)}...'` : `'${value}'`
  if (value instanceof Date) return value.toISOString()
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`
  // An array as the driver parses it (PostgreSQL integer[], text[]): in its SQL text form.
  if (Array.isArray(value)) return show(`{${value.map((v) => (Array.isArray(v) ? show(v).slice(1, -1) : v === null ? 'NULL' : String(v))).join(',')}}`)
  return String(value)
}

async function count(ctx: DataContext, from: string, where: string): Promise<number> {
  const rows = await ctx.connection.query(`SELECT count(*) AS n FROM ${from}${where ? ` WHERE ${where}` : ''}`)
  return Number(rows[0]?.n ?? 0)
}

/** The live table, when the database has it (a table created by an earlier pending migration has no rows to count). */
function liveTable(ctx: DataContext, name: string): Table | undefined {
  return findTable(ctx.live, name)
}

/**
 * Up to three example rows matching `where`, by primary key: `id=4, 9, 17`,
 * `(a, b)=(1, 2), (1, 3)`; with `value`, the value shown after each key.
 */
async function examples(ctx: DataContext, table: Table, where: string, value?: string): Promise<string[]> {
  const q = ctx.compiler.quoteIdentifier
  const key = (findTable(ctx.live, table.name) ?? table).primaryKey?.columns ?? []
  if (!key.length && !value) return []
  const select = [...key.map(q), ...(value ? [`${q(value)} AS strata_value`] : [])].join(', ')
  const order = key.length ? ` ORDER BY ${key.map(q).join(', ')}` : ''
  const rows = await ctx.connection.query(`SELECT ${select} FROM ${quoteTableName(ctx.compiler, table.name)} WHERE ${where}${order} LIMIT 3`)
  const tail = (r: Record<string, unknown>) => (value ? ` (${show(r.strata_value)})` : '')
  if (!key.length) return rows.map((r) => show(r.strata_value))
  if (key.length === 1) return rows.map((r, i) => `${i === 0 ? `${key[0]}=` : ''}${String(r[key[0]!])}${tail(r)}`)
  return rows.map((r, i) => `${i === 0 ? `(${key.join(', ')})=` : ''}(${key.map((k) => String(r[k])).join(', ')})${tail(r)}`)
}

const eg = (list: readonly string[]) => (list.length ? `, e.g. ${list.join(', ')}` : '')
const rowsOf = (n: number) => `${n} row${n === 1 ? '' : 's'}`
/** The verb for a count: `has` / `have`. */
const v = (n: number, one: string, many: string) => (n === 1 ? one : many)

/** Rows of `table` with NULL in `column`. */
async function nullRows(ctx: DataContext, table: Table, column: string, rule: RuleInfo, what: string): Promise<RawFinding | undefined> {
  const q = ctx.compiler.quoteIdentifier
  const where = `${q(column)} IS NULL`
  const n = await count(ctx, quoteTableName(ctx.compiler, table.name), where)
  if (!n) return undefined
  const list = await examples(ctx, table, where)
  return { rule, rows: n, examples: list, message: `${rowsOf(n)} of ${table.name} ${v(n, 'has', 'have')} NULL in ${column}${eg(list)}: ${what}` }
}

async function duplicateRows(ctx: DataContext, table: Table, columns: readonly string[], what: string): Promise<RawFinding | undefined> {
  const q = ctx.compiler.quoteIdentifier
  const cols = columns.map(q).join(', ')
  const notNull = columns.map((c) => `${q(c)} IS NOT NULL`).join(' AND ')
  const groups = `SELECT ${cols}, count(*) AS strata_n FROM ${quoteTableName(ctx.compiler, table.name)} WHERE ${notNull} GROUP BY ${cols} HAVING count(*) > 1`
  const rows = await ctx.connection.query(`SELECT count(*) AS groups, sum(strata_n) AS n FROM (${groups}) strata_d`)
  const n = Number(rows[0]?.n ?? 0)
  if (!n) return undefined
  const sample = await ctx.connection.query(`${groups} ORDER BY ${cols} LIMIT 3`)
  const list = sample.map((r) => columns.map((c) => `${c}=${show(r[c])}`).join(' ') + ` (${Number(r.strata_n)}x)`)
  return {
    rule: DUPLICATES,
    rows: n,
    examples: list,
    message: `${rowsOf(n)} of ${table.name} share ${Number(rows[0]!.groups)} value${Number(rows[0]!.groups) === 1 ? '' : 's'} of (${columns.join(', ')})${eg(list)}: ${what} fails`,
  }
}

function enumColumns(schema: Schema, enumName: string): { table: Table; column: string }[] {
  return schema.tables.flatMap((t) => t.columns.filter((c) => c.type === 'enum' && c.enum === enumName).map((c) => ({ table: t, column: c.name })))
}

const literalSql = (value: Literal) => (typeof value === 'string' ? sqlString(value) : String(value))

export const dataRules: readonly DataRule[] = [
  {
    info: ROWS_LOST,
    async check(ctx) {
      const { op } = ctx
      if (op.op !== 'dropTable') return undefined
      const table = liveTable(ctx, op.name)
      if (!table) return undefined
      const n = await count(ctx, quoteTableName(ctx.compiler, op.name), '')
      if (!n) return undefined
      const list = await examples(ctx, table, '1 = 1')
      return { rule: ROWS_LOST, rows: n, examples: list, message: `drops table "${op.name}" holding ${rowsOf(n)}${eg(list)}` }
    },
  },
  {
    info: VALUES_LOST,
    async check(ctx) {
      const { op } = ctx
      if (op.op !== 'dropColumn') return undefined
      const table = liveTable(ctx, op.table)
      if (!table || !findColumn(table, op.column)) return undefined
      const q = ctx.compiler.quoteIdentifier
      const where = `${q(op.column)} IS NOT NULL`
      const n = await count(ctx, q(op.table), where)
      if (!n) return undefined
      const list = await examples(ctx, table, where)
      return { rule: VALUES_LOST, rows: n, examples: list, message: `drops column "${op.table}.${op.column}": ${rowsOf(n)} of ${op.table} ${v(n, 'holds', 'hold')} a value in it${eg(list)}` }
    },
  },
  {
    info: NULLS_FOR_NOT_NULL,
    async check(ctx) {
      const { op } = ctx
      if (op.op === 'alterColumn' && op.from.nullable === true && op.to.nullable === false && op.fill === undefined) {
        const table = liveTable(ctx, op.table)
        const before = findTable(ctx.before, op.table)
        const column = before && findColumn(before, op.column)
        // The compiler sets NULL rows to the column's default first, when it has one.
        const hasDefault = op.to.default !== undefined ? op.to.default !== null : column?.default !== undefined
        if (!table || !findColumn(table, op.column) || hasDefault) return undefined
        return nullRows(ctx, table, op.column, NULLS_FOR_NOT_NULL, `SET NOT NULL fails`)
      }
      if (op.op === 'addColumn' && !op.column.nullable && op.column.default === undefined && op.fill === undefined && !op.column.autoincrement && !op.column.generated) {
        const table = liveTable(ctx, op.table)
        if (!table) return undefined
        const n = await count(ctx, quoteTableName(ctx.compiler, op.table), '')
        if (!n) return undefined
        const list = await examples(ctx, table, '1 = 1')
        return {
          rule: NULLS_FOR_NOT_NULL,
          rows: n,
          examples: list,
          message: `adds NOT NULL column "${op.table}.${op.column.name}" without a default or fill: the ${rowsOf(n)} of ${op.table}${eg(list)} would hold NULL, so it fails`,
        }
      }
      return undefined
    },
  },
  {
    info: DUPLICATES,
    async check(ctx) {
      const { op } = ctx
      let columns: readonly string[] | undefined
      let what = ''
      if (op.op === 'addUnique') [columns, what] = [op.unique.columns, `unique constraint "${op.unique.name}"`]
      else if (op.op === 'addIndex' && op.index.unique && op.index.columns && !op.index.where) [columns, what] = [op.index.columns, `unique index "${op.index.name}"`]
      else if (op.op === 'alterPrimaryKey' && op.to) [columns, what] = [op.to.columns, `primary key "${op.to.name}"`]
      if (!columns || op.op === 'createTable') return undefined
      const table = liveTable(ctx, (op as { table: string }).table)
      if (!table || !columns.every((c) => findColumn(table, c))) return undefined
      const found: RawFinding[] = []
      const dup = await duplicateRows(ctx, table, columns, what)
      if (dup) found.push(dup)
      if (op.op === 'alterPrimaryKey') {
        for (const c of columns) {
          const nulls = await nullRows(ctx, table, c, DUPLICATES, `${what} fails`)
          if (nulls) found.push(nulls)
        }
      }
      return found
    },
  },
  {
    info: ORPHANS,
    async check(ctx) {
      const { op } = ctx
      if (op.op !== 'addForeignKey') return undefined
      const table = liveTable(ctx, op.table)
      const fk = op.foreignKey
      if (!table || !fk.columns.every((c) => findColumn(table, c))) return undefined
      const q = ctx.compiler.quoteIdentifier
      const notNull = fk.columns.map((c) => `${q(c)} IS NOT NULL`).join(' AND ')
      const target = liveTable(ctx, fk.references.table)
      const match = fk.columns.map((c, i) => `strata_r.${q(fk.references.columns[i]!)} = ${q(op.table)}.${q(c)}`).join(' AND ')
      // A target the database does not have yet (created or renamed earlier in
      // this migration) cannot be counted against: no finding rather than a guess.
      if (!target || !fk.references.columns.every((c) => findColumn(target, c))) return undefined
      const where = `${notNull} AND NOT EXISTS (SELECT 1 FROM ${q(fk.references.table)} strata_r WHERE ${match})`
      const n = await count(ctx, q(op.table), where)
      if (!n) return undefined
      const list = await examples(ctx, table, where, fk.columns.length === 1 ? fk.columns[0] : undefined)
      return {
        rule: ORPHANS,
        rows: n,
        examples: list,
        message: `${rowsOf(n)} of ${op.table} ${v(n, 'has', 'have')} a (${fk.columns.join(', ')}) with no match in ${fk.references.table}${eg(list)}: foreign key "${fk.name}" fails`,
      }
    },
  },
  {
    info: CHECK_FAILS,
    async check(ctx) {
      const { op } = ctx
      if (op.op !== 'addCheck') return undefined
      const table = liveTable(ctx, op.table)
      if (!table) return undefined
      const where = `NOT (${op.check.expression})`
      const n = await count(ctx, quoteTableName(ctx.compiler, op.table), where)
      if (!n) return undefined
      const list = await examples(ctx, table, where)
      return { rule: CHECK_FAILS, rows: n, examples: list, message: `${rowsOf(n)} of ${op.table} ${v(n, 'fails', 'fail')} check "${op.check.name}" (${op.check.expression})${eg(list)}` }
    },
  },
  {
    info: TYPE_CHANGES_VALUES,
    async check(ctx) {
      const types = typeChangeOf(ctx)
      const { op } = ctx
      if (!types || op.op !== 'alterColumn') return undefined
      const table = liveTable(ctx, op.table)
      if (!table || !findColumn(table, op.column)) return undefined
      const q = ctx.compiler.quoteIdentifier
      const predicate = ctx.dialect.lossyCastPredicate(q(op.column), types[0], types[1])
      if (!predicate) return undefined
      const where = `${q(op.column)} IS NOT NULL AND (${predicate})`
      const n = await count(ctx, q(op.table), where)
      if (!n) return undefined
      const list = await examples(ctx, table, where, op.column)
      return {
        rule: TYPE_CHANGES_VALUES,
        rows: n,
        examples: list,
        message: `${rowsOf(n)} of ${op.table} ${v(n, 'holds a value', 'hold values')} in ${op.column} that ${describeType(types[0])} -> ${describeType(types[1])} would round, cut or reject${eg(list)}`,
      }
    },
  },
  {
    info: REMOVED_ENUM_VALUE_USED,
    async check(ctx) {
      const { op } = ctx
      if (op.op !== 'alterEnum') return undefined
      const renamedAway = new Set(Object.keys(op.renamed ?? {}))
      const removed = op.from.filter((v) => !op.to.includes(v) && !renamedAway.has(v))
      if (!removed.length || !findEnum(ctx.before, op.name)) return undefined
      const q = ctx.compiler.quoteIdentifier
      const found: RawFinding[] = []
      for (const { table, column } of enumColumns(ctx.before, op.name)) {
        const live = liveTable(ctx, table.name)
        if (!live || !findColumn(live, column)) continue
        const array = findColumn(table, column)?.array !== undefined
        if (array && !ctx.dialect.arrayHoldsAny) continue
        const where = array ? ctx.dialect.arrayHoldsAny!(q(column), removed.map(literalSql)) : `${q(column)} IN (${removed.map(literalSql).join(', ')})`
        const n = await count(ctx, quoteTableName(ctx.compiler, table.name), where)
        if (!n) continue
        const list = await examples(ctx, table, where, column)
        found.push({
          rule: REMOVED_ENUM_VALUE_USED,
          rows: n,
          examples: list,
          message: `${rowsOf(n)} of ${table.name} ${v(n, 'holds', 'hold')} a value of ${column} that is removed from enum "${op.name}" (${removed.join(', ')})${eg(list)}`,
        })
      }
      return found
    },
  },
]
