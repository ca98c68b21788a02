/**
 * Applying migrations (SPEC §6): each migration in its own transaction
 * together with its history row, under the migration lock; forward to the
 * last migration or a target, backward to a target or `zero`.
 */
import { performance } from 'node:perf_hooks'
import type { Connection, Dialect, Statement } from '../dialects/dialect'
import { dialectForUrl } from '../dialects'
import { HistoryError, MigrationFailedError, UsageError } from '../errors'
import type { Project } from '../project'
import { type CompiledOperation, compileOperations, downOperations, needsNoTransaction } from './compile'
import { invert } from '../diff/invert'
import {
  type AppliedMigration,
  ensureHistoryTable,
  findRow,
  isRecorded,
  readHistory,
  recordApplied,
  recordReverted,
} from './history'
import { runBatched } from './batch'
import { commitFailure } from './commit-failure'
import type { Schema } from '../schema/model'
import type { MigrationFile } from './migration-file'
import { ancestorsOf, descendantsOf } from './graph'
import { type Part, planParts } from './parts'
import { type Position, type StatementPlan, describePosition, planDown, planUp, range } from './statements'
import { type MigrationState, findMigrationIndex, readMigrationState, schemaWithApplied } from './state'
import { coveredBySquash, squashesToRecord, stateForHistory } from './replaces'
import { schemaOnly, templateKey, templatesEnabled, writeTemplate } from './template'

export type Direction = 'up' | 'down'

export type MigrateEvent =
  | { readonly type: 'start'; readonly migration: string; readonly direction: Direction; readonly operations: number }
  /** After each operation of the running migration: `done` of `total` finished. */
  | { readonly type: 'operation'; readonly migration: string; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly migration: string; readonly direction: Direction; readonly durationMs: number }
  | { readonly type: 'skip'; readonly migration: string; readonly reason: string }
  /** A part of a migration applied in parts was committed (see parts.ts). */
  | {
      readonly type: 'part'
      readonly migration: string
      readonly direction: Direction
      readonly part: number
      readonly parts: number
      /** `up` operations committed after this part. */
      readonly appliedOperations: number
      readonly operations: number
    }
  /** A migration is about to be applied in parts, and why. */
  | { readonly type: 'split'; readonly migration: string; readonly direction: Direction; readonly parts: number; readonly reason: string }

export interface MigrateOptions {
  /** A migration name, number or path, or `zero`. Default: the last migration. */
  readonly target?: string
  /** Record (or remove) history rows without running any SQL. */
  readonly fake?: boolean
  /** Run nothing: return the SQL that would run. */
  readonly dryRun?: boolean
  /** How long to wait for the migration lock. Default: the project's (60 s). */
  readonly lockTimeoutMs?: number
  readonly onProgress?: (event: MigrateEvent) => void
  readonly cwd?: string
  /**
   * The dialect to compile and connect with, instead of the one the URL
   * names. For tests that inject a deliberately broken compiler; the
   * default is `dialectForUrl(url)`.
   */
  readonly dialect?: Dialect
  /**
   * Lock-table entries one transaction may use (dialects with a lock model:
   * PostgreSQL). Default: STRATA_LOCK_BUDGET, else half of the server's lock
   * table from its settings. A migration that needs more is applied in parts.
   */
  readonly lockBudget?: number
  /**
   * Resolve a partially applied migration (one that stopped at a failed
   * statement where DDL is not transactional, MySQL): `finish` runs the rest
   * of it, then goes on as usual; `rollback` reverses the statements that
   * ran, and does nothing else. Without it, `migrate` refuses to start
   * while such a migration is recorded.
   */
  readonly resolve?: 'finish' | 'rollback'
  /**
   * The caller found the database new (`dialect.templates.isNew`, before
   * anything opened it): when this run applies every migration to it from
   * nothing, with no target, flag or other writer, and the migrations hold
   * only schema operations, the result is recorded as a template
   * (template.ts), with `lint`, the report the caller printed.
   */
  readonly recordTemplate?: { readonly lint?: unknown }
  /** The migrations folder's state, when the caller has read it already (readMigrationState). */
  readonly state?: MigrationState
}

