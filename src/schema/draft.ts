/**
 * The mutable state of one resolution: tables being built, enums, rename
 * hints, and the origins of every model object.
 */
import type { Partition, PartitionKey } from './partitions'
import type { RowLevelSecurity } from './policies'
import type { Check, Column, Enum, Exclusion, ForeignKey, Index, PrimaryKey, Schema, Unique, MysqlTableOptions } from './model'
import type { Origin, Origins, Reporter } from './origins'
import type { RawTable } from './raw'

/** A table being resolved: mutable lists, a column lookup, and where it came from. */
export interface TableDraft {
  readonly name: string
  readonly origin: Origin
  /** Absent for generated join tables. */
  readonly raw?: RawTable
  readonly columns: Column[]
  readonly columnsByName: Map<string, Column>
  primaryKey?: PrimaryKey
  readonly uniques: Unique[]
  readonly indexes: Index[]
  readonly foreignKeys: ForeignKey[]
  readonly checks: Check[]
  readonly exclusions: Exclusion[]
  comment?: string
  strict?: boolean
  withoutRowid?: boolean
  unlogged?: boolean
  partitionBy?: PartitionKey
  partitions?: Partition[]
  mysql?: MysqlTableOptions
  rowLevelSecurity?: RowLevelSecurity
}

/** An enum and the node that lists its values. */
export interface EnumEntry {
  readonly enum: Enum
  readonly origin: Origin
}

/** Everything resolution produces: the model (not yet canonical), rename hints, and origins for the checks. */
export interface Resolution {
  readonly schema: Schema
  readonly tables: ReadonlyMap<string, TableDraft>
  readonly enums: ReadonlyMap<string, EnumEntry>
  readonly origins: Origins
  readonly renames: readonly Rename[]
}

/** A `renamedFrom` hint and where it was written. */
export interface Rename {
  readonly kind: 'table' | 'column'
  readonly table: string
  readonly column?: string
  readonly from: string
  readonly origin: Origin
}

/** Shared state of one resolution. */
export interface Context {
  readonly tables: Map<string, TableDraft>
  readonly enums: Map<string, EnumEntry>
  readonly origins: Origins
  readonly renames: Rename[]
  readonly report: Reporter
}

export function newTable(name: string, origin: Origin, raw?: RawTable): TableDraft {
  return { name, origin, raw, columns: [], columnsByName: new Map(), uniques: [], indexes: [], foreignKeys: [], checks: [], exclusions: [] }
}

/** Add a column at the end (or first), remembering where it came from. */
export function addColumn(context: Context, table: TableDraft, column: Column, origin: Origin, first = false): void {
  if (first) table.columns.unshift(column)
  else table.columns.push(column)
  table.columnsByName.set(column.name, column)
  context.origins.set(column, origin)
}

