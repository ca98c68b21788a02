/**
 * Applying operations to the schema model: what a migration does to the
 * schema, without a database. Replaying every migration's `up` from nothing
 * must give the snapshot; `make` computes the new snapshot this way, so the
 * snapshot and the migrations agree by construction.
 *
 * Pure: the input schema is never modified.
 */
import { objectsInSchema } from '../schema/qualified'
import { renameColumnInSql } from '../schema/sql-rename'
import { applyCatalogOperation } from './apply-catalog'
import { applySqlObjectOperation } from './apply-sql-objects'
import { applyFunctionOperation } from './apply-functions'
import { applyPolicyOperation, renameTableInPolicies } from './apply-policies'
import { applyGrantOperation, renameTableInGrants, withoutGrantsOn } from './apply-grants'
import { policiesOf } from '../schema/policies'
import { canonicalSchema } from '../schema/canonical'
import {
  CONSTRAINT_STATE_KEYS,
  type Column,
  type ConstraintState,
  type Enum,
  type Exclusion,
  type ForeignKey,
  type Index,
  type Schema,
  type Table,
  TABLE_OPTION_KEYS,
  TYPE_KEYS,
  findEnum,
  findTable,
  moveTableIndex,
} from '../schema/model'
import { applyPartitionOperation } from './apply-partitions'
import { applyObjectOperation, renameTableInObjects, triggerOn } from './apply-objects'
import type { ColumnChange, Operation } from './operations'

/** An operation that does not fit the schema it is applied to (missing table, duplicate column, ...). */
export class ApplyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ApplyError'
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

function requireTable(schema: Schema, name: string): Table {
  const table = findTable(schema, name)
  if (!table) throw new ApplyError(`table "${name}" does not exist`)
  return table
}

/**
 * The tables a table's foreign keys reference, remembered per table object
 * (the model is readonly data: a changed table is a new object). Dropping
 * every table of a 2,000-table schema asks this of every remaining table
 * each time.
 */
const referenced = new WeakMap<Table, ReadonlySet<string>>()
function referencedTables(table: Table): ReadonlySet<string> {
  let names = referenced.get(table)
  if (!names) {
    // A partition's own foreign keys (partition-objects.ts) reference tables too.
    names = new Set([...table.foreignKeys, ...(table.partitions ?? []).flatMap((p) => p.foreignKeys ?? [])].map((f) => f.references.table))
    referenced.set(table, names)
  }
  return names
}

/**
 * For a list of tables: how many of them reference each table name by a
 * foreign key (a table's references to itself not counted). Built once for a
 * list; a dropTable hands it on to the list without the dropped table,
 * counted down, so that dropping every table of a large schema in turn (a
 * derived down path, checked and linted) costs each drop its own foreign
 * keys instead of a scan of every remaining table. A list asked again after
 * it was handed on builds its own again: the counts are always of the list
 * they belong to.
 */
const counted = new WeakMap<readonly Table[], Map<string, number>>()
function referenceCounts(tables: readonly Table[]): Map<string, number> {
  let counts = counted.get(tables)
  if (!counts) {
    counts = new Map()
    for (const t of tables) for (const name of referencedTables(t)) if (name !== t.name) counts.set(name, (counts.get(name) ?? 0) + 1)
    counted.set(tables, counts)
  }
  return counts
}

function passCounts(from: readonly Table[], to: readonly Table[], dropped: Table): void {
  const counts = counted.get(from)
  if (!counts) return
  counted.delete(from)
  for (const name of referencedTables(dropped)) if (name !== dropped.name) counts.set(name, counts.get(name)! - 1)
  counted.set(to, counts)
}

function requireColumn(table: Table, name: string): Column {
  const column = table.columns.find((c) => c.name === name)
  if (!column) throw new ApplyError(`column "${table.name}.${name}" does not exist`)
  return column
}

function requireEnum(schema: Schema, name: string): Enum {
  const found = findEnum(schema, name)
  if (!found) throw new ApplyError(`enum "${name}" does not exist`)
  return found
}

function withTable(schema: Schema, name: string, change: (table: Table) => Table): Schema {
  const table = requireTable(schema, name)
  const next = change(table)
  // A copy with one entry replaced (slice and indexOf, not a map with a
  // callback: a 7,000-operation migration is replayed table by table).
  const tables = schema.tables.slice()
  tables[tables.indexOf(table)] = next
  if (next.name === table.name) moveTableIndex(schema.tables, tables, (index) => index.set(next.name, next))
  return { ...schema, tables }
}

