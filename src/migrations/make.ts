/**
 * `strata make`: diff the schema files against the snapshot and write the
 * next migration and the new snapshot (SPEC §5). Also `--merge`, which
 * renumbers the later of two conflicting migrations onto the other.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { applyOperations } from '../diff/apply'
import { describeOperation, suggestName } from '../diff/describe'
import { diff } from '../diff/diff'
import { invert } from '../diff/invert'
import type { Operation } from '../diff/operations'
import type { DiffResolver } from '../diff/rename'
import { MigrationFileError, StrataError, UsageError } from '../errors'
import type { Project } from '../project'
import { schemasEquivalent } from '../schema/canonical'
import { loadSchemaFiles } from '../schema/load'
import type { Schema } from '../schema/model'
import {
  type Migration,
  type MigrationFile,
  makeMigrationRecord,
  orderMigrations,
  readMigrationFiles,
  renderMigration,
  writeMigration,
} from './migration-file'
import { nextSnapshot, replay, snapshotFromStates, writeSnapshot } from './snapshot'
import { type MigrationState, readMigrationState } from './state'

export interface MakeOptions {
  /** Words for the migration's name (`strata make add_slug`); default: taken from the changes. */
  readonly name?: string
  /** Write nothing; report whether there are changes (exit 1 when there are). */
  readonly check?: boolean
  /** Write nothing; return the migration that would be written. */
  readonly dryRun?: boolean
  /** A blank migration for data or SQL. */
  readonly empty?: boolean
  /** Answers what the diff cannot decide alone (renames, one-off values). */
  readonly resolver: DiffResolver
  readonly now?: Date
  readonly cwd?: string
}

export interface MakeResult {
  /** There were changes (or `empty` was asked). */
  readonly changed: boolean
  readonly migration?: Migration
  /** The migration's YAML text. */
  readonly text?: string
  /** The files written (none with check or dryRun). */
  readonly written: readonly string[]
  /** One line per operation. */
  readonly summary: readonly string[]
  readonly warnings: readonly string[]
  /** The schema before the new migration (for `--dry-run` SQL). */
  readonly before: Schema
}

/** Lowercase words joined by `_`, from what the user typed. */
function slug(words: string): string {
  const out = words
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  if (!out) throw new UsageError(`migration name "${words}" has no letters or digits`)
  return out.slice(0, 60)
}

function nextName(migrations: readonly MigrationFile[], words: string): string {
  const last = migrations[migrations.length - 1]
  const number = (last?.number ?? 0) + 1
  if (number > 9999) throw new UsageError('migration numbers are four digits: squash old migrations first')
  return `${String(number).padStart(4, '0')}_${words}`
}

/** A resolver that answers without asking: for `status`, which only wants to know whether there are changes. */
const quietResolver: DiffResolver = {
  confirmColumnRename: async () => false,
  confirmTableRename: async () => false,
  fillValue: async () => '',
}

/** What `make` would write, as one line per operation (for `status`). */
export async function pendingSchemaChanges(project: Project, state: MigrationState, cwd?: string): Promise<string[]> {
  const files = await loadSchemaFiles(project.schemas, { cwd })
  const result = await diff(state.schema, files.schema, { hints: files.hints, resolver: quietResolver })
  return result.operations.map(describeOperation)
}

