/**
 * Canonical form of the schema model: the snapshot's on-disk shape, and the
 * basis of equality checks (replay vs snapshot, live database vs snapshot).
 *
 * Canonical means: tables and enums sorted by name; uniques, indexes, foreign
 * keys and checks sorted by name; properties that state a default dropped
 * (`nullable: false`, `unique: false`, `onDelete: no action`,
 * `autoincrement: false`, `timezone: false`, `concurrently: false`); object
 * keys sorted when serialised.
 */
import type { CustomType } from './custom-types'
import type { Domain } from './domains'
import type { StoredFunction } from './functions'
import { canonicalPartition, canonicalPartitionKey, type Partition } from './partitions'
import { canonicalElement } from './exclusions'
import { type Policy, policyKey, rowLevelSecurityOf } from './policies'
import { canonicalSequence } from './sequences'
import { canonicalSqlObject } from './sql-objects'
import { type Grant, grantKey, sortPrivileges } from './grants'
import {
  type Check,
  type Column,
  DEFAULT_EXCLUSION_METHOD,
  DEFAULT_INDEX_METHOD,
  type Exclusion,
  type ForeignKey,
  type Index,
  type IndexColumnOptions,
  MYSQL_TABLE_OPTION_KEYS,
  type MysqlTableOptions,
  type PrimaryKey,
  type Schema,
  type Table,
  type Unique,
} from './model'
import { type Trigger, sortEvents } from './triggers'
import type { View } from './views'

const byName = <T extends { readonly name: string }>(a: T, b: T): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0

function dropDefaults<T extends object>(value: T, falsy: readonly string[]): T {
  const out: Record<string, unknown> = {}
  const input = value as Record<string, unknown>
  for (const key of Object.keys(input)) {
    const v = input[key]
    if (v === undefined) continue
    if (v === false && falsy.includes(key)) continue
    out[key] = v
  }
  return out as T
}

/**
 * Schemas and tables returned by canonicalSchema / canonicalTable. The model
 * is readonly, so a canonical value is returned as it is when canonicalised
 * again (the replay, the diff and the snapshot checks each canonicalise the
 * same 2,000-table schema several times).
 */
const canonicalTables = new WeakSet<Table>()
const canonicalSchemas = new WeakSet<Schema>()

export function canonicalColumn(column: Column): Column {
  const out = dropDefaults(column, ['nullable', 'autoincrement', 'timezone', 'monotonic'])
  if (out.generated !== undefined) return { ...out, generated: dropDefaults(out.generated, ['stored']) }
  return out
}

/**
 * Index defaults dropped: `unique`, `concurrently`, `nullsNotDistinct` false,
 * the default method (B-tree), NULLS LAST on an ASC column and NULLS FIRST on
 * a DESC one (what each order does anyway), empty options and lists.
 */
export function canonicalIndex(index: Index): Index {
  const out = dropDefaults(index, ['unique', 'concurrently', 'nullsNotDistinct']) as { -readonly [K in keyof Index]: Index[K] }
  if (out.method !== undefined && out.method.toLowerCase() === DEFAULT_INDEX_METHOD) delete out.method
  if (out.include !== undefined && out.include.length === 0) delete out.include
  if (out.columnOptions !== undefined) {
    const options: Record<string, IndexColumnOptions> = {}
    for (const [column, given] of Object.entries(out.columnOptions)) {
      const o = { ...(dropDefaults(given, []) as { -readonly [K in keyof IndexColumnOptions]: IndexColumnOptions[K] }) }
      if (o.nulls === (o.order === 'desc' ? 'first' : 'last')) delete o.nulls
      if (Object.keys(o).length > 0) options[column] = o
    }
    if (Object.keys(options).length > 0) out.columnOptions = options
    else delete out.columnOptions
  }
  return out
}

/** MySQL table options in lowercase, empty ones left out; undefined when none is left. */
export function canonicalMysqlOptions(options: MysqlTableOptions | undefined): MysqlTableOptions | undefined {
  if (!options) return undefined
  const out: Record<string, string> = {}
  for (const key of MYSQL_TABLE_OPTION_KEYS) {
    const value = options[key]
    if (value !== undefined && value !== '') out[key] = value.toLowerCase()
  }
  return Object.keys(out).length ? (out as MysqlTableOptions) : undefined
}

/** Constraint attributes that state a default: NOT DEFERRABLE, INITIALLY IMMEDIATE, valid, inherited. */
const CONSTRAINT_DEFAULTS = ['deferrable', 'initiallyDeferred', 'notValid', 'noInherit']

export function canonicalForeignKey(fk: ForeignKey): ForeignKey {
  const out = dropDefaults(fk, CONSTRAINT_DEFAULTS) as { -readonly [K in keyof ForeignKey]: ForeignKey[K] }
  if (out.onDelete === 'no action') delete out.onDelete
  if (out.onUpdate === 'no action') delete out.onUpdate
  if ((out.match as string | undefined) === 'simple') delete out.match
  return out
}