function without<T extends { readonly name: string }>(items: readonly T[], name: string, what: string): T[] {
  if (!items.some((i) => i.name === name)) throw new ApplyError(`${what} "${name}" does not exist`)
  return items.filter((i) => i.name !== name)
}

function withAdded<T extends { readonly name: string }>(items: readonly T[], item: T, what: string): T[] {
  if (items.some((i) => i.name === item.name)) throw new ApplyError(`${what} "${item.name}" already exists`)
  return [...items, item]
}

/** Every constraint and index name in use in the schema (they share one namespace on PostgreSQL). */
function renameInList(list: readonly string[], from: string, to: string): string[] {
  return list.map((c) => (c === from ? to : c))
}

/** A column after an alteration: a type change replaces the whole type part. */
export function alterColumn(column: Column, to: ColumnChange): Column {
  const out: Mutable<Column> & Record<string, unknown> = { ...column }
  if (to.type !== undefined) {
    for (const key of TYPE_KEYS) delete out[key]
    for (const key of TYPE_KEYS) {
      const value = (to as Record<string, unknown>)[key]
      if (value !== undefined && value !== null) (out as Record<string, unknown>)[key] = value
    }
  }
  if (to.nullable !== undefined) {
    if (to.nullable) out.nullable = true
    else delete out.nullable
  }
  if (to.default !== undefined) {
    if (to.default === null) delete out.default
    else out.default = to.default
  }
  if (to.generated !== undefined) {
    if (to.generated === null) delete out.generated
    else out.generated = to.generated
  }
  if (to.onUpdate !== undefined) {
    if (to.onUpdate === null) delete out.onUpdate
    else out.onUpdate = to.onUpdate
  }
  return out
}

function renameColumnInTable(table: Table, from: string, to: string): Table {
  const rename = (cols: readonly string[]) => renameInList(cols, from, to)
  return {
    ...table,
    // A generated column's expression follows the rename, as it does in the database (sql-rename.ts).
    columns: table.columns.map((c) => {
      const renamed = c.name === from ? { ...c, name: to } : c
      const g = renamed.generated
      return g ? { ...renamed, generated: { ...g, expression: renameColumnInSql(g.expression, from, to) } } : renamed
    }),
    primaryKey: table.primaryKey && { ...table.primaryKey, columns: rename(table.primaryKey.columns) },
    uniques: table.uniques.map((u) => ({ ...u, columns: rename(u.columns) })),
    indexes: table.indexes.map((i) => renameInIndex(i, from, to)),
    foreignKeys: table.foreignKeys.map((f) => ({ ...f, columns: rename(f.columns) })),
    ...(table.exclusions
      ? {
          exclusions: table.exclusions.map((x) => ({
            ...x,
            elements: x.elements.map((e) => (e.column === from ? { ...e, column: to } : e)),
            ...(x.include ? { include: rename(x.include) } : {}),
          })),
        }
      : {}),
    ...(table.partitionBy?.columns ? { partitionBy: { ...table.partitionBy, columns: rename(table.partitionBy.columns) } } : {}),
    // A partition has its parent's columns: what it holds of its own follows the rename.
    ...(table.partitions
      ? {
          partitions: table.partitions.map((p) => ({
            ...p,
            ...(p.indexes ? { indexes: p.indexes.map((i) => renameInIndex(i, from, to)) } : {}),
            ...(p.uniques ? { uniques: p.uniques.map((u) => ({ ...u, columns: rename(u.columns) })) } : {}),
            ...(p.foreignKeys ? { foreignKeys: p.foreignKeys.map((f) => ({ ...f, columns: rename(f.columns) })) } : {}),
          })),
        }
      : {}),
  }
}

/** The foreign keys of a table and of its partitions (their own), each changed by `change`. */
function mapForeignKeys(t: Table, change: (fk: ForeignKey) => ForeignKey): Table {
  return {
    ...t,
    foreignKeys: t.foreignKeys.map(change),
    ...(t.partitions?.some((p) => p.foreignKeys) ? { partitions: t.partitions.map((p) => (p.foreignKeys ? { ...p, foreignKeys: p.foreignKeys.map(change) } : p)) } : {}),
  }
}

