/**
 * Migration operations (SPEC §4): a discriminated union on `op`.
 *
 * Operations are portable and declarative; each dialect derives SQL from them
 * (see dialects/dialect.ts). In a migration file an operation is written as a
 * one-key map, `{ addColumn: { table, column } }`; migrations/codec.ts converts
 * between that form and this one.
 *
 * Drop operations carry names only: the full definition needed to undo them is
 * in the `down` list, computed by diff/invert.ts from the schema before the
 * operation. Alterations carry `{ from, to }` so the inverse is mechanical.
 */
import type { Partition, PartitionState } from '../schema/partitions'
import type {
  Check,
  Column,
  ConstraintState,
  DefaultValue,
  Exclusion,
  DialectSql,
  ForeignKey,
  Generated,
  Index,
  Literal,
  OnUpdate,
  PrimaryKey,
  Table,
  TableOptions,
  TypeSpec,
  Unique,
} from '../schema/model'
import type { CustomType } from '../schema/custom-types'
import type { Domain } from '../schema/domains'
import type { Extension } from '../schema/extensions'
import type { StoredFunction } from '../schema/functions'
import type { Policy, RowLevelSecurity } from '../schema/policies'
import type { Sequence } from '../schema/sequences'
import type { SqlObject } from '../schema/sql-objects'
import type { Grant } from '../schema/grants'
import type { Trigger } from '../schema/triggers'
import type { View } from '../schema/views'

export interface CreateTable {
  readonly op: 'createTable'
  readonly table: Table
}

export interface DropTable {
  readonly op: 'dropTable'
  readonly name: string
}

export interface RenameTable {
  readonly op: 'renameTable'
  readonly from: string
  readonly to: string
  /**
   * Constraints and indexes of the table renamed with it, old name to new
   * name: their generated names follow the table's (`authors_pkey` becomes
   * `writers_pkey`), so a rename stays a rename instead of a drop and re-add
   * of every key. Absent: the names stay as they are.
   */
  readonly renames?: Readonly<Record<string, string>>
}

export interface AddColumn {
  readonly op: 'addColumn'
  readonly table: string
  readonly column: Column
  /**
   * One-off value for the rows already in the table, for a NOT NULL column
   * without default (Django's "provide a one-off default"). Not part of the
   * resulting schema.
   */
  readonly fill?: Literal
}

export interface DropColumn {
  readonly op: 'dropColumn'
  readonly table: string
  readonly column: string
}

export interface RenameColumn {
  readonly op: 'renameColumn'
  readonly table: string
  readonly from: string
  readonly to: string
  /**
   * Constraints and indexes of the table renamed with the column, old name
   * to new name: generated names include the column's (`users_email_key`
   * becomes `users_mail_key`), as with RenameTable.renames. Absent: the
   * names stay as they are.
   */
  readonly renames?: Readonly<Record<string, string>>
}

/**
 * The changed properties of a column. A type change carries the whole
 * `TypeSpec` (all of type, length, precision, ... that apply) on both sides;
 * `default: null` means "no default".
 */
export interface ColumnChange extends Partial<TypeSpec> {
  readonly nullable?: boolean
  readonly default?: DefaultValue | null
  /** The generation expression changes; `null`: not a generated column. */
  readonly generated?: Generated | null
  /** ON UPDATE CURRENT_TIMESTAMP (MySQL) comes or goes; `null`: none. */
  readonly onUpdate?: OnUpdate | null
}

export interface AlterColumn {
  readonly op: 'alterColumn'
  readonly table: string
  readonly column: string
  readonly from: ColumnChange
  readonly to: ColumnChange
  /**
   * One-off value for rows holding NULL when a column becomes NOT NULL
   * without a default.
   */
  readonly fill?: Literal
}

export interface AddIndex {
  readonly op: 'addIndex'
  readonly table: string
  readonly index: Index
}

export interface DropIndex {
  readonly op: 'dropIndex'
  readonly table: string
  readonly name: string
}

export interface AddUnique {
  readonly op: 'addUnique'
  readonly table: string
  readonly unique: Unique
}

export interface DropUnique {
  readonly op: 'dropUnique'
  readonly table: string
  readonly name: string
}

export interface AddForeignKey {
  readonly op: 'addForeignKey'
  readonly table: string
  readonly foreignKey: ForeignKey
}

export interface DropForeignKey {
  readonly op: 'dropForeignKey'
  readonly table: string
  readonly name: string
}

