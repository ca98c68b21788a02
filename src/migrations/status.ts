/** `strata status`: which migrations are applied, pending, edited or missing, and whether the schema files have unmigrated changes. */
import type { Connection } from '../dialects/dialect'
import { dialectForUrl } from '../dialects'
import type { Project } from '../project'
import { readHistory } from './history'
import { readMigrationState } from './state'
import { pendingSchemaChanges } from './make'

export interface MigrationStatus {
  readonly name: string
  readonly applied: boolean
  /** ISO 8601, when applied. */
  readonly appliedAt?: string
  /** Applied, but the file changed since (checksum mismatch). */
  readonly edited: boolean
}

export interface StatusResult {
  readonly database: string
  readonly migrations: readonly MigrationStatus[]
  /** Applied migrations whose file is gone. */
  readonly missing: readonly { readonly name: string; readonly appliedAt: string }[]
  /** Operations `strata make` would write for the schema files. */
  readonly unmigratedChanges: readonly string[]
  /** Anything pending or wrong: `strata status` exits 1. */
  readonly attention: boolean
}

export async function status(project: Project, url: string, options: { cwd?: string } = {}): Promise<StatusResult> {
  const state = readMigrationState(project, options.cwd)
  const unmigratedChanges = await pendingSchemaChanges(project, state, options.cwd)
  const connection: Connection = await dialectForUrl(url).connect(url, { lockTimeoutMs: project.lockTimeoutMs })
  let applied
  try {
    applied = await readHistory(connection)
  } finally {
    await connection.close()
  }
  const byName = new Map(applied.map((a) => [a.name, a]))
  const migrations = state.migrations.map((m) => {
    const row = byName.get(m.name)
    return {
      name: m.name,
      applied: row !== undefined,
      ...(row ? { appliedAt: row.appliedAt } : {}),
      edited: row !== undefined && row.checksum !== m.checksum,
    }
  })
  const files = new Set(state.migrations.map((m) => m.name))
  const missing = applied.filter((a) => !files.has(a.name)).map((a) => ({ name: a.name, appliedAt: a.appliedAt }))
  const attention = migrations.some((m) => !m.applied || m.edited) || missing.length > 0 || unmigratedChanges.length > 0
  return { database: url, migrations, missing, unmigratedChanges, attention }
}