/** A primary key, unique or check without the attributes that state a default. */
export function canonicalConstraint<T extends PrimaryKey | Unique | Check>(item: T): T {
  return dropDefaults(item, CONSTRAINT_DEFAULTS)
}

/** An EXCLUDE constraint without its default method (gist) and the attributes that state a default. */
export function canonicalExclusion(x: Exclusion): Exclusion {
  const out = dropDefaults(x, CONSTRAINT_DEFAULTS) as { -readonly [K in keyof Exclusion]: Exclusion[K] }
  if (out.method !== undefined && out.method.toLowerCase() === DEFAULT_EXCLUSION_METHOD) delete out.method
  out.elements = out.elements.map(canonicalElement)
  if (out.include !== undefined && out.include.length === 0) delete out.include
  return out
}

/** A partition in canonical form, its own objects too (each list by name). */
export function canonicalPartitionWhole(p: Partition): Partition {
  const out = { ...canonicalPartition(p) } as { -readonly [K in keyof Partition]: Partition[K] }
  if (out.indexes) out.indexes = out.indexes.map(canonicalIndex).sort(byName)
  if (out.uniques) out.uniques = out.uniques.map(canonicalConstraint).sort(byName)
  if (out.checks) out.checks = out.checks.map(canonicalConstraint).sort(byName)
  if (out.foreignKeys) out.foreignKeys = out.foreignKeys.map(canonicalForeignKey).sort(byName)
  return out
}

export function canonicalTable(table: Table): Table {
  if (canonicalTables.has(table)) return table
  const out: { -readonly [K in keyof Table]: Table[K] } = {
    name: table.name,
    columns: table.columns.map(canonicalColumn),
    uniques: table.uniques.map(canonicalConstraint).sort(byName),
    indexes: table.indexes.map(canonicalIndex).sort(byName),
    foreignKeys: table.foreignKeys.map(canonicalForeignKey).sort(byName),
    checks: table.checks.map(canonicalConstraint).sort(byName),
  }
  if (table.exclusions?.length) out.exclusions = table.exclusions.map(canonicalExclusion).sort(byName)
  if (table.primaryKey) out.primaryKey = canonicalConstraint(table.primaryKey)
  if (table.comment !== undefined) out.comment = table.comment
  if (table.strict) out.strict = true
  if (table.withoutRowid) out.withoutRowid = true
  if (table.unlogged) out.unlogged = true
  if (table.partitionBy) out.partitionBy = canonicalPartitionKey(table.partitionBy)
  if (table.partitions?.length) out.partitions = table.partitions.map(canonicalPartitionWhole).sort(byName)
  const mysql = canonicalMysqlOptions(table.mysql)
  if (mysql) out.mysql = mysql
  const rls = rowLevelSecurityOf(table.rowLevelSecurity)
  if (rls.enable || rls.force) out.rowLevelSecurity = rls
  canonicalTables.add(out)
  return out
}

export function canonicalView(view: View): View {
  const out = dropDefaults(view, ['materialized']) as { -readonly [K in keyof View]: View[K] }
  // WITH DATA is the default; only a materialized view has data.
  if (out.withData !== false || !out.materialized) delete out.withData
  if (out.indexes) {
    if (out.indexes.length === 0) delete out.indexes
    else out.indexes = out.indexes.map(canonicalIndex).sort(byName)
  }
  if (out.dependsOn) {
    if (out.dependsOn.length === 0) delete out.dependsOn
    else out.dependsOn = [...out.dependsOn].sort()
  }
  if (out.mysql) {
    // DEFINER and UNDEFINED are what a view is without them.
    const { security, algorithm } = out.mysql
    const mysql = { ...(security && security !== 'definer' ? { security } : {}), ...(algorithm && algorithm !== 'undefined' ? { algorithm } : {}) }
    if (Object.keys(mysql).length) out.mysql = mysql
    else delete out.mysql
  }
  return out
}

export function canonicalTrigger(trigger: Trigger): Trigger {
  const out = dropDefaults(trigger, []) as { -readonly [K in keyof Trigger]: Trigger[K] }
  out.events = sortEvents(out.events)
  if (out.of?.length === 0) delete out.of
  if (out.dbName === out.name) delete out.dbName
  if (out.args?.length === 0) delete out.args
  return out
}

export function canonicalFunction(fn: StoredFunction): StoredFunction {
  const out = dropDefaults(fn, ['procedure', 'strict', 'securityDefiner', 'leakproof', 'deterministic']) as { -readonly [K in keyof StoredFunction]: StoredFunction[K] }
  if (out.args === '') delete out.args
  if ((out.dataAccess as string | undefined) === 'contains sql') delete out.dataAccess
  if (out.set && Object.keys(out.set).length === 0) delete out.set
  return out
}