export interface MigrationStep {
  readonly migration: string
  readonly direction: Direction
  readonly durationMs: number
  /** The SQL run (or, with dryRun, that would run). */
  readonly statements: readonly string[]
  /** Ran outside a transaction (PostgreSQL CONCURRENTLY and the like). */
  readonly nonTransactional: boolean
  /** Applied in this many transactions of whole operations (absent: one). */
  readonly parts?: number
}

export interface MigrateResult {
  readonly database: string
  readonly steps: readonly MigrationStep[]
  readonly dryRun: boolean
  readonly fake: boolean
}

/**
 * Check the applied history against the files: no missing file, no edited
 * applied migration. A row of a migration that a squashed migration
 * replaces needs no file (see replaces.ts).
 */
export function checkHistory(state: MigrationState, applied: readonly AppliedMigration[]): void {
  const byName = new Map((state.files ?? state.migrations).map((m) => [m.name, m]))
  for (const row of applied) {
    const file = byName.get(row.name)
    if (!file) {
      if (coveredBySquash(state.migrations, row.name)) continue
      throw new HistoryError(
        'E_MISSING_MIGRATION',
        `previously applied migration ${row.name} is missing from the migrations folder: restore its file`,
        { migration: row.name },
      )
    }
    if (file.checksum !== row.checksum) {
      throw new HistoryError(
        'E_EDITED_MIGRATION',
        `migration ${row.name} (${file.file}) was edited after it was applied to this database: ` +
          'revert the edit, and make a new migration for the change instead',
        { migration: row.name, file: file.file },
      )
    }
  }
}

/**
 * The migrations applied at the target: all of them with none given, none
 * for `zero`, else the target and every migration it depends on (Django's
 * rule: moving to a migration reverses what depends on it and applies what
 * it depends on; other branches are left as they are).
 */
function targetPlan(state: MigrationState, target: string | undefined): { keep: ReadonlySet<string>; revert: ReadonlySet<string> } {
  const all = state.migrations.map((m) => m.name)
  if (target === undefined) return { keep: new Set(all), revert: new Set() }
  if (target === 'zero') return { keep: new Set(), revert: new Set(all) }
  // With apps: `APP:zero` reverses the app's migrations and what depends on them; `APP:` applies the app to its head.
  const app = /^([A-Za-z][A-Za-z0-9_]*):(zero)?$/.exec(target)
  if (app) {
    const mine = state.migrations.filter((m) => m.name.startsWith(`${app[1]}:`))
    if (!mine.length) throw new UsageError(`app "${app[1]}" has no migrations`)
    if (app[2]) return { keep: new Set(), revert: new Set(mine.flatMap((m) => [m.name, ...descendantsOf(state.migrations, m.name)])) }
    return { keep: new Set(mine.flatMap((m) => [...ancestorsOf(state.migrations, m.name)])), revert: new Set() }
  }
  const index = findMigrationIndex(state.migrations, target)
  if (index === undefined) {
    throw new UsageError(`migration "${target}" not found: give a name (0002_post_tags), a number (0002 or 2), a path, or zero`)
  }
  const name = state.migrations[index]!.name
  // Django's rule with apps: reverse the target's children in its own app and what depends on them
  // (another app's migration that depends on the target itself stays). Without apps: every descendant.
  const prefix = name.includes(':') ? name.slice(0, name.indexOf(':') + 1) : ''
  const children = state.migrations.filter((m) => m.dependsOn.includes(name) && m.name.startsWith(prefix))
  const revert = new Set(children.flatMap((c) => [c.name, ...descendantsOf(state.migrations, c.name)]))
  return { keep: ancestorsOf(state.migrations, name), revert }
}

function sqlText(compiled: readonly CompiledOperation[]): string[] {
  return compiled.flatMap((c) => c.statements.map((s) => s.sql))
}

async function runCompiled(
  connection: Connection,
  migration: MigrationFile,
  compiled: readonly CompiledOperation[],
  direction: Direction,
  onOperation?: (done: number) => void,
  partNote?: string,
): Promise<void> {
  // runBatched counts the operations of the list it is given; report them as positions in the migration.
  const report = onOperation && ((done: number) => onOperation(compiled[done - 1]!.index + 1))
  await runBatched(connection, compiled, (c, statement, error) => failure(migration, direction, c, statement, error, partNote), report)
}

