/**
 * Relations and references: `belongsTo` (a column typed like the target's
 * primary key, a foreign key, an index), `manyToMany` (a join table), column
 * `references:` and table-level `foreignKeys:`.
 */
import type { Column, ForeignKey, ReferentialAction, TypeSpec } from './model'
import { typeSpecOf } from './model'
import { attributesFromRaw } from './constraint-attributes'
import { constraintName, fitIdentifier, primaryKeyName } from './naming'
import { bareName } from './qualified'
import type { Origin } from './origins'
import type { RawBelongsTo, RawColumn, RawManyToMany } from './raw'
import { addColumn, newTable } from './draft'
import type { Context, TableDraft } from './draft'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** The single primary-key column of a table and its type, or why there is none. */
type KeyOf = { readonly column: string; readonly spec: TypeSpec } | { readonly problem: string }

/** Expand every table's relations, then its references and foreign keys. */
export function expandRelations(context: Context): void {
  const keys = new KeyFinder(context)
  for (const table of [...context.tables.values()]) {
    for (const [name, relation] of Object.entries(table.raw?.relations ?? {})) {
      const origin: Origin = { source: table.origin.source, path: [...table.origin.path, 'relations', name] }
      if ('manyToMany' in relation) manyToMany(context, keys, table, name, relation, origin)
      else belongsTo(context, keys, table, name, relation, origin)
    }
  }
  for (const table of [...context.tables.values()]) references(context, keys, table)
}

/** Primary-key lookups, following belongsTo columns that are themselves keys (one-to-one tables). */
class KeyFinder {
  private readonly memo = new Map<string, KeyOf>()
  constructor(private readonly context: Context) {}

  keyOf(tableName: string, visiting: Set<string> = new Set()): KeyOf | undefined {
    const table = this.context.tables.get(tableName)
    if (!table) return undefined
    const known = this.memo.get(tableName)
    if (known) return known
    const result = this.find(table, visiting)
    this.memo.set(tableName, result)
    return result
  }

  private find(table: TableDraft, visiting: Set<string>): KeyOf {
    const pk = table.primaryKey
    if (!pk) return { problem: `table "${table.name}" has no primary key` }
    if (pk.columns.length !== 1) return { problem: `table "${table.name}" has a composite primary key (${pk.columns.join(', ')}); use foreignKeys: instead` }
    const column = pk.columns[0]
    const declared = table.columnsByName.get(column)
    if (declared) return { column, spec: keySpec(declared) }
    // The key may be a belongsTo column not yet expanded: take its target's key type.
    for (const [name, relation] of Object.entries(table.raw?.relations ?? {})) {
      if ('manyToMany' in relation || (relation.column ?? fitIdentifier(`${name}_id`)) !== column) continue
      if (visiting.has(table.name)) break
      visiting.add(table.name)
      const target = this.keyOf(relation.belongsTo, visiting)
      if (target && 'spec' in target) return { column, spec: target.spec }
      break
    }
    return { problem: `the primary key column "${table.name}.${column}" is not defined` }
  }
}

/** The type of a key as a referencing column gets it: autoincrement (and how it is generated) is the key's own. */
function keySpec(column: TypeSpec): TypeSpec {
  // The collation too: a referencing column is declared with its own.
  const { autoincrement: _a, identity: _i, sequence: _s, monotonic: _m, collation: _c, ...spec } = typeSpecOf(column)
  return spec
}