/** FOR ALL, TO PUBLIC and PERMISSIVE are the defaults; roles sorted. */
export function canonicalPolicy(policy: Policy): Policy {
  const out = dropDefaults(policy, ['restrictive']) as { -readonly [K in keyof Policy]: Policy[K] }
  if ((out.command as string | undefined) === 'all') delete out.command
  if (out.roles) {
    // PostgreSQL ignores the other roles of a list that holds PUBLIC ("ignoring specified roles other than PUBLIC").
    if (out.roles.length === 0 || out.roles.some((r) => r.toLowerCase() === 'public')) delete out.roles
    else out.roles = [...new Set(out.roles)].sort()
  }
  return out
}

export function canonicalDomain(domain: Domain): Domain {
  const out = dropDefaults(domain, ['notNull']) as { -readonly [K in keyof Domain]: Domain[K] }
  if (out.checks?.length) out.checks = [...out.checks].sort(byName)
  else delete out.checks
  return out
}

export function canonicalCustomType(type: CustomType): CustomType {
  const out = dropDefaults(type, []) as { -readonly [K in keyof CustomType]: CustomType[K] }
  if (out.range) out.range = dropDefaults(out.range, [])
  return out
}

export function canonicalGrant(grant: Grant): Grant {
  return { role: grant.role, on: grant.on, object: grant.object, privileges: sortPrivileges(grant.on, grant.privileges) }
}

export function canonicalSchema(schema: Schema): Schema {
  if (canonicalSchemas.has(schema)) return schema
  const out: { -readonly [K in keyof Schema]: Schema[K] } = {
    tables: schema.tables.map(canonicalTable).sort(byName),
    enums: [...schema.enums].sort(byName),
  }
  // Sections of objects that are not tables are left out when empty, so a
  // schema without them has the snapshot it always had.
  if (schema.views?.length) out.views = schema.views.map(canonicalView).sort(byName)
  if (schema.triggers?.length) out.triggers = schema.triggers.map(canonicalTrigger).sort(byName)
  if (schema.functions?.length) out.functions = schema.functions.map(canonicalFunction).sort(byName)
  if (schema.grants?.length) {
    out.grants = schema.grants.map(canonicalGrant).sort((a, b) => (grantKey(a) < grantKey(b) ? -1 : grantKey(a) > grantKey(b) ? 1 : 0))
  }
  if (schema.policies?.length) {
    out.policies = schema.policies.map(canonicalPolicy).sort((a, b) => (policyKey(a) < policyKey(b) ? -1 : policyKey(a) > policyKey(b) ? 1 : 0))
  }
  if (schema.sequences?.length) out.sequences = schema.sequences.map(canonicalSequence).sort(byName)
  if (schema.extensions?.length) out.extensions = schema.extensions.map((e) => dropDefaults(e, [])).sort(byName)
  if (schema.domains?.length) out.domains = schema.domains.map(canonicalDomain).sort(byName)
  if (schema.types?.length) out.types = schema.types.map(canonicalCustomType).sort(byName)
  // Not sorted: the order of raw objects is the order they are created in.
  if (schema.sql?.length) out.sql = schema.sql.map(canonicalSqlObject)
  canonicalSchemas.add(out)
  return out
}

/**
 * Objects whose keys are sorted at every level already (parsed from text
 * that stableStringify wrote): serialised as they are, without the sorted
 * copy. Writing the snapshot of a 2,000-table schema after a 3-table change
 * then copies the 3 tables, not all of them.
 */
const sortedDeep = new WeakSet<object>()

/**
 * A schema parsed from `stableStringify(canonicalSchema(s))` (strata's own
 * cache files, checked against their content hash): canonical and sorted
 * already, so it is marked as such instead of being copied again. Canonical
 * form survives the JSON round trip (only `undefined` is dropped, which
 * canonical form drops too).
 */
export function adoptCanonicalJson(parsed: Schema): Schema {
  sortedDeep.add(parsed)
  canonicalSchemas.add(parsed)
  for (const table of parsed.tables) {
    sortedDeep.add(table)
    canonicalTables.add(table)
  }
  return parsed
}

/**
 * Each table read from canonical lines (below) with its line: stableStringify's
 * text of it. Two tables with the same text are equal (equalData answers
 * from the texts), and a schema's canonical JSON reuses them.
 */
const tableText = new WeakMap<object, string>()

function textOf(table: Table): string {
  let text = tableText.get(table)
  if (text === undefined) {
    text = stableStringify(table)
    tableText.set(table, text)
  }
  return text
}

