/**
 * The model back to schema-file YAML (SPEC §2), for `strata introspect` and
 * `strata diff`. The files load back to exactly the model they came from:
 * names that differ from the generated defaults (naming.ts) are written out,
 * enums are top-level, and every default, comment and referential action is
 * kept. A table without a primary key is written `primaryKey: false` (so
 * the loader adds no `id`), and a primary key named otherwise than
 * `<table>_pkey` as `primaryKey: { name, columns }`.
 */
import { emitYamlDocument } from './yaml-emit'
import { renderIndexBody } from './index-options'
import { canonicalSchema } from './canonical'
import { hasAttributes, renderAttributes, renderForeignKey } from './constraint-attributes'
import { renderExclusion } from './exclusions'
import { renderPartitionKey, renderPartitions } from './partitions'
import type { Column, Enum, ForeignKey, Schema, Table, Unique } from './model'
import { constraintName, expressionWords, primaryKeyName } from './naming'
import type { StoredFunction } from './functions'
import type { SqlObject } from './sql-objects'
import type { Policy } from './policies'
import type { Grant } from './grants'
import type { Trigger } from './triggers'
import type { View } from './views'

type Plain = Record<string, unknown>

/** A single-column foreign key with the generated name: written as the column's `references:`. */
function isColumnReference(table: Table, fk: ForeignKey): boolean {
  return fk.columns.length === 1 && fk.references.columns.length === 1 && fk.name === constraintName(table.name, fk.columns, 'fkey')
}

/** A single-column unique constraint with the generated name: written as the column's `unique: true`. */
function isColumnUnique(table: Table, unique: Unique): boolean {
  return unique.columns.length === 1 && unique.name === constraintName(table.name, unique.columns, 'key') && !hasAttributes(unique)
}

/** A single-column primary key with the generated name: written as the column's `primaryKey: true`. */
function isColumnKey(table: Table): boolean {
  const pk = table.primaryKey
  return pk !== undefined && pk.columns.length === 1 && pk.name === primaryKeyName(table.name) && !hasAttributes(pk)
}

function renderColumn(table: Table, column: Column): unknown {
  const out: Plain = { type: column.type }
  // One dimension is `array: true`, more their number.
  if (column.array !== undefined) out.array = column.array === 1 ? true : column.array
  for (const key of ['length', 'precision', 'scale', 'timezone', 'enum', 'native', 'autoincrement', 'identity', 'sequence', 'monotonic', 'collation'] as const) {
    if (column[key] !== undefined && column[key] !== false) out[key] = column[key]
  }
  const pk = table.primaryKey
  if (pk && isColumnKey(table) && pk.columns[0] === column.name) out.primaryKey = true
  if (column.nullable) out.nullable = true
  if (table.uniques.some((u) => isColumnUnique(table, u) && u.columns[0] === column.name)) out.unique = true
  if (column.default !== undefined) out.default = column.default
  if (column.generated !== undefined) out.generated = column.generated.stored ? { expression: column.generated.expression, stored: true } : { expression: column.generated.expression }
  if (column.onUpdate !== undefined) out.onUpdate = column.onUpdate
  const fk = table.foreignKeys.find((f) => f.columns[0] === column.name && isColumnReference(table, f))
  if (fk) {
    const ref: Plain = { table: fk.references.table, column: fk.references.columns[0] }
    if (fk.onDelete) ref.onDelete = fk.onDelete
    if (fk.onUpdate) ref.onUpdate = fk.onUpdate
    Object.assign(ref, renderAttributes(fk))
    out.references = ref
  }
  if (column.comment !== undefined) out.comment = column.comment
  // `name: type` shorthand when the type is all there is.
  return Object.keys(out).length === 1 ? column.type : out
}