export interface AddCheck {
  readonly op: 'addCheck'
  readonly table: string
  readonly check: Check
}

export interface DropCheck {
  readonly op: 'dropCheck'
  readonly table: string
  readonly name: string
}

/** ALTER TABLE ADD CONSTRAINT … EXCLUDE (PostgreSQL). */
export interface AddExclusion {
  readonly op: 'addExclusion'
  readonly table: string
  readonly exclusion: Exclusion
}

/** CREATE TABLE partition PARTITION OF table FOR VALUES … (PostgreSQL, partitions.ts). */
export interface AddPartition {
  readonly op: 'addPartition'
  readonly table: string
  readonly partition: Partition
}

/** DROP TABLE partition: the rows it holds go with it. The inverse re-creates it empty. */
export interface DropPartition {
  readonly op: 'dropPartition'
  readonly table: string
  readonly name: string
}

/**
 * A partition changes: its bound (DETACH PARTITION, then ATTACH PARTITION
 * with the new bound, keeping its rows, which must fit the new bound) or
 * what it holds of its own (its indexes and constraints dropped and added).
 * Each side is the whole partition without its name.
 */
export interface AlterPartition {
  readonly op: 'alterPartition'
  readonly table: string
  readonly name: string
  readonly from: PartitionState
  readonly to: PartitionState
}

export interface DropExclusion {
  readonly op: 'dropExclusion'
  readonly table: string
  readonly name: string
}

/**
 * A foreign key's or check's state changes (DEFERRABLE, INITIALLY DEFERRED,
 * NOT VALID), its definition staying the same; each side lists the state it
 * has. PostgreSQL alters a foreign key's timing in place (ALTER CONSTRAINT)
 * and validates in place (VALIDATE CONSTRAINT); anything else is a drop and
 * an add of the constraint as it is after (SQLite: the table rebuild).
 */
export interface AlterConstraint {
  readonly op: 'alterConstraint'
  readonly table: string
  readonly name: string
  readonly from: ConstraintState
  readonly to: ConstraintState
}

export interface AlterPrimaryKey {
  readonly op: 'alterPrimaryKey'
  readonly table: string
  readonly from: PrimaryKey | null
  readonly to: PrimaryKey | null
}

export interface CreateEnum {
  readonly op: 'createEnum'
  readonly name: string
  readonly values: readonly string[]
}

export interface AlterEnum {
  readonly op: 'alterEnum'
  readonly name: string
  readonly from: readonly string[]
  readonly to: readonly string[]
  /** Values renamed, old name to new name (so rows keep their meaning). */
  readonly renamed?: Readonly<Record<string, string>>
}

export interface DropEnum {
  readonly op: 'dropEnum'
  readonly name: string
}

export interface SetComment {
  readonly op: 'setComment'
  readonly table: string
  /** Absent (and no `index`): the table's comment. */
  readonly column?: string
  /** The comment of this index of the table (COMMENT ON INDEX). */
  readonly index?: string
  /**
   * The comment of this constraint of the table (COMMENT ON CONSTRAINT): its
   * primary key, a unique, foreign key, check or EXCLUDE constraint.
   */
  readonly constraint?: string
  readonly from: string | null
  readonly to: string | null
}

/** The table's options (`strict`, `withoutRowid`) change; each side lists the options it has. */
export interface SetTableOptions {
  readonly op: 'setTableOptions'
  readonly table: string
  readonly from: TableOptions
  readonly to: TableOptions
}

/** CREATE POLICY (PostgreSQL row-level security). */
export interface CreatePolicy {
  readonly op: 'createPolicy'
  readonly policy: Policy
}

/** DROP POLICY name ON table. */
export interface DropPolicy {
  readonly op: 'dropPolicy'
  readonly table: string
  readonly name: string
}

/**
 * ALTER POLICY: the roles, USING or WITH CHECK of a policy change, its
 * table, name, command and PERMISSIVE / RESTRICTIVE stay (policies.ts,
 * `alterableInPlace`).
 */
export interface AlterPolicy {
  readonly op: 'alterPolicy'
  readonly from: Policy
  readonly to: Policy
}

/** ALTER TABLE … ENABLE / DISABLE, FORCE / NO FORCE ROW LEVEL SECURITY; each side lists what is on. */
export interface SetRowLevelSecurity {
  readonly op: 'setRowLevelSecurity'
  readonly table: string
  readonly from: RowLevelSecurity
  readonly to: RowLevelSecurity
}

