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
import {
  type AppliedMigration,
  ensureHistoryTable,
  isRecorded,
  readHistory,
  recordApplied,
  recordReverted,
} from './history'
import { runBatched } from './batch'
import type { MigrationFile } from './migration-file'
import { type MigrationState, findMigrationIndex, readMigrationState } from './state'

export type Direction = 'up' | 'down'

export type MigrateEvent =
  | { readonly type: 'start'; readonly migration: string; readonly direction: Direction; readonly operations: number }
  /** After each operation of the running migration: `done` of `total` finished. */
  | { readonly type: 'operation'; readonly migration: string; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly migration: string; readonly direction: Direction; readonly durationMs: number }
  | { readonly type: 'skip'; readonly migration: string; readonly reason: string }

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
}

export interface MigrationStep {
  readonly migration: string
  readonly direction: Direction
  readonly durationMs: number
  /** The SQL run (or, with dryRun, that would run). */
  readonly statements: readonly string[]
  /** Ran outside a transaction (PostgreSQL CONCURRENTLY and the like). */
  readonly nonTransactional: boolean
}

export interface MigrateResult {
  readonly database: string
  readonly steps: readonly MigrationStep[]
  readonly dryRun: boolean
  readonly fake: boolean
}

/** Check the applied history against the files: no missing file, no edited applied migration. */
export function checkHistory(state: MigrationState, applied: readonly AppliedMigration[]): void {
  const byName = new Map(state.migrations.map((m) => [m.name, m]))
  for (const row of applied) {
    const file = byName.get(row.name)
    if (!file) {
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

/** How many migrations are applied at the target: `zero` 0, a migration i+1, none given all. */
function targetCount(state: MigrationState, target: string | undefined): number {
  if (target === undefined) return state.migrations.length
  if (target === 'zero') return 0
  const index = findMigrationIndex(state.migrations, target)
  if (index === undefined) {
    throw new UsageError(`migration "${target}" not found: give a name (0002_post_tags), a number (0002 or 2), a path, or zero`)
  }
  return index + 1
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
): Promise<void> {
  // runBatched counts the operations of the list it is given; report them as positions in the migration.
  const report = onOperation && ((done: number) => onOperation(compiled[done - 1]!.index + 1))
  await runBatched(connection, compiled, (c, statement, error) => failure(migration, direction, c, statement, error), report)
}

function failure(
  migration: MigrationFile,
  direction: Direction,
  c: CompiledOperation,
  statement: Statement,
  error: unknown,
): MigrationFailedError {
  const reason = error instanceof Error ? error.message : String(error)
  return new MigrationFailedError(
    `migration ${migration.name} failed (${direction}), operation ${c.index + 1} (${c.operation.op}): ${reason}\n` +
      `  SQL: ${statement.sql}\n` +
      (statement.transactional === false
        ? '  This statement ran outside a transaction: statements before it in this migration stayed applied.'
        : '  The migration was rolled back: the database is as it was before it.'),
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
    direction === 'up' ? recordApplied(connection, migration.name, migration.checksum, durationMs) : recordReverted(connection, migration.name)
  const stillToDo = async () => (await isRecorded(connection, migration.name)) === (direction === 'down')
  const nonTransactional = needsNoTransaction(compiled)
  if (fake || !nonTransactional) {
    const ran = await connection.transaction(async () => {
      // Re-read inside the transaction (which holds the write lock on SQLite):
      // another process may have applied this migration meanwhile.
      if (!(await stillToDo())) return false
      if (!fake) await runCompiled(connection, migration, compiled, direction, onOperation)
      await record(performance.now() - started)
      return true
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
    await connection.transaction(() => runCompiled(connection, migration, current, direction, onOperation))
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

/** Plan the steps from the applied set to the target. */
function plan(state: MigrationState, applied: ReadonlySet<string>, count: number): { migration: MigrationFile; index: number; direction: Direction }[] {
  const steps: { migration: MigrationFile; index: number; direction: Direction }[] = []
  for (let i = state.migrations.length - 1; i >= count; i--) {
    const m = state.migrations[i]!
    if (applied.has(m.name)) steps.push({ migration: m, index: i, direction: 'down' })
  }
  for (let i = 0; i < count; i++) {
    const m = state.migrations[i]!
    if (!applied.has(m.name)) steps.push({ migration: m, index: i, direction: 'up' })
  }
  return steps
}

function compileStep(dialect: Dialect, state: MigrationState, s: { migration: MigrationFile; index: number; direction: Direction }): CompiledOperation[] {
  if (s.direction === 'up') return compileOperations(dialect.compiler, state.states[s.index]!, s.migration.up)
  const down = downOperations(s.migration, state.states[s.index]!)
  return compileOperations(dialect.compiler, state.states[s.index + 1]!, down)
}

/** Apply pending migrations, or move to a target forward or backward (SPEC §5 `migrate`). */
export async function migrate(project: Project, url: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const state = readMigrationState(project, options.cwd)
  const count = targetCount(state, options.target)
  const dialect = options.dialect ?? dialectForUrl(url)
  const lockTimeoutMs = options.lockTimeoutMs ?? project.lockTimeoutMs
  const connection = await dialect.connect(url, { lockTimeoutMs })
  const steps: MigrationStep[] = []
  try {
    if (!options.dryRun) {
      await connection.acquireMigrationLock(lockTimeoutMs)
      await connection.transaction(() => ensureHistoryTable(connection))
    }
    const applied = await readHistory(connection)
    checkHistory(state, applied)
    const todo = plan(state, new Set(applied.map((a) => a.name)), count)
    // Compile everything first: an irreversible migration or a compile error
    // stops the run before anything is applied.
    const compiled = todo.map((s) => compileStep(dialect, state, s))
    for (const [i, s] of todo.entries()) {
      const statements = sqlText(compiled[i]!)
      const nonTransactional = needsNoTransaction(compiled[i]!)
      if (options.dryRun) {
        steps.push({ migration: s.migration.name, direction: s.direction, durationMs: 0, statements, nonTransactional })
        continue
      }
      const total = compiled[i]!.length
      options.onProgress?.({ type: 'start', migration: s.migration.name, direction: s.direction, operations: total })
      const onOperation = options.onProgress && ((done: number) => options.onProgress!({ type: 'operation', migration: s.migration.name, done, total }))
      const result = await step(connection, s.migration, compiled[i]!, s.direction, options.fake ?? false, onOperation)
      if (!result.ran) {
        options.onProgress?.({ type: 'skip', migration: s.migration.name, reason: 'applied meanwhile by another process' })
        continue
      }
      options.onProgress?.({ type: 'done', migration: s.migration.name, direction: s.direction, durationMs: result.durationMs })
      steps.push({ migration: s.migration.name, direction: s.direction, durationMs: result.durationMs, statements, nonTransactional })
    }
  } finally {
    if (!options.dryRun) await connection.releaseMigrationLock().catch(() => undefined)
    await connection.close()
  }
  return { database: url, steps, dryRun: options.dryRun ?? false, fake: options.fake ?? false }
}
