/**
 * Linting a project's migrations: which ones (named, all, or those the
 * selected database has not applied), with which database (given, found
 * reachable, or none), under which suppressions (strata.yaml's `lint:`).
 */
import type { Connection, Dialect } from '../dialects/dialect'
import { dialectForUrl } from '../dialects'
import { DatabaseError, UsageError } from '../errors'
import { readHistory } from '../migrations/history'
import { type MigrationState, findMigrationIndex, readMigrationState } from '../migrations/state'
import { appliedWithSquashes, stateForHistory } from '../migrations/replaces'
import type { Project } from '../project'
import { type LintReport, type LintSubject, lintMigrations, lintSettingsOf } from './lint'

export interface LintProjectOptions {
  /** Migration names, numbers or paths; default: the pending ones. */
  readonly migrations?: readonly string[]
  /** Every migration, applied or not. */
  readonly all?: boolean
  /** Only the pending migrations up to this one (`migrate TARGET`); `zero` none. */
  readonly upTo?: string
  /**
   * The database: `required` (connect or fail), `auto` (use it when it
   * exists and answers, else lint without), `none`.
   */
  readonly database: 'required' | 'auto' | 'none'
  readonly url: string
  /** Whose rules apply; default the database URL's dialect. */
  readonly dialect?: Dialect
  readonly cwd?: string
  /** The state, when the caller has read it already. */
  readonly state?: MigrationState
}

export interface ProjectLintReport extends LintReport {
  readonly dialect: string
  /** The migrations linted, in order. */
  readonly migrations: readonly string[]
  /** Why no database was used, with `auto`. */
  readonly databaseSkipped?: string
}

export async function lintProject(project: Project, options: LintProjectOptions): Promise<ProjectLintReport> {
  const folder = options.state ?? readMigrationState(project, options.cwd)
  const urlDialect = options.database === 'none' && options.dialect ? options.dialect : dialectForUrl(options.url)
  const dialect = options.dialect ?? urlDialect
  const projectSettings = lintSettingsOf(project.source)
  let connection: Connection | undefined
  let databaseSkipped: string | undefined
  if (options.database !== 'none') {
    try {
      connection = await urlDialect.connect(options.url, { lockTimeoutMs: project.lockTimeoutMs, grants: project.grants, mustExist: options.database === 'auto' })
    } catch (error) {
      if (options.database === 'required' || !(error instanceof DatabaseError)) throw error
      databaseSkipped = error.message
    }
  }
  try {
    const rows = new Set(connection ? (await readHistory(connection)).map((a) => a.name) : [])
    // With squashed migrations: the graph this database follows, and a squashed migration counts as applied where all it replaces are.
    const state = stateForHistory(folder, rows)
    const applied = appliedWithSquashes(folder.migrations, rows, folder.files ?? folder.migrations)
    let indices: number[]
    if (options.migrations?.length) {
      indices = options.migrations.map((ref) => {
        const index = findMigrationIndex(state.migrations, ref)
        if (index === undefined) throw new UsageError(`migration "${ref}" not found: give a name (0002_post_tags), a number (0002 or 2) or a path`)
        return index
      })
    } else {
      let limit = state.migrations.length
      if (options.upTo === 'zero') limit = 0
      else if (options.upTo !== undefined) limit = (findMigrationIndex(state.migrations, options.upTo) ?? limit - 1) + 1
      indices = state.migrations.map((_, i) => i).filter((i) => i < limit && (options.all || !applied.has(state.migrations[i]!.name)))
    }
    const subjects: LintSubject[] = indices.map((i) => {
      const m = state.migrations[i]!
      return { name: m.name, up: m.up, down: m.down, file: m.file, source: m.source, before: state.states[i]!, pending: !applied.has(m.name) }
    })
    const report = await lintMigrations(subjects, {
      dialect,
      ...(connection && dialect === urlDialect ? { connection } : {}),
      ...(projectSettings ? { project: projectSettings } : {}),
    })
    return { ...report, dialect: dialect.name, migrations: subjects.map((s) => s.name), ...(databaseSkipped ? { databaseSkipped } : {}) }
  } finally {
    await connection?.close()
  }
}