/** One table in schema-file form (the value under `tables.<name>`). */
export function renderTable(table: Table): Plain {
  const out: Plain = {}
  if (table.comment !== undefined) out.comment = table.comment
  out.columns = Object.fromEntries(table.columns.map((c) => [c.name, renderColumn(table, c)]))
  if (table.strict) out.strict = true
  if (table.withoutRowid) out.withoutRowid = true
  if (table.unlogged) out.unlogged = true
  if (table.partitionBy) out.partitionBy = renderPartitionKey(table.partitionBy)
  if (table.partitions?.length) out.partitions = renderPartitions(table.partitions)
  if (table.mysql) out.mysql = { ...table.mysql }
  if (table.rowLevelSecurity?.enable || table.rowLevelSecurity?.force) out.rowLevelSecurity = { ...table.rowLevelSecurity }
  const pk = table.primaryKey
  if (!pk) out.primaryKey = false
  else if (pk.name !== primaryKeyName(table.name)) out.primaryKey = { name: pk.name, columns: [...pk.columns], ...renderAttributes(pk) }
  else if (hasAttributes(pk)) out.primaryKey = { columns: [...pk.columns], ...renderAttributes(pk) }
  else if (!isColumnKey(table)) out.primaryKey = [...pk.columns]
  const uniques = table.uniques.filter((u) => !isColumnUnique(table, u))
  if (uniques.length) {
    out.unique = uniques.map((u) => {
      const generated = u.name === constraintName(table.name, u.columns, 'key')
      if (generated && !hasAttributes(u)) return [...u.columns]
      return { ...(generated ? {} : { name: u.name }), columns: [...u.columns], ...renderAttributes(u) }
    })
  }
  if (table.indexes.length) {
    out.indexes = table.indexes.map((i) => {
      const parts = i.columns ? [...i.columns] : [expressionWords(i.expression ?? '')]
      const index: Plain = {}
      if (i.name !== constraintName(table.name, parts, 'idx')) index.name = i.name
      return { ...index, ...renderIndexBody(i) }
    })
  }
  if (table.checks.length) {
    out.checks = table.checks.map((c) => ({
      ...(c.name === constraintName(table.name, [expressionWords(c.expression)], 'check') ? {} : { name: c.name }),
      expression: c.expression,
      ...renderAttributes(c),
    }))
  }
  const tableFks = table.foreignKeys.filter((fk) => !isColumnReference(table, fk))
  if (tableFks.length) {
    out.foreignKeys = tableFks.map((fk) => renderForeignKey(table.name, fk))
  }
  if (table.exclusions?.length) out.exclude = table.exclusions.map((x) => renderExclusion(table.name, x))
  return out
}

function renderView(view: View): Plain {
  const out: Plain = { query: view.query }
  if (view.columns) out.columns = [...view.columns]
  if (view.checkOption) out.checkOption = view.checkOption
  if (view.mysql) out.mysql = { ...view.mysql }
  if (view.materialized) out.materialized = true
  if (view.withData === false) out.withData = false
  if (view.indexes?.length) {
    out.indexes = view.indexes.map((i) => {
      const rest = renderIndexBody(i)
      const generated = constraintName(view.name, i.columns ?? [expressionWords(i.expression ?? '')], 'idx')
      return i.name === generated ? rest : { name: i.name, ...rest }
    })
  }
  if (view.dependsOn?.length) out.dependsOn = [...view.dependsOn]
  return out
}

function renderTrigger(trigger: Trigger): Plain {
  const out: Plain = {}
  if (trigger.dbName !== undefined) out.name = trigger.dbName
  out.table = trigger.table
  out.timing = trigger.timing
  out.events = trigger.events.length === 1 ? trigger.events[0] : [...trigger.events]
  if (trigger.of) out.of = [...trigger.of]
  if (trigger.forEach) out.forEach = trigger.forEach
  if (trigger.when !== undefined) out.when = trigger.when
  if (trigger.body !== undefined) out.body = trigger.body
  if (trigger.function !== undefined) out.function = trigger.function
  if (trigger.args?.length) out.args = [...trigger.args]
  return out
}

function renderPolicy(policy: Policy): Plain {
  const out: Plain = {}
  if (policy.command) out.command = policy.command
  if (policy.restrictive) out.restrictive = true
  if (policy.roles) out.roles = [...policy.roles]
  if (policy.using !== undefined) out.using = policy.using
  if (policy.withCheck !== undefined) out.withCheck = policy.withCheck
  return out
}