/** The table's constraints and indexes renamed by `renames` (old name to new); every old name must be one of them. */
function renameNamesInTable(table: Table, renames: Readonly<Record<string, string>>): Table {
  const entries = Object.entries(renames)
  if (entries.length === 0) return table
  const names = tableItemNames(table)
  for (const [from, to] of entries) {
    if (!names.includes(from)) throw new ApplyError(`table "${table.name}" has no constraint or index "${from}" to rename`)
    if (names.includes(to) && renames[to] === undefined) throw new ApplyError(`table "${table.name}" already has a constraint or index "${to}"`)
  }
  const rename = <T extends { readonly name: string }>(item: T): T => (renames[item.name] === undefined ? item : { ...item, name: renames[item.name]! })
  return {
    ...table,
    ...(table.primaryKey ? { primaryKey: rename(table.primaryKey) } : {}),
    uniques: table.uniques.map(rename),
    indexes: table.indexes.map(rename),
    foreignKeys: table.foreignKeys.map(rename),
    checks: table.checks.map(rename),
    ...(table.exclusions ? { exclusions: table.exclusions.map(rename) } : {}),
  }
}

/** The names of a table's primary key, uniques, indexes, foreign keys and checks. */
export function tableItemNames(table: Table): string[] {
  return [
    ...(table.primaryKey ? [table.primaryKey.name] : []),
    ...[...table.uniques, ...table.indexes, ...table.foreignKeys, ...table.checks, ...(table.exclusions ?? [])].map((i) => i.name),
  ]
}

/** An index with column `from` called `to` (its key list, its per-column options, its INCLUDE list). */
function renameInIndex(index: Index, from: string, to: string): Index {
  if (!index.columns && !index.include) return index
  const out: Mutable<Index> = { ...index }
  if (index.columns) out.columns = renameInList(index.columns, from, to)
  if (index.include) out.include = renameInList(index.include, from, to)
  if (index.columnOptions?.[from]) {
    out.columnOptions = Object.fromEntries(Object.entries(index.columnOptions).map(([c, o]) => [c === from ? to : c, o]))
  }
  return out
}

/** Rename references to a column of `table` from foreign keys of every table. */
function renameReferencedColumn(schema: Schema, table: string, from: string, to: string): Schema {
  return {
    ...schema,
    tables: schema.tables.map((t) =>
      mapForeignKeys(t, (f) => (f.references.table === table ? { ...f, references: { ...f.references, columns: renameInList(f.references.columns, from, to) } } : f)),
    ),
  }
}