/**
 * A canonical schema as lines: its sections but the tables as
 * stableStringify writes them, then one line per table (stableStringify of
 * it; JSON text holds no line break). What strata's cache files hold.
 */
export function canonicalLines(schema: Schema): string {
  const c = canonicalSchema(schema)
  let out = stableStringify({ ...c, tables: [] })
  for (const table of c.tables) out += '\n' + textOf(table)
  return out
}

/**
 * The schema of `canonicalLines` text (strata's own cache files, checked
 * against their content hash): canonical and sorted as parsed
 * (adoptCanonicalJson), each table with its line.
 */
export function parseCanonicalLines(text: string): Schema {
  const lines = text.split('\n')
  const head = JSON.parse(lines[0]!) as Schema
  const tables: Table[] = []
  for (let i = 1; i < lines.length; i++) {
    const table = JSON.parse(lines[i]!) as Table
    tableText.set(table, lines[i]!)
    tables.push(table)
  }
  return adoptCanonicalJson({ ...head, tables })
}

/** stableStringify(canonicalSchema(schema)), with the tables' texts reused where known. */
export function canonicalJson(schema: Schema): string {
  const c = canonicalSchema(schema) as unknown as Record<string, unknown>
  const parts: string[] = []
  for (const key of Object.keys(c).sort()) {
    const value = c[key]
    if (value === undefined) continue
    parts.push(`${JSON.stringify(key)}:${key === 'tables' ? `[${(value as Table[]).map(textOf).join(',')}]` : stableStringify(value)}`)
  }
  return `{${parts.join(',')}}`
}

/** JSON with object keys sorted at every level (arrays keep their order). */
export function stableStringify(value: unknown, indent = 0): string {
  return JSON.stringify(sortKeys(value), null, indent || undefined)
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    if (sortedDeep.has(value)) return value
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = sortKeys(v)
    }
    return out
  }
  return value
}

/**
 * Are two schemas the same, ignoring order where order carries no meaning?
 * Equal means equal canonical JSON. A structural comparison answers first
 * (no 2,000-table strings built when they are equal); only when it finds a
 * difference are the JSON texts compared, since JSON can still equate values
 * that differ in memory (NaN and Infinity both serialise as null).
 */
export function schemasEqual(a: Schema, b: Schema): boolean {
  const x = canonicalSchema(a)
  const y = canonicalSchema(b)
  return equalData(x, y) || stableStringify(x) === stableStringify(y)
}

/**
 * Structural equality of model data (JSON-like: primitives, arrays, plain
 * objects), with properties holding `undefined` counted as absent, as
 * `stableStringify` does, but without building strings: the diff runs it on
 * every table of both sides.
 */
export function equalData(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  // Two tables read with their canonical text: the same text is the same data.
  const text = tableText.get(a)
  if (text !== undefined && text === tableText.get(b)) return true
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!equalData(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  let count = 0
  for (const key in x) {
    const value = x[key]
    if (value === undefined) continue
    count++
    if (!equalData(value, y[key])) return false
  }
  for (const key in y) if (y[key] !== undefined) count--
  return count === 0
}

/**
 * Are two schemas the same but for the order of columns? A column added to
 * an existing table goes last on every database (ALTER TABLE … ADD COLUMN),
 * so the order in the schema files cannot always be the order in the
 * database; strata treats column order as presentation, not schema.
 */
export function schemasEquivalent(a: Schema, b: Schema): boolean {
  const sorted = (s: Schema): Schema => ({
    ...s,
    tables: s.tables.map((t) => ({ ...t, columns: [...t.columns].sort(byName) })),
    // Raw objects created in another order are the same objects.
    ...(s.sql ? { sql: [...s.sql].sort(byName) } : {}),
  })
  // Table by table first: the same canonical JSON as the whole schema's
  // (tables are sorted by name, and a schema's JSON is its sections' and
  // tables' JSON in order), without copying and canonicalising every table
  // again when only a few differ (the diff's self-check after a small edit
  // of a 2,000-table schema). A table is compared with its columns sorted
  // only when it differs as it is. Anything else takes the whole-schema path.
  const x = canonicalSchema(a)
  const y = canonicalSchema(b)
  if (x.tables.length === y.tables.length && x.tables.every((t, i) => t.name === y.tables[i]!.name)) {
    const rest = (s: Schema): Schema => ({ ...s, tables: [] })
    const sameRest = equalData(rest(x), rest(y)) || schemasEqual(rest(x), rest(y))
    if (sameRest) {
      return x.tables.every((t, i) => {
        const u = y.tables[i]!
        if (t === u || equalData(t, u)) return true
        return schemasEqual(sorted({ tables: [t], enums: [] }), sorted({ tables: [u], enums: [] }))
      })
    }
  }
  return schemasEqual(sorted(a), sorted(b))
}