function failure(
  migration: MigrationFile,
  direction: Direction,
  c: CompiledOperation,
  statement: Statement,
  error: unknown,
  partNote?: string,
): MigrationFailedError {
  const reason = error instanceof Error ? error.message : String(error)
  return new MigrationFailedError(
    `migration ${migration.name} failed (${direction}), operation ${c.index + 1} (${c.operation.op}): ${reason}\n` +
      `  SQL: ${statement.sql}\n` +
      (partNote ??
        (statement.transactional === false
          ? '  This statement ran outside a transaction: statements before it in this migration stayed applied.'
          : '  The migration was rolled back: the database is as it was before it.')),
    { migration: migration.name, operation: c.index + 1, operationKind: c.operation.op, sql: statement.sql },
    error,
  )
}

/**
 * Apply or revert one migration. Transactional migrations run whole, with
 * their history row, in one transaction; a migration with a statement that
 * cannot run in a transaction runs its statements one at a time (each
 * transactional run still grouped), and records its history row last.
 */
async function step(
  connection: Connection,
  migration: MigrationFile,
  compiled: readonly CompiledOperation[],
  direction: Direction,
  fake: boolean,
  onOperation?: (done: number) => void,
): Promise<{ ran: boolean; durationMs: number; nonTransactional: boolean }> {
  const started = performance.now()
  const record = async (durationMs: number) =>
    direction === 'up' ? recordApplied(connection, migration.name, migration.checksum, durationMs) : revertRows(connection, migration)
  const stillToDo = async () => (await isRecorded(connection, migration.name)) === (direction === 'down')
  const nonTransactional = needsNoTransaction(compiled)
  if (fake || !nonTransactional) {
    const ran = await connection
      .transaction(async () => {
        // Re-read inside the transaction (which holds the write lock on SQLite):
        // another process may have applied this migration meanwhile.
        if (!(await stillToDo())) return false
        if (!fake) await runCompiled(connection, migration, compiled, direction, onOperation)
        await record(performance.now() - started)
        return true
      })
      .catch((error: unknown) => {
        throw commitFailure(migration.name, direction, compiled, error)
      })
    return { ran, durationMs: performance.now() - started, nonTransactional: false }
  }
  if (!(await stillToDo())) return { ran: false, durationMs: 0, nonTransactional }
  // Group consecutive transactional statements; run the others alone.
  let group: CompiledOperation[] = []
  const flush = async () => {
    if (!group.length) return
    const current = group
    group = []
    await connection.transaction(() => runCompiled(connection, migration, current, direction, onOperation)).catch((error: unknown) => {
      throw commitFailure(migration.name, direction, current, error)
    })
  }
  for (const c of compiled) {
    for (const statement of c.statements) {
      const single: CompiledOperation = { ...c, statements: [statement] }
      if (statement.transactional === false) {
        await flush()
        await runCompiled(connection, migration, [single], direction, onOperation)
      } else {
        group.push(single)
      }
    }
  }
  await flush()
  await connection.transaction(() => record(performance.now() - started))
  return { ran: true, durationMs: performance.now() - started, nonTransactional }
}

/** Remove a reversed migration's row, and for a squashed migration the rows of the migrations it replaces. */
async function revertRows(connection: Connection, migration: MigrationFile): Promise<void> {
  await recordReverted(connection, migration.name)
  for (const name of migration.replaces ?? []) await recordReverted(connection, name)
}

/**
 * Record as applied each squashed migration whose replaced migrations are
 * all recorded (Django's check_replacements); returns the history after.
 */
async function recordSquashes(connection: Connection, state: MigrationState, applied: readonly AppliedMigration[]): Promise<AppliedMigration[]> {
  const todo = squashesToRecord(state.migrations, new Set(applied.map((a) => a.name)), state.files ?? state.migrations)
  if (!todo.length) return [...applied]
  await connection.transaction(async () => {
    for (const m of todo) if (!(await isRecorded(connection, m.name))) await recordApplied(connection, m.name, m.checksum, 0)
  })
  return readHistory(connection)
}

/** The same in memory, for a dry run. */
function withSquashes(state: MigrationState, applied: readonly AppliedMigration[]): AppliedMigration[] {
  const todo = squashesToRecord(state.migrations, new Set(applied.map((a) => a.name)), state.files ?? state.migrations)
  const now = new Date().toISOString()
  return [...applied, ...todo.map((m) => ({ name: m.name, checksum: m.checksum, appliedAt: now, durationMs: 0, strataVersion: '' }))]
}

