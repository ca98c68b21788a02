/**
 * `strata make --undo` and `strata snapshot --rebuild`: throwing away the
 * last migration before anyone applied it, and rebuilding the snapshot from
 * the migrations, so that neither a deleted migration nor a deleted or
 * conflicted snapshot.json is a dead end.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { relative } from 'node:path'
import { dialectForUrl, redactUrl } from '../dialects'
import { DatabaseError, HistoryError, UsageError } from '../errors'
import type { Project } from '../project'
import { graphHeads, topologicalOrder } from './graph'
import { effectiveGraph } from './replaces'
import { readHistory } from './history'
import { type MigrationFile, readMigrationFiles } from './migration-file'
import { appMigrations, appSnapshot, findApp, plainName, readAppsGraph } from './apps'
import { type Snapshot, renderSnapshot, replay, snapshotFromStates, snapshotPath, writeSnapshot } from './snapshot'

export interface UndoResult {
  /** The migration removed. */
  readonly migration: string
  /** Files deleted. */
  readonly removed: readonly string[]
  /** Files (re)written: the snapshot, unless no migration is left. */
  readonly written: readonly string[]
}

/** Has the database at `url` applied `name`? A SQLite file that does not exist has applied nothing (and is not created). */
async function appliedOn(url: string, name: string, project: Project): Promise<boolean> {
  let connection
  try {
    connection = await dialectForUrl(url).connect(url, { lockTimeoutMs: project.lockTimeoutMs, grants: project.grants, mustExist: true })
  } catch (error) {
    if (error instanceof DatabaseError && error.code === 'E_NO_DATABASE') return false
    throw new DatabaseError(
      'E_CONNECT',
      `cannot check whether ${redactUrl(url)} applied ${name}, so it is kept: ${(error as Error).message}`,
      { migration: name },
      error,
    )
  }
  try {
    return (await readHistory(connection)).some((row) => row.name === name)
  } finally {
    await connection.close()
  }
}

/** The snapshot the migrations (in graph order) replay to. */
function rebuilt(migrations: readonly MigrationFile[]): Snapshot {
  return snapshotFromStates(migrations, replay(migrations))
}

/**
 * Remove the last migration (the graph's one head) when the database at
 * `url` has not applied it, and write the snapshot of the migrations left
 * (none left: no snapshot, as before the first `make`). Refused, naming the
 * database, when it was applied: reverse it there first (`strata migrate
 * PREVIOUS`).
 */
export async function undoLastMigration(project: Project, url: string, cwd = process.cwd(), app?: string): Promise<UndoResult> {
  if (project.apps && !app) throw new UsageError(`this project has apps: give make --undo APP (apps: ${project.apps.map((a) => a.name).join(', ')})`)
  const dir = app ? findApp(project, app).migrations : project.migrations
  const ordered = app ? readAppsGraph(project, cwd) : topologicalOrder(effectiveGraph(readMigrationFiles(project.migrations, cwd)))
  const heads = graphHeads(app ? appMigrations(ordered, app) : ordered)
  const shown = (name: string) => (app ? plainName(name) : name)
  if (!heads.length) throw new UsageError(`there is no migration to undo${app ? ` in app ${app}` : ''}`)
  if (heads.length > 1) {
    throw new UsageError(
      `there are ${heads.length} last migrations${app ? ` in app ${app}` : ''} (${heads.map((h) => shown(h.name)).join(', ')}): say which by deleting its file, ` +
        `or merge them with \`strata make --merge${app ? ` ${app}` : ''}\``,
    )
  }
  const last = heads[0]!
  // Another app's migration that depends on it would be left dangling.
  const dependents = ordered.filter((m) => m.dependsOn.includes(last.name))
  if (dependents.length) {
    throw new UsageError(`${last.name} cannot be undone: ${dependents.map((m) => m.name).join(', ')} ${dependents.length === 1 ? 'depends' : 'depend'} on it; undo ${dependents.length === 1 ? 'that' : 'those'} first`)
  }
  if (await appliedOn(url, last.name, project)) {
    const previous = last.dependsOn.length ? last.dependsOn.join(' and ') : 'zero'
    const back = last.dependsOn.length === 1 ? last.dependsOn[0]! : app ? `${app}:zero` : previous
    throw new HistoryError(
      'E_APPLIED',
      `${last.name} is applied to ${redactUrl(url)}: it cannot be undone while a database has it. ` +
        `Reverse it there first (\`strata migrate ${app ? back.replace(':', ' ') : back}\`), then undo`,
      { migration: last.name, database: redactUrl(url) },
    )
  }
  const rest = ordered.filter((m) => m !== last)
  const left = app ? appMigrations(rest, app).length : rest.length
  // Check the rest replays before touching anything.
  const snapshot = left ? (app ? appSnapshot(rest, replay(rest), app) : rebuilt(rest)) : undefined
  rmSync(last.path)
  const removed = [last.path]
  const written: string[] = []
  const path = snapshotPath(dir)
  if (snapshot === undefined) {
    if (existsSync(path)) {
      rmSync(path)
      removed.push(path)
    }
  } else {
    writeSnapshot(dir, snapshot)
    written.push(path)
  }
  return { migration: last.name, removed: removed.map((p) => relative(cwd, p) || p), written: written.map((p) => relative(cwd, p) || p) }
}

