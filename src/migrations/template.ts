/**
 * Database templates (issue 13): a new database created by copying one that
 * `migrate` made from nothing with the same migration files, instead of
 * running their SQL again. Teams that rebuild a test database many times a
 * day run the same chain into an empty database each time; on SQLite most of
 * that time is SQLite re-reading its schema table after every CREATE
 * (docs/PERFORMANCE.md), which a copy does not do.
 *
 * Recorded: after a `migrate` with no target, flags or other writer, that
 * found the database new (no file at all), applied every migration from
 * nothing whole, and whose migrations hold only schema operations (no insert,
 * update, delete or raw SQL: what those write may depend on when they run),
 * the database's bytes go to `.strata/templates/` with the lint report that
 * run printed and the SQL it ran. Used: by the next such `migrate` into a
 * database that does not exist, when the key matches. The key is everything
 * the bytes are made from: strata's build, the dialect and its engine
 * (SQLite's version), strata.yaml's bytes, STRATA_LOCK_BUDGET, the working
 * folder (the recorded lint findings name files relative to it), and the name
 * and sha256 of every migration file in order. The copy's history rows are
 * stamped with the time of the copy. Anything unexpected is a miss, and
 * migrate runs the SQL as always. STRATA_TEMPLATES=0 turns templates off.
 */
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { CACHE_DIR, ensureCacheDir } from '../cache-dir'
import type { Dialect } from '../dialects/dialect'
import type { Operation } from '../diff/operations'
import type { Project } from '../project'
import { writeFileAtomic } from './atomic'
import { restampHistory } from './history'
import type { MigrateEvent, MigrateResult, MigrationStep } from './migrator'
import { buildStamp } from './sql-cache'
import type { MigrationState } from './state'

const FORMAT = 1
/** Templates kept per project (the newest by modification time): each is a whole database. */
const KEEP = 2

/** Templates recorded and used in this process (tests count them). */
export const templateCounter = { recorded: 0, used: 0 }

/** STRATA_TEMPLATES=0 turns templates off (neither used nor recorded). */
export function templatesEnabled(): boolean {
  return process.env.STRATA_TEMPLATES !== '0'
}

/** Operations whose effect may depend on when they run: a chain with one is never recorded. */
const RUNTIME_OPS: ReadonlySet<Operation['op']> = new Set(['insert', 'update', 'delete', 'sql', 'createSql', 'dropSql'])