interface PlannedStep {
  readonly migration: MigrationFile
  readonly direction: Direction
  /** The migration is partly applied: this many of its `up` operations are committed. */
  readonly appliedOperations?: number
  /** And this many statements of the next one (statement by statement, MySQL). */
  readonly appliedStatements?: number
  /** The schema without this migration, given what is applied at this step (on a graph, not always a prefix of the order). */
  readonly before: Schema
  /** The same with this migration applied whole. */
  readonly after: Schema
}

/**
 * Plan the steps from the applied rows to the target: reversals in reverse
 * graph order, then applications in graph order; a partly applied migration
 * is completed or reversed. Each step carries the schema the database has
 * around it: the replay of what is applied at that point.
 */
function plan(state: MigrationState, applied: ReadonlyMap<string, AppliedMigration>, target: { keep: ReadonlySet<string>; revert: ReadonlySet<string> }): PlannedStep[] {
  const steps: PlannedStep[] = []
  const now = new Set(applied.keys())
  const around = (m: MigrationFile) => {
    now.delete(m.name)
    const before = schemaWithApplied(state, now)
    now.add(m.name)
    return { before, after: schemaWithApplied(state, now) }
  }
  for (let i = state.migrations.length - 1; i >= 0; i--) {
    const m = state.migrations[i]!
    if (!applied.has(m.name) || !target.revert.has(m.name)) continue
    steps.push({ migration: m, direction: 'down', ...optional(applied.get(m.name)), ...around(m) })
    now.delete(m.name)
  }
  for (const m of state.migrations) {
    const row = applied.get(m.name)
    if (!target.keep.has(m.name) || (row && row.appliedOperations === undefined)) continue
    steps.push({ migration: m, direction: 'up', ...optional(row), ...around(m) })
  }
  return steps
}

const optional = (row: AppliedMigration | undefined) =>
  row?.appliedOperations !== undefined
    ? { appliedOperations: row.appliedOperations, ...(row.appliedStatements ? { appliedStatements: row.appliedStatements } : {}) }
    : {}

/** What one step runs: its operations in one go, or in parts of whole operations. */
type Execution =
  | { readonly kind: 'whole'; readonly compiled: readonly CompiledOperation[] }
  | {
      readonly kind: 'parts'
      readonly parts: readonly { readonly part: Part; readonly compiled: readonly CompiledOperation[] }[]
      readonly reason: string
    }
  /** Statement by statement, each recorded as it commits (DDL that is not transactional, statements.ts). */
  | { readonly kind: 'statements'; readonly plan: StatementPlan }

function compileWhole(dialect: Dialect, s: PlannedStep): CompiledOperation[] {
  if (s.direction === 'up') return compileOperations(dialect.compiler, s.before, s.migration.up)
  const down = downOperations(s.migration, s.before)
  return compileOperations(dialect.compiler, s.after, down)
}

/** Where DDL is not transactional: the step statement by statement (statements.ts), or whole when it has no DDL. */
function compileByStatements(dialect: Dialect, s: PlannedStep): Execution {
  const whole = s.appliedOperations === undefined ? compileWhole(dialect, s) : undefined
  if (whole && !needsNoTransaction(whole)) return { kind: 'whole', compiled: whole }
  const untouched = s.direction === 'up' ? 0 : s.migration.up.length
  const at: Position = { operations: s.appliedOperations ?? untouched, statements: s.appliedStatements ?? 0 }
  if (s.direction === 'up') return { kind: 'statements', plan: planUp(dialect, s.migration, s.before, at) }
  const down = s.appliedOperations === undefined ? downOperations(s.migration, s.before) : undefined
  const planned = planDown(dialect, s.migration, s.before, at, down)
  if (planned.plan) return { kind: 'statements', plan: planned.plan }
  const i = planned.partialOperation
  throw new HistoryError(
    'E_PARTIAL_IRREVERSIBLE',
    `migration ${s.migration.name} stopped inside operation ${i + 1} (${s.migration.up[i]!.op}) after ${at.statements} of its statements, ` +
      'and strata cannot reverse part of that operation: fix the cause and run `strata migrate --finish` instead',
    { migration: s.migration.name, operation: i + 1 },
  )
}

