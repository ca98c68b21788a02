/** `strata status`: which migrations are applied, pending, edited or missing, and whether the schema files have unmigrated changes. */
import type { Connection } from '../dialects/dialect'
import { dialectForUrl } from '../dialects'
import type { Project } from '../project'
import { type AppliedMigration, readHistory } from './history'
import type { MigrationFile } from './migration-file'
import { readMigrationState, schemaWithApplied } from './state'
import { pendingSchemaChanges } from './pending'
import { detectDrift } from './drift'
import { describeOperation } from '../diff/describe'
import { coveredBySquash, squashesToRecord, stateForHistory } from './replaces'

export interface MigrationStatus {
  readonly name: string
  readonly applied: boolean
  /** When applied: ISO 8601 in UTC (`2026-12-01T20:49:25.414Z`) on every dialect. */
  readonly appliedAt?: string
  /** Applied, but the file changed since (checksum mismatch). */
  readonly edited: boolean
  /**
   * Partly applied (in parts, see parts.ts; a failure or a kill stopped it
   * between two parts): how many of its operations are committed.
   * `strata migrate` completes it. `applied` is false.
   */
  readonly partial?: {
    readonly appliedOperations: number
    readonly operations: number
    /** Statements of the next operation committed too (statement by statement, MySQL). */
    readonly appliedStatements: number
    /**
     * `strata migrate` completes it (PostgreSQL parts: whole transactions at
     * planned boundaries); or it stopped at a failure where DDL is not
     * transactional (MySQL) and needs `strata migrate --finish` or `--rollback`.
     */
    readonly resolution: 'migrate' | 'finish-or-rollback'
  }
  /** The migrations it follows (several for a merge migration). */
  readonly dependsOn: readonly string[]
  /** A squashed migration: the migrations it replaces (see replaces.ts). */
  readonly replaces?: readonly string[]
}

export interface StatusResult {
  readonly database: string
  readonly migrations: readonly MigrationStatus[]
  /** Applied migrations whose file is gone. */
  readonly missing: readonly { readonly name: string; readonly appliedAt: string }[]
  /** Operations `strata make` would write for the schema files. */
  readonly unmigratedChanges: readonly string[]
  /**
   * The database differs from the schema its applied migrations give (changed
   * by hand): `strata diff --db` shows how. false when the applied
   * migrations are not a prefix of the folder's (edited or missing ones are
   * reported instead).
   */
  readonly drift: boolean
  /** The differences, one line per operation from the expected schema to the live one. */
  readonly driftOperations: readonly string[]
  /** Anything pending or wrong: `strata status` exits 1. */
  readonly attention: boolean
}

/** With apps, `app` shows that app's migrations only. */
export async function status(project: Project, url: string, options: { cwd?: string; app?: string } = {}): Promise<StatusResult> {
  const folder = readMigrationState(project, options.cwd)
  const unmigratedChanges = await pendingSchemaChanges(project, folder, options.cwd)
  let state = folder
  const dialect = dialectForUrl(url)
  const connection: Connection = await dialect.connect(url, { lockTimeoutMs: project.lockTimeoutMs, grants: project.grants })
  let applied: AppliedMigration[]
  let driftOperations: string[] = []
  try {
    applied = await readHistory(connection)
    // With squashed migrations, the graph this database follows, and each
    // squashed migration counted as applied where all it replaces are (replaces.ts).
    state = stateForHistory(folder, new Set(applied.map((a) => a.name)))
    const covered = squashesToRecord(folder.migrations, new Set(applied.map((a) => a.name)), folder.files ?? folder.migrations)
    const rows: readonly AppliedMigration[] = applied
    const last = (m: MigrationFile) => rows.find((a) => a.name === m.replaces![m.replaces!.length - 1])?.appliedAt ?? new Date().toISOString()
    applied = [...rows, ...covered.map((m): AppliedMigration => ({ name: m.name, checksum: m.checksum, appliedAt: last(m), durationMs: 0, strataVersion: '' }))]
    // Compare with the schema after the applied migrations, so that pending
    // migrations do not count as drift (on a graph: whichever branches are
    // applied); only when every applied migration has its file.
    const appliedNames = new Set(applied.map((a) => a.name))
    const known = new Set(state.migrations.map((m) => m.name))
    if (applied.every((a) => (known.has(a.name) || coveredBySquash(state.migrations, a.name)) && a.appliedOperations === undefined)) {
      driftOperations = (await detectDrift(connection, schemaWithApplied(state, appliedNames))).operations.map(describeOperation)
    }
  } finally {
    await connection.close()
  }
  const byName = new Map(applied.map((a) => [a.name, a]))
  const mine = (name: string) => options.app === undefined || name.startsWith(`${options.app}:`)
  const migrations = state.migrations.filter((m) => mine(m.name)).map((m) => {
    const row = byName.get(m.name)
    const partial = row?.appliedOperations !== undefined
    return {
      name: m.name,
      applied: row !== undefined && !partial,
      ...(row ? { appliedAt: row.appliedAt } : {}),
      edited: row !== undefined && row.checksum !== m.checksum,
      ...(partial
        ? {
            partial: {
              appliedOperations: row!.appliedOperations!,
              operations: m.up.length,
              appliedStatements: row!.appliedStatements ?? 0,
              resolution: dialect.capabilities.transactionalDdl ? ('migrate' as const) : ('finish-or-rollback' as const),
            },
          }
        : {}),
      dependsOn: m.dependsOn,
      ...(m.replaces?.length ? { replaces: m.replaces } : {}),
    }
  })
  const files = new Set(state.migrations.map((m) => m.name))
  const missing = applied.filter((a) => mine(a.name) && !files.has(a.name) && !coveredBySquash(state.migrations, a.name)).map((a) => ({ name: a.name, appliedAt: a.appliedAt }))
  const drift = driftOperations.length > 0
  const attention = migrations.some((m) => !m.applied || m.edited) || missing.length > 0 || unmigratedChanges.length > 0 || drift
  return { database: url, migrations, missing, unmigratedChanges, drift, driftOperations, attention }
}