/** GRANT privileges ON an object TO a role (PostgreSQL, `grants: true`): adds to what the role holds. */
export interface GrantPrivileges {
  readonly op: 'grant'
  readonly grant: Grant
}

/** REVOKE privileges ON an object FROM a role: takes them from what it holds. */
export interface RevokePrivileges {
  readonly op: 'revoke'
  readonly grant: Grant
}

/** A row condition: column equal to value for every entry (`null` is IS NULL). */
export type RowMatch = Readonly<Record<string, Literal | null>>

/** A JSON document: what a json column takes from a YAML map or list. */
export type JsonValue = Literal | null | readonly JsonValue[] | { readonly [key: string]: JsonValue }

/**
 * Column values of an inserted or updated row. A map or a list is a JSON
 * document for a json column (bound as its JSON text).
 */
export type RowValues = Readonly<Record<string, JsonValue>>

export interface Insert {
  readonly op: 'insert'
  readonly table: string
  readonly rows: readonly RowValues[]
}

export interface Update {
  readonly op: 'update'
  readonly table: string
  readonly set: RowValues
  readonly where: RowMatch
}

export interface Delete {
  readonly op: 'delete'
  readonly table: string
  readonly where: RowMatch
}

export interface RawSql {
  readonly op: 'sql'
  readonly up: DialectSql
  /** Without `down` the migration is irreversible. */
  readonly down?: DialectSql
  /** PostgreSQL: run outside a transaction (CONCURRENTLY and the like). Default true. */
  readonly transactional?: boolean
}

/** CREATE VIEW / CREATE MATERIALIZED VIEW (and its indexes). */
export interface CreateView {
  readonly op: 'createView'
  readonly view: View
}

export interface DropView {
  readonly op: 'dropView'
  readonly name: string
}

/** CREATE TRIGGER (on PostgreSQL with its trigger function, when it has a body). */
export interface CreateTrigger {
  readonly op: 'createTrigger'
  readonly trigger: Trigger
}

export interface DropTrigger {
  readonly op: 'dropTrigger'
  readonly name: string
}

/** CREATE FUNCTION / CREATE PROCEDURE (PostgreSQL). */
export interface CreateFunction {
  readonly op: 'createFunction'
  readonly function: StoredFunction
}

export interface DropFunction {
  readonly op: 'dropFunction'
  readonly name: string
}

/** CREATE OR REPLACE of a function whose signature (arguments, result) is unchanged. */
export interface ReplaceFunction {
  readonly op: 'replaceFunction'
  readonly from: StoredFunction
  readonly to: StoredFunction
}

/** CREATE SEQUENCE (PostgreSQL), OWNED BY included. */
export interface CreateSequence {
  readonly op: 'createSequence'
  readonly sequence: Sequence
}

export interface DropSequence {
  readonly op: 'dropSequence'
  readonly name: string
}

/** ALTER SEQUENCE: the options that differ between `from` and `to` (same name). */
export interface AlterSequence {
  readonly op: 'alterSequence'
  readonly name: string
  readonly from: Sequence
  readonly to: Sequence
}

/** CREATE EXTENSION IF NOT EXISTS (PostgreSQL). */
export interface CreateExtension {
  readonly op: 'createExtension'
  readonly extension: Extension
}

export interface DropExtension {
  readonly op: 'dropExtension'
  readonly name: string
}

/** ALTER EXTENSION … UPDATE TO (a pinned version) / SET SCHEMA. */
export interface AlterExtension {
  readonly op: 'alterExtension'
  readonly name: string
  readonly from: Extension
  readonly to: Extension
}

/** CREATE DOMAIN (PostgreSQL). */
export interface CreateDomain {
  readonly op: 'createDomain'
  readonly domain: Domain
}

export interface DropDomain {
  readonly op: 'dropDomain'
  readonly name: string
}

/** ALTER DOMAIN: default, NOT NULL and checks; the base type and the collation stay. */
export interface AlterDomain {
  readonly op: 'alterDomain'
  readonly name: string
  readonly from: Domain
  readonly to: Domain
}

/** CREATE TYPE … AS (…) / AS RANGE (…) (PostgreSQL). */
export interface CreateType {
  readonly op: 'createType'
  readonly type: CustomType
}

export interface DropType {
  readonly op: 'dropType'
  readonly name: string
}