function compileStep(dialect: Dialect, s: PlannedStep, budget: LockBudget | undefined, fake = false): Execution {
  if (!dialect.capabilities.transactionalDdl && !fake) return compileByStatements(dialect, s)
  const up = s.migration.up
  const partial = s.appliedOperations !== undefined
  if (!partial && (!budget || !dialect.locks)) return { kind: 'whole', compiled: compileWhole(dialect, s) }
  const whole = partial ? undefined : compileWhole(dialect, s)
  // Outside a transaction anyway (CONCURRENTLY): run as before.
  if (whole && needsNoTransaction(whole)) return { kind: 'whole', compiled: whole }
  // A written `down` describes the whole migration: it runs whole.
  if (!partial && s.direction === 'down' && s.migration.down) return { kind: 'whole', compiled: whole! }
  if (s.direction === 'down') downOperations(s.migration, s.before) // refuses an irreversible migration
  const before = s.before
  const start = s.direction === 'up' ? (s.appliedOperations ?? 0) : 0
  const end = s.direction === 'up' ? up.length : (s.appliedOperations ?? up.length)
  const model = dialect.locks!
  const lockBudget = budget ?? { budget: model.defaultBudget, reason: model.defaultBudgetReason }
  const { parts, locks } = planParts(model, up, before, lockBudget.budget, start, end)
  if (!partial && parts.length <= 1) return { kind: 'whole', compiled: whole! }
  const compiled = parts.map((part) => {
    const ops = up.slice(part.from, part.to)
    const list =
      s.direction === 'up'
        ? compileOperations(dialect.compiler, part.before, ops).map((c) => ({ ...c, index: c.index + part.from }))
        : compileOperations(dialect.compiler, part.after, invert(part.before, ops))
    return { part, compiled: list }
  })
  const reason = partial
    ? `it is partly applied (${s.appliedOperations} of ${up.length} operations committed)`
    : `it needs about ${locks} locks, more than one transaction may hold: ${lockBudget.budget}, ${lockBudget.reason}`
  return { kind: 'parts', parts: s.direction === 'up' ? compiled : compiled.reverse(), reason }
}

export interface LockBudget {
  readonly budget: number
  readonly reason: string
}

/** The lock budget of this run: the option, STRATA_LOCK_BUDGET, or the server's settings. */
async function lockBudget(connection: Connection, options: MigrateOptions): Promise<LockBudget | undefined> {
  if (!connection.dialect.locks && !options.dialect?.locks) return undefined
  if (options.lockBudget !== undefined) return { budget: options.lockBudget, reason: 'the lockBudget option' }
  const env = process.env.STRATA_LOCK_BUDGET
  if (env !== undefined && env !== '') {
    const budget = Number(env)
    if (!Number.isInteger(budget) || budget < 1) throw new UsageError(`STRATA_LOCK_BUDGET must be a positive whole number of locks, not "${env}"`)
    return { budget, reason: 'STRATA_LOCK_BUDGET' }
  }
  return connection.lockBudget ? connection.lockBudget() : undefined
}

/**
 * Apply or reverse a migration in parts: each part in its own transaction
 * with the history row updated to the number of `up` operations committed.
 * The row is re-read inside each transaction, so a part is never run twice
 * by two processes.
 */