function belongsTo(context: Context, keys: KeyFinder, table: TableDraft, name: string, relation: RawBelongsTo, origin: Origin): void {
  const subject = `relation "${table.name}.${name}"`
  const target = keys.keyOf(relation.belongsTo)
  if (!target) {
    context.report.error(origin, `${subject}: belongsTo table "${relation.belongsTo}", which is not defined`, { sub: ['belongsTo'] })
    return
  }
  if ('problem' in target) {
    context.report.error(origin, `${subject}: cannot belong to "${relation.belongsTo}": ${target.problem}`, { sub: ['belongsTo'] })
    return
  }
  const columnName = relation.column ?? fitIdentifier(`${name}_id`)
  if (table.columnsByName.has(columnName)) {
    context.report.error(
      origin,
      `column "${table.name}.${columnName}": relation "${name}" adds this column, which is already declared; remove the column or name the relation's column with column:`,
      { key: true },
    )
    return
  }
  const column: Mutable<Column> = { name: columnName, ...target.spec }
  if (relation.nullable) column.nullable = true
  addColumn(context, table, column, origin)
  const fk = foreignKey(table.name, [columnName], relation.belongsTo, [target.column], relation.onDelete, relation.onUpdate)
  table.foreignKeys.push(fk)
  context.origins.set(fk, origin)
  if (relation.unique) {
    const unique = { name: constraintName(table.name, [columnName], 'key'), columns: [columnName] }
    table.uniques.push(unique)
    context.origins.set(unique, origin)
  } else if (relation.index !== false) {
    const index = { name: constraintName(table.name, [columnName], 'idx'), columns: [columnName] }
    table.indexes.push(index)
    context.origins.set(index, origin)
  }
}

function manyToMany(context: Context, keys: KeyFinder, table: TableDraft, name: string, relation: RawManyToMany, origin: Origin): void {
  const subject = `relation "${table.name}.${name}"`
  const other = relation.manyToMany
  const target = keys.keyOf(other)
  if (!target) {
    context.report.error(origin, `${subject}: manyToMany table "${other}", which is not defined`, { sub: ['manyToMany'] })
    return
  }
  const own = keys.keyOf(table.name)
  for (const [side, key] of [[table.name, own], [other, target]] as const) {
    if (key && 'problem' in key) {
      context.report.error(origin, `${subject}: cannot join "${side}": ${key.problem}`, { sub: ['manyToMany'] })
      return
    }
  }
  const ownKey = own as Exclude<KeyOf, { problem: string }>
  const otherKey = target as Exclude<KeyOf, { problem: string }>
  const joinName = relation.through ?? fitIdentifier(`${table.name}_${name}`)
  const existing = context.tables.get(joinName)
  if (existing) {
    const where = existing.raw ? `defined in ${existing.origin.source.file}` : 'the join table of another relation'
    context.report.error(origin, `${subject}: its join table "${joinName}" is already ${where}; name the join table with through:`, {
      sub: relation.through === undefined ? [] : ['through'],
      key: relation.through === undefined,
    })
    return
  }
  const self = other === table.name
  const [left, right] = relation.columns ?? [
    fitIdentifier(self ? `from_${ownKey.column}` : `${bareName(table.name)}_${ownKey.column}`),
    fitIdentifier(self ? `to_${otherKey.column}` : `${bareName(other)}_${otherKey.column}`),
  ]
  const join = newTable(joinName, origin)
  context.tables.set(joinName, join)
  if (left === right) {
    context.report.error(origin, `${subject}: the join table's two columns are both named "${left}"; name them with columns: [a, b]`, {
      sub: relation.columns ? ['columns'] : [],
    })
    return
  }
  addColumn(context, join, { name: left, ...ownKey.spec }, origin)
  addColumn(context, join, { name: right, ...otherKey.spec }, origin)
  join.primaryKey = { name: primaryKeyName(joinName), columns: [left, right] }
  join.foreignKeys.push(
    foreignKey(joinName, [left], table.name, [ownKey.column], 'cascade'),
    foreignKey(joinName, [right], other, [otherKey.column], 'cascade'),
  )
  // The primary key's index serves lookups by the first column; the second needs its own.
  join.indexes.push({ name: constraintName(joinName, [right], 'idx'), columns: [right] })
  for (const item of [join.primaryKey, ...join.foreignKeys, ...join.indexes]) context.origins.set(item, origin)
}

