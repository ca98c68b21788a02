/**
 * From validated schema files to the model: shorthands expanded, implicit
 * primary keys added, inline enums hoisted, every constraint named. Relations
 * and references are expanded by relations.ts once every table is known.
 */
import { checkColumnOptions } from './check-columns'
import { attributesFromRaw } from './constraint-attributes'
import { exclusionFromRaw } from './exclusions'
import { type Partition, partitionFromRaw, partitionKeyFromRaw } from './partitions'
import { partitionCheckFromRaw, partitionIndexFromRaw, partitionUniqueFromRaw } from './partition-objects'
import { addColumn, newTable } from './draft'
import { canonicalMysqlOptions } from './canonical'
import { indexFromRaw } from './index-options'
import type { Context, EnumEntry, Rename, Resolution, TableDraft } from './draft'
import type { Column, Enum, Schema, Table } from './model'
import { constraintName, expressionWords, fitIdentifier, primaryKeyName } from './naming'
import type { Origin, Origins, Reporter } from './origins'
import type { RawColumn, RawFile, RawNamedKey } from './raw'
import { expandRelations } from './relations'
import { resolveCustomTypes } from './custom-types'
import { resolveDomains } from './domains'
import { resolveExtensions } from './extensions'
import { resolveFunctions } from './resolve-functions'
import { resolvePolicies } from './resolve-policies'
import { resolveGrants } from './resolve-grants'
import { rowLevelSecurityOf } from './policies'
import { resolveSequences } from './sequences'
import { resolveObjects } from './resolve-objects'
import { triggerFunctionName } from './triggers'
import { checkSqlObjectsBeforeViews, resolveSqlObjects } from './sql-objects'
import type { YamlSource } from './yaml-source'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Resolve validated files (sorted by name) into one model; problems go to `report`. */
export function resolveSources(sources: readonly YamlSource[], report: Reporter): Resolution {
  const tables = new Map<string, TableDraft>()
  const enums = new Map<string, EnumEntry>()
  const origins: Origins = new WeakMap()
  const renames: Rename[] = []
  const context: Context = { tables, enums, origins, renames, report }

  for (const source of sources) {
    const file = source.value as RawFile
    for (const [name, values] of Object.entries(file.enums ?? {})) {
      addEnum(context, { name, values }, { source, path: ['enums', name] })
    }
    for (const [name, raw] of Object.entries(file.tables)) {
      const origin: Origin = { source, path: ['tables', name] }
      const other = tables.get(name)
      if (other) {
        report.error(origin, `table "${name}": defined in both ${other.origin.source.file} and ${source.file}; a table is defined in one file`, { key: true })
        continue
      }
      tables.set(name, newTable(name, origin, raw))
    }
  }
  for (const table of [...tables.values()]) buildTable(context, table)
  expandRelations(context)

  const sqlNames = new Set(sources.flatMap((s) => Object.keys((s.value as RawFile).sql ?? {})))
  const objects = resolveObjects(sources, tables, new Set(enums.keys()), report, origins, sqlNames)
  const bodies = new Map(objects.triggers.filter((t) => t.body !== undefined).map((t) => [triggerFunctionName(t), t.name]))
  const functions = resolveFunctions(sources, new Set([...tables.keys(), ...objects.views.map((v) => v.name)]), bodies, origins, report)
  const policies = resolvePolicies(sources, origins, report)
  const schema: Schema = {
    tables: [...tables.values()].map(toTable),
    enums: [...enums.values()].map((e) => e.enum),
    ...(objects.views.length ? { views: objects.views } : {}),
    ...(objects.triggers.length ? { triggers: objects.triggers } : {}),
    ...(functions.length ? { functions } : {}),
    ...(policies.length ? { policies } : {}),
    ...catalogObjects(sources, tables, new Set([...enums.keys()]), new Set(objects.views.map((v) => v.name)), origins, report),
  }
  const grants = resolveGrants(sources, schema, origins, report)
  if (grants.length) (schema as { grants?: typeof grants }).grants = grants
  const known = new Set([...tables.keys(), ...objects.views.map((v) => v.name), ...functions.map((f) => f.name)])
  const sql = resolveSqlObjects(sources, known, origins, report)
  if (sql.length) (schema as { sql?: typeof sql }).sql = sql
  checkSqlObjectsBeforeViews(schema, origins, report)
  return { schema, tables, enums, origins, renames }
}