async function stepInParts(
  connection: Connection,
  migration: MigrationFile,
  execution: Extract<Execution, { kind: 'parts' }>,
  direction: Direction,
  onProgress: MigrateOptions['onProgress'],
  onOperation?: (done: number) => void,
): Promise<{ ran: boolean; durationMs: number }> {
  const started = performance.now()
  const total = migration.up.length
  const count = execution.parts.length
  let ran = false
  let reversed = 0
  for (const [j, { part, compiled }] of execution.parts.entries()) {
    // Up: positions in the migration already; down: counted across the parts.
    const base = reversed
    const report = onOperation && (direction === 'up' ? onOperation : (done: number) => onOperation(base + done))
    reversed += compiled.length
    const kept = direction === 'up' ? part.from : part.to
    const note =
      `  This part (${j + 1} of ${count}, operations ${part.from + 1}–${part.to}) was rolled back. ` +
      (kept > 0
        ? `The first ${kept} operations of the migration stay applied and recorded (strata status shows them): ` +
          '`strata migrate` completes it, `strata migrate` to an earlier migration reverses it.'
        : 'The database is as it was before the migration.')
    const done = await connection.transaction(async () => {
      const row = await findRow(connection, migration.name)
      const applied = row ? (row.appliedOperations ?? total) : 0
      if (applied !== kept) return false
      await runCompiled(connection, migration, compiled, direction, report, note)
      const now = direction === 'up' ? part.to : part.from
      const durationMs = performance.now() - started
      if (now === 0) await revertRows(connection, migration)
      else await recordApplied(connection, migration.name, migration.checksum, durationMs, now === total ? undefined : now, true)
      return true
    })
    if (!done) return { ran, durationMs: performance.now() - started }
    ran = true
    onProgress?.({
      type: 'part',
      migration: migration.name,
      direction,
      part: j + 1,
      parts: count,
      appliedOperations: direction === 'up' ? part.to : part.from,
      operations: total,
    })
  }
  return { ran, durationMs: performance.now() - started }
}

/** The way out of a partially applied migration, for messages. */
const WAY_OUT = 'fix the cause and run `strata migrate --finish` to run the rest of it, or `strata migrate --rollback` to reverse the statements that ran'

/**
 * Apply or reverse a migration statement by statement (statements.ts): each
 * DDL statement alone, data statements in a transaction with the history
 * row, and the row updated to the position reached after each unit. A
 * failure leaves the migration recorded as partially applied, and the error
 * names what ran and what did not.
 */
async function stepByStatements(
  connection: Connection,
  migration: MigrationFile,
  plan: StatementPlan,
  direction: Direction,
  onOperation?: (done: number) => void,
): Promise<{ ran: boolean; durationMs: number }> {
  const started = performance.now()
  const up = migration.up
  const total = up.length
  const same = (a: Position, b: Position) => a.operations === b.operations && a.statements === b.statements
  const positionOf = (row: AppliedMigration | undefined): Position =>
    row ? { operations: row.appliedOperations ?? total, statements: row.appliedStatements ?? 0 } : { operations: 0, statements: 0 }
  const record = async (p: Position) => {
    const durationMs = performance.now() - started
    if (p.operations === 0 && p.statements === 0) await revertRows(connection, migration)
    else if (p.operations === total) await recordApplied(connection, migration.name, migration.checksum, durationMs, undefined, true)
    else await recordApplied(connection, migration.name, migration.checksum, durationMs, p.operations, true, p.statements)
  }
  const start = plan.units[0]?.from ?? (direction === 'up' ? { operations: 0, statements: 0 } : { operations: total, statements: 0 })
  // Under the migration lock: another process may have moved it meanwhile.
  if (!same(positionOf(await findRow(connection, migration.name)), start)) return { ran: false, durationMs: 0 }
  if (!plan.units.length) {
    await connection.transaction(() => record(direction === 'up' ? { operations: total, statements: 0 } : { operations: 0, statements: 0 }))
    return { ran: true, durationMs: performance.now() - started }
  }
  for (const unit of plan.units) {
    const ranBefore = unit.first - 1
    const kept = unit.from
    const note =
      direction === 'up'
        ? kept.operations === 0 && kept.statements === 0 && ranBefore === 0
          ? '  Nothing of the migration ran: the database is as it was before it.'
          : `  Not atomic (DDL commits by itself here): the migration is PARTIALLY APPLIED. Ran and recorded: statements ${range(1, ranBefore)} of ${plan.total} ` +
            `(${describePosition(kept, up)}). Not run: statement${unit.first === plan.total ? '' : 's'} ${range(unit.first, plan.total)}, from this one.
` +
            `  strata status shows it; strata migrate refuses to go on until you ${WAY_OUT}.`
        : ranBefore === 0
          ? '  Nothing of the reversal ran.'
          : !plan.recorded
            ? `  Not atomic (DDL commits by itself here): statements ${range(1, ranBefore)} of ${plan.total} of its down: list ran and stay; ` +
              'the migration is still recorded as applied. Undo them by hand or finish the reversal by hand, then run strata migrate again.'
          : `  Not atomic (DDL commits by itself here): statements ${range(1, ranBefore)} of ${plan.total} of the reversal ran; ` +
            `the migration is recorded as partially applied (${describePosition(kept, up)}).
  strata status shows it; ${WAY_OUT}.`
    // Operation indexes are positions in the whole list already.
    const report = onOperation
    if (unit.transactional) {
      await connection.transaction(async () => {
        await runCompiled(connection, migration, unit.compiled, direction, report, note)
        if (plan.recorded || unit === plan.units[plan.units.length - 1]) await record(unit.to)
      })
    } else {
      await runCompiled(connection, migration, unit.compiled, direction, report, note)
      // A down: list for the whole migration records only its end.
      if (plan.recorded || unit === plan.units[plan.units.length - 1]) await connection.transaction(() => record(unit.to))
    }
  }
  return { ran: true, durationMs: performance.now() - started }
}

