/**
 * `strata check`: the migrations proven on a throw-away database of the
 * dialect before they reach a real one. Every migration is applied from zero
 * one at a time, then reversed back to zero, then applied again; after each
 * step the scratch database is read back and compared with the schema the
 * migrations say it has there (the snapshot after the last one). With
 * `data`, sample rows go into every table before each step. The first step
 * that fails, or leaves a different schema, ends the proof and is named.
 * The migrations run through the migrator (migrateOne), so they compile,
 * split into parts and fail exactly as `strata migrate` would.
 */
import { performance } from 'node:perf_hooks'
import { describeOperation } from '../diff/describe'
import type { Dialect, DialectName, ScratchDatabase } from '../dialects/dialect'
import { StrataError, UsageError } from '../errors'
import { detectDrift } from '../migrations/drift'
import { ensureHistoryTable } from '../migrations/history'
import { type Direction, migrateOne } from '../migrations/migrator'
import { readMigrationState } from '../migrations/state'
import type { Project } from '../project'
import type { Schema } from '../schema/model'
import { type FillGap, SampleFiller } from './fill'

/** `forward`: from zero to the last migration; `backward`: back to zero; `again`: forward once more. */
export type ProofPhase = 'forward' | 'backward' | 'again'

export const PHASES: readonly ProofPhase[] = ['forward', 'backward', 'again']

export interface ProofStep {
  readonly phase: ProofPhase
  readonly migration: string
  readonly direction: Direction
  readonly ok: boolean
  readonly durationMs: number
  /** With data: sample rows inserted just before this step. */
  readonly rowsInserted?: number
}

export interface ProofFailure {
  readonly phase: ProofPhase
  readonly migration: string
  readonly direction: Direction
  /**
   * `failed`: the database refused a statement (or the commit);
   * `irreversible`: the migration has no way back;
   * `schema`: it ran, and the database is not what the migrations say it is after it.
   */
  readonly kind: 'failed' | 'irreversible' | 'schema'
  readonly message: string
  /** Kind `failed`: the database's own message, when the failure came from it. */
  readonly reason?: string
  /** 1-based operation of the migration (kind `failed`, when known). */
  readonly operation?: number
  readonly operationKind?: string
  readonly sql?: string
  /** Kind `schema`: the changes from the expected schema to the scratch database's (`+ column people.age`). */
  readonly differences?: readonly string[]
}

export interface ProofResult {
  readonly proven: boolean
  readonly dialect: DialectName
  readonly scratch: { readonly kind: ScratchDatabase['kind']; readonly description: string; readonly version: string; readonly name?: string }
  readonly data: boolean
  readonly migrations: number
  readonly steps: readonly ProofStep[]
  readonly failure?: ProofFailure
  /** With data: tables no sample batch went into at some step, and why (a gap in the proof, not a failure). */
  readonly gaps: readonly (FillGap & { readonly phase: ProofPhase; readonly migration: string })[]
}

export interface ProveOptions {
  readonly dialect: Dialect
  /** A database of the dialect whose server holds the scratch database; absent: one that needs no server. */
  readonly url?: string
  /** Insert sample rows before each step. */
  readonly data?: boolean
  readonly cwd?: string
  /** The scratch database as soon as it exists (a signal handler can dispose of it), and the migrations to prove, in order. */
  readonly onScratch?: (scratch: ScratchDatabase, migrations: readonly string[]) => void
  /** Each step as it finishes. */
  readonly onStep?: (step: ProofStep) => void
}

