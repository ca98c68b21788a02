/**
 * `strata introspect` (SPEC §5): adopt an existing database. Reads the live
 * schema, writes schema files for it, a baseline migration `0001_baseline`
 * that creates it all from nothing (in dependency order), and the snapshot,
 * then records the baseline as applied in that database (`migrate --fake`),
 * so that `strata make --check` and `strata diff --db` both find nothing
 * right after.
 *
 * The baseline is the model the written files load back to, not the raw
 * introspection: where the two differ (something schema files cannot
 * express), the difference is reported as a warning (and shown by `strata
 * diff --db`). Introspect never adds anything: a table without a primary
 * key is written `primaryKey: false`, so the loader adds no implicit `id`.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { performance } from 'node:perf_hooks'
import { applyOperations } from '../diff/apply'
import { describeOperation } from '../diff/describe'
import { diff } from '../diff/diff'
import { invert } from '../diff/invert'
import { fixedResolver } from '../diff/rename'
import { dialectForUrl, redactUrl } from '../dialects'
import type { AdoptedSqlObject, UnkeptItem } from '../dialects/dialect'
import { StrataError, UsageError, ValidationError } from '../errors'
import type { Project } from '../project'
import { schemasEquivalent } from '../schema/canonical'
import { findSchemaFiles } from '../schema/files'
import { loadSchemaSources } from '../schema/load'
import { EMPTY_SCHEMA, type Schema } from '../schema/model'
import { renderSchemaFiles } from '../schema/render'
import type { TargetDatabase } from '../schema/check-capabilities'
import { detectDrift } from './drift'
import { readHistory } from './history'
import { findApp } from './apps'
import { writeIntrospectConfig } from './introspect-config'
import { type KindReport, type RawItem, type UnrunnableTypes, rawItems, reportByKind, unrunnableTypes, unrunnableWarning } from './introspect-report'
import { makeMigrationRecord, writeMigration } from './migration-file'
import { migrate } from './migrator'
import { recordAdoptedSqlObjects } from './sql-object-records'
import { nextSnapshot, readSnapshot, SNAPSHOT_FILE, writeSnapshot } from './snapshot'

export const BASELINE_NAME = '0001_baseline'

export interface IntrospectOptions {
  /** With apps: the app whose folders take the schema files and the baseline (required then). */
  readonly app?: string
  /** Everything in one `schema.yaml` instead of one file per table. */
  readonly singleFile?: boolean
  readonly now?: Date
  readonly cwd?: string
  /**
   * Refuse (exit 1, nothing written) when the database holds anything the
   * schema files would not keep (`report.notKept`).
   */
  readonly strict?: boolean
  /**
   * Other schemas to read besides the connection's own (`--schema a,b`,
   * PostgreSQL): their tables and enums are named `schema.name` in the
   * schema files, what else they hold is named in the report.
   */
  readonly schemas?: readonly string[]
  /** Progress for a terminal: each phase as it starts and ends. */
  readonly onProgress?: (event: IntrospectEvent) => void
}

export type IntrospectEvent =
  | { readonly type: 'phase'; readonly phase: 'read' | 'render' | 'write' | 'record'; readonly detail: string }
  | { readonly type: 'done'; readonly phase: 'read' | 'render' | 'write' | 'record'; readonly durationMs: number }

export interface IntrospectResult {
  readonly database: string
  readonly tables: number
  readonly enums: number
  readonly migration: string
  /** Files written, absolute. */
  readonly written: readonly string[]
  /**
   * strata.yaml, when introspect wrote it (the project had none): the
   * database read is its `databases.default`. `password`: the URL's password
   * was replaced by `${STRATA_DATABASE_PASSWORD}`.
   */
  readonly config?: { readonly path: string; readonly password: boolean }
  /**
   * Per other dialect, the columns whose type it cannot run (also at the top
   * of the baseline, as a comment).
   */
  readonly unrunnable: readonly UnrunnableTypes[]
  /** Items kept in a non-portable form, and what the files cannot express. */
  readonly warnings: readonly string[]
  /** What was read, by how it is kept. */
  readonly report: IntrospectReport
  /** Time spent reading the database. */
  readonly readMs: number
}