/** Sequences, extensions, domains, composite and range types (PostgreSQL), each section present only when it has entries. */
function catalogObjects(
  sources: readonly YamlSource[],
  tables: ReadonlyMap<string, TableDraft>,
  enums: ReadonlySet<string>,
  views: ReadonlySet<string>,
  origins: Origins,
  report: Reporter,
): Partial<Schema> {
  const typeNames = (section: 'domains' | 'types') => new Set(sources.flatMap((s) => Object.keys((s.value as RawFile)[section] ?? {})))
  const columnsOf = (table: string) => tables.get(table)?.columns.map((c) => c.name)
  const relations = new Set([...tables.keys(), ...views])
  const sequences = resolveSequences(sources, columnsOf, relations, origins, report)
  const extensions = resolveExtensions(sources, origins, report)
  const domains = resolveDomains(sources, new Set([...enums, ...typeNames('types'), ...tables.keys()]), origins, report)
  const types = resolveCustomTypes(sources, new Set([...enums, ...tables.keys()]), origins, report)
  return {
    ...(sequences.length ? { sequences } : {}),
    ...(extensions.length ? { extensions } : {}),
    ...(domains.length ? { domains } : {}),
    ...(types.length ? { types } : {}),
  }
}

function addEnum(context: Context, value: Enum, origin: Origin): void {
  const other = context.enums.get(value.name)
  if (other) {
    const where = other.origin.source === origin.source ? `${other.origin.path.join('.')}` : other.origin.source.file
    context.report.error(origin, `enum "${value.name}": already defined (${where})`, { key: true })
    return
  }
  context.enums.set(value.name, { enum: value, origin })
  context.origins.set(value, origin)
}

/** Columns, primary key, uniques, indexes, checks of one declared table. */
function buildTable(context: Context, table: TableDraft): void {
  const raw = table.raw
  if (!raw) return
  const { origin } = table
  const at = (...sub: (string | number)[]): Origin => ({ source: origin.source, path: [...origin.path, ...sub] })
  const keyed = <T extends object>(item: T, itemOrigin: Origin): T => {
    context.origins.set(item, itemOrigin)
    return item
  }
  table.comment = raw.comment
  if (raw.strict) table.strict = true
  if (raw.withoutRowid) table.withoutRowid = true
  if (raw.unlogged) table.unlogged = true
  if (raw.partitionBy) table.partitionBy = partitionKeyFromRaw(raw.partitionBy)
  const partitions = Object.entries(raw.partitions ?? {})
  if (partitions.length) {
    table.partitions = partitions.map(([name, p]) => {
      const out = { ...partitionFromRaw(name, p) } as Mutable<Partition>
      const indexes = (p.indexes ?? []).map((item, i) => keyed(partitionIndexFromRaw(name, item), at('partitions', name, 'indexes', i)))
      const uniques = (p.unique ?? []).map((item, i) => keyed(partitionUniqueFromRaw(name, item), at('partitions', name, 'unique', i)))
      const checks = (p.checks ?? []).map((item, i) => keyed(partitionCheckFromRaw(name, item), at('partitions', name, 'checks', i)))
      if (indexes.length) out.indexes = indexes
      if (uniques.length) out.uniques = uniques
      if (checks.length) out.checks = checks
      // Foreign keys are resolved with the other references (relations.ts), once every table is known.
      return out
    })
  }
  const mysql = canonicalMysqlOptions(raw.mysql)
  if (mysql) table.mysql = mysql
  const rls = rowLevelSecurityOf({ enable: raw.rowLevelSecurity?.enable || undefined, force: raw.rowLevelSecurity?.force || undefined })
  if (rls.enable || rls.force) {
    table.rowLevelSecurity = rls
    context.origins.set(rls, at('rowLevelSecurity'))
  }
  if (raw.renamedFrom !== undefined) {
    context.renames.push({ kind: 'table', table: table.name, from: raw.renamedFrom, origin: at('renamedFrom') })
  }

  const pkColumns: string[] = []
  for (const [name, value] of Object.entries(raw.columns ?? {})) {
    const columnOrigin = at('columns', name)
    const rawColumn: RawColumn = typeof value === 'string' ? { type: value } : value
    const column = buildColumn(context, table.name, name, rawColumn, columnOrigin)
    addColumn(context, table, column, columnOrigin)
    if (rawColumn.primaryKey) pkColumns.push(name)
    if (rawColumn.unique) {
      table.uniques.push(keyed({ name: constraintName(table.name, [name], 'key'), columns: [name] }, at('columns', name, 'unique')))
    }
    if (rawColumn.renamedFrom !== undefined) {
      context.renames.push({ kind: 'column', table: table.name, column: name, from: rawColumn.renamedFrom, origin: at('columns', name, 'renamedFrom') })
    }
  }

  const declared = raw.primaryKey
  if (declared !== undefined && pkColumns.length > 0) {
    const said = declared === false ? 'primaryKey: false' : "the table's primaryKey"
    context.report.error(
      at('primaryKey'),
      `table "${table.name}": the primary key is declared twice, by primaryKey: true on ${pkColumns.join(', ')} and by ${said}; keep one`,
      { key: true },
    )
  }
  const pkOrigin = declared !== undefined ? at('primaryKey') : at('columns', pkColumns[0] ?? '', 'primaryKey')
  if (declared === false) {
    // A table without a primary key, said so explicitly: no implicit `id`.
  } else if (declared !== undefined && !Array.isArray(declared)) {
    const named = declared as RawNamedKey
    table.primaryKey = keyed({ name: named.name ?? primaryKeyName(table.name), columns: [...named.columns], ...attributesFromRaw(named) }, pkOrigin)
  } else if ((declared ?? pkColumns).length > 0) {
    table.primaryKey = keyed({ name: primaryKeyName(table.name), columns: [...((declared as readonly string[] | undefined) ?? pkColumns)] }, pkOrigin)
  } else if (table.columnsByName.has('id')) {
    context.report.error(
      at('columns', 'id'),
      `table "${table.name}": no primary key, and the implicit "id" primary key would clash with column "id"; mark it primaryKey: true, or say primaryKey: false for a table without one`,
      { key: true },
    )
  } else {
    // Django's convention: a table without a declared key gets `id bigint` autoincrement, first.
    addColumn(context, table, { name: 'id', type: 'bigint', autoincrement: true }, origin, true)
    table.primaryKey = keyed({ name: primaryKeyName(table.name), columns: ['id'] }, origin)
  }

  raw.unique?.forEach((item, i) => {
    const columns = Array.isArray(item) ? (item as readonly string[]) : (item as { columns: readonly string[] }).columns
    const given = Array.isArray(item) ? undefined : (item as RawNamedKey).name
    const attributes = Array.isArray(item) ? {} : attributesFromRaw(item as RawNamedKey)
    table.uniques.push(keyed({ name: given ?? constraintName(table.name, columns, 'key'), columns: [...columns], ...attributes }, at('unique', i)))
  })
  raw.indexes?.forEach((item, i) => {
    table.indexes.push(keyed(indexFromRaw(table.name, item), at('indexes', i)))
  })
  raw.checks?.forEach((item, i) => {
    const name = item.name ?? constraintName(table.name, [expressionWords(item.expression)], 'check')
    table.checks.push(keyed({ name, expression: item.expression, ...attributesFromRaw(item) }, at('checks', i)))
  })
  raw.exclude?.forEach((item, i) => {
    table.exclusions.push(keyed(exclusionFromRaw(table.name, item), at('exclude', i)))
  })
}