export function schemaOnly(state: MigrationState): boolean {
  return state.migrations.every((m) => m.up.every((op) => !RUNTIME_OPS.has(op.op)))
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex')

/** The template key of this project's migrations on this dialect (see the module comment); undefined when a file cannot be read. */
export function templateKey(project: Project, dialect: Dialect, state: MigrationState): string | undefined {
  if (!dialect.templates) return undefined
  try {
    const hash = createHash('sha256').update(
      `${FORMAT}\0${buildStamp()}\0${dialect.name}\0${dialect.templates.engine()}\0${process.env.STRATA_LOCK_BUDGET ?? ''}\0${process.cwd()}`,
    )
    hash.update('\0').update(project.configFile ? sha256(readFileSync(project.configFile)) : '')
    for (const m of state.files ?? state.migrations) hash.update('\0').update(m.name).update('\0').update(sha256(readFileSync(m.path)))
    return hash.digest('hex').slice(0, 32)
  } catch {
    return undefined
  }
}

interface Meta {
  readonly format: number
  readonly key: string
  /** sha256 of the database's bytes (checked when read). */
  readonly sha: string
  /** The migrations it holds, in the order they were applied. */
  readonly migrations: readonly string[]
  /** The lint report the recording run printed (migrate's gate), as it was. */
  readonly lint?: unknown
}

function folder(project: Project): string {
  return join(project.root, CACHE_DIR, 'templates')
}

/** Record a template (never fails the command: a template that cannot be written is only slower next time). */
export function writeTemplate(project: Project, key: string, bytes: Buffer, steps: readonly MigrationStep[], lint: unknown): void {
  try {
    const dir = folder(project)
    ensureCacheDir(join(project.root, CACHE_DIR))
    ensureCacheDir(dir)
    const meta: Meta = { format: FORMAT, key, sha: sha256(bytes), migrations: steps.map((s) => s.migration), ...(lint !== undefined ? { lint } : {}) }
    writeFileAtomic(join(dir, `${key}.db`), bytes)
    writeFileAtomic(join(dir, `${key}.steps.json`), `${JSON.stringify(steps.map(({ durationMs: _, ...s }) => s))}\n`)
    // The meta file last: a template is complete when it exists.
    writeFileAtomic(join(dir, `${key}.json`), `${JSON.stringify(meta)}\n`)
    templateCounter.recorded++
    const entries = readdirSync(dir)
      .filter((f) => /^[0-9a-f]{32}\.json$/.test(f))
      .map((f) => ({ key: f.slice(0, -5), at: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => b.at - a.at)
    for (const old of entries.slice(KEEP)) for (const ext of ['json', 'db', 'steps.json']) rmSync(join(dir, `${old.key}.${ext}`), { force: true })
  } catch {
    // See above.
  }
}

/** The template's meta file, when it is complete and of this key; its database's bytes are checked when copied. */
function readTemplate(project: Project, key: string): { meta: Meta; path: string } | undefined {
  try {
    const dir = folder(project)
    const meta = JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as Meta
    if (meta.format !== FORMAT || meta.key !== key || typeof meta.sha !== 'string') return undefined
    return { meta, path: join(dir, `${key}.db`) }
  } catch {
    return undefined
  }
}

function readSteps(project: Project, key: string, meta: Meta, durationMs: number, statements: boolean): MigrationStep[] {
  const share = durationMs / Math.max(meta.migrations.length, 1)
  try {
    if (!statements) throw new Error('not asked for')
    const steps = JSON.parse(readFileSync(join(folder(project), `${key}.steps.json`), 'utf8')) as Omit<MigrationStep, 'durationMs'>[]
    return steps.map((s) => ({ ...s, durationMs: share }))
  } catch {
    return meta.migrations.map((migration) => ({ migration, direction: 'up', durationMs: share, statements: [], nonTransactional: false }))
  }
}

export interface TemplateRun {
  readonly result: MigrateResult
  /** The lint report recorded with the template. */
  readonly lint: unknown
  /** The template's key (its files under .strata/templates/). */
  readonly key: string
}

/**
 * `migrate` with no target into a database that does not exist, from a
 * recorded template of exactly these migration files: the database is
 * written as a copy, its history rows stamped now, and the same progress
 * events are sent (each migration's time is its share of the copy's).
 * undefined: no template (or the database appeared meanwhile): nothing was
 * changed, and migrate runs as always.
 */
export async function migrateFromTemplate(
  project: Project,
  url: string,
  dialect: Dialect,
  state: MigrationState,
  options: {
    readonly lockTimeoutMs?: number
    readonly onProgress?: (event: MigrateEvent) => void
    /** Return the SQL the recording run ran, as `steps[].statements` (default true; read from its file). */
    readonly statements?: boolean
  } = {},
): Promise<TemplateRun | undefined> {
  const templates = dialect.templates
  if (!templatesEnabled() || !templates || !templates.isNew(url)) return undefined
  const key = templateKey(project, dialect, state)
  const found = key && readTemplate(project, key)
  if (!key || !found) return undefined
  const started = performance.now()
  let staged
  try {
    staged = await templates.stage(url, found.path, found.meta.sha, { lockTimeoutMs: options.lockTimeoutMs ?? project.lockTimeoutMs, grants: project.grants })
  } catch {
    return undefined
  }
  if (!staged) return undefined
  try {
    await staged.connection.transaction(() => restampHistory(staged!.connection, performance.now() - started))
  } catch {
    await staged.discard()
    return undefined
  }
  if (!(await staged.publish())) return undefined
  templateCounter.used++
  const durationMs = performance.now() - started
  const steps = readSteps(project, key, found.meta, durationMs, options.statements ?? true)
  for (const s of steps) {
    options.onProgress?.({ type: 'start', migration: s.migration, direction: 'up', operations: 0 })
    options.onProgress?.({ type: 'done', migration: s.migration, direction: 'up', durationMs: s.durationMs })
  }
  return { result: { database: url, steps, dryRun: false, fake: false }, lint: found.meta.lint, key }
}
