/**
 * Semantic checks on the resolved model (SPEC §3): what the JSON Schema cannot
 * see. Each problem is reported at the YAML node behind the model object.
 */
import { describeType } from './check-columns'
import { defaultProblem } from './check-defaults'
import { checkPartitions } from './check-partitions'
import { partitionObjects } from './partition-objects'
import type { Resolution, TableDraft } from './draft'
import type { Column, ForeignKey, Index, TypeSpec } from './model'
import { MAX_IDENTIFIER_BYTES } from './naming'
import type { Origin, Reporter } from './origins'

type Sub = readonly (string | number)[]

/**
 * Run every semantic check; problems go to `report`. `indexNamesPerTable`:
 * the project's databases all name indexes per table (MySQL), so index and
 * unique names need only be unique within their table.
 */
export function checkSchema(resolution: Resolution, report: Reporter, options: { indexNamesPerTable?: boolean } = {}): void {
  const check = new Checker(resolution, report)
  check.enums()
  for (const table of resolution.tables.values()) check.table(table)
  check.names(options.indexNamesPerTable === true)
  check.renames()
}

class Checker {
  constructor(
    private readonly resolution: Resolution,
    private readonly report: Reporter,
  ) {}

  private originOf(item: object, fallback: Origin): Origin {
    return this.resolution.origins.get(item) ?? fallback
  }

  private identifier(name: string, subject: string, origin: Origin, sub: Sub = [], key = true): void {
    const problem = identifierProblem(name)
    if (problem) this.report.error(origin, `${subject}: ${problem}`, { sub, key })
  }

  enums(): void {
    for (const { enum: e, origin } of this.resolution.enums.values()) {
      const subject = `enum "${e.name}"`
      this.identifier(e.name, subject, origin)
      if (this.resolution.tables.has(e.name)) {
        // PostgreSQL gives every table a row type of the same name, so a type of that name cannot be created.
        this.report.error(origin, `${subject}: a table has the same name; PostgreSQL keeps tables and types in one namespace`, { key: true })
      }
      if (e.values.length === 0) this.report.error(origin, `${subject}: has no values`)
      const seen = new Set<string>()
      e.values.forEach((value, i) => {
        if (seen.has(value)) this.report.error(origin, `${subject}: value "${value}" is listed twice`, { sub: [i] })
        seen.add(value)
        // https://www.postgresql.org/docs/current/datatype-enum.html: labels are limited to 63 bytes (NAMEDATALEN - 1).
        if (value === '' || Buffer.byteLength(value, 'utf8') > MAX_IDENTIFIER_BYTES) {
          this.report.error(origin, `${subject}: value "${value}" must be 1 to ${MAX_IDENTIFIER_BYTES} bytes long`, { sub: [i] })
        }
      })
    }
  }

  table(table: TableDraft): void {
    const { origin } = table
    this.identifier(table.name, `table "${table.name}"`, origin)
    const pk = table.primaryKey?.columns ?? []
    for (const column of table.columns) {
      const at = this.originOf(column, origin)
      const subject = `column "${table.name}.${column.name}"`
      this.identifier(column.name, subject, at)
      let enumValues: readonly string[] | undefined
      if (column.type === 'enum' && column.enum !== undefined) {
        const entry = this.resolution.enums.get(column.enum)
        if (entry) enumValues = entry.enum.values
        else this.report.error(at, `${subject}: enum "${column.enum}" is not defined; add it under enums:`, { sub: ['enum'] })
      }
      this.autoincrement(column, subject, at)
      this.generated(column, subject, at)
      if (column.nullable && pk.includes(column.name)) {
        // SQLite's quirk, only in an ordinary rowid table and not for the rowid itself
        // (https://www.sqlite.org/lang_createtable.html#the_primary_key); the databases
        // without it are named by checkCapabilities.
        const refusal = table.strict
          ? 'in a STRICT table (SQLite makes its key columns NOT NULL)'
          : table.withoutRowid
            ? 'in a WITHOUT ROWID table (SQLite makes its key columns NOT NULL)'
            : pk.length === 1 && column.autoincrement
              ? 'that is the autoincrement key (the rowid, never NULL)'
              : undefined
        if (refusal) this.report.error(at, `${subject}: a primary key column cannot be nullable ${refusal}`, { sub: ['nullable'], key: true })
      }
      const problem = defaultProblem(column, enumValues)
      if (problem) {
        this.report.error(at, `${subject}: default ${show(column.default)} does not fit type ${describeType(column)}: ${problem}`, {
          sub: ['default'],
        })
      }
    }
    const lists: [string, { readonly name: string; readonly columns?: readonly string[] } | undefined][] = [
      ['primary key', table.primaryKey],
      ...table.uniques.map((u) => ['unique constraint', u] as [string, typeof u]),
      ...table.indexes.map((i) => ['index', i] as [string, typeof i]),
      ...table.foreignKeys.map((f) => ['foreign key', f] as [string, typeof f]),
      // A partition's own objects are over its parent's columns.
      ...(table.partitions ?? []).flatMap((p) => partitionObjects(p).map((o) => [`partition "${p.name}": ${o.kind}`, o.item] as [string, { readonly name: string; readonly columns?: readonly string[] }])),
    ]
    for (const [kind, item] of lists) {
      if (!item?.columns) continue
      const at = this.originOf(item, origin)
      this.columnList(table, `${kind} "${item.name}"`, item.columns, at, 'columns')
    }
    for (const index of [...table.indexes, ...(table.partitions ?? []).flatMap((p) => p.indexes ?? [])]) this.indexOptions(table, index)
    for (const fk of [...table.foreignKeys, ...(table.partitions ?? []).flatMap((p) => p.foreignKeys ?? [])]) this.foreignKey(table, fk)
    this.constraintAttributes(table)
    checkPartitions(this.resolution, table, this.report)
    if (table.withoutRowid && !table.primaryKey) {
      // https://www.sqlite.org/withoutrowid.html: "PRIMARY KEY missing on table".
      this.report.error(origin, `table "${table.name}": withoutRowid needs a primary key (SQLite refuses a WITHOUT ROWID table without one)`, { sub: ['withoutRowid'], key: true })
    }
  }