/**
 * What introspect read, by how the schema files keep it: modelled exactly
 * (counts by kind), kept in a per-dialect form (`native` types, raw SQL
 * defaults), or not kept, each with the reason.
 */
export interface IntrospectReport {
  readonly modelled: { readonly tables: number; readonly columns: number; readonly indexes: number; readonly constraints: number; readonly enums: number }
  /** What is kept in a per-dialect form, as warnings (`column "t.c": type kept as native …`). */
  readonly raw: readonly string[]
  readonly notKept: readonly UnkeptItem[]
  /** The same by object kind: modelled, kept in a per-dialect form, not kept. */
  readonly byKind: readonly KindReport[]
}

/** Refuse to overwrite a project that has started already: nothing is written. */
async function checkEmptyProject(project: Project, cwd: string): Promise<void> {
  const shown = (p: string) => relative(cwd, p) || p
  if (existsSync(project.migrations)) {
    if (!statSync(project.migrations).isDirectory()) throw new UsageError(`${shown(project.migrations)} is not a folder`)
    const taken = readdirSync(project.migrations).filter((f) => /^\d{4}_.*\.ya?ml$/.test(f) || f === SNAPSHOT_FILE)
    if (taken.length > 0) {
      throw new UsageError(
        `${shown(project.migrations)} already has migrations (${taken.slice(0, 3).join(', ')}${taken.length > 3 ? ', …' : ''}): ` +
          'strata introspect starts a project from a database; to compare a database with this project use `strata diff --db`',
        { migrations: shown(project.migrations) },
      )
    }
  }
  if (/[*?[{]/.test(project.schemas)) {
    throw new UsageError(`schemas is a glob (${project.schemas}): strata introspect writes into a folder; set schemas: to a folder in strata.yaml`)
  }
  if (existsSync(project.schemas)) {
    const files = await findSchemaFiles(project.schemas, cwd)
    if (files.length > 0) {
      throw new UsageError(
        `${shown(project.schemas)} already has schema files (${files.slice(0, 3).map((f) => f.display).join(', ')}${files.length > 3 ? ', …' : ''}): ` +
          'strata introspect would overwrite the desired state; move them away first',
        { schemas: shown(project.schemas) },
      )
    }
  }
}

/**
 * Load the rendered files back: the baseline is what the files say. They
 * are checked against the database read (its dialect's reserved names, its
 * capabilities), as `strata validate` will check them once strata.yaml
 * names it. A refusal names the database object, not the schema file, which
 * was never written.
 */
function loadRendered(files: readonly { path: string; content: string }[], folder: string, database: TargetDatabase, url: string, grants: boolean): Schema {
  try {
    return loadSchemaSources(files.map((f) => ({ file: join(folder, f.path), content: f.content })), [database], undefined, { grants }).schema
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    const errors = error.diagnostics.filter((d) => d.severity === 'error')
    throw new StrataError(
      'E_INTROSPECT_INVALID',
      `${redactUrl(url)} holds ${errors.length === 1 ? 'something' : `${errors.length} things`} strata's schema files do not accept, so nothing was written:\n  ` +
        errors.map((d) => d.message.replace(/ on database "default" \([a-z]+\)/, '')).join('\n  ') +
        '\nChange or rename ' + (errors.length === 1 ? 'it' : 'them') + ' in the database (strata cannot manage such an object), then run strata introspect again.',
      { exitCode: 2, details: { objects: errors.map((d) => d.message) } },
    )
  }
}

/**
 * `live` with the adopted `sql` entries (without `made`, which only the
 * records hold) and the views over them naming them in `dependsOn`, so that
 * each is created before the views that use it.
 */
function withAdopted(live: Schema, adopted: readonly AdoptedSqlObject[]): Schema {
  if (adopted.length === 0) return live
  const sql = adopted.map(({ object: { made: _made, ...object } }) => object)
  const views = (live.views ?? []).map((view) => {
    const uses = adopted.filter((a) => a.views.includes(view.name)).map((a) => a.object.name)
    return uses.length ? { ...view, dependsOn: [...new Set([...(view.dependsOn ?? []), ...uses])].sort() } : view
  })
  return { ...live, ...(views.length ? { views } : {}), sql: [...(live.sql ?? []), ...sql] }
}

const adoptedHow = (a: AdoptedSqlObject) => `not modelled, kept as raw SQL (the sql entry ${a.object.name})`

/** Read the database behind `url` and start the project from it. */
export async function introspectDatabase(project: Project, url: string, options: IntrospectOptions = {}): Promise<IntrospectResult> {
  const cwd = options.cwd ?? process.cwd()
  const progress = options.onProgress ?? (() => undefined)
  if (project.apps && !options.app) throw new UsageError(`this project has apps: give introspect APP, the app that takes the database's tables (apps: ${project.apps.map((a) => a.name).join(', ')})`)
  const whole = project
  // With apps: the app's folders take the schema files and the baseline.
  if (options.app) {
    const app = findApp(project, options.app)
    project = { ...project, apps: undefined, schemas: app.schemas, migrations: app.migrations }
  }
  await checkEmptyProject(project, cwd)
  const dialect = dialectForUrl(url)
  const schemas = options.schemas ?? []
  if (schemas.length > 0 && !dialect.capabilities.schemas) {
    throw new UsageError(`--schema: ${redactUrl(url)} is a ${dialect.name} database, which has no schemas (PostgreSQL only)`)
  }
  const connection = await dialect.connect(url, { lockTimeoutMs: project.lockTimeoutMs, grants: project.grants })
  let live: Schema
  let baseline: Schema
  let files: ReturnType<typeof renderSchemaFiles>
  const warnings: string[] = []
  const notKept: UnkeptItem[] = []
  const adopted: AdoptedSqlObject[] = []
  const raw: RawItem[] = []
  let readMs: number
  try {
    // A database strata already manages has its own migrations somewhere:
    // adopting it again would record a second history beside the first.
    const applied = await readHistory(connection)
    if (applied.length > 0) {
      throw new UsageError(
        `${redactUrl(url)} is already managed by strata (${applied.length} applied migration${applied.length === 1 ? '' : 's'}, ` +
          `the last ${applied[applied.length - 1]!.name}): use that project's migrations folder instead of introspecting it`,
        { applied: applied.map((a) => a.name) },
      )
    }
    progress({ type: 'phase', phase: 'read', detail: `reading ${redactUrl(url)}` })
    const started = performance.now()
    live = await connection.introspect({ schemas })
    notKept.push(...((await connection.unkept?.({ schemas })) ?? []))
    adopted.push(...((await connection.adoptableSql?.()) ?? []))
    readMs = performance.now() - started
    progress({ type: 'done', phase: 'read', durationMs: readMs })

    progress({ type: 'phase', phase: 'render', detail: `${live.tables.length} tables, ${live.enums.length} enums` })
    const renderStarted = performance.now()
    const stamp = (options.now ?? new Date()).toISOString().slice(0, 16).replace('T', ' ')
    files = renderSchemaFiles(withAdopted(live, adopted), { singleFile: options.singleFile, header: ` Generated by strata introspect on ${stamp} UTC from ${redactUrl(url)}.` })
    baseline = loadRendered(files, relative(cwd, project.schemas) || '.', { name: 'default', dialect: dialect.name, capabilities: dialect.capabilities }, url, project.grants)
    raw.push(...rawItems(live))
    warnings.push(...raw.map((r) => `column "${r.name}": ${r.how}`))
    warnings.push(...adopted.map((a) => `${a.kind} ${a.label}: ${adoptedHow(a)}`))
    // What the baseline still misses of the live database, as strata diff --db will show it.
    const drift = await detectDrift(connection, baseline, live, { sqlObjects: false })
    for (const op of drift.operations) notKept.push({ kind: 'schema', name: describeOperation(op), reason: 'the schema files cannot express it' })
    for (const item of notKept) warnings.push(`not kept: ${item.kind} ${item.name}: ${item.reason}`)
    if (options.strict && notKept.length > 0) {
      throw new StrataError(
        'E_INTROSPECT_NOT_KEPT',
        `--strict: ${redactUrl(url)} holds ${notKept.length} thing${notKept.length === 1 ? '' : 's'} the schema files would not keep, so nothing was written:\n  ` +
          notKept.map((i) => `${i.kind} ${i.name}: ${i.reason}`).join('\n  '),
        { exitCode: 1, details: { notKept } },
      )
    }
    progress({ type: 'done', phase: 'render', durationMs: performance.now() - renderStarted })
  } finally {
    await connection.close()
  }

  const { operations: up } = await diff(EMPTY_SCHEMA, baseline, { resolver: fixedResolver() })
  const after = applyOperations(EMPTY_SCHEMA, up)
  if (!schemasEquivalent(after, baseline)) {
    throw new StrataError('E_INTERNAL', 'strata bug: the baseline migration does not reproduce the introspected schema; please report it', { exitCode: 3 })
  }
  const migration = makeMigrationRecord(BASELINE_NAME, null, up, invert(EMPTY_SCHEMA, up))

  progress({ type: 'phase', phase: 'write', detail: `${files.length} schema files, ${BASELINE_NAME}, ${SNAPSHOT_FILE}` })
  const writeStarted = performance.now()
  const written: string[] = []
  mkdirSync(project.schemas, { recursive: true })
  mkdirSync(project.migrations, { recursive: true })
  // New files in a folder that had none (checked above): a plain write, as
  // an interrupted run leaves no old state to keep whole. One fsync per file
  // (writeFileAtomic) would cost seconds for a thousand tables.
  for (const file of files) {
    const path = join(project.schemas, file.path)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, file.content)
    written.push(path)
  }
  const unrunnable = unrunnableTypes(live, dialect.name)
  written.push(writeMigration(project.migrations, migration, options.now, unrunnable.map(unrunnableWarning)))
  writeSnapshot(project.migrations, nextSnapshot(readSnapshot(project.migrations, cwd), migration, after))
  written.push(join(project.migrations, SNAPSHOT_FILE))
  progress({ type: 'done', phase: 'write', durationMs: performance.now() - writeStarted })

  progress({ type: 'phase', phase: 'record', detail: `recording ${BASELINE_NAME} as applied` })
  const recordStarted = performance.now()
  await migrate(whole, url, { fake: true, cwd, ...(options.app ? { target: `${options.app}:${BASELINE_NAME}` } : {}) })
  if (adopted.length > 0) {
    // What the adopted sql entries made, as createSql would have recorded it, so that diff --db checks them.
    const again = await dialect.connect(url, { lockTimeoutMs: project.lockTimeoutMs, grants: project.grants })
    try {
      await recordAdoptedSqlObjects(again, adopted.map((a) => a.object))
    } finally {
      await again.close()
    }
  }
  progress({ type: 'done', phase: 'record', durationMs: performance.now() - recordStarted })
  const config = writeIntrospectConfig(whole, url)

  const count = (f: (t: Schema['tables'][number]) => number) => live.tables.reduce((n, t) => n + f(t), 0)
  const report: IntrospectReport = {
    modelled: {
      tables: live.tables.length,
      columns: count((t) => t.columns.length),
      indexes: count((t) => t.indexes.length),
      constraints: count((t) => (t.primaryKey ? 1 : 0) + t.uniques.length + t.foreignKeys.length + t.checks.length),
      enums: live.enums.length,
    },
    raw: [...raw.map((r) => `column "${r.name}": ${r.how}`), ...adopted.map((a) => `${a.kind} ${a.label}: ${adoptedHow(a)}`)],
    notKept,
    byKind: reportByKind(live, raw, notKept, adopted.map((a) => ({ kind: a.kind, name: a.label, how: adoptedHow(a) }))),
  }
  return { database: url, tables: live.tables.length, enums: live.enums.length, migration: BASELINE_NAME, written, ...(config ? { config } : {}), unrunnable, warnings, report, readMs }
}
