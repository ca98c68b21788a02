/**
 * Operations in their file form and back.
 *
 * In a migration file each operation is a one-key map
 * (`- addColumn: { table: posts, column: {...} }`). The file form is compact
 * for review: a constraint or index whose name is the generated default is
 * written without its name, a single-column primary key as `primaryKey: true`
 * on the column, and unique constraints as lists of columns (SPEC §4's
 * example). Decoding restores the full model, so the checksum (taken over the
 * decoded form) does not depend on how a file spells things.
 */
import { canonicalGrant, canonicalPolicy } from '../schema/canonical'
import type { Grant } from '../schema/grants'
import type { Policy, RowLevelSecurity } from '../schema/policies'
import { hasAttributes } from '../schema/constraint-attributes'
import { canonicalColumn, canonicalConstraint, canonicalFunction, canonicalForeignKey, canonicalIndex, canonicalTable, canonicalTrigger, canonicalView } from '../schema/canonical'
import type { StoredFunction } from '../schema/functions'
import type { Trigger } from '../schema/triggers'
import type { View } from '../schema/views'
import type { Partition, PartitionKey } from '../schema/partitions'
import type { Check, Column, Exclusion, ForeignKey, Index, MysqlTableOptions, PrimaryKey, Table, Unique } from '../schema/model'
import { constraintName, expressionWords, primaryKeyName } from '../schema/naming'
import type { Operation } from '../diff/operations'

type Json = Record<string, unknown>

export function defaultIndexName(table: string, index: Pick<Index, 'columns' | 'expression'>): string {
  return constraintName(table, index.columns ?? [expressionWords(index.expression ?? '')], 'idx')
}

/** Drop `name` when it is the generated default. */
function compactNamed<T extends { readonly name: string }>(item: T, defaultName: string): Json {
  const { name, ...rest } = item
  return name === defaultName ? rest : { name, ...rest }
}

function encodeTable(table: Table): Json {
  const t = canonicalTable(table)
  const pk = t.primaryKey
  const inlinePk = pk && pk.columns.length === 1 && pk.name === primaryKeyName(t.name) && !hasAttributes(pk) ? pk.columns[0] : undefined
  const out: Json = {
    name: t.name,
    columns: t.columns.map((c) => (c.name === inlinePk ? { name: c.name, type: c.type, primaryKey: true, ...withoutName(c) } : c)),
  }
  if (pk && inlinePk === undefined) {
    out.primaryKey = pk.name === primaryKeyName(t.name) && !hasAttributes(pk) ? pk.columns : pk
  }
  if (t.uniques.length) {
    out.unique = t.uniques.map((u) => (u.name === constraintName(t.name, u.columns, 'key') && !hasAttributes(u) ? u.columns : u))
  }
  if (t.indexes.length) out.indexes = t.indexes.map((i) => compactNamed(i, defaultIndexName(t.name, i)))
  if (t.foreignKeys.length) {
    out.foreignKeys = t.foreignKeys.map((f) => compactNamed(f, constraintName(t.name, f.columns, 'fkey')))
  }
  if (t.checks.length) out.checks = t.checks
  if (t.exclusions?.length) out.exclusions = t.exclusions
  if (t.comment !== undefined) out.comment = t.comment
  if (t.strict) out.strict = true
  if (t.withoutRowid) out.withoutRowid = true
  if (t.unlogged) out.unlogged = true
  if (t.partitionBy) out.partitionBy = t.partitionBy as unknown as Json
  if (t.partitions?.length) out.partitions = t.partitions as unknown as Json
  if (t.mysql) out.mysql = { ...t.mysql }
  if (t.rowLevelSecurity) out.rowLevelSecurity = { ...t.rowLevelSecurity }
  return out
}

function withoutName(column: Column): Json {
  const { name: _name, ...rest } = canonicalColumn(column)
  return rest
}