  /** INITIALLY DEFERRED needs DEFERRABLE (both databases refuse it otherwise); EXCLUDE elements name columns of the table. */
  private constraintAttributes(table: TableDraft): void {
    const items: [string, { readonly name: string; readonly deferrable?: boolean; readonly initiallyDeferred?: boolean } | undefined][] = [
      ['primary key', table.primaryKey],
      ...table.uniques.map((u) => ['unique constraint', u] as [string, typeof u]),
      ...table.foreignKeys.map((f) => ['foreign key', f] as [string, typeof f]),
      ...table.exclusions.map((x) => ['exclusion constraint', x] as [string, typeof x]),
    ]
    for (const [kind, item] of items) {
      if (!item?.initiallyDeferred || item.deferrable) continue
      this.report.error(this.originOf(item, table.origin), `${kind} "${item.name}": initiallyDeferred needs deferrable: true (a constraint that is not deferrable cannot start deferred)`, {
        sub: ['initiallyDeferred'],
        key: true,
      })
    }
    for (const x of table.exclusions) {
      x.elements.forEach((e, i) => {
        if (e.column === undefined || table.columnsByName.has(e.column)) return
        this.report.error(this.originOf(x, table.origin), `exclusion constraint "${x.name}": column "${e.column}" is not a column of table "${table.name}"`, { sub: ['elements', i, 'column'] })
      })
      x.include?.forEach((c, i) => {
        if (table.columnsByName.has(c)) return
        this.report.error(this.originOf(x, table.origin), `exclusion constraint "${x.name}": INCLUDE column "${c}" is not a column of table "${table.name}"`, { sub: ['include', i] })
      })
    }
  }

  /**
   * The options of autoincrement. An autoincrement column need not be the
   * single-column primary key (PostgreSQL identity and serial columns can be
   * any integer column); SQLite can only autoincrement its rowid, and its
   * compiler refuses the others by name.
   */
  private autoincrement(column: Column, subject: string, at: Origin): void {
    for (const option of ['identity', 'sequence', 'monotonic'] as const) {
      if (column[option] !== undefined && !column.autoincrement) {
        this.report.error(at, `${subject}: ${option} applies to autoincrement columns only; add autoincrement: true or remove ${option}`, { sub: [option], key: true })
      }
    }
    if (column.identity !== undefined && column.sequence !== undefined) {
      this.report.error(at, `${subject}: a serial column (sequence) is not an identity; give identity or sequence, not both`, { sub: ['identity'], key: true })
    }
  }

  /**
   * A generated column computes its value: it cannot also have a default or
   * generate values otherwise (both databases refuse it).
   * https://www.postgresql.org/docs/current/ddl-generated-columns.html
   */
  private generated(column: Column, subject: string, at: Origin): void {
    if (column.generated === undefined) return
    if (column.default !== undefined) {
      this.report.error(at, `${subject}: a generated column computes its value and takes no default; remove default or generated`, { sub: ['default'], key: true })
    }
    if (column.autoincrement) {
      this.report.error(at, `${subject}: a generated column cannot also be autoincrement; remove autoincrement or generated`, { sub: ['autoincrement'], key: true })
    }
  }