/** Column `references:` and table `foreignKeys:`. */
function references(context: Context, keys: KeyFinder, table: TableDraft): void {
  const raw = table.raw
  if (!raw) return
  const at = (...sub: (string | number)[]): Origin => ({ source: table.origin.source, path: [...table.origin.path, ...sub] })
  for (const [name, value] of Object.entries(raw.columns ?? {})) {
    const ref = typeof value === 'string' ? undefined : (value as RawColumn).references
    if (ref === undefined) continue
    const origin = at('columns', name, 'references')
    const spec = typeof ref === 'string' ? referenceOf(ref, context) : ref
    const subject = `column "${table.name}.${name}"`
    let targetColumn = spec.column
    if (!context.tables.has(spec.table)) {
      context.report.error(origin, `${subject}: references table "${spec.table}", which is not defined`, { sub: typeof ref === 'string' ? [] : ['table'] })
      continue
    }
    if (targetColumn === undefined) {
      const key = keys.keyOf(spec.table)
      if (!key || 'problem' in key) {
        context.report.error(origin, `${subject}: references "${spec.table}" without a column, but ${key ? key.problem : 'it has no key'}`)
        continue
      }
      targetColumn = key.column
    }
    const onDelete = typeof ref === 'string' ? undefined : ref.onDelete
    const onUpdate = typeof ref === 'string' ? undefined : ref.onUpdate
    const fk = foreignKey(table.name, [name], spec.table, [targetColumn], onDelete, onUpdate, undefined, typeof ref === 'string' ? {} : attributesFromRaw(ref))
    table.foreignKeys.push(fk)
    context.origins.set(fk, origin)
  }
  raw.foreignKeys?.forEach((item, i) => {
    const origin = at('foreignKeys', i)
    if (!context.tables.has(item.references.table)) {
      context.report.error(origin, `table "${table.name}": foreign key references table "${item.references.table}", which is not defined`, {
        sub: ['references', 'table'],
      })
      return
    }
    const fk = foreignKey(table.name, item.columns, item.references.table, item.references.columns, item.onDelete, item.onUpdate, item.name, attributesFromRaw(item))
    table.foreignKeys.push(fk)
    context.origins.set(fk, origin)
  })
  // A partition's own foreign keys (partition-objects.ts), named after the partition.
  table.partitions = table.partitions?.map((partition) => {
    const rawFks = raw.partitions?.[partition.name]?.foreignKeys ?? []
    const fks: ForeignKey[] = []
    rawFks.forEach((item, i) => {
      const origin = at('partitions', partition.name, 'foreignKeys', i)
      if (!context.tables.has(item.references.table)) {
        context.report.error(origin, `table "${table.name}": partition "${partition.name}": foreign key references table "${item.references.table}", which is not defined`, {
          sub: ['references', 'table'],
        })
        return
      }
      const fk = foreignKey(partition.name, item.columns, item.references.table, item.references.columns, item.onDelete, item.onUpdate, item.name, attributesFromRaw(item))
      fks.push(fk)
      context.origins.set(fk, origin)
    })
    return fks.length ? { ...partition, foreignKeys: fks } : partition
  })
}

/**
 * `references: TABLE.COLUMN` or `references: TABLE`, where TABLE may be
 * schema-qualified (`billing.invoices.id`): a string naming a table is the
 * table, otherwise the column is after the last dot.
 */
function referenceOf(ref: string, context: Context): { table: string; column?: string } {
  if (context.tables.has(ref)) return { table: ref }
  const dot = ref.lastIndexOf('.')
  return dot < 0 ? { table: ref } : { table: ref.slice(0, dot), column: ref.slice(dot + 1) }
}

function foreignKey(
  table: string,
  columns: readonly string[],
  target: string,
  targetColumns: readonly string[],
  onDelete?: ReferentialAction,
  onUpdate?: ReferentialAction,
  name?: string,
  attributes: Record<string, unknown> = {},
): ForeignKey {
  const fk: Mutable<ForeignKey> = {
    name: name ?? constraintName(table, columns, 'fkey'),
    columns: [...columns],
    references: { table: target, columns: [...targetColumns] },
    ...attributes,
  }
  if (onDelete && onDelete !== 'no action') fk.onDelete = onDelete
  if (onUpdate && onUpdate !== 'no action') fk.onUpdate = onUpdate
  return fk
}