export interface RebuildResult {
  /** The snapshot file changed (it was missing, conflicted or out of date). */
  readonly changed: boolean
  readonly written: readonly string[]
}

/**
 * Write migrations/snapshot.json from the replay of the migrations (nothing
 * to write when it already agrees). With apps: every app's snapshot, or
 * `app`'s, from the replay of the whole graph.
 */
export function rebuildSnapshot(project: Project, options: { cwd?: string; check?: boolean; app?: string } = {}): RebuildResult {
  const cwd = options.cwd ?? process.cwd()
  if (project.apps) {
    const ordered = readAppsGraph(project, cwd)
    const apps = options.app ? [findApp(project, options.app)] : project.apps
    for (const app of apps) {
      const heads = graphHeads(appMigrations(ordered, app.name))
      if (heads.length > 1) {
        throw new UsageError(
          `app ${app.name} has ${heads.length} heads (${heads.map((h) => plainName(h.name)).join(', ')}): \`strata make --merge ${app.name}\` merges them and writes the snapshot`,
        )
      }
    }
    const states = replay(ordered)
    const out: RebuildResult[] = apps.map((app) => writeRebuilt(app.migrations, appMigrations(ordered, app.name).length ? appSnapshot(ordered, states, app.name) : undefined, cwd, options.check))
    return { changed: out.some((r) => r.changed), written: out.flatMap((r) => r.written) }
  }
  const ordered = topologicalOrder(effectiveGraph(readMigrationFiles(project.migrations, cwd)))
  const heads = graphHeads(ordered)
  if (heads.length > 1) {
    throw new UsageError(`the migrations have ${heads.length} heads (${heads.map((h) => h.name).join(', ')}): \`strata make --merge\` merges them and writes the snapshot`)
  }
  return writeRebuilt(project.migrations, ordered.length ? rebuilt(ordered) : undefined, cwd, options.check)
}

/** Write `snapshot` into `dir` (undefined: no migrations, so no snapshot file) unless it is there already. */
function writeRebuilt(dir: string, snapshot: Snapshot | undefined, cwd: string, check = false): RebuildResult {
  const path = snapshotPath(dir)
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined
  if ((snapshot && current === renderSnapshot(snapshot)) || (!snapshot && current === undefined)) return { changed: false, written: [] }
  if (check) return { changed: true, written: [] }
  if (snapshot) writeSnapshot(dir, snapshot)
  else rmSync(path)
  return { changed: true, written: [relative(cwd, path) || path] }
}