function decodeTable(raw: Json): Table {
  const name = raw.name as string
  const rawColumns = (raw.columns as Json[]) ?? []
  const inlinePk = rawColumns.filter((c) => c.primaryKey === true).map((c) => c.name as string)
  const columns = rawColumns.map((c) => {
    const { primaryKey: _pk, ...rest } = c
    return canonicalColumn(rest as unknown as Column)
  })
  let primaryKey: PrimaryKey | undefined
  if (Array.isArray(raw.primaryKey)) primaryKey = { name: primaryKeyName(name), columns: raw.primaryKey as string[] }
  else if (raw.primaryKey) primaryKey = raw.primaryKey as PrimaryKey
  else if (inlinePk.length) primaryKey = { name: primaryKeyName(name), columns: inlinePk }
  const uniques: Unique[] = ((raw.unique as unknown[]) ?? []).map((u) =>
    Array.isArray(u) ? { name: constraintName(name, u as string[], 'key'), columns: u as string[] } : (u as Unique),
  )
  const indexes: Index[] = ((raw.indexes as Json[]) ?? []).map((i) => decodeIndex(name, i))
  const foreignKeys: ForeignKey[] = ((raw.foreignKeys as Json[]) ?? []).map((f) => decodeForeignKey(name, f))
  const table: Table = {
    name,
    columns,
    ...(primaryKey ? { primaryKey } : {}),
    uniques,
    indexes,
    foreignKeys,
    checks: (raw.checks as Check[]) ?? [],
    ...((raw.exclusions as Exclusion[] | undefined)?.length ? { exclusions: raw.exclusions as Exclusion[] } : {}),
    ...(raw.comment !== undefined ? { comment: raw.comment as string } : {}),
    ...(raw.strict === true ? { strict: true } : {}),
    ...(raw.withoutRowid === true ? { withoutRowid: true } : {}),
    ...(raw.unlogged === true ? { unlogged: true } : {}),
    ...(raw.partitionBy !== undefined ? { partitionBy: raw.partitionBy as unknown as PartitionKey } : {}),
    ...((raw.partitions as Partition[] | undefined)?.length ? { partitions: raw.partitions as unknown as Partition[] } : {}),
    ...(raw.mysql !== undefined ? { mysql: raw.mysql as MysqlTableOptions } : {}),
    ...(raw.rowLevelSecurity !== undefined ? { rowLevelSecurity: raw.rowLevelSecurity as RowLevelSecurity } : {}),
  }
  return canonicalTable(table)
}

function decodeIndex(table: string, raw: Json): Index {
  const index = raw as unknown as Omit<Index, 'name'> & { name?: string }
  return canonicalIndex({ ...index, name: index.name ?? defaultIndexName(table, index) })
}

function decodeForeignKey(table: string, raw: Json): ForeignKey {
  const fk = raw as unknown as Omit<ForeignKey, 'name'> & { name?: string }
  return canonicalForeignKey({ ...fk, name: fk.name ?? constraintName(table, fk.columns, 'fkey') })
}

/** An operation in its file form: `{ kind: payload }`. */
export function encodeOperation(op: Operation): Json {
  switch (op.op) {
    case 'createTable':
      return { createTable: encodeTable(op.table) }
    case 'dropTable':
      return { dropTable: op.name }
    case 'dropEnum':
      return { dropEnum: op.name }
    case 'addColumn':
      return { addColumn: { table: op.table, column: canonicalColumn(op.column), ...fillOf(op.fill) } }
    case 'addIndex':
      return { addIndex: { table: op.table, index: compactNamed(canonicalIndex(op.index), defaultIndexName(op.table, op.index)) } }
    case 'addUnique': {
      const unique =
        op.unique.name === constraintName(op.table, op.unique.columns, 'key') && !hasAttributes(op.unique) ? { columns: op.unique.columns } : op.unique
      return { addUnique: { table: op.table, unique } }
    }
    case 'addForeignKey': {
      const fk = canonicalForeignKey(op.foreignKey)
      return { addForeignKey: { table: op.table, foreignKey: compactNamed(fk, constraintName(op.table, fk.columns, 'fkey')) } }
    }
    case 'sql': {
      const { op: _kind, ...rest } = op
      return { sql: rest }
    }
    case 'createView':
      return { createView: canonicalView(op.view) }
    case 'dropView':
      return { dropView: op.name }
    case 'createTrigger':
      return { createTrigger: canonicalTrigger(op.trigger) }
    case 'dropTrigger':
      return { dropTrigger: op.name }
    case 'createFunction':
      return { createFunction: canonicalFunction(op.function) }
    case 'dropFunction':
      return { dropFunction: op.name }
    case 'replaceFunction':
      return { replaceFunction: { from: canonicalFunction(op.from), to: canonicalFunction(op.to) } }
    case 'createPolicy':
      return { createPolicy: canonicalPolicy(op.policy) }
    case 'grant':
    case 'revoke':
      return { [op.op]: canonicalGrant(op.grant) }
    case 'alterPolicy':
      return { alterPolicy: { from: canonicalPolicy(op.from), to: canonicalPolicy(op.to) } }
    default: {
      const { op: kind, ...rest } = op
      return { [kind]: rest }
    }
  }
}