/** A partially applied migration stops `migrate` until the user resolves it (where the dialect cannot resume by itself). */
function refusePartial(state: MigrationState, applied: readonly AppliedMigration[]): void {
  const partial = applied.find((a) => a.appliedOperations !== undefined)
  if (!partial) return
  const file = state.migrations.find((m) => m.name === partial.name)
  const at = describePosition({ operations: partial.appliedOperations!, statements: partial.appliedStatements ?? 0 }, file?.up ?? [])
  throw new HistoryError(
    'E_PARTIALLY_APPLIED',
    `migration ${partial.name} is partially applied to this database (${at} ran; the rest did not): ${WAY_OUT}`,
    { migration: partial.name, appliedOperations: partial.appliedOperations, appliedStatements: partial.appliedStatements ?? 0 },
  )
}

/**
 * Run one planned step (or, with dryRun, only say what it would run).
 * undefined: another process applied or reversed it meanwhile.
 */
async function runPlanned(connection: Connection, s: PlannedStep, execution: Execution, options: MigrateOptions): Promise<MigrationStep | undefined> {
  const all =
    execution.kind === 'whole'
      ? execution.compiled
      : execution.kind === 'parts'
        ? execution.parts.flatMap((p) => p.compiled)
        : execution.plan.units.flatMap((u) => u.compiled)
  const statements = sqlText(all)
  const nonTransactional = needsNoTransaction(all)
  const parts = execution.kind === 'parts' ? { parts: execution.parts.length } : {}
  if (options.dryRun) return { migration: s.migration.name, direction: s.direction, durationMs: 0, statements, nonTransactional, ...parts }
  const total =
    (execution.kind === 'parts' || execution.kind === 'statements') && s.direction === 'up'
      ? s.migration.up.length
      : execution.kind === 'statements'
        ? new Set(all.map((c) => c.index)).size
        : all.length
  options.onProgress?.({ type: 'start', migration: s.migration.name, direction: s.direction, operations: total })
  const onOperation = options.onProgress && ((done: number) => options.onProgress!({ type: 'operation', migration: s.migration.name, done, total }))
  if (execution.kind === 'parts') {
    options.onProgress?.({ type: 'split', migration: s.migration.name, direction: s.direction, parts: execution.parts.length, reason: execution.reason })
  }
  const result =
    execution.kind === 'parts'
      ? await stepInParts(connection, s.migration, execution, s.direction, options.onProgress, onOperation)
      : execution.kind === 'statements'
        ? await stepByStatements(connection, s.migration, execution.plan, s.direction, onOperation)
        : await step(connection, s.migration, execution.compiled, s.direction, options.fake ?? false, onOperation)
  if (!result.ran) {
    options.onProgress?.({ type: 'skip', migration: s.migration.name, reason: 'applied meanwhile by another process' })
    return undefined
  }
  options.onProgress?.({ type: 'done', migration: s.migration.name, direction: s.direction, durationMs: result.durationMs })
  return { migration: s.migration.name, direction: s.direction, durationMs: result.durationMs, statements, nonTransactional, ...parts }
}

/**
 * Apply (`up`) or reverse (`down`) exactly one migration over an open
 * connection whose history table exists, with the same compilation, parts
 * and failure messages as `migrate` (strata check proves the migrations one
 * step at a time this way). The schema around the step is the replay of
 * what the history says is applied. undefined: nothing to do (already in
 * that state).
 */