function failureOf(error: unknown, phase: ProofPhase, migration: string, direction: Direction): ProofFailure | undefined {
  if (!(error instanceof StrataError)) return undefined
  const d = error.details as { operation?: number; operationKind?: string; sql?: string }
  if (error.code === 'E_IRREVERSIBLE') return { phase, migration, direction, kind: 'irreversible', message: error.message }
  if (error.code !== 'E_MIGRATION_FAILED') return undefined
  const cause = (error as { cause?: unknown }).cause
  return {
    phase,
    migration,
    direction,
    kind: 'failed',
    message: error.message,
    ...(cause instanceof Error ? { reason: cause.message } : {}),
    ...(d.operation !== undefined ? { operation: d.operation } : {}),
    ...(d.operationKind !== undefined ? { operationKind: d.operationKind } : {}),
    ...(d.sql !== undefined ? { sql: d.sql } : {}),
  }
}

/** Prove the project's migrations (see the file comment). Bad input (unreadable migrations, a dialect with no scratch database): exit 2. */
export async function proveMigrations(project: Project, options: ProveOptions): Promise<ProofResult> {
  const state = readMigrationState(project, options.cwd)
  const dialect = options.dialect
  if (!dialect.scratch) throw new UsageError(`strata check cannot make a scratch ${dialect.name} database`)
  const scratch = await dialect.scratch({ ...(options.url !== undefined ? { url: options.url } : {}), lockTimeoutMs: project.lockTimeoutMs })
  options.onScratch?.(scratch, state.migrations.map((m) => m.name))
  const steps: ProofStep[] = []
  const gaps: (FillGap & { phase: ProofPhase; migration: string })[] = []
  let failure: ProofFailure | undefined
  try {
    const connection = scratch.connection
    await connection.transaction(() => ensureHistoryTable(connection))
    const filler = options.data ? new SampleFiller(connection) : undefined
    const n = state.migrations.length
    // The sequence: each step with the schema before and after it.
    const plan: { phase: ProofPhase; index: number; direction: Direction; before: Schema; after: Schema }[] = []
    for (let i = 0; i < n; i++) plan.push({ phase: 'forward', index: i, direction: 'up', before: state.states[i]!, after: state.states[i + 1]! })
    for (let i = n - 1; i >= 0; i--) plan.push({ phase: 'backward', index: i, direction: 'down', before: state.states[i + 1]!, after: state.states[i]! })
    for (let i = 0; i < n; i++) plan.push({ phase: 'again', index: i, direction: 'up', before: state.states[i]!, after: state.states[i + 1]! })
    for (const p of plan) {
      const name = state.migrations[p.index]!.name
      const started = performance.now()
      let rowsInserted: number | undefined
      if (filler) {
        const filled = await filler.fill(p.before)
        rowsInserted = filled.rows
        for (const g of filled.gaps) gaps.push({ ...g, phase: p.phase, migration: name })
      }
      try {
        await migrateOne(connection, state, name, p.direction)
      } catch (error) {
        failure = failureOf(error, p.phase, name, p.direction)
        if (!failure) throw error
      }
      if (!failure) {
        const drift = await detectDrift(connection, p.after)
        if (drift.operations.length) {
          const differences = drift.operations.map(describeOperation)
          failure = {
            phase: p.phase,
            migration: name,
            direction: p.direction,
            kind: 'schema',
            message:
              `after ${p.direction === 'up' ? 'applying' : 'reversing'} ${name} the database is not the schema the migrations give ` +
              `${p.direction === 'up' ? 'after' : 'before'} it: ${differences.join('; ')}`,
            differences,
          }
        }
      }
      const step: ProofStep = {
        phase: p.phase,
        migration: name,
        direction: p.direction,
        ok: !failure,
        durationMs: Math.round(performance.now() - started),
        ...(rowsInserted !== undefined ? { rowsInserted } : {}),
      }
      steps.push(step)
      options.onStep?.(step)
      if (failure) break
    }
  } finally {
    await scratch.dispose()
  }
  return {
    proven: !failure,
    dialect: dialect.name,
    scratch: { kind: scratch.kind, description: scratch.description, version: scratch.version, ...(scratch.name ? { name: scratch.name } : {}) },
    data: options.data ?? false,
    migrations: state.migrations.length,
    steps,
    ...(failure ? { failure } : {}),
    gaps,
  }
}
