/**
 * The entity-relationship view of a schema that `strata erd` draws: tables
 * with their columns and key markers, and relationships with their
 * cardinality, derived from the foreign keys:
 *
 * - a foreign key whose columns are unique in their table (its primary key, a
 *   unique constraint or a full unique index) is one-to-one;
 * - any other foreign key is one-to-many;
 * - a pure join table (two foreign keys, a primary key over exactly their
 *   columns, and no other column: what `manyToMany` generates) is a
 *   many-to-many relationship between the two tables it joins, drawn as one
 *   edge named after the join table.
 */
import { describeType } from '../diff/describe'
import type { ForeignKey, Schema, Table } from '../schema/model'

export type KeyMarker = 'PK' | 'FK' | 'UK'

export interface ErdColumn {
  readonly name: string
  /** As `make` describes it: `string(320)`, `decimal(10,2)`, `timestamptz`, `enum(role)`. */
  readonly type: string
  readonly nullable: boolean
  readonly keys: readonly KeyMarker[]
}

export interface ErdTable {
  readonly name: string
  readonly columns: readonly ErdColumn[]
  readonly comment?: string
}

export type Cardinality = 'one-to-one' | 'one-to-many' | 'many-to-many'

export interface ErdRelationship {
  readonly cardinality: Cardinality
  /** The referenced table (the "one" side); for many-to-many the first table joined. */
  readonly parent: string
  /** The referencing table; for many-to-many the second table joined. */
  readonly child: string
  /** The foreign key's columns in `child` (for many-to-many, those of the join table). */
  readonly columns: readonly string[]
  /** The referenced columns in `parent`. */
  readonly parentColumns: readonly string[]
  /** A nullable foreign key: a child row may have no parent. */
  readonly optional: boolean
  /** The foreign key is part of the child's primary key (drawn solid; others dashed). */
  readonly identifying: boolean
  /** The foreign key's name, or for many-to-many the join table's name. */
  readonly name: string
  /** many-to-many only: the join table. */
  readonly through?: string
}

export interface Erd {
  readonly tables: readonly ErdTable[]
  readonly relationships: readonly ErdRelationship[]
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))

/** The column sets that are unique in a table: its primary key, unique constraints, unique indexes without a predicate. */
function uniqueSets(table: Table): (readonly string[])[] {
  const sets: (readonly string[])[] = []
  if (table.primaryKey) sets.push(table.primaryKey.columns)
  for (const u of table.uniques) sets.push(u.columns)
  for (const i of table.indexes) if (i.unique && i.columns && !i.where) sets.push(i.columns)
  return sets
}

/** Is this table a pure join table (what `manyToMany` generates)? */
export function isJoinTable(table: Table): boolean {
  if (table.foreignKeys.length !== 2 || !table.primaryKey) return false
  const fkColumns = table.foreignKeys.flatMap((fk) => fk.columns)
  return sameSet(table.primaryKey.columns, fkColumns) && table.columns.every((c) => fkColumns.includes(c.name))
}

function erdTable(table: Table): ErdTable {
  const pk = table.primaryKey?.columns ?? []
  const fk = new Set(table.foreignKeys.flatMap((f) => f.columns))
  // UK marks a column unique on its own (a composite unique is not a property of one column).
  const uk = new Set(uniqueSets(table).filter((s) => s.length === 1 && !(s === table.primaryKey?.columns)).map((s) => s[0]!))
  return {
    name: table.name,
    ...(table.comment ? { comment: table.comment } : {}),
    columns: table.columns.map((c) => {
      const keys: KeyMarker[] = []
      if (pk.includes(c.name)) keys.push('PK')
      if (fk.has(c.name)) keys.push('FK')
      if (uk.has(c.name) && !(pk.length === 1 && pk[0] === c.name)) keys.push('UK')
      return { name: c.name, type: describeType({ ...c, autoincrement: false }), nullable: c.nullable === true, keys }
    }),
  }
}

function relationship(table: Table, fk: ForeignKey): ErdRelationship {
  const unique = uniqueSets(table).some((s) => sameSet(s, fk.columns))
  return {
    cardinality: unique ? 'one-to-one' : 'one-to-many',
    parent: fk.references.table,
    child: table.name,
    columns: fk.columns,
    parentColumns: fk.references.columns,
    optional: fk.columns.some((name) => table.columns.find((c) => c.name === name)?.nullable === true),
    identifying: (table.primaryKey?.columns ?? []).some((c) => fk.columns.includes(c)),
    name: fk.name,
  }
}

/**
 * The diagram of `schema` restricted to `shown` (default: every table).
 * A pure join table whose two ends are shown becomes a many-to-many edge,
 * unless it is in `asTables` (named explicitly), where it is drawn as a
 * table with its two one-to-many relationships.
 */
export function buildErd(schema: Schema, shown?: ReadonlySet<string>, asTables: ReadonlySet<string> = new Set()): Erd {
  const visible = (name: string) => shown === undefined || shown.has(name)
  const tables: ErdTable[] = []
  const relationships: ErdRelationship[] = []
  for (const table of schema.tables) {
    if (isJoinTable(table) && !asTables.has(table.name)) {
      const [a, b] = table.foreignKeys as [ForeignKey, ForeignKey]
      if (visible(a.references.table) && visible(b.references.table)) {
        relationships.push({
          cardinality: 'many-to-many',
          parent: a.references.table,
          child: b.references.table,
          columns: [...a.columns, ...b.columns],
          parentColumns: [...a.references.columns, ...b.references.columns],
          optional: true,
          identifying: false,
          name: table.name,
          through: table.name,
        })
        continue
      }
    }
    if (!visible(table.name)) continue
    tables.push(erdTable(table))
    for (const fk of table.foreignKeys) if (visible(fk.references.table)) relationships.push(relationship(table, fk))
  }
  return { tables, relationships }
}