/** Apply one operation. Throws ApplyError when it does not fit the schema. */
export function applyOperation(schema: Schema, op: Operation): Schema {
  switch (op.op) {
    // The model's schemas are those its names are in (schema/qualified.ts):
    // creating one changes nothing yet, dropping one needs it empty.
    case 'createSchema':
      return schema
    case 'dropSchema': {
      const held = objectsInSchema(schema, op.name)
      if (held.length > 0) throw new ApplyError(`schema "${op.name}" still holds ${held.map((n) => `"${n}"`).join(', ')}`)
      return schema
    }
    case 'createTable': {
      if (findTable(schema, op.table.name)) throw new ApplyError(`table "${op.table.name}" already exists`)
      const tables = [...schema.tables, op.table]
      moveTableIndex(schema.tables, tables, (index) => index.set(op.table.name, op.table))
      return { ...schema, tables }
    }
    case 'dropTable': {
      requireTable(schema, op.name)
      const counts = referenceCounts(schema.tables)
      const referencing = counts.get(op.name) ? schema.tables.find((t) => t.name !== op.name && referencedTables(t).has(op.name)) : undefined
      if (referencing) {
        throw new ApplyError(`table "${op.name}" is still referenced by a foreign key of "${referencing.name}"`)
      }
      const trigger = triggerOn(schema, op.name)
      if (trigger) throw new ApplyError(`table "${op.name}" still has trigger "${trigger}"; drop it first`)
      const policy = policiesOf(schema).find((p) => p.table === op.name)
      if (policy) throw new ApplyError(`table "${op.name}" still has policy "${policy.name}"; drop it first`)
      const tables = schema.tables.slice()
      const dropped = findTable(schema, op.name)!
      tables.splice(tables.indexOf(dropped), 1)
      passCounts(schema.tables, tables, dropped)
      moveTableIndex(schema.tables, tables, (index) => index.delete(op.name))
      return withoutGrantsOn({ ...schema, tables }, ['table'], op.name)
    }
    case 'renameTable': {
      const renamed = renameNamesInTable(requireTable(schema, op.from), op.renames ?? {})
      if (findTable(schema, op.to)) throw new ApplyError(`table "${op.to}" already exists`)
      return {
        ...renameTableInGrants(renameTableInPolicies(renameTableInObjects(schema, op.from, op.to), op.from, op.to), op.from, op.to),
        tables: schema.tables.map((table) => {
          const t = table.name === op.from ? { ...renamed, name: op.to } : table
          return mapForeignKeys(t, (f) => (f.references.table === op.from ? { ...f, references: { ...f.references, table: op.to } } : f))
        }),
      }
    }
    case 'addColumn':
      return withTable(schema, op.table, (t) => {
        if (t.columns.some((c) => c.name === op.column.name)) {
          throw new ApplyError(`column "${t.name}.${op.column.name}" already exists`)
        }
        return { ...t, columns: [...t.columns, op.column] }
      })
    case 'dropColumn':
      return withTable(schema, op.table, (t) => {
        requireColumn(t, op.column)
        const uses = (cols: readonly string[] | undefined) => cols?.includes(op.column) ?? false
        const user =
          (uses(t.primaryKey?.columns) && 'the primary key') ||
          t.uniques.find((u) => uses(u.columns))?.name ||
          t.indexes.find((i) => uses(i.columns))?.name ||
          t.foreignKeys.find((f) => uses(f.columns))?.name ||
          t.exclusions?.find((x) => x.elements.some((e) => e.column === op.column) || uses(x.include))?.name
        if (user) throw new ApplyError(`column "${t.name}.${op.column}" is still used by ${user}`)
        return { ...t, columns: t.columns.filter((c) => c.name !== op.column) }
      })
    case 'renameColumn': {
      const next = withTable(schema, op.table, (t) => {
        requireColumn(t, op.from)
        if (t.columns.some((c) => c.name === op.to)) throw new ApplyError(`column "${t.name}.${op.to}" already exists`)
        return renameNamesInTable(renameColumnInTable(t, op.from, op.to), op.renames ?? {})
      })
      return renameReferencedColumn(next, op.table, op.from, op.to)
    }
    case 'alterColumn':
      return withTable(schema, op.table, (t) => {
        requireColumn(t, op.column)
        return { ...t, columns: t.columns.map((c) => (c.name === op.column ? alterColumn(c, op.to) : c)) }
      })
    case 'addIndex':
      return withTable(schema, op.table, (t) => ({ ...t, indexes: withAdded(t.indexes, op.index, 'index') }))
    case 'dropIndex':
      return withTable(schema, op.table, (t) => ({ ...t, indexes: without(t.indexes, op.name, 'index') }))
    case 'addUnique':
      return withTable(schema, op.table, (t) => ({ ...t, uniques: withAdded(t.uniques, op.unique, 'unique constraint') }))
    case 'dropUnique':
      return withTable(schema, op.table, (t) => ({ ...t, uniques: without(t.uniques, op.name, 'unique constraint') }))
    case 'addForeignKey':
      requireTable(schema, op.foreignKey.references.table)
      return withTable(schema, op.table, (t) => ({
        ...t,
        foreignKeys: withAdded(t.foreignKeys, op.foreignKey, 'foreign key'),
      }))
    case 'dropForeignKey':
      return withTable(schema, op.table, (t) => ({ ...t, foreignKeys: without(t.foreignKeys, op.name, 'foreign key') }))
    case 'addCheck':
      return withTable(schema, op.table, (t) => ({ ...t, checks: withAdded(t.checks, op.check, 'check constraint') }))
    case 'dropCheck':
      return withTable(schema, op.table, (t) => ({ ...t, checks: without(t.checks, op.name, 'check constraint') }))
    case 'addExclusion':
      return withTable(schema, op.table, (t) => withExclusions(t, withAdded(t.exclusions ?? [], op.exclusion, 'exclusion constraint')))
    case 'dropExclusion':
      return withTable(schema, op.table, (t) => withExclusions(t, without(t.exclusions ?? [], op.name, 'exclusion constraint')))
    case 'addPartition':
    case 'dropPartition':
    case 'alterPartition':
      return applyPartitionOperation(schema, op, (message) => {
        throw new ApplyError(message)
      })
    case 'alterConstraint':
      return withTable(schema, op.table, (t) => {
        const set = <T extends { readonly name: string }>(item: T): T => (item.name === op.name ? withState(item, op.to) : item)
        if (t.foreignKeys.some((f) => f.name === op.name)) return { ...t, foreignKeys: t.foreignKeys.map(set) }
        if (t.checks.some((c) => c.name === op.name)) return { ...t, checks: t.checks.map(set) }
        throw new ApplyError(`table "${op.table}" has no foreign key or check "${op.name}" to alter`)
      })
    case 'alterPrimaryKey':
      return withTable(schema, op.table, (t) => {
        const out: Mutable<Table> = { ...t }
        if (op.to) out.primaryKey = op.to
        else delete out.primaryKey
        return out
      })
    case 'createEnum':
      if (findEnum(schema, op.name)) throw new ApplyError(`enum "${op.name}" already exists`)
      return { ...schema, enums: [...schema.enums, { name: op.name, values: op.values }] }
    case 'alterEnum': {
      const current = requireEnum(schema, op.name)
      return { ...schema, enums: schema.enums.map((e) => (e === current ? { ...e, values: op.to } : e)) }
    }
    case 'dropEnum': {
      requireEnum(schema, op.name)
      const user = schema.tables.flatMap((t) => t.columns.map((c) => [t, c] as const)).find(([, c]) => c.enum === op.name)
      if (user) throw new ApplyError(`enum "${op.name}" is still used by column "${user[0].name}.${user[1].name}"`)
      return { ...schema, enums: schema.enums.filter((e) => e.name !== op.name) }
    }
    case 'setComment':
      return withTable(schema, op.table, (t) => {
        if (op.constraint !== undefined) return withConstraintComment(t, op.constraint, op.to)
        if (op.index !== undefined) {
          const index = t.indexes.find((i) => i.name === op.index)
          if (!index) throw new ApplyError(`index "${op.index}" does not exist on table "${op.table}"`)
          return { ...t, indexes: t.indexes.map((i) => (i === index ? withComment(i, op.to) : i)) }
        }
        if (op.column === undefined) {
          const out: Mutable<Table> = { ...t }
          if (op.to === null) delete out.comment
          else out.comment = op.to
          return out
        }
        requireColumn(t, op.column)
        return {
          ...t,
          columns: t.columns.map((c) => {
            if (c.name !== op.column) return c
            const out: Mutable<Column> = { ...c }
            if (op.to === null) delete out.comment
            else out.comment = op.to
            return out
          }),
        }
      })
    case 'createView':
    case 'dropView':
    case 'createTrigger':
    case 'dropTrigger': {
      const out = applyObjectOperation(schema, op, (message) => {
        throw new ApplyError(message)
      })
      return op.op === 'dropView' ? withoutGrantsOn(out, ['view'], op.name) : out
    }
    case 'createFunction':
    case 'dropFunction':
    case 'replaceFunction': {
      const out = applyFunctionOperation(schema, op, (message) => {
        throw new ApplyError(message)
      })
      return op.op === 'dropFunction' ? withoutGrantsOn(out, ['function'], op.name) : out
    }
    case 'createSequence':
    case 'dropSequence':
    case 'alterSequence':
    case 'createExtension':
    case 'dropExtension':
    case 'alterExtension':
    case 'createDomain':
    case 'dropDomain':
    case 'alterDomain':
    case 'createType':
    case 'dropType':
    case 'alterType':
      return applyCatalogOperation(schema, op, (message) => {
        throw new ApplyError(message)
      })
    case 'setTableOptions':
      return withTable(schema, op.table, (t) => {
        const out: Record<string, unknown> = { ...t }
        for (const key of TABLE_OPTION_KEYS) {
          if (op.to[key]) out[key] = op.to[key]
          else delete out[key]
        }
        return out as unknown as Table
      })
    case 'createPolicy':
    case 'dropPolicy':
    case 'alterPolicy':
    case 'setRowLevelSecurity':
      return applyPolicyOperation(schema, op, (message) => {
        throw new ApplyError(message)
      })
    case 'createSql':
    case 'dropSql':
      return applySqlObjectOperation(schema, op, (message) => {
        throw new ApplyError(message)
      })
    case 'grant':
    case 'revoke':
      return applyGrantOperation(schema, op, (message) => {
        throw new ApplyError(message)
      })
    case 'insert':
    case 'update':
    case 'delete':
      requireTable(schema, op.table)
      return schema
    case 'sql':
      // Raw SQL is opaque to the model: the user is responsible for keeping the
      // schema files in step with what it does.
      return schema
  }
}