export async function makeMigration(project: Project, options: MakeOptions): Promise<MakeResult> {
  const state = readMigrationState(project, options.cwd)
  const files = await loadSchemaFiles(project.schemas, { cwd: options.cwd })
  const warnings = [...files.warnings.map((w) => w.message)]
  let up: Operation[] = []
  let down: Operation[] = []
  if (!options.empty) {
    const result = await diff(state.schema, files.schema, { hints: files.hints, resolver: options.resolver })
    up = result.operations
    warnings.push(...result.warnings)
    if (!up.length) return { changed: false, written: [], summary: [], warnings, before: state.schema }
    down = invert(state.schema, up)
  }
  const after = applyOperations(state.schema, up)
  if (!options.empty && !schemasEquivalent(after, files.schema)) {
    // The diff and the model disagree: a bug in strata, never the user's fault.
    throw new StrataError('E_INTERNAL', 'strata bug: the migration does not reproduce the schema files; please report it', {
      exitCode: 3,
    })
  }
  const words = options.name ? slug(options.name) : options.empty ? 'custom' : suggestName(up, state.migrations.length === 0)
  const name = nextName(state.migrations, words)
  const dependsOn = state.migrations[state.migrations.length - 1]?.name ?? null
  const migration = makeMigrationRecord(name, dependsOn, up, down)
  const text = renderMigration(migration, options.now)
  const summary = up.map(describeOperation)
  if (options.check || options.dryRun) {
    return { changed: true, migration, text, written: [], summary, warnings, before: state.schema }
  }
  // The migration first, then the snapshot: each written atomically.
  const path = writeMigration(project.migrations, migration, options.now)
  writeSnapshot(project.migrations, nextSnapshot(state.snapshot, migration, after))
  return { changed: true, migration, text, written: [path, join(project.migrations, 'snapshot.json')], summary, warnings, before: state.schema }
}

export interface MergeResult {
  /** Old name to new name of each renumbered migration. */
  readonly renamed: Readonly<Record<string, string>>
  readonly written: readonly string[]
}

/**
 * Resolve a conflict (two migrations following the same one): the later
 * branch is renumbered to follow the other, and the snapshot is rebuilt by
 * replaying all migrations.
 */
export function mergeMigrations(project: Project, cwd = process.cwd()): MergeResult {
  const all = readMigrationFiles(project.migrations, cwd)
  let conflict: StrataError | undefined
  try {
    orderMigrations(all)
  } catch (error) {
    if (!(error instanceof MigrationFileError && error.code === 'E_CONFLICT')) throw error
    conflict = error
  }
  if (!conflict) throw new UsageError('there is no conflict to merge: no two migrations follow the same one')
  const names = conflict.details.migrations as string[]
  const byName = new Map(all.map((m) => [m.name, m]))
  const [keep, move] = names.map((n) => byName.get(n)!).sort((a, b) => a.number - b.number || (a.name < b.name ? -1 : 1))
  // Each branch: the conflicting migration and those that follow it.
  const branch = (start: MigrationFile): MigrationFile[] => {
    const out = [start]
    for (let next = all.find((m) => m.dependsOn === out[out.length - 1]!.name); next; next = all.find((m) => m.dependsOn === out[out.length - 1]!.name)) {
      out.push(next)
    }
    return out
  }
  const kept = branch(keep!)
  const moved = branch(move!)
  let previous = kept[kept.length - 1]!
  const renamed: Record<string, string> = {}
  const rewritten: Migration[] = []
  for (const m of moved) {
    const words = m.name.replace(/^\d{4}_/, '')
    const name = `${String(previous.number + 1).padStart(4, '0')}_${words}`
    renamed[m.name] = name
    const record = makeMigrationRecord(name, previous.name, m.up, m.down)
    rewritten.push(record)
    previous = { ...m, ...record }
  }
  // Check that the merged chain replays before writing anything.
  const ordered = [...all.filter((m) => !moved.includes(m))]
  const migrated = rewritten.map((r, i) => ({ ...moved[i]!, ...r }))
  const chain = [...ordered, ...migrated].sort((a, b) => a.number - b.number)
  const states = replay(chain)
  const written: string[] = []
  for (const [i, r] of rewritten.entries()) {
    written.push(writeMigration(project.migrations, r))
    if (moved[i]!.path !== join(project.migrations, `${r.name}.yaml`)) rmSync(moved[i]!.path)
  }
  writeSnapshot(project.migrations, snapshotFromStates(chain, states))
  written.push(join(project.migrations, 'snapshot.json'))
  return { renamed, written }
}