/**
 * ALTER TYPE … DROP ATTRIBUTE / ADD ATTRIBUTE (PostgreSQL composite types):
 * `to` keeps the fields of `from` it keeps, in their order and with their
 * types, and adds its new ones after them (diff-custom-types.ts).
 */
export interface AlterType {
  readonly op: 'alterType'
  readonly name: string
  readonly from: CustomType
  readonly to: CustomType
}

/** A raw `sql` object's create SQL (sql-objects.ts). */
export interface CreateSql {
  readonly op: 'createSql'
  readonly object: SqlObject
}

/** A raw `sql` object's drop SQL, as the object had it (its inverse takes the definition from the schema before). */
export interface DropSql {
  readonly op: 'dropSql'
  readonly name: string
  readonly drop: DialectSql
}

/**
 * CREATE SCHEMA (PostgreSQL): a schema of the tables and enums named
 * `schema.name` (schema/qualified.ts), created before the first of them.
 */
export interface CreateSchema {
  readonly op: 'createSchema'
  readonly name: string
}

/**
 * DROP SCHEMA, after the last of its objects: without CASCADE, so the
 * database refuses while anything strata does not know of is still in it.
 */
export interface DropSchema {
  readonly op: 'dropSchema'
  readonly name: string
}

export type Operation =
  | CreateSchema
  | DropSchema
  | CreateTable
  | DropTable
  | RenameTable
  | AddColumn
  | DropColumn
  | RenameColumn
  | AlterColumn
  | AddIndex
  | DropIndex
  | AddUnique
  | DropUnique
  | AddForeignKey
  | DropForeignKey
  | AddCheck
  | DropCheck
  | AddExclusion
  | DropExclusion
  | AddPartition
  | DropPartition
  | AlterPartition
  | AlterConstraint
  | AlterPrimaryKey
  | CreateEnum
  | AlterEnum
  | DropEnum
  | SetComment
  | CreateView
  | DropView
  | CreateTrigger
  | DropTrigger
  | CreateFunction
  | DropFunction
  | ReplaceFunction
  | CreateSequence
  | DropSequence
  | AlterSequence
  | CreateExtension
  | DropExtension
  | AlterExtension
  | CreateDomain
  | DropDomain
  | AlterDomain
  | CreateType
  | DropType
  | AlterType
  | SetTableOptions
  | CreatePolicy
  | DropPolicy
  | AlterPolicy
  | SetRowLevelSecurity
  | GrantPrivileges
  | RevokePrivileges
  | CreateSql
  | DropSql
  | Insert
  | Update
  | Delete
  | RawSql

export type OperationKind = Operation['op']

/** Every operation kind, in the order of SPEC §4. Typed so a new kind must be listed. */
export const OPERATION_KINDS = [
  'createSchema',
  'dropSchema',
  'createTable',
  'dropTable',
  'renameTable',
  'addColumn',
  'dropColumn',
  'renameColumn',
  'alterColumn',
  'addIndex',
  'dropIndex',
  'addUnique',
  'dropUnique',
  'addForeignKey',
  'dropForeignKey',
  'addCheck',
  'dropCheck',
  'addExclusion',
  'dropExclusion',
  'addPartition',
  'dropPartition',
  'alterPartition',
  'alterConstraint',
  'alterPrimaryKey',
  'createEnum',
  'alterEnum',
  'dropEnum',
  'setComment',
  'createView',
  'dropView',
  'createTrigger',
  'dropTrigger',
  'createFunction',
  'dropFunction',
  'replaceFunction',
  'createSequence',
  'dropSequence',
  'alterSequence',
  'createExtension',
  'dropExtension',
  'alterExtension',
  'createDomain',
  'dropDomain',
  'alterDomain',
  'createType',
  'dropType',
  'alterType',
  'setTableOptions',
  'createPolicy',
  'dropPolicy',
  'alterPolicy',
  'setRowLevelSecurity',
  'grant',
  'revoke',
  'createSql',
  'dropSql',
  'insert',
  'update',
  'delete',
  'sql',
] as const satisfies readonly OperationKind[]

/** Compiles only while OPERATION_KINDS lists every kind of the union. */
export const OPERATION_KINDS_COMPLETE: [Exclude<OperationKind, (typeof OPERATION_KINDS)[number]>] extends [never] ? true : never = true

/** Operations that change data, not the schema: never produced by the diff. */
export const DATA_OPERATION_KINDS: readonly OperationKind[] = ['insert', 'update', 'delete', 'sql']

export type OperationOf<K extends OperationKind> = Extract<Operation, { op: K }>