  /** INCLUDE columns exist (once, and not as keys); NULLS NOT DISTINCT is for unique indexes. */
  private indexOptions(table: TableDraft, index: Index): void {
    const at = this.originOf(index, table.origin)
    const subject = `index "${index.name}"`
    const seen = new Set<string>()
    index.include?.forEach((name, i) => {
      if (!table.columnsByName.has(name)) this.report.error(at, `${subject}: include column "${name}" is not a column of table "${table.name}"`, { sub: ['include', i] })
      else if (seen.has(name) || index.columns?.includes(name)) this.report.error(at, `${subject}: column "${name}" is listed twice (a key column is in the index already)`, { sub: ['include', i] })
      seen.add(name)
    })
    if (index.nullsNotDistinct && !index.unique) {
      this.report.error(at, `${subject}: nullsNotDistinct applies to unique indexes only; add unique: true or remove it`, { sub: ['nullsNotDistinct'], key: true })
    }
  }

  /** Every column of a constraint exists in `table`, once. */
  private columnList(table: TableDraft, subject: string, columns: readonly string[], at: Origin, side: 'columns' | 'references'): boolean {
    let ok = true
    const seen = new Set<string>()
    columns.forEach((name, i) => {
      const sub = listItem(at, side, i)
      if (!table.columnsByName.has(name)) {
        ok = false
        this.report.error(at, `${subject}: column "${name}" is not a column of table "${table.name}"`, { sub })
      } else if (seen.has(name)) {
        ok = false
        this.report.error(at, `${subject}: column "${name}" is listed twice`, { sub })
      }
      seen.add(name)
    })
    return ok
  }

  private foreignKey(table: TableDraft, fk: ForeignKey): void {
    const target = this.resolution.tables.get(fk.references.table)
    if (!target) return // reported when the reference was resolved
    const at = this.originOf(fk, table.origin)
    const subject = `foreign key "${fk.name}"`
    if (!this.columnList(target, subject, fk.references.columns, at, 'references')) return
    if (fk.columns.length !== fk.references.columns.length) {
      this.report.error(at, `${subject}: ${fk.columns.length} column(s) reference ${fk.references.columns.length} column(s) of "${target.name}"`)
      return
    }
    fk.columns.forEach((name, i) => {
      const own = table.columnsByName.get(name)
      const other = target.columnsByName.get(fk.references.columns[i])
      if (!own || !other || sameType(own, other)) return
      this.report.error(
        at,
        `${subject}: column "${table.name}.${name}" is ${describeType(own)} but it references "${target.name}.${other.name}", which is ${describeType(other)}`,
        { sub: listItem(at, 'columns', i) },
      )
    })
    if (target.unlogged && !table.unlogged) {
      // "constraints on permanent tables may reference only permanent tables"
      // (https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-UNLOGGED).
      this.report.error(at, `${subject}: table "${table.name}" is logged and "${target.name}" is unlogged; PostgreSQL lets only unlogged tables reference an unlogged one`)
    }
    if (!isUniqueKey(target, fk.references.columns)) {
      this.report.error(
        at,
        `${subject}: "${target.name}"(${fk.references.columns.join(', ')}) is neither its primary key nor unique; the databases require a unique key as the target`,
      )
    }
  }

