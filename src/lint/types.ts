/**
 * The linter's vocabulary: rules with stable codes, and the findings they
 * report for one operation of one migration.
 */
import type { Connection, DialectLint, SqlCompiler } from '../dialects/dialect'
import type { Operation } from '../diff/operations'
import type { Schema } from '../schema/model'

export type Severity = 'error' | 'warning'

/** A rule's documentation: what docs/LINT.md lists and `strata lint --json` refers to. */
export interface RuleInfo {
  /** Stable code, never reused: `DS101`. */
  readonly code: string
  /** Short kebab-case name: `drop-table`. */
  readonly name: string
  readonly severity: Severity
  /** The family (one file in src/lint per family). */
  readonly family: 'destructive' | 'compatibility' | 'locking' | 'ordering' | 'reversibility' | 'data'
  /** What it catches, one sentence. */
  readonly catches: string
  /** What to do instead, one sentence. */
  readonly instead: string
  /** Needs a database (counts rows). */
  readonly needsDatabase?: boolean
  /** Applies only where the dialect says so (PostgreSQL's locks, enum values). */
  readonly dialectSpecific?: boolean
}

/** One problem found in a migration. */
export interface Finding {
  readonly code: string
  readonly rule: string
  readonly severity: Severity
  readonly migration: string
  /** The migration file, relative to the working directory, and the operation's position in it. */
  readonly file?: string
  readonly line?: number
  readonly column?: number
  /** `up` (or `down`, for the rules about the reverse path). */
  readonly direction: 'up' | 'down'
  /** 1-based position of the operation in its list. */
  readonly operation: number
  readonly operationKind: string
  /** Names the object and what happens to it. */
  readonly message: string
  /** The safe alternative. */
  readonly instead: string
  /** Data rules: how many rows are affected, and example keys. */
  readonly rows?: number
  readonly examples?: readonly string[]
}

/** What a static rule sees of one operation. */
export interface OperationContext {
  readonly op: Operation
  /** 0-based position in its list. */
  readonly index: number
  /** The schema just before this operation. */
  readonly before: Schema
  /** The schema before the migration's first operation. */
  readonly start: Schema
  /** Every operation of the list. */
  readonly ops: readonly Operation[]
  readonly direction: 'up' | 'down'
  readonly dialect: DialectLint
}

/** What a rule reports, before the migration and location are added. */
export interface RawFinding {
  readonly rule: RuleInfo
  readonly message: string
  /** Overrides the rule's generic advice with one naming the objects. */
  readonly instead?: string
  readonly rows?: number
  readonly examples?: readonly string[]
  /**
   * The finding matters only when this table holds rows (a lock held while
   * a filled table is scanned): with a database, it is dropped when the
   * table is empty.
   */
  readonly onlyIfFilled?: string
}

export interface StaticRule {
  readonly info: RuleInfo
  check(ctx: OperationContext): RawFinding | RawFinding[] | undefined
}

/** A database to count rows in, for the data-dependent rules. */
export interface DataContext extends OperationContext {
  readonly connection: Connection
  readonly compiler: SqlCompiler
  /** The live database's schema (what exists to be counted). */
  readonly live: Schema
}

export interface DataRule {
  readonly info: RuleInfo
  check(ctx: DataContext): Promise<RawFinding | RawFinding[] | undefined>
}
