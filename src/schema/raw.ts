/**
 * The shape of a schema file once it has passed schemas/schema-file.schema.json:
 * what resolve.ts may rely on without further checks.
 */
import type { RawConstraintAttributes } from './constraint-attributes'
import type { ColumnType, DefaultValue, DialectSql, ReferentialAction } from './model'
import type { RawSqlObject } from './sql-objects'
import type { TriggerEvent } from './triggers'
import type { MysqlViewOptions } from './views'

export interface RawFile {
  readonly tables: Readonly<Record<string, RawTable>>
  readonly enums?: Readonly<Record<string, readonly string[]>>
  readonly views?: Readonly<Record<string, RawView>>
  readonly triggers?: Readonly<Record<string, RawTrigger>>
  readonly functions?: Readonly<Record<string, RawFunction>>
  /** By role: by kind of object (tables, views, sequences, functions): by object: privileges. */
  readonly grants?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, readonly string[] | string>>>> | null>>
  readonly sequences?: Readonly<Record<string, RawSequence>>
  readonly extensions?: Readonly<Record<string, RawExtension | null>>
  readonly domains?: Readonly<Record<string, RawDomain>>
  readonly types?: Readonly<Record<string, RawCustomType>>
  /** Raw objects by name, in file order (sql-objects.ts). */
  readonly sql?: Readonly<Record<string, RawSqlObject>>
}

export interface RawSequence {
  readonly type?: 'smallint' | 'integer' | 'bigint'
  readonly start?: number
  readonly increment?: number
  readonly min?: number
  readonly max?: number
  readonly cache?: number
  readonly cycle?: boolean
  readonly ownedBy?: string
}

export interface RawExtension {
  readonly schema?: string
  readonly version?: string
}

export interface RawDomain {
  readonly type: string
  readonly default?: string
  readonly notNull?: boolean
  readonly collation?: string
  readonly checks?: readonly { readonly name?: string; readonly expression: string }[]
}

export interface RawCustomType {
  readonly composite?: Readonly<Record<string, string>>
  readonly range?: { readonly subtype: string; readonly subtypeDiff?: string }
}

export interface RawFunction {
  readonly args?: DialectSql
  readonly returns?: DialectSql
  readonly procedure?: boolean
  readonly language?: string
  readonly body: DialectSql
  readonly volatility?: 'immutable' | 'stable' | 'volatile'
  readonly strict?: boolean
  readonly securityDefiner?: boolean
  readonly parallel?: 'safe' | 'restricted' | 'unsafe'
  readonly leakproof?: boolean
  readonly cost?: number
  readonly rows?: number
  readonly set?: Readonly<Record<string, string>>
  readonly deterministic?: boolean
  readonly dataAccess?: 'contains sql' | 'no sql' | 'reads sql data' | 'modifies sql data'
  readonly comment?: string
}

export interface RawView {
  readonly query: DialectSql
  readonly columns?: readonly string[]
  readonly checkOption?: 'local' | 'cascaded'
  readonly mysql?: MysqlViewOptions
  readonly materialized?: boolean
  readonly withData?: boolean
  readonly indexes?: readonly RawIndex[]
  readonly dependsOn?: readonly string[]
}

export interface RawTrigger {
  /** The database's name, when it is not the key. */
  readonly name?: string
  readonly table: string
  readonly timing: 'before' | 'after' | 'instead of'
  readonly events: TriggerEvent | readonly TriggerEvent[]
  readonly of?: readonly string[]
  readonly forEach?: 'row' | 'statement'
  readonly when?: DialectSql
  readonly body?: DialectSql
  readonly function?: string
  readonly args?: readonly string[]
}

export interface RawTable {
  readonly comment?: string
  readonly renamedFrom?: string
  readonly columns?: Readonly<Record<string, ColumnType | RawColumn>>
  /** Columns, `{ name, columns }`, or `false` for a table without a primary key. */
  readonly primaryKey?: readonly string[] | false | RawNamedKey
  readonly strict?: boolean
  readonly withoutRowid?: boolean
  readonly unlogged?: boolean
  readonly partitionBy?: RawPartitionKey
  readonly partitions?: Readonly<Record<string, RawPartition>>
  readonly mysql?: { readonly engine?: string; readonly charset?: string; readonly collation?: string; readonly rowFormat?: string }
  readonly indexes?: readonly RawIndex[]
  readonly unique?: readonly (readonly string[] | RawNamedKey)[]
  readonly checks?: readonly RawCheck[]
  readonly foreignKeys?: readonly RawForeignKey[]
  readonly exclude?: readonly RawExclusion[]
  readonly relations?: Readonly<Record<string, RawRelation>>
  readonly rowLevelSecurity?: { readonly enable?: boolean; readonly force?: boolean }
  readonly policies?: Readonly<Record<string, RawPolicy>>
}

