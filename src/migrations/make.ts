/**
 * `strata make`: diff the schema files against the snapshot and write the
 * next migration and the new snapshot (SPEC §5). `--merge` is merge.ts.
 */
import { CACHE_DIR } from './history-cache'
import { projectDatabases } from '../project-databases'
import { join } from 'node:path'
import { applyOperations } from '../diff/apply'
import { describeOperation, suggestName } from '../diff/describe'
import { diff } from '../diff/diff'
import { invert } from '../diff/invert'
import { fillReversals } from '../diff/reversal-fill'
import type { Operation } from '../diff/operations'
import type { DiffResolver } from '../diff/rename'
import { StrataError, UsageError } from '../errors'
import { refuseDropAll, splitEnumAddAndUse } from '../lint/make-guards'
import type { Project } from '../project'
import { schemasEquivalent } from '../schema/canonical'
import { loadSchemaFiles } from '../schema/load'
import type { Schema } from '../schema/model'
import { graphHeads } from './graph'
import { type Migration, type MigrationFile, makeMigrationRecord, migrationBody, renderMigration, writeMigration, writtenMigrationFile } from './migration-file'
import { type Snapshot, nextSnapshot, readSnapshot, schemaHash, writeSnapshot } from './snapshot'
import { type MigrationState, extendState, readMigrationState } from './state'
import { appSchema, dropsObject, namesUsed, ownership } from './app-ownership'
import { appMigrations, findApp, plainName, qualify } from './apps'
import { type AppsSchema, appTarget, loadAppsSchema } from './app-schemas'
import { type LoadedSchema } from '../schema/load'
import { canonicalSchema } from '../schema/canonical'

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
  /** Called once the diff is done, before anything is written: may throw to stop (an unused --default). */
  readonly afterDiff?: () => void
  /** Write a migration that drops every table, or more than half of them (refused otherwise). */
  readonly allowDropAll?: boolean
  readonly now?: Date
  readonly cwd?: string
  /** With apps: the app to write the migration for (required then). */
  readonly app?: string
}

/**
 * Where `make` writes and what it diffs against: the project's one
 * migrations folder, or (with apps) one app's, its target being the whole
 * database's schema with the app's part from its files.
 */
interface MakeContext {
  readonly target: Schema
  readonly hints: LoadedSchema['hints']
  readonly warnings: readonly string[]
  /** The folder's (the app's) migrations, with their names as its files say. */
  readonly migrations: readonly Migration[]
  /** Every migration file of the folder, replaced ones too: the next number follows the highest (Django's). */
  readonly numbered: readonly Migration[]
  /** The migration the next one follows (as its file writes it), or null. */
  readonly head: string | null
  readonly dir: string
  /** Other migrations the new one must depend on (with apps: the other apps' heads its foreign keys need). */
  dependencies(up: readonly Operation[]): string[]
  /** The snapshot after `records` (their names as written) are added, giving `after`. */
  snapshot(records: readonly Migration[], after: Schema): Snapshot
}

async function plainContext(project: Project, state: MigrationState, cwd?: string): Promise<MakeContext> {
  const files = await loadSchemaFiles(project.schemas, { cwd, cache: join(project.root, CACHE_DIR), databases: projectDatabases(project), settings: { grants: project.grants } })
  return {
    target: files.schema,
    hints: files.hints,
    warnings: files.warnings.map((w) => w.message),
    migrations: state.migrations,
    numbered: state.files ?? state.migrations,
    head: state.migrations[state.migrations.length - 1]?.name ?? null,
    dir: project.migrations,
    dependencies: () => [],
    snapshot: (records, after) => {
      let snapshot = state.snapshot
      let schema = state.schema
      for (const r of records) {
        schema = applyOperations(schema, r.up)
        snapshot = nextSnapshot(snapshot, r, r === records[records.length - 1] ? after : schema)
      }
      return snapshot
    },
  }
}