  /**
   * Indexes, unique and primary-key constraints share one namespace with
   * tables (PostgreSQL's relations); foreign keys and checks are per table.
   * `perTable`: indexes and uniques are per table too (MySQL), in a namespace
   * of their own beside the foreign keys and checks.
   */
  names(perTable = false): void {
    const global = new Map<string, string>()
    for (const table of this.resolution.tables.values()) global.set(table.name, `table "${table.name}"`)
    for (const table of this.resolution.tables.values()) {
      const local = new Map<string, string>()
      const keys = perTable ? new Map<string, string>() : global
      const items: [string, { readonly name: string }, Map<string, string>][] = [
        ...(table.primaryKey ? [['primary key', table.primaryKey, keys] as const] : []),
        ...table.uniques.map((u) => ['unique constraint', u, keys] as const),
        ...table.indexes.map((i) => ['index', i, keys] as const),
        ...table.foreignKeys.map((f) => ['foreign key', f, local] as const),
        ...table.checks.map((c) => ['check', c, local] as const),
        // An EXCLUDE constraint has an index of its own name, as a unique constraint does.
        ...table.exclusions.map((x) => ['exclusion constraint', x, global] as const),
        // A partition's own: indexes and uniques among the relations, its foreign keys and checks per partition.
        ...(table.partitions ?? []).flatMap((p) => {
          const own = new Map<string, string>()
          return partitionObjects(p).map((o) => [`partition "${p.name}" ${o.kind === 'unique' ? 'unique constraint' : o.kind}`, o.item, o.kind === 'index' || o.kind === 'unique' ? keys : own] as const)
        }),
      ].map(([kind, item, space]) => [kind, item, space] as [string, { readonly name: string }, Map<string, string>])
      for (const [kind, item, space] of items) {
        const at = this.originOf(item, table.origin)
        const subject = `${kind === 'unique constraint' ? 'unique' : kind} "${item.name}"`
        this.identifier(item.name, subject, at, ['name'], false)
        const owner = space.get(item.name) ?? (space === local ? global.get(item.name) : undefined)
        if (owner) this.report.error(at, `${subject}: the name is already used by ${owner}`, { sub: ['name'] })
        else space.set(item.name, `the ${kind} on table "${table.name}"`)
      }
    }
  }

  renames(): void {
    const seen = new Map<string, string>()
    for (const rename of this.resolution.renames) {
      const table = this.resolution.tables.get(rename.table)
      if (rename.kind === 'table') {
        if (this.resolution.tables.has(rename.from)) {
          this.report.error(rename.origin, `table "${rename.table}": renamedFrom "${rename.from}", but table "${rename.from}" is still defined; remove one of them`)
        }
      } else if (table?.columnsByName.has(rename.from)) {
        this.report.error(
          rename.origin,
          `column "${rename.table}.${rename.column}": renamedFrom "${rename.from}", but column "${rename.table}.${rename.from}" is still defined; remove one of them`,
        )
      }
      const key = rename.kind === 'table' ? `table:${rename.from}` : `column:${rename.table}.${rename.from}`
      const subject = rename.kind === 'table' ? `table "${rename.table}"` : `column "${rename.table}.${rename.column}"`
      const other = seen.get(key)
      if (other) this.report.error(rename.origin, `${subject}: renamedFrom "${rename.from}", like ${other}; only one can be the renamed one`)
      seen.set(key, subject)
    }
  }
}

/** Why a name cannot be an identifier, or undefined. */
export function identifierProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty'
  if (name.includes('\0')) return 'the name contains a NUL character'
  const bytes = Buffer.byteLength(name, 'utf8')
  if (bytes > MAX_IDENTIFIER_BYTES) {
    return `the name is ${bytes} bytes long; PostgreSQL's limit is ${MAX_IDENTIFIER_BYTES} bytes`
  }
  return undefined
}

/** Two columns can reference each other when their types agree (autoincrement aside). */
function sameType(a: TypeSpec, b: TypeSpec): boolean {
  // A dialect's spelling of a portable type (`native` next to it) does not
  // change the type: SQLite's INT and INTEGER columns compare as integers.
  const native = (s: TypeSpec) => (s.type === 'native' ? [s.native?.postgres, s.native?.sqlite] : [])
  const key = (s: TypeSpec): string =>
    JSON.stringify([s.type, s.length, s.precision, s.scale, s.timezone === true, s.enum, ...native(s)])
  return key(a) === key(b)
}

/** Is this column set the primary key, a unique constraint, or a plain unique index of the table? */
function isUniqueKey(table: TableDraft, columns: readonly string[]): boolean {
  const same = (other: readonly string[] | undefined): boolean =>
    !!other && other.length === columns.length && other.every((c) => columns.includes(c))
  return (
    same(table.primaryKey?.columns) ||
    table.uniques.some((u) => same(u.columns)) ||
    table.indexes.some((i) => i.unique === true && i.where === undefined && same(i.columns))
  )
}

/** The path of the i-th column of a constraint's list, whatever form the node has. */
function listItem(origin: Origin, side: 'columns' | 'references', i: number): Sub {
  let value: unknown = origin.source.value
  for (const segment of origin.path) value = (value as Record<string | number, unknown> | undefined)?.[segment]
  if (Array.isArray(value)) return side === 'columns' ? [i] : []
  const node = value as { columns?: unknown; references?: { columns?: unknown } } | undefined
  if (side === 'columns' && Array.isArray(node?.columns)) return ['columns', i]
  if (side === 'references' && Array.isArray(node?.references?.columns)) return ['references', 'columns', i]
  return []
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value)
}
