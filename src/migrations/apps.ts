/**
 * Apps (strata.yaml `apps:`, Django's): each app has its own schemas and
 * migrations folders and its own snapshot; all of them live in one database
 * with one history table. Inside strata an app's migration is known by its
 * qualified name, `APP:NNNN_words` (`accounts:0002_users`), which is also the
 * name its history row carries; in its file, dependsOn names a migration of
 * the same app plainly and one of another app qualified.
 *
 * The apps' migrations form one graph, applied in one topological order;
 * replaying it gives the database's whole schema. Each object belongs to the
 * app whose migration created it (app-ownership.ts), and an app's snapshot is
 * its part of that schema. A foreign key
 * from one app's table to another app's needs the migration that adds it to
 * depend, directly or not, on the migration that created the referenced
 * table; otherwise the read is refused, located at the operation.
 */
import { relative } from 'node:path'
import type { Operation } from '../diff/operations'
import { type Diagnostic, MigrationFileError, UsageError, ValidationError } from '../errors'
import type { App, Project } from '../project'
import { canonicalSchema, schemasEqual } from '../schema/canonical'
import type { Schema } from '../schema/model'
import { ancestorsOf, conflictError, graphHeads, topologicalOrder } from './graph'
import { type MigrationFile, readMigrationFiles } from './migration-file'
import { effectiveGraph } from './replaces'
import { appSchema, ownership } from './app-ownership'
import { type Snapshot, readSnapshot, replay, schemaHash, snapshotPath } from './snapshot'
import type { MigrationState } from './state'

/** `accounts:0002_users` to `['accounts', '0002_users']`; a plain name has no app. */
export function splitName(name: string): { app: string | undefined; name: string } {
  const i = name.indexOf(':')
  return i < 0 ? { app: undefined, name } : { app: name.slice(0, i), name: name.slice(i + 1) }
}

export function qualify(app: string, name: string): string {
  return name.includes(':') ? name : `${app}:${name}`
}

/** The plain name of a migration within its app (`0002_users`). */
export function plainName(name: string): string {
  return splitName(name).name
}

/** A copy of `m` (getters kept) with these fields replaced. */
function withFields<M extends MigrationFile>(m: M, fields: Partial<Pick<MigrationFile, 'name' | 'dependsOn' | 'replaces'>>): M {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(m)) as M
  for (const [key, value] of Object.entries(fields)) Object.defineProperty(copy, key, { value, enumerable: true })
  return copy
}

/** The migrations of one app, with qualified names. */
function readAppFiles(app: App, cwd: string): MigrationFile[] {
  return readMigrationFiles(app.migrations, cwd).map((m) =>
    withFields(m, {
      name: qualify(app.name, m.name),
      dependsOn: m.dependsOn.map((d) => qualify(app.name, d)),
      ...(m.replaces?.length ? { replaces: m.replaces.map((r) => qualify(app.name, r)) } : {}),
    }),
  )
}

/**
 * Every app's migrations (qualified names) in the graph's order, without the
 * one-head-per-app and snapshot checks: for the commands that mend those
 * (`make --merge`, `make --undo`, `snapshot --rebuild`).
 */
export function readAppsGraph(project: Project, cwd = process.cwd()): MigrationFile[] {
  return topologicalOrder(effectiveGraph(readAppsFiles(project, cwd)))
}

/** Every app's migration files (qualified names), replaced ones too, unordered. */
export function readAppsFiles(project: Project, cwd = process.cwd()): MigrationFile[] {
  return project.apps!.flatMap((app) => readAppFiles(app, cwd))
}

/**
 * The snapshot of `app` after `ordered` (the whole graph, in order, with
 * `states` its replay): the app's part of the schema, and a hash of it after
 * each of the app's migrations (plain names, as its folder writes them).
 */
export function appSnapshot(ordered: readonly MigrationFile[], states: readonly Schema[], app: string): Snapshot {
  const migrations: Record<string, string> = {}
  // Each hash with the owners of its time, as make wrote it (a table dropped later was the app's then).
  ordered.forEach((m, i) => {
    if (splitName(m.name).app === app) migrations[plainName(m.name)] = schemaHash(appSchema(states[i + 1]!, ownership(ordered.slice(0, i + 1)), app))
  })
  return { formatVersion: 1, migrations, schema: canonicalSchema(appSchema(states[states.length - 1]!, ownership(ordered), app)) }
}

/** Foreign keys an operation adds: the tables they reference. */
function referencedTables(op: Operation): string[] {
  if (op.op === 'createTable') return (op.table.foreignKeys ?? []).map((fk) => fk.references.table)
  if (op.op === 'addForeignKey') return [op.foreignKey.references.table]
  return []
}