/**
 * Apply operations in order, for a caller that needs only the end state:
 * the same result and the same errors as applyOperation one by one, with a
 * run of createTables added at once (see CreateTableRun).
 */
export function applyAll(schema: Schema, ops: readonly Operation[]): Schema {
  const run = new CreateTableRun()
  let out = schema
  for (const op of ops) out = op.op === 'createTable' ? run.add(out, op.table) : applyOperation(run.flush(out), op)
  return run.flush(out)
}

/** Apply operations in order; the result is canonical. */
export function applyOperations(schema: Schema, ops: readonly Operation[]): Schema {
  return canonicalSchema(applyAll(schema, ops))
}

/**
 * A run of createTable operations applied in linear time: applyOperation
 * copies the table list and scans it for the name on every call, which makes
 * an initial migration of 2,000 tables quadratic. The tables of a run are
 * collected (with the same duplicate check) and added at once by `flush`,
 * which must come before any other operation and at the end of a migration.
 */
export class CreateTableRun {
  private base: Schema | undefined
  private added: Table[] = []
  private names: Set<string> | undefined

  add(schema: Schema, table: Table): Schema {
    if (this.base === undefined) {
      this.base = schema
      this.names = new Set(schema.tables.map((t) => t.name))
    } else if (this.base !== schema) {
      throw new Error('strata bug: createTable run continued on another schema')
    }
    if (this.names!.has(table.name)) throw new ApplyError(`table "${table.name}" already exists`)
    this.names!.add(table.name)
    this.added.push(table)
    return schema
  }