export type RawPartitionValue = string | number | boolean | null

/** `partitionBy: { method, columns | expression }` (PostgreSQL). */
export interface RawPartitionKey {
  readonly method: 'range' | 'list' | 'hash'
  readonly columns?: string | readonly string[]
  readonly expression?: string
}

/** One partition: `{ from, to }`, `{ in }`, `{ modulus, remainder }` or `{ default: true }`. */
export interface RawPartition {
  readonly from?: RawPartitionValue | readonly RawPartitionValue[]
  readonly to?: RawPartitionValue | readonly RawPartitionValue[]
  readonly in?: readonly RawPartitionValue[]
  readonly modulus?: number
  readonly remainder?: number
  readonly default?: boolean
  /** What the partition holds of its own (partition-objects.ts), in the table-level forms. */
  readonly indexes?: readonly RawIndex[]
  readonly unique?: readonly (readonly string[] | RawNamedKey)[]
  readonly checks?: readonly RawCheck[]
  readonly foreignKeys?: readonly RawForeignKey[]
}

export interface RawPolicy {
  readonly command?: 'all' | 'select' | 'insert' | 'update' | 'delete'
  readonly roles?: readonly string[]
  readonly using?: string
  readonly withCheck?: string
  readonly restrictive?: boolean
}

/** A primary key or unique constraint in its object form. */
export interface RawNamedKey extends RawConstraintAttributes {
  readonly name?: string
  readonly columns: readonly string[]
}

export interface RawCheck extends RawConstraintAttributes {
  readonly name?: string
  readonly expression: string
}

export interface RawExclusion extends RawConstraintAttributes {
  readonly name?: string
  readonly using?: string
  readonly elements: readonly {
    readonly column?: string
    readonly expression?: string
    readonly with: string
    readonly opclass?: string
    readonly collation?: string
    readonly order?: 'asc' | 'desc'
    readonly nulls?: 'first' | 'last'
  }[]
  readonly include?: readonly string[]
  readonly where?: string
}

export interface RawColumn {
  readonly type: ColumnType
  readonly length?: number
  readonly precision?: number
  readonly scale?: number
  readonly timezone?: boolean
  readonly values?: readonly string[]
  readonly enum?: string
  readonly native?: { readonly postgres?: string; readonly sqlite?: string }
  readonly nullable?: boolean
  readonly primaryKey?: boolean
  readonly autoincrement?: boolean
  readonly identity?: 'always' | 'by default'
  readonly sequence?: string
  readonly monotonic?: boolean
  readonly collation?: string
  readonly array?: boolean | number
  readonly unique?: boolean
  readonly default?: DefaultValue
  readonly generated?: { readonly expression: string; readonly stored?: boolean }
  readonly onUpdate?: 'now'
  readonly references?: string | RawReference
  readonly comment?: string
  readonly renamedFrom?: string
}

export interface RawReference extends RawConstraintAttributes {
  readonly table: string
  readonly column?: string
  readonly onDelete?: ReferentialAction
  readonly onUpdate?: ReferentialAction
}

/** A column of an index: its name, or the name with options. */
export type RawIndexColumn =
  | string
  | {
      readonly column: string
      readonly order?: 'asc' | 'desc'
      readonly nulls?: 'first' | 'last'
      readonly collation?: string
      readonly opclass?: string
      readonly length?: number
    }

export interface RawIndex {
  readonly name?: string
  readonly columns?: readonly RawIndexColumn[]
  readonly expression?: string
  readonly unique?: boolean
  readonly method?: string
  readonly include?: readonly string[]
  readonly nullsNotDistinct?: boolean
  readonly where?: string
  readonly concurrently?: boolean
  readonly comment?: string
}

export interface RawForeignKey extends RawConstraintAttributes {
  readonly name?: string
  readonly columns: readonly string[]
  readonly references: { readonly table: string; readonly columns: readonly string[] }
  readonly onDelete?: ReferentialAction
  readonly onUpdate?: ReferentialAction
}

export interface RawBelongsTo {
  readonly belongsTo: string
  readonly column?: string
  readonly nullable?: boolean
  readonly unique?: boolean
  readonly index?: boolean
  readonly onDelete?: ReferentialAction
  readonly onUpdate?: ReferentialAction
}

export interface RawManyToMany {
  readonly manyToMany: string
  readonly through?: string
  readonly columns?: readonly [string, string]
}

export type RawRelation = RawBelongsTo | RawManyToMany