const GRANT_SECTIONS = { table: 'tables', view: 'views', sequence: 'sequences', function: 'functions' } as const

/** `grants:` by role, then kind of object, then object. */
function renderGrants(grants: readonly Grant[]): Plain {
  const out: Record<string, Record<string, Record<string, string[]>>> = {}
  for (const g of grants) {
    const role = (out[g.role] ??= {})
    const section = (role[GRANT_SECTIONS[g.on]] ??= {})
    section[g.object] = [...g.privileges]
  }
  return out
}

function renderFunction(fn: StoredFunction): Plain {
  const out: Plain = {}
  if (fn.args !== undefined) out.args = fn.args
  if (fn.returns !== undefined) out.returns = fn.returns
  if (fn.procedure) out.procedure = true
  out.language = fn.language
  if (fn.volatility) out.volatility = fn.volatility
  if (fn.strict) out.strict = true
  if (fn.securityDefiner) out.securityDefiner = true
  if (fn.parallel) out.parallel = fn.parallel
  if (fn.leakproof) out.leakproof = true
  if (fn.cost !== undefined) out.cost = fn.cost
  if (fn.rows !== undefined) out.rows = fn.rows
  if (fn.set) out.set = { ...fn.set }
  if (fn.deterministic) out.deterministic = true
  if (fn.dataAccess) out.dataAccess = fn.dataAccess
  if (fn.comment !== undefined) out.comment = fn.comment
  out.body = fn.body
  return out
}

type CatalogSections = Pick<Schema, 'sequences' | 'extensions' | 'domains' | 'types'>

/** The schema-file form of sequences, extensions, domains, composite and range types. */
function renderCatalogSections(objects: CatalogSections): Plain {
  const body: Plain = {}
  if (objects.extensions?.length) {
    body.extensions = Object.fromEntries(objects.extensions.map(({ name, ...rest }) => [name, rest]))
  }
  if (objects.sequences?.length) {
    // The order CREATE SEQUENCE reads in.
    const keys = ['type', 'start', 'increment', 'min', 'max', 'cache', 'cycle', 'ownedBy'] as const
    body.sequences = Object.fromEntries(
      objects.sequences.map((s) => [s.name, Object.fromEntries(keys.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]))]),
    )
  }
  if (objects.domains?.length) {
    body.domains = Object.fromEntries(
      objects.domains.map(({ name, checks, ...rest }) => [name, checks ? { ...rest, checks: checks.map((c) => ({ ...c })) } : rest]),
    )
  }
  if (objects.types?.length) {
    body.types = Object.fromEntries(
      objects.types.map((t) => [t.name, t.range ? { range: { ...t.range } } : { composite: Object.fromEntries((t.composite ?? []).map((f) => [f.name, f.type])) }]),
    )
  }
  return body
}

/** A raw `sql` object as written (and, in drift's forms, what it made: `made`, key -> definition). */
function renderSqlObject(o: SqlObject): Plain {
  const out: Plain = { create: o.create as Plain[string], drop: o.drop as Plain[string] }
  if (o.dependsOn?.length) out.dependsOn = [...o.dependsOn]
  if (o.first) out.first = true
  if (o.made) out.made = { ...o.made }
  return out
}