export async function migrateOne(
  connection: Connection,
  state: MigrationState,
  name: string,
  direction: Direction,
  options: Pick<MigrateOptions, 'lockBudget' | 'onProgress'> = {},
): Promise<MigrationStep | undefined> {
  const migration = state.migrations.find((m) => m.name === name)
  if (!migration) throw new UsageError(`migration "${name}" not found`)
  const applied = await readHistory(connection)
  const row = applied.find((a) => a.name === name)
  if (direction === 'up' ? row && row.appliedOperations === undefined : !row) return undefined
  const now = new Set(applied.map((a) => a.name))
  now.delete(name)
  const before = schemaWithApplied(state, now)
  now.add(name)
  const after = schemaWithApplied(state, now)
  const s: PlannedStep = { migration, direction, ...optional(row), before, after }
  const execution = compileStep(connection.dialect, s, await lockBudget(connection, options))
  return runPlanned(connection, s, execution, options)
}

/** Apply pending migrations, or move to a target forward or backward (SPEC §5 `migrate`). */
export async function migrate(project: Project, url: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const folder = options.state ?? readMigrationState(project, options.cwd)
  const dialect = options.dialect ?? dialectForUrl(url)
  const lockTimeoutMs = options.lockTimeoutMs ?? project.lockTimeoutMs
  const connection = await dialect.connect(url, { lockTimeoutMs, grants: project.grants })
  const steps: MigrationStep[] = []
  try {
    const template =
      options.recordTemplate && templatesEnabled() && connection.captureTemplate && !options.dryRun && !options.fake && !options.resolve &&
      options.target === undefined && connection.catalogKeys && (await connection.catalogKeys()).length === 0
        ? options.recordTemplate
        : undefined
    if (!options.dryRun) {
      await connection.acquireMigrationLock(lockTimeoutMs)
      await connection.transaction(() => ensureHistoryTable(connection))
    }
    let applied = await readHistory(connection)
    // With squashed migrations, the graph this database follows (replaces.ts).
    const state = stateForHistory(folder, new Set(applied.map((a) => a.name)))
    const target = targetPlan(state, options.target)
    checkHistory(state, applied)
    applied = options.dryRun ? withSquashes(folder, applied) : await recordSquashes(connection, folder, applied)
    const partial = applied.filter((a) => a.appliedOperations !== undefined)
    if (options.resolve && !partial.length) {
      throw new UsageError(`--${options.resolve}: no migration is partially applied to this database, nothing to resolve`)
    }
    if (options.resolve === 'rollback' && options.target !== undefined) {
      throw new UsageError('--rollback reverses the partially applied migration and nothing else: give no target with it')
    }
    if (!options.resolve && !dialect.capabilities.transactionalDdl) refusePartial(state, applied)
    const todo =
      options.resolve === 'rollback'
        ? plan(state, new Map(applied.map((a) => [a.name, a])), { keep: new Set(), revert: new Set(partial.map((a) => a.name)) })
        : plan(state, new Map(applied.map((a) => [a.name, a])), target)
    const budget = options.fake ? undefined : await lockBudget(connection, options)
    // Compile everything first: an irreversible migration or a compile error
    // stops the run before anything is applied.
    const executions = todo.map((s) => compileStep(dialect, s, budget, options.fake))
    for (const [i, s] of todo.entries()) {
      const done = await runPlanned(connection, s, executions[i]!, options)
      if (done) steps.push(done)
    }
    // The rest of a squashed migration's replaced migrations applied: record it too.
    if (!options.dryRun && steps.length) await recordSquashes(connection, folder, await readHistory(connection))
    if (
      template &&
      !folder.files &&
      steps.length === folder.migrations.length &&
      todo.length === steps.length &&
      steps.every((s) => s.direction === 'up' && s.parts === undefined && !s.nonTransactional) &&
      schemaOnly(folder)
    ) {
      const key = templateKey(project, dialect, folder)
      const bytes = key && (await connection.captureTemplate!())
      if (key && bytes) writeTemplate(project, key, bytes, steps, template.lint)
    }
  } finally {
    if (!options.dryRun) await connection.releaseMigrationLock().catch(() => undefined)
    await connection.close()
  }
  return { database: url, steps, dryRun: options.dryRun ?? false, fake: options.fake ?? false }
}
