/**
 * `alterColumn` on PostgreSQL: type, nullability, default and identity
 * changes, each with its own ALTER TABLE … ALTER COLUMN clause, in an order
 * that PostgreSQL accepts whatever combination changes at once.
 */
import { bareIdentifier, identifierInSchemaOf, qualifiedIdentifier as qt } from './postgres-qualified'
import { alterColumn, applyOperation } from '../../diff/apply'
import type { AlterColumn } from '../../diff/operations'
import { stableStringify } from '../../schema/canonical'
import type { Column, Schema } from '../../schema/model'
import { findColumn, findTable } from '../../schema/model'
import type { Statement } from '../dialect'
import { aroundGeneratedUsers, dropExpression, recreateColumn, recreatesColumn } from './postgres-generated'
import { arrayUsing } from './postgres-arrays'
import { autoincrementKind, createSequenceSql, nextvalSql, ownSequenceSql } from './postgres-ddl'
import { collateSql, defaultSql, literalSql, quoteIdentifier as q, quoteString, typeSql } from './postgres-types'

export function requireColumnIn(before: Schema, table: string, column: string): Column {
  const t = findTable(before, table)
  if (!t) throw new Error(`table "${table}" does not exist`)
  const c = findColumn(t, column)
  if (!c) throw new Error(`column "${table}.${column}" does not exist`)
  return c
}

/**
 * Types between which PostgreSQL has an assignment cast, so ALTER COLUMN …
 * TYPE needs no USING clause (and a widening such as varchar(50) to
 * varchar(200) is then done without rewriting the table).
 * https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DATA-TYPE
 */
const ASSIGNMENT_FAMILIES: readonly (readonly string[])[] = [
  ['string', 'text'],
  ['smallint', 'integer', 'bigint', 'float', 'double', 'decimal'],
  ['date', 'timestamp'],
]

function castIsImplicit(from: Column, to: Column): boolean {
  return ASSIGNMENT_FAMILIES.some((family) => family.includes(from.type) && family.includes(to.type))
}

/**
 * The USING clause of a type change, or '' when the cast is implicit. Going
 * through text reaches any type with an input function (enum to enum, enum to
 * text and back); other changes use the direct cast, which keeps e.g. integer
 * to boolean meaningful.
 */
export function usingClause(column: string, from: Column, to: Column): string {
  const array = arrayUsing(column, from, to, elementUsing(column, from, to), typeSql)
  return array ?? elementUsing(column, from, to)
}

function elementUsing(column: string, from: Column, to: Column): string {
  if (castIsImplicit(from, to)) return ''
  if (to.type === 'enum' || from.type === 'enum') return ` USING ${q(column)}::text::${typeSql(to)}`
  return ` USING ${q(column)}::${typeSql(to)}`
}

export function compileAlterColumn(op: AlterColumn, before: Schema): Statement[] {
  const statements = compileAlterColumnItself(op, before)
  const from = requireColumnIn(before, op.table, op.column)
  const to = alterColumn(from, op.to)
  const retyped = typeSql(from) !== typeSql(to) || (from.collation ?? null) !== (to.collation ?? null)
  return retyped ? aroundGeneratedUsers(applyOperation(before, op), op.table, op.column, statements) : statements
}

/**
 * After an UPDATE of `table`: its INITIALLY DEFERRED constraints checked now
 * and deferred again. The UPDATE queues their checks for COMMIT, and
 * PostgreSQL refuses ALTER TABLE on a table with such pending checks
 * ("cannot ALTER TABLE because it has pending trigger events"); SET
 * CONSTRAINTS … IMMEDIATE runs them (failing here, naming the constraint,
 * if the rows break it). Constraint names are schema-wide: qualified with the table's schema.
 * https://www.postgresql.org/docs/current/sql-set-constraints.html
 */
function checkDeferredNow(before: Schema, table: string): Statement[] {
  const t = findTable(before, table)
  if (!t) return []
  const deferred = [...(t.primaryKey ? [t.primaryKey] : []), ...t.uniques, ...(t.exclusions ?? []), ...t.foreignKeys].filter((c) => c.initiallyDeferred)
  if (deferred.length === 0) return []
  const names = deferred.map((c) => identifierInSchemaOf(table, c.name)).join(', ')
  return [{ sql: `SET CONSTRAINTS ${names} IMMEDIATE` }, { sql: `SET CONSTRAINTS ${names} DEFERRED` }]
}

