/**
 * The migrations folder as one verified state: the ordered migrations, the
 * schema before each of them (replayed through the model) and the snapshot,
 * checked to agree. `make`, `migrate`, `sql` and `status` all start here.
 */
import { relative } from 'node:path'
import type { Project } from '../project'
import type { Schema } from '../schema/model'
import { type MigrationFile, readMigrations } from './migration-file'
import { type Snapshot, readSnapshot, replay, snapshotPath, verifySnapshot } from './snapshot'

export interface MigrationState {
  readonly migrations: readonly MigrationFile[]
  /** `states[i]` is the schema before `migrations[i]`; the last entry is the schema after all of them. */
  readonly states: readonly Schema[]
  readonly snapshot: Snapshot
  /** The schema after the last migration. */
  readonly schema: Schema
}

export function readMigrationState(project: Project, cwd = process.cwd()): MigrationState {
  const migrations = readMigrations(project.migrations, cwd)
  const snapshot = readSnapshot(project.migrations, cwd)
  const states = replay(migrations)
  const schema = states[states.length - 1]!
  verifySnapshot(migrations, snapshot, states, relative(cwd, snapshotPath(project.migrations)) || 'snapshot.json')
  return { migrations, states, snapshot, schema }
}

/**
 * Find a migration by full name (`0002_post_tags`), number (`0002` or `2`)
 * or file path. Returns its index, or undefined.
 */
export function findMigrationIndex(migrations: readonly MigrationFile[], ref: string): number | undefined {
  const stem = ref.replace(/\\/g, '/').split('/').pop()!.replace(/\.ya?ml$/, '')
  let index = migrations.findIndex((m) => m.name === stem)
  if (index < 0 && /^\d+$/.test(stem)) index = migrations.findIndex((m) => m.number === Number(stem))
  return index < 0 ? undefined : index
}

/**
 * The schema a database has when exactly `applied` (names) of the graph's
 * migrations are applied: replayed in the graph's order. When they are the
 * first k migrations of that order (always so for a plain chain) this is
 * `states[k]`, without replaying.
 */
export function schemaWithApplied(state: MigrationState, applied: ReadonlySet<string>): Schema {
  let k = 0
  while (k < state.migrations.length && applied.has(state.migrations[k]!.name)) k++
  const inFolder = state.migrations.filter((m) => applied.has(m.name))
  if (inFolder.length === k) return state.states[k]!
  const states = replay(inFolder)
  return states[states.length - 1]!
}
