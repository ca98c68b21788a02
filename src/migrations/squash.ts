/**
 * `strata squash FROM TO` (SPEC §5, Django's squashmigrations): one
 * migration equivalent to the range, its operations optimised
 * (squash-optimize.ts), listing the migrations it `replaces`. The replaced
 * files stay until every database has the squashed migration applied (see
 * replaces.ts for how each database follows it); the snapshot is rewritten
 * from the new graph and must equal the old one.
 */
import { join, relative } from 'node:path'
import { describeOperation } from '../diff/describe'
import type { Operation } from '../diff/operations'
import { MigrationFileError, UsageError } from '../errors'
import type { Project } from '../project'
import { schemasEqual } from '../schema/canonical'
import { downOperations } from './compile'
import { ancestorsOf, topologicalOrder } from './graph'
import { appSchema, ownership } from './app-ownership'
import { findApp, plainName, qualify, splitName } from './apps'
import { applyOperations } from '../diff/apply'
import { canonicalSchema } from '../schema/canonical'
import type { Schema } from '../schema/model'
import { type Migration, type MigrationFile, makeMigrationRecord, writeMigration } from './migration-file'
import { effectiveGraph } from './replaces'
import { readSnapshot, replay, schemaHash, snapshotFromStates, writeSnapshot } from './snapshot'
import { findMigrationIndex, readMigrationState, schemaWithApplied } from './state'
import { optimizeOperations } from './squash-optimize'

export interface SquashOptions {
  readonly from: string
  readonly to: string
  /** Words for the name (default: `squashed_NNNN_` and the last migration's words). */
  readonly name?: string
  readonly cwd?: string
  readonly now?: Date
  /** Write nothing; return what would be written. */
  readonly dryRun?: boolean
}

export interface SquashResult {
  readonly migration: string
  readonly replaces: readonly string[]
  readonly dependsOn: readonly string[]
  /** Operations in the range's `up` lists, and in the squashed migration's. */
  readonly operationsBefore: number
  readonly operations: number
  /** One line per operation of the squashed migration. */
  readonly summary: readonly string[]
  readonly written: readonly string[]
}

function pad(n: number): string {
  return String(n).padStart(4, '0')
}

/** The squashed migration for the range FROM..TO of the folder's graph, written with the new snapshot. */
export async function squashMigrations(project: Project, options: SquashOptions): Promise<SquashResult> {
  const cwd = options.cwd ?? process.cwd()
  const state = readMigrationState(project, cwd)
  const ms = state.migrations
  const find = (ref: string) => {
    const i = findMigrationIndex(ms, ref)
    if (i === undefined) throw new UsageError(`migration "${ref}" not found: give a name (0002_post_tags), a number (0002 or 2) or a path`)
    return i
  }
  const i = find(options.from)
  const j = find(options.to)
  if (j < i) throw new UsageError(`${ms[j]!.name} comes before ${ms[i]!.name}: give the range in order (strata squash ${ms[j]!.name} ${ms[i]!.name})`)
  if (j === i) throw new UsageError(`the range ${ms[i]!.name}..${ms[j]!.name} holds one migration: squash needs two or more`)
  // With apps, the range is the app's migrations between the two (another app's in between are not squashed).
  const app = splitName(ms[i]!.name).app
  if (app !== splitName(ms[j]!.name).app) throw new UsageError(`${ms[i]!.name} and ${ms[j]!.name} are migrations of different apps: squash one app's range`)
  const range = ms.slice(i, j + 1).filter((m) => splitName(m.name).app === app)
  // A squashed migration in the range: the new one replaces it and what it replaces (the list flattens, as Django's),
  // so that a database's rows of either, and the files' deletion later, are accounted for.
  const replaced = [...new Set(range.flatMap((m) => [...(m.replaces ?? []), m.name]))]
  const inRange = new Set(range.map((m) => m.name))
  const dependsOn = [...new Set(range.flatMap((m) => m.dependsOn.filter((d) => !inRange.has(d))))]
  // The schema the squashed migration applies to: what it depends on, and all that that depends on.
  const base = new Set(dependsOn.flatMap((d) => [...ancestorsOf(ms, d)]))
  const before = schemaWithApplied(state, base)
  const up = await optimizeOperations(before, range.flatMap((m) => m.up))
  const befores: Schema[] = [before]
  for (const m of range) befores.push(applyOperations(befores[befores.length - 1]!, m.up))
  // The reverse path: each migration's own down, last first, exactly as its file says
  // (fills, hand-written data reversals). Irreversible when one of them is.
  let down: Operation[] | null = []
  for (let k = range.length - 1; k >= 0; k--) {
    const m = range[k]!
    if (m.irreversible) {
      down = null
      break
    }
    down.push(...downOperations(m, befores[k]!))
  }
  const last = range[range.length - 1]!
  const words = options.name
    ? options.name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')
    : `squashed_${pad(last.number)}_${plainName(last.name).slice(5)}`
  if (!words) throw new UsageError(`migration name "${options.name}" has no letters or digits`)
  const plain = `${pad(range[0]!.number)}_${words}`.slice(0, 80)
  const name = app === undefined ? plain : qualify(app, plain)
  if (ms.some((m) => m.name === name) || (state.files ?? []).some((m) => m.name === name)) {
    throw new UsageError(`there is already a migration ${name}: pass --name with other words`)
  }
  // As its file says it (with apps: names of its own app plain), and as the graph knows it.
  const own = (n: string) => (app !== undefined && n.startsWith(`${app}:`) ? plainName(n) : n)
  const migration: Migration = makeMigrationRecord(plain, dependsOn.map(own), up, down, replaced.map(own))
  const dir = app === undefined ? project.migrations : findApp(project, app).migrations
  const record: MigrationFile = {
    ...makeMigrationRecord(name, dependsOn, up, down, replaced),
    path: join(dir, `${plain}.yaml`),
    file: `${plain}.yaml`,
    source: range[0]!.source,
  }

  // Check before writing: the squashed migration gives the range's schema, and the new graph the snapshot.
  const alone = replay([record], before)
  if (!schemasEqual(alone[1]!, befores[befores.length - 1]!)) {
    throw new MigrationFileError('E_SQUASH', `strata bug: the squashed migration does not give the schema after ${last.name}; nothing written`)
  }
  const files = [...(state.files ?? ms), record]
  const graph = topologicalOrder(effectiveGraph(files))
  const states = replay(graph)
  if (!schemasEqual(states[states.length - 1]!, state.schema)) {
    throw new MigrationFileError('E_SQUASH', 'strata bug: the graph with the squashed migration does not give the snapshot; nothing written')
  }
  const written: string[] = []
  if (!options.dryRun) {
    written.push(writeMigration(dir, migration, options.now))
    if (app === undefined) {
      writeSnapshot(dir, snapshotFromStates(graph, states))
    } else {
      const previous = readSnapshot(dir, cwd)
      const part = canonicalSchema(appSchema(states[states.length - 1]!, ownership(graph), app))
      writeSnapshot(dir, { formatVersion: previous.formatVersion, migrations: { ...previous.migrations, [plain]: schemaHash(part) }, schema: part })
    }
    written.push(join(dir, 'snapshot.json'))
  }
  return {
    migration: name,
    replaces: replaced,
    dependsOn,
    operationsBefore: range.reduce((n, m) => n + m.up.length, 0),
    operations: up.length,
    summary: up.map(describeOperation),
    written: written.map((p) => relative(cwd, p) || p),
  }
}
