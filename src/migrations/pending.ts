/**
 * What `strata make` would write, one line per operation, without writing
 * it: `status`'s "unmigrated changes". Apart from make.ts so that `status`
 * loads the schema files and the diff, not everything `make` uses.
 */
import { join } from 'node:path'
import { describeOperation } from '../diff/describe'
import { diff } from '../diff/diff'
import type { DiffResolver } from '../diff/rename'
import { projectDatabases } from '../project-databases'
import type { Project } from '../project'
import { loadSchemaFiles } from '../schema/load'
import { appTarget, loadAppsSchema } from './app-schemas'
import { CACHE_DIR } from '../cache-dir'
import type { MigrationState } from './state'

/** A resolver that answers without asking: for `status`, which only wants to know whether there are changes. */
const quietResolver: DiffResolver = {
  confirmColumnRename: async () => false,
  confirmTableRename: async () => false,
  fillValue: async () => '',
}

/** What `make` would write, as one line per operation (for `status`). */
export async function pendingSchemaChanges(project: Project, state: MigrationState, cwd?: string): Promise<string[]> {
  if (project.apps) {
    const apps = await loadAppsSchema(project, cwd)
    const out: string[] = []
    for (const app of project.apps) {
      const target = appTarget(state, apps, app.name)
      const result = await diff(state.schema, target, { hints: apps.loaded.hints, resolver: quietResolver })
      out.push(...result.operations.map((op) => `${describeOperation(op)}  (app ${app.name})`))
    }
    return out
  }
  const files = await loadSchemaFiles(project.schemas, { cwd, cache: join(project.root, CACHE_DIR), databases: projectDatabases(project), settings: { grants: project.grants } })
  const result = await diff(state.schema, files.schema, { hints: files.hints, resolver: quietResolver })
  return result.operations.map(describeOperation)
}