/**
 * Every foreign key from one app's table to another app's is added by a
 * migration that depends on the one that created the referenced table.
 */
function checkCrossAppForeignKeys(ordered: readonly MigrationFile[]): void {
  const creator = new Map<string, MigrationFile>()
  const diagnostics: Diagnostic[] = []
  for (const m of ordered) {
    const app = splitName(m.name).app
    let ancestors: Set<string> | undefined
    m.up.forEach((op, index) => {
      for (const table of referencedTables(op)) {
        const made = creator.get(table)
        const otherApp = made && splitName(made.name).app
        if (!made || otherApp === app) continue
        ancestors ??= ancestorsOf(ordered, m.name)
        if (ancestors.has(made.name)) continue
        diagnostics.push({
          file: m.file,
          ...m.source.locate(['up', index]),
          severity: 'error',
          message:
            `migration "${m.name}": a foreign key references table "${table}" of app ${otherApp}, but this migration does not depend on ` +
            `${made.name}, which creates it: add ${made.name} to its dependsOn (a foreign key across apps needs the dependency)`,
        })
      }
      if (op.op === 'createTable') creator.set(op.table.name, m)
      if (op.op === 'renameTable' && creator.has(op.from)) creator.set(op.to, creator.get(op.from)!)
    })
  }
  if (diagnostics.length) throw new ValidationError(diagnostics)
}

/** One head per app: two unmerged branches in an app are a conflict, as without apps. */
function checkHeads(ordered: readonly MigrationFile[], apps: readonly App[]): void {
  for (const app of apps) {
    const mine = ordered.filter((m) => splitName(m.name).app === app.name)
    const parents = new Set(mine.flatMap((m) => m.dependsOn))
    const heads = graphHeads(mine).filter((h) => !parents.has(h.name))
    if (heads.length > 1) throw conflictError(mine, heads, app.name)
  }
}

/**
 * The project's migration state with apps: every app's migrations in one
 * graph (qualified names), replayed; each app's snapshot checked against its
 * part of the schema.
 */
export function readAppsState(project: Project, cwd = process.cwd()): MigrationState {
  const apps = project.apps!
  const files = apps.flatMap((app) => readAppFiles(app, cwd))
  const known = new Set(files.map((f) => f.name))
  const diagnostics: Diagnostic[] = []
  for (const m of files) {
    for (const [i, d] of m.dependsOn.entries()) {
      const target = splitName(d)
      if (known.has(d) || files.some((f) => f.replaces?.includes(d))) continue
      if (target.app && !apps.some((a) => a.name === target.app)) {
        diagnostics.push({
          file: m.file,
          ...m.source.locate(m.dependsOn.length > 1 || Array.isArray((m.source.value as { dependsOn?: unknown })?.dependsOn) ? ['dependsOn', i] : ['dependsOn']),
          severity: 'error',
          message: `migration "${m.name}": dependsOn "${d}" names app "${target.app}", which strata.yaml does not declare (apps: ${apps.map((a) => a.name).join(', ')})`,
        })
      }
    }
  }
  if (diagnostics.length) throw new ValidationError(diagnostics)
  const ordered = topologicalOrder(effectiveGraph(files))
  checkHeads(ordered, apps)
  checkCrossAppForeignKeys(ordered)
  const states = replay(ordered)
  const schema = states[states.length - 1]!
  const owner = ownership(ordered)
  for (const app of apps) {
    const snapshot = readSnapshot(app.migrations, cwd)
    const mine = appSchema(schema, owner, app.name)
    if (!schemasEqual(mine, snapshot.schema)) {
      const file = relative(cwd, snapshotPath(app.migrations)) || snapshotPath(app.migrations)
      throw new MigrationFileError(
        'E_SNAPSHOT_MISMATCH',
        `${file} (app ${app.name}) does not equal the app's part of the replay of the migrations: ` +
          'restore it from version control (a migration of the app edited or deleted by hand: revert that instead)',
        { file, app: app.name },
      )
    }
  }
  return { migrations: ordered, states, snapshot: { formatVersion: 1, migrations: {}, schema }, schema, files }
}

/** The app named on the command line, or a UsageError listing the project's apps. */
export function findApp(project: Project, name: string): App {
  const app = project.apps?.find((a) => a.name === name)
  if (app) return app
  throw new UsageError(
    project.apps ? `app "${name}" is not in strata.yaml (apps: ${project.apps.map((a) => a.name).join(', ')})` : `app "${name}": this project declares no apps in strata.yaml`,
  )
}

/** The migrations of `app` in the graph's order. */
export function appMigrations<M extends MigrationFile>(migrations: readonly M[], app: string): M[] {
  return migrations.filter((m) => splitName(m.name).app === app)
}