function buildColumn(context: Context, table: string, name: string, raw: RawColumn, origin: Origin): Column {
  checkColumnOptions(raw, `column "${table}.${name}"`, origin, context.report)
  const column: Mutable<Column> = { name, type: raw.type }
  if (raw.length !== undefined) column.length = raw.length
  if (raw.precision !== undefined) column.precision = raw.precision
  if (raw.scale !== undefined) column.scale = raw.scale
  if (raw.timezone !== undefined) column.timezone = raw.timezone
  if (raw.native !== undefined) column.native = { ...raw.native }
  if (raw.autoincrement !== undefined) column.autoincrement = raw.autoincrement
  // `by default` is what an identity is unless said otherwise: the model holds only `always`.
  if (raw.identity === 'always') column.identity = 'always'
  if (raw.sequence !== undefined) column.sequence = raw.sequence
  if (raw.monotonic !== undefined) column.monotonic = raw.monotonic
  if (raw.collation !== undefined) column.collation = raw.collation
  if (raw.array !== undefined && raw.array !== false) column.array = raw.array === true ? 1 : raw.array
  if (raw.nullable !== undefined) column.nullable = raw.nullable
  if (raw.default !== undefined) column.default = raw.default
  if (raw.generated !== undefined) column.generated = raw.generated.stored ? { expression: raw.generated.expression, stored: true } : { expression: raw.generated.expression }
  if (raw.onUpdate !== undefined) column.onUpdate = raw.onUpdate
  if (raw.comment !== undefined) column.comment = raw.comment
  if (raw.enum !== undefined) column.enum = raw.enum
  if (raw.type === 'enum' && raw.values !== undefined && raw.enum === undefined) {
    // Inline enums become top-level enums named `<table>_<column>` (see model.ts).
    const enumName = fitIdentifier(`${table}_${name}`)
    addEnum(context, { name: enumName, values: [...raw.values] }, { source: origin.source, path: [...origin.path, 'values'] })
    column.enum = enumName
  }
  return column
}

function toTable(draft: TableDraft): Table {
  const table: Mutable<Table> = {
    name: draft.name,
    columns: draft.columns,
    uniques: draft.uniques,
    indexes: draft.indexes,
    foreignKeys: draft.foreignKeys,
    checks: draft.checks,
  }
  if (draft.exclusions.length) table.exclusions = draft.exclusions
  if (draft.primaryKey) table.primaryKey = draft.primaryKey
  if (draft.comment !== undefined) table.comment = draft.comment
  if (draft.strict) table.strict = true
  if (draft.withoutRowid) table.withoutRowid = true
  if (draft.unlogged) table.unlogged = true
  if (draft.partitionBy) table.partitionBy = draft.partitionBy
  if (draft.partitions?.length) table.partitions = draft.partitions
  if (draft.mysql) table.mysql = draft.mysql
  if (draft.rowLevelSecurity) table.rowLevelSecurity = draft.rowLevelSecurity
  return table
}
