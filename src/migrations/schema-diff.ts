/**
 * `strata diff`: the schema difference as a unified diff of the two schemas
 * rendered as schema-file YAML, plus the operations that turn one into the
 * other. Files vs snapshot (what `strata make` would write), or with a
 * database the live database vs the snapshot (drift).
 */
import { CACHE_DIR } from './history-cache'
import { join, relative } from 'node:path'
import { createTwoFilesPatch } from 'diff'
import { describeOperation } from '../diff/describe'
import { diff } from '../diff/diff'
import type { Operation } from '../diff/operations'
import type { DiffResolver } from '../diff/rename'
import { dialectForUrl, redactUrl } from '../dialects'
import type { Project } from '../project'
import { loadSchemaFiles } from '../schema/load'
import type { Schema } from '../schema/model'
import { renderSchemaYaml } from '../schema/render'
import { detectDrift } from './drift'
import { readHistory } from './history'
import { snapshotPath } from './snapshot'
import { readMigrationState } from './state'
import { appTarget, loadAppsSchema } from './app-schemas'
import { findApp } from './apps'

export interface SchemaDiffResult {
  /** The two schemas differ. */
  readonly drift: boolean
  /** One line per operation (describeOperation), from the snapshot to the other side. */
  readonly operations: readonly string[]
  /** The unified diff, uncoloured ('' when there is no difference). */
  readonly diff: string
  /** With a database: migrations of the folder not applied to it (the snapshot includes them). */
  readonly unapplied: readonly string[]
  /** With a database: raw `sql` objects without a record of what they made, so not checked (migrations/drift.ts). */
  readonly unchecked?: readonly string[]
}

const quietResolver: DiffResolver = {
  confirmColumnRename: async () => false,
  confirmTableRename: async () => false,
  fillValue: async () => '',
}

/** `b` with each table's columns in `a`'s order (column order is presentation, not schema), new ones last. */
function alignColumns(a: Schema, b: Schema): Schema {
  const orders = new Map(a.tables.map((t) => [t.name, t.columns.map((c) => c.name)]))
  return {
    ...b,
    tables: b.tables.map((t) => {
      const order = orders.get(t.name)
      if (!order) return t
      const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length)
      return { ...t, columns: [...t.columns].sort((x, y) => rank(x.name) - rank(y.name)) }
    }),
  }
}

function unified(fromLabel: string, from: Schema, toLabel: string, to: Schema): string {
  const patch = createTwoFilesPatch(fromLabel, toLabel, renderSchemaYaml(from), renderSchemaYaml(alignColumns(from, to)), '', '', { context: 3 })
  // Without hunks (only column order differs) there is nothing to show.
  return patch.includes('\n@@') ? patch.replace(/^=+\n/, '') : ''
}

function result(operations: readonly Operation[], patch: string, unapplied: readonly string[] = []): SchemaDiffResult {
  const lines = operations.map(describeOperation)
  const drift = lines.length > 0
  return { drift, operations: lines, diff: drift ? patch : '', unapplied }
}

/** Schema files vs the snapshot. */
export async function diffFiles(project: Project, options: { cwd?: string; app?: string } = {}): Promise<SchemaDiffResult> {
  const cwd = options.cwd ?? process.cwd()
  const state = readMigrationState(project, cwd)
  if (project.apps) {
    // Every app's files together are the whole database's schema; with APP, only that app's part changes.
    const apps = await loadAppsSchema(project, cwd)
    const target = options.app ? appTarget(state, apps, findApp(project, options.app).name) : apps.loaded.schema
    const { operations } = await diff(state.schema, target, { hints: apps.loaded.hints, resolver: quietResolver })
    const label = options.app ? `app ${options.app}` : 'apps'
    return result(operations, unified(`${label}: snapshots`, state.schema, `${label}: schema files`, target))
  }
  if (options.app) findApp(project, options.app)
  const files = await loadSchemaFiles(project.schemas, { cwd, cache: join(project.root, CACHE_DIR), settings: { grants: project.grants } })
  const { operations } = await diff(state.schema, files.schema, { hints: files.hints, resolver: quietResolver })
  const snapshotLabel = relative(cwd, snapshotPath(project.migrations)) || 'snapshot.json'
  const filesLabel = relative(cwd, project.schemas) || 'schemas'
  return result(operations, unified(snapshotLabel, state.schema, filesLabel, files.schema))
}

/** The live database behind `url` vs the snapshot (drift). Reads only. */
export async function diffDatabase(project: Project, url: string, options: { cwd?: string } = {}): Promise<SchemaDiffResult> {
  const cwd = options.cwd ?? process.cwd()
  const state = readMigrationState(project, cwd)
  const connection = await dialectForUrl(url).connect(url, { lockTimeoutMs: project.lockTimeoutMs, grants: project.grants })
  try {
    const applied = new Set((await readHistory(connection)).map((a) => a.name))
    const unapplied = state.migrations.filter((m) => !applied.has(m.name)).map((m) => m.name)
    const drift = await detectDrift(connection, state.schema)
    const snapshotLabel = project.apps ? 'apps: snapshots' : relative(cwd, snapshotPath(project.migrations)) || 'snapshot.json'
    return { ...result(drift.operations, unified(snapshotLabel, drift.expected, redactUrl(url), drift.live), unapplied), unchecked: drift.unchecked }
  } finally {
    await connection.close()
  }
}