function compileAlterColumnItself(op: AlterColumn, before: Schema): Statement[] {
  const from = requireColumnIn(before, op.table, op.column)
  const to = alterColumn(from, op.to)
  if (recreatesColumn(op)) return recreateColumn(op, before)
  const alter = (clause: string): Statement => ({ sql: `ALTER TABLE ${qt(op.table)} ALTER COLUMN ${q(op.column)} ${clause}` })
  const out: Statement[] = dropExpression(op)

  const typeChanged = typeSql(from) !== typeSql(to)
  const fromKind = autoincrementKind(from)
  const toKind = autoincrementKind(to)
  const identityDropped = fromKind === 'identity' && toKind !== 'identity'
  const identityAdded = fromKind !== 'identity' && toKind === 'identity'
  const serialDropped = fromKind === 'serial' && (toKind !== 'serial' || from.sequence !== to.sequence)
  const serialAdded = toKind === 'serial' && (fromKind !== 'serial' || from.sequence !== to.sequence)
  const serialRenamed = serialDropped && serialAdded && fromKind === 'serial'
  const defaultChanged = stableStringify(from.default ?? null) !== stableStringify(to.default ?? null)

  if (identityDropped) out.push(alter('DROP IDENTITY IF EXISTS'))
  if (serialDropped && !serialRenamed) {
    // A serial column's default is its sequence's nextval: both go (the
    // sequence is owned by the column, and nothing else uses it).
    out.push(alter('DROP DEFAULT'))
    out.push({ sql: `DROP SEQUENCE ${qt(from.sequence!)}` })
  }
  if (serialRenamed) out.push({ sql: `ALTER SEQUENCE ${qt(from.sequence!)} RENAME TO ${bareIdentifier(to.sequence!)}` })
  const using = typeChanged ? usingClause(op.column, from, to) : ''
  // Across type families the old default may not cast to the new type (an
  // enum literal, 'abc' to integer): drop it for the change and set the new
  // one afterwards. An identity column cannot have a default at all.
  const defaultCleared =
    from.default !== undefined && (using !== '' || identityAdded || serialAdded || (defaultChanged && to.default === undefined))
  if (defaultCleared) out.push(alter('DROP DEFAULT'))
  // A collation is set with the type (ALTER COLUMN … TYPE t COLLATE c);
  // changing it alone rewrites nothing but the indexes over the column.
  const collationChanged = (from.collation ?? null) !== (to.collation ?? null)
  if (typeChanged || collationChanged) out.push(alter(`TYPE ${typeSql(to)}${collateSql(to.collation)}${using}`))
  if (typeChanged && toKind === 'serial' && (!serialAdded || serialRenamed)) {
    out.push({ sql: `ALTER SEQUENCE ${qt(to.sequence!)} AS ${typeSql({ type: to.type })}` })
  }
  if (from.nullable && !to.nullable) {
    // SET NOT NULL does not apply the default to rows holding NULL: they take
    // the fill value, or else the column's (new) default, first.
    const value = op.fill !== undefined ? literalSql(op.fill) : to.default !== undefined ? defaultSql(to.default) : undefined
    if (value !== undefined) {
      out.push({ sql: `UPDATE ${qt(op.table)} SET ${q(op.column)} = ${value} WHERE ${q(op.column)} IS NULL` })
      out.push(...checkDeferredNow(before, op.table))
    }
    out.push(alter('SET NOT NULL'))
  } else if (!from.nullable && to.nullable) {
    out.push(alter('DROP NOT NULL'))
  }
  const generation = (c: Column) => (c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT')
  // The new sequence starts at 1: move it past the values already in the
  // table. pg_get_serial_sequence parses its first argument as SQL (so it
  // gets the quoted name) and takes the second literally.
  // https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-INFO-CATALOG
  const moveSequencePast = (sequence: string): Statement => ({
    sql: `SELECT setval(${sequence}, coalesce(max(${q(op.column)}), 0) + 1, false) FROM ${qt(op.table)}`,
  })
  if (identityAdded) {
    out.push(alter(`ADD GENERATED ${generation(to)} AS IDENTITY`))
    out.push(moveSequencePast(`pg_get_serial_sequence(${quoteString(qt(op.table))}, ${quoteString(op.column)})`))
  } else if (fromKind === 'identity' && toKind === 'identity' && generation(from) !== generation(to)) {
    out.push(alter(`SET GENERATED ${generation(to)}`))
  }
  if (serialAdded && !serialRenamed) {
    out.push({ sql: createSequenceSql(to, findTable(before, op.table)?.unlogged) })
    out.push({ sql: ownSequenceSql(op.table, to) })
    out.push(alter(`SET DEFAULT ${nextvalSql(to.sequence!)}`))
    out.push(moveSequencePast(quoteString(qt(to.sequence!))))
  }
  if (to.default !== undefined && toKind === 'none' && (defaultChanged || defaultCleared)) {
    out.push(alter(`SET DEFAULT ${defaultSql(to.default)}`))
  }
  return out
}