  flush(schema: Schema): Schema {
    if (this.base === undefined) return schema
    if (this.base !== schema) throw new Error('strata bug: createTable run flushed on another schema')
    const out = { ...schema, tables: [...schema.tables, ...this.added] }
    const added = this.added
    moveTableIndex(schema.tables, out.tables, (index) => {
      for (const t of added) index.set(t.name, t)
    })
    this.base = undefined
    this.names = undefined
    this.added = []
    return out
  }
}


/** `item` with comment `text` (none for null). */
function withComment<T extends { readonly comment?: string }>(item: T, text: string | null): T {
  const out: { -readonly [K in keyof T]: T[K] } = { ...item }
  if (text === null) delete out.comment
  else out.comment = text
  return out
}

/** The table with these EXCLUDE constraints (the key left out when there are none). */
function withExclusions(table: Table, exclusions: readonly Exclusion[]): Table {
  const out: Mutable<Table> = { ...table }
  if (exclusions.length) out.exclusions = exclusions
  else delete out.exclusions
  return out
}

/** `item` with the foreign-key / check state `state` (keys it lacks are off). */
function withState<T extends object>(item: T, state: ConstraintState): T {
  const out: Record<string, unknown> = { ...(item as Record<string, unknown>) }
  for (const key of CONSTRAINT_STATE_KEYS) {
    if (state[key]) out[key] = true
    else delete out[key]
  }
  return out as T
}

/** The table with the comment of its constraint `name` (primary key, unique, foreign key, check, exclusion) set. */
function withConstraintComment(t: Table, name: string, text: string | null): Table {
  const set = <T extends { readonly name: string; readonly comment?: string }>(item: T): T => (item.name === name ? withComment(item, text) : item)
  if (t.primaryKey?.name === name) return { ...t, primaryKey: withComment(t.primaryKey, text) }
  if (t.uniques.some((u) => u.name === name)) return { ...t, uniques: t.uniques.map(set) }
  if (t.foreignKeys.some((f) => f.name === name)) return { ...t, foreignKeys: t.foreignKeys.map(set) }
  if (t.checks.some((c) => c.name === name)) return { ...t, checks: t.checks.map(set) }
  if (t.exclusions?.some((x) => x.name === name)) return { ...t, exclusions: t.exclusions.map(set) }
  throw new ApplyError(`constraint "${name}" does not exist on table "${t.name}"`)
}