async function appContext(project: Project, state: MigrationState, appName: string, cwd?: string, apps?: AppsSchema): Promise<MakeContext> {
  const app = findApp(project, appName)
  const loaded = apps ?? (await loadAppsSchema(project, cwd))
  const target = appTarget(state, loaded, app.name)
  const mine = appMigrations(state.migrations, app.name)
  const heads = graphHeads(mine)
  const plain = mine.map((m) => ({ ...m, name: plainName(m.name) }))
  const owner = ownership(state.migrations)
  const headOf = (other: string) => graphHeads(appMigrations(state.migrations, other))[0]?.name
  return {
    target,
    hints: loaded.loaded.hints,
    warnings: loaded.loaded.warnings.map((w) => w.message),
    migrations: plain,
    numbered: appMigrations(state.files ?? state.migrations, app.name),
    head: heads[0] ? plainName(heads[0].name) : null,
    dir: app.migrations,
    dependencies: (up) => {
      // Another app's latest migration, when an operation uses that app's object (a foreign key, a view over its
      // table, a trigger running its function), or drops one of this app's objects that the other app's
      // migrations may have stopped using only now (they must run first, and be reversed after).
      const out = new Set<string>()
      const byName = new Map([...owner].map(([key, a]) => [key.slice(key.indexOf(':') + 1), a]))
      const others = (project.apps ?? []).map((a) => a.name).filter((a) => a !== app.name)
      for (const op of up) {
        for (const name of namesUsed(op, target)) {
          const other = byName.get(name)
          if (!other || other === app.name) continue
          const head = headOf(other)
          if (head) out.add(head)
        }
        if (dropsObject(op)) for (const other of others) {
          const head = headOf(other)
          if (head) out.add(head)
        }
      }
      return [...out].sort()
    },
    snapshot: (records, after) => {
      const qualified = records.map((r) => ({ ...r, name: qualify(app.name, r.name) }) as unknown as MigrationFile)
      const owners = ownership([...state.migrations, ...qualified])
      const previous = readSnapshot(app.migrations, cwd)
      const part = canonicalSchema(appSchema(after, owners, app.name))
      const hashes = { ...previous.migrations }
      for (const r of records) hashes[r.name] = schemaHash(part)
      return { formatVersion: previous.formatVersion, migrations: hashes, schema: part }
    },
  }
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
  /**
   * Every migration written, in order: two when an enum value is added and
   * used (the values first, so that PostgreSQL can use them in the second);
   * `migration` and `before` are then the last one's.
   */
  readonly migrations?: readonly Migration[]
  /** The migrations folder's state with what was written (absent: read it again). */
  readonly state?: MigrationState
}

/** Lowercase words joined by `_`, from what the user typed. */
export function slug(words: string): string {
  const out = words
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  if (!out) throw new UsageError(`migration name "${words}" has no letters or digits`)
  return out.slice(0, 60)
}

export function nextName(migrations: readonly Migration[], words: string): string {
  const number = Math.max(0, ...migrations.map((m) => m.number)) + 1
  if (number > 9999) throw new UsageError('migration numbers are four digits: squash old migrations first')
  return `${String(number).padStart(4, '0')}_${words}`
}

// status's question, in a module of its own (status loads it without make's).
export { pendingSchemaChanges } from './pending'