function fillOf(fill: unknown): Json {
  return fill === undefined ? {} : { fill }
}

/**
 * An operation from its file form. The input has passed the migration-file
 * JSON Schema, so its shape is right; this only restores defaults.
 */
export function decodeOperation(raw: Json): Operation {
  const [kind] = Object.keys(raw)
  const payload = raw[kind!] as Json
  switch (kind) {
    case 'createTable':
      return { op: 'createTable', table: decodeTable(payload) }
    case 'dropTable':
      return { op: 'dropTable', name: typeof payload === 'string' ? payload : ((payload as Json).name as string) }
    case 'dropEnum':
      return { op: 'dropEnum', name: typeof payload === 'string' ? payload : ((payload as Json).name as string) }
    case 'addColumn':
      return { op: 'addColumn', ...(payload as object), column: canonicalColumn(payload.column as Column) } as Operation
    case 'addIndex':
      return { op: 'addIndex', table: payload.table as string, index: decodeIndex(payload.table as string, payload.index as Json) }
    case 'addUnique': {
      const u = payload.unique as Json
      const columns = (Array.isArray(u) ? u : u.columns) as string[]
      const name = (!Array.isArray(u) && (u.name as string)) || constraintName(payload.table as string, columns, 'key')
      const attributes = Array.isArray(u) ? {} : (({ name: _n, columns: _c, ...rest }) => rest)(u)
      return { op: 'addUnique', table: payload.table as string, unique: canonicalConstraint({ name, columns, ...attributes }) }
    }
    case 'addForeignKey':
      return {
        op: 'addForeignKey',
        table: payload.table as string,
        foreignKey: decodeForeignKey(payload.table as string, payload.foreignKey as Json),
      }
    case 'createView':
      return { op: 'createView', view: canonicalView(payload as unknown as View) }
    case 'dropView':
      return { op: 'dropView', name: payload as unknown as string }
    case 'createTrigger':
      return { op: 'createTrigger', trigger: canonicalTrigger(payload as unknown as Trigger) }
    case 'dropTrigger':
      return { op: 'dropTrigger', name: payload as unknown as string }
    case 'createFunction':
      return { op: 'createFunction', function: canonicalFunction(payload as unknown as StoredFunction) }
    case 'dropFunction':
      return { op: 'dropFunction', name: payload as unknown as string }
    case 'replaceFunction':
      return {
        op: 'replaceFunction',
        from: canonicalFunction(payload.from as unknown as StoredFunction),
        to: canonicalFunction(payload.to as unknown as StoredFunction),
      }
    case 'createPolicy':
      return { op: 'createPolicy', policy: canonicalPolicy(payload as unknown as Policy) }
    case 'grant':
    case 'revoke':
      return { op: kind, grant: canonicalGrant(payload as unknown as Grant) }
    case 'alterPolicy':
      return { op: 'alterPolicy', from: canonicalPolicy(payload.from as unknown as Policy), to: canonicalPolicy(payload.to as unknown as Policy) }
    case 'sql':
      return typeof payload === 'string' ? { op: 'sql', up: payload } : ({ op: 'sql', ...(payload as object) } as Operation)
    default:
      return { op: kind, ...(payload as object) } as Operation
  }
}