/** YAML text of one schema file holding `tables` and `enums`. */
export function renderSchemaFile(
  tables: readonly Table[],
  enums: readonly Enum[],
  header?: string,
  objects: {
    views?: readonly View[]
    triggers?: readonly Trigger[]
    functions?: readonly StoredFunction[]
    policies?: readonly Policy[]
    grants?: readonly Grant[]
    sql?: readonly SqlObject[]
  } & CatalogSections = {},
): string {
  const body: Plain = {}
  if (enums.length) body.enums = Object.fromEntries(enums.map((e) => [e.name, [...e.values]]))
  body.tables = Object.fromEntries(
    tables.map((t) => {
      const out = renderTable(t)
      // A table's policies are written in the table (`policies:`), by name.
      const own = (objects.policies ?? []).filter((p) => p.table === t.name)
      if (own.length) out.policies = Object.fromEntries(own.map((p) => [p.name, renderPolicy(p)]))
      return [t.name, out]
    }),
  )
  if (objects.views?.length) body.views = Object.fromEntries(objects.views.map((v) => [v.name, renderView(v)]))
  if (objects.triggers?.length) body.triggers = Object.fromEntries(objects.triggers.map((t) => [t.name, renderTrigger(t)]))
  if (objects.functions?.length) body.functions = Object.fromEntries(objects.functions.map((f) => [f.name, renderFunction(f)]))
  Object.assign(body, renderCatalogSections(objects))
  if (objects.grants?.length) body.grants = renderGrants(objects.grants)
  if (objects.sql?.length) body.sql = Object.fromEntries(objects.sql.map((o) => [o.name, renderSqlObject(o)]))
  // Columns, index entries and enum values on one line when short, as in
  // SPEC §2; the file's structure (tables, each table, its columns) in block style.
  return emitYamlDocument(body, {
    ...(header ? { header } : {}),
    flowLimit: 110,
    keepBlock: (path, value) =>
      path.length < 2 ||
      (path.length === 2 && (path[0] === 'tables' || path[0] === 'views' || path[0] === 'triggers' || path[0] === 'functions' || path[0] === 'domains' || path[0] === 'sql')) ||
      (path.length === 3 && path[0] === 'sql' && path[2] === 'made') ||
      (path.length === 3 && (path[2] === 'columns' || path[2] === 'policies')) ||
      (Array.isArray(value) && value.some((item) => item !== null && typeof item === 'object')),
  })
}

/** The whole schema as one YAML document (for `strata diff`). */
export function renderSchemaYaml(schema: Schema): string {
  const c = canonicalSchema(schema)
  return renderSchemaFile(c.tables, c.enums, undefined, c)
}

/** A file name for a table: its name where the file system allows, else with `_` for odd characters. */
function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_') || '_'
}

export interface RenderedFile {
  /** Path relative to the schemas folder. */
  readonly path: string
  readonly content: string
}

/**
 * Schema files for a whole schema: one per table (`<table>.yaml`, enums in
 * `enums.yaml`), or everything in `schema.yaml` with `singleFile`.
 */
export function renderSchemaFiles(schema: Schema, options: { singleFile?: boolean; header?: string } = {}): RenderedFile[] {
  const c = canonicalSchema(schema)
  if (options.singleFile) return [{ path: 'schema.yaml', content: renderSchemaFile(c.tables, c.enums, options.header, c) }]
  const taken = new Set<string>()
  const claim = (stem: string): string => {
    let path = `${stem}.yaml`
    for (let n = 2; taken.has(path.toLowerCase()); n++) path = `${stem}_${n}.yaml`
    taken.add(path.toLowerCase())
    return path
  }
  const files: RenderedFile[] = []
  // Table files first, so that a table called `enums` keeps its own name.
  for (const table of c.tables) {
    files.push({ path: claim(fileStem(table.name)), content: renderSchemaFile([table], [], options.header, { policies: c.policies }) })
  }
  if (c.enums.length) files.push({ path: claim('enums'), content: renderSchemaFile([], c.enums, options.header) })
  if (c.views?.length) files.push({ path: claim('views'), content: renderSchemaFile([], [], options.header, { views: c.views }) })
  if (c.triggers?.length) files.push({ path: claim('triggers'), content: renderSchemaFile([], [], options.header, { triggers: c.triggers }) })
  if (c.functions?.length) files.push({ path: claim('functions'), content: renderSchemaFile([], [], options.header, { functions: c.functions }) })
  for (const section of ['extensions', 'sequences', 'domains', 'types'] as const) {
    if (c[section]?.length) files.push({ path: claim(section), content: renderSchemaFile([], [], options.header, { [section]: c[section] }) })
  }
  if (c.grants?.length) files.push({ path: claim('grants'), content: renderSchemaFile([], [], options.header, { grants: c.grants }) })
  if (c.sql?.length) files.push({ path: claim('sql'), content: renderSchemaFile([], [], options.header, { sql: c.sql }) })
  return files
}