export async function makeMigration(project: Project, options: MakeOptions): Promise<MakeResult> {
  const state = readMigrationState(project, options.cwd)
  if (project.apps && !options.app) throw new UsageError(`this project has apps: give make APP (apps: ${project.apps.map((a) => a.name).join(', ')})`)
  const ctx = project.apps ? await appContext(project, state, options.app!, options.cwd) : await plainContext(project, state, options.cwd)
  const files = { schema: ctx.target, hints: ctx.hints }
  const warnings = [...ctx.warnings]
  let up: Operation[] = []
  let down: Operation[] = []
  if (!options.empty) {
    const result = await diff(state.schema, files.schema, { hints: files.hints, resolver: options.resolver })
    up = result.operations
    warnings.push(...result.warnings)
    if (!up.length) {
      options.afterDiff?.()
      return { changed: false, written: [], summary: [], warnings, before: state.schema }
    }
    refuseDropAll(state.schema, up, options.allowDropAll ?? false)
    down = await fillReversals(state.schema, up, invert(state.schema, up), options.resolver, warnings)
    // After the reversal values too: those are asked for (and named by --default) as well.
    options.afterDiff?.()
  }
  const after = applyOperations(state.schema, up)
  if (!options.empty && !schemasEquivalent(after, files.schema)) {
    // The diff and the model disagree: a bug in strata, never the user's fault.
    throw new StrataError('E_INTERNAL', 'strata bug: the migration does not reproduce the schema files; please report it', {
      exitCode: 3,
    })
  }
  const words = options.name ? slug(options.name) : options.empty ? 'custom' : suggestName(up, ctx.migrations.length === 0)
  const parts = options.empty ? [up] : splitEnumAddAndUse(state.schema, up)
  if (parts.length > 1) return makeSplit(ctx, state, parts, options.name ? words : undefined, warnings, options)
  const name = nextName(ctx.numbered, words)
  const dependsOn = [...(ctx.head ? [ctx.head] : []), ...ctx.dependencies(up)]
  const migration = makeMigrationRecord(name, dependsOn, up, down)
  const now = options.now ?? new Date()
  const body = migrationBody(migration)
  const text = renderMigration(migration, now, ctx.dir, [], body)
  const summary = up.map(describeOperation)
  if (options.check || options.dryRun) {
    return { changed: true, migration, text, written: [], summary, warnings, before: state.schema }
  }
  // The migration first, then the snapshot: each written atomically.
  const path = writeMigration(ctx.dir, migration, now, [], text)
  const snapshot = ctx.snapshot([migration], after)
  writeSnapshot(ctx.dir, snapshot)
  const folder = project.apps || state.files ? undefined : extendState(state, [writtenMigrationFile(path, migration, text, body, options.cwd)], [state.schema, after], snapshot)
  return { changed: true, migration, text, written: [path, join(ctx.dir, 'snapshot.json')], summary, warnings, before: state.schema, ...(folder ? { state: folder } : {}) }
}

/** Write the parts of a split change as consecutive migrations (the enum values first), then the snapshot. */
function makeSplit(ctx: MakeContext, state: MigrationState, parts: readonly Operation[][], words: string | undefined, warnings: string[], options: MakeOptions): MakeResult {
  const records: Migration[] = []
  const befores: Schema[] = []
  let schema = state.schema
  let number = Math.max(0, ...ctx.numbered.map((m) => m.number)) + 1
  let dependsOn: string[] = [...(ctx.head ? [ctx.head] : []), ...ctx.dependencies(parts.flat())]
  for (const [i, part] of parts.entries()) {
    if (number > 9999) throw new UsageError('migration numbers are four digits: squash old migrations first')
    const name = `${String(number).padStart(4, '0')}_${i === parts.length - 1 && words ? words : suggestName(part, false)}`
    const record = makeMigrationRecord(name, dependsOn, part, invert(schema, part))
    records.push(record)
    befores.push(schema)
    schema = applyOperations(schema, part)
    dependsOn = [name]
    number++
  }
  warnings.push(
    `an enum value is added and used in the same change: written as ${records.map((r) => r.name).join(' and ')}, ` +
      'since PostgreSQL cannot use a new enum value in the transaction that added it',
  )
  const last = records[records.length - 1]!
  const text = renderMigration(last, options.now)
  const summary = parts.flat().map(describeOperation)
  const before = befores[befores.length - 1]!
  if (options.check || options.dryRun) return { changed: true, migration: last, migrations: records, text, written: [], summary, warnings, before }
  const written: string[] = []
  for (const record of records) written.push(writeMigration(ctx.dir, record, options.now))
  writeSnapshot(ctx.dir, ctx.snapshot(records, schema))
  written.push(join(ctx.dir, 'snapshot.json'))
  return { changed: true, migration: last, migrations: records, text, written, summary, warnings, before }
}
