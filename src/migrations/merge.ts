/**
 * `strata make --merge`: a merge migration depending on every head of the
 * graph (branches made from one migration and merged by version control
 * without one), so that no migration is renamed and a database that applied
 * either branch, both or neither migrates on.
 *
 * Databases apply the branches in different orders, so the merge first
 * proves that the order does not matter: for each pair of branches, the
 * schema after one then the other must replay, and equal (column order
 * aside: ALTER TABLE … ADD COLUMN puts a column last on every database) the
 * schema after the other then the one. Two branches that changed the same
 * table in compatible ways (each added a different column, one an index and
 * the other a column) pass; a true conflict (the same column changed two
 * ways, one branch dropping what the other alters) is refused, naming the
 * object and the migrations of each branch that change it.
 *
 * The merge migration then holds whatever brings the graph's replay to the
 * schema files (usually nothing: the files are the union of both branches),
 * checked from the end of every order the branches can be applied in, and
 * the snapshot is the state at the merged head.
 */
import { join } from 'node:path'
import { applyOperations } from '../diff/apply'
import { describeOperation } from '../diff/describe'
import { diff } from '../diff/diff'
import { invert } from '../diff/invert'
import type { Operation } from '../diff/operations'
import type { DiffResolver } from '../diff/rename'
import { fillReversals } from '../diff/reversal-fill'
import { MigrationFileError, UsageError } from '../errors'
import type { Project } from '../project'
import { projectDatabases } from '../project-databases'
import { canonicalSchema, equalData, schemasEquivalent } from '../schema/canonical'
import { loadSchemaFiles } from '../schema/load'
import type { Schema } from '../schema/model'
import { appTarget, loadAppsSchema } from './app-schemas'
import { appMigrations, appSnapshot, findApp, plainName, qualify, readAppsFiles, readAppsGraph, splitName } from './apps'
import { ancestorsOf, graphHeads, topologicalOrder } from './graph'
import { CACHE_DIR } from './history-cache'
import { nextName, slug } from './make'
import { type Migration, type MigrationFile, makeMigrationRecord, readMigrationFiles, writeMigration } from './migration-file'
import { effectiveGraph } from './replaces'
import { replay, snapshotFromStates, writeSnapshot } from './snapshot'
import type { MigrationState } from './state'

export interface MergeOptions {
  readonly cwd?: string
  readonly now?: Date
  /** Words for the merge migration's name (default: `merge_` and the heads' names). */
  readonly name?: string
  /** With apps: the app whose heads to merge (required then). */
  readonly app?: string
  /** Answers what the diff to the schema files asks (renames, one-off values); default: never renames, no values. */
  readonly resolver?: DiffResolver
}

export interface MergeResult {
  /** The merge migration written (as its file names it). */
  readonly migration: string
  /** The heads it depends on (as its file names them). */
  readonly merged: readonly string[]
  /** What it does beyond depending on them: one line per operation (none when the files are the branches' union). */
  readonly operations: readonly string[]
  readonly written: readonly string[]
}

const quiet: DiffResolver = { confirmColumnRename: async () => false, confirmTableRename: async () => false, fillValue: async () => '' }

/** The tables, enums, views… an operation touches, by name. */
function touched(op: Operation): string[] {
  if (op.op === 'renameTable') return [op.from, op.to]
  if (op.op === 'createTable') return [op.table.name]
  const o = op as unknown as { table?: unknown; name?: unknown; view?: { name?: unknown }; trigger?: { name?: unknown }; function?: { name?: unknown } }
  if (typeof o.table === 'string') return [o.table]
  for (const inner of [o.view, o.trigger, o.function]) if (inner && typeof inner.name === 'string') return [inner.name]
  return typeof o.name === 'string' ? [o.name] : []
}

/** The object an operation changes, for a message: `column "people.name"`, `table "people"`. */
function objectOf(op: Operation): string {
  const o = op as unknown as { table?: unknown; column?: unknown; from?: unknown }
  const column = typeof o.column === 'string' ? o.column : o.column && typeof (o.column as Named).name === 'string' ? (o.column as Named).name : op.op === 'renameColumn' ? o.from : undefined
  if (typeof o.table === 'string' && typeof column === 'string') return `column "${o.table}.${column}"`
  const names = touched(op)
  return names.length ? `${op.op === 'createEnum' || op.op === 'alterEnum' || op.op === 'dropEnum' ? 'enum' : 'table'} ${quote(names)}` : 'an object'
}

const SINGULAR: Record<string, string> = { tables: 'table', enums: 'enum', views: 'view', triggers: 'trigger', functions: 'function' }
const PART: Record<string, string> = { columns: 'column', indexes: 'index', foreignKeys: 'foreign key', checks: 'check', uniques: 'unique' }

type Named = { readonly name?: unknown }
const keyOf = (o: unknown, i: number): string => (o && typeof o === 'object' && typeof (o as Named).name === 'string' ? ((o as Named).name as string) : `#${i + 1}`)

/** Where two lists of named things differ: the names. */
function differingNames(xs: readonly unknown[] | undefined, ys: readonly unknown[] | undefined): string[] {
  const a = new Map((xs ?? []).map((o, i) => [keyOf(o, i), o]))
  const b = new Map((ys ?? []).map((o, i) => [keyOf(o, i), o]))
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => !equalData(a.get(k), b.get(k))).sort()
}

/**
 * The objects on which two schemas differ, column order aside, for a
 * message: `column "people.name"`, `index "people_age_idx" of table
 * "people"`, `table "pets"`, `enum "status"`.
 */
export function differingObjects(x: Schema, y: Schema): string[] {
  const a = canonicalSchema(x) as unknown as Record<string, unknown>
  const b = canonicalSchema(y) as unknown as Record<string, unknown>
  const out: string[] = []
  for (const kind of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const xs = a[kind]
    const ys = b[kind]
    if (!Array.isArray(xs ?? []) || !Array.isArray(ys ?? [])) {
      if (!equalData(xs, ys)) out.push(kind)
      continue
    }
    const label = SINGULAR[kind] ?? kind
    const byName = (list: unknown) => new Map(((list as unknown[]) ?? []).map((o, i) => [keyOf(o, i), o as Record<string, unknown>]))
    const left = byName(xs)
    const right = byName(ys)
    for (const name of differingNames(xs as unknown[], ys as unknown[])) {
      const p = left.get(name)
      const q = right.get(name)
      if (kind !== 'tables' || !p || !q) {
        out.push(`${label} "${name}"`)
        continue
      }
      const parts: string[] = []
      for (const prop of [...new Set([...Object.keys(p), ...Object.keys(q)])].sort()) {
        if (equalData(p[prop], q[prop])) continue
        const part = PART[prop]
        if (!part || !Array.isArray(p[prop] ?? []) || !Array.isArray(q[prop] ?? [])) continue
        for (const n of differingNames(p[prop] as unknown[], q[prop] as unknown[])) parts.push(part === 'column' ? `column "${name}.${n}"` : `${part} "${n}" of table "${name}"`)
      }
      out.push(...(parts.length ? parts : [`table "${name}"`]))
    }
  }
  return out
}

/** The graph the merge works on: the project's, or (with apps) every app's with qualified names. */
interface MergeGraph {
  readonly ordered: readonly MigrationFile[]
  /** Every file, replaced ones too (for the next number). */
  readonly files: readonly MigrationFile[]
  /** The heads to merge (qualified with apps). */
  readonly heads: readonly MigrationFile[]
  readonly dir: string
  /** What the schema files say the whole database should be, once the graph's replay is `schema`. */
  target(ordered: readonly MigrationFile[], schema: Schema): Promise<{ schema: Schema; hints: Parameters<typeof diff>[2]['hints'] }>
  /** A name as the merge's file writes it (plain within its app). */
  local(name: string): string
  /** The merge's name as the graph knows it. */
  global(name: string): string
}

async function plainGraph(project: Project, cwd?: string): Promise<MergeGraph> {
  const files = readMigrationFiles(project.migrations, cwd)
  const ordered = topologicalOrder(effectiveGraph(files))
  return {
    ordered,
    files,
    heads: graphHeads(ordered),
    dir: project.migrations,
    target: async () => {
      const files = await loadSchemaFiles(project.schemas, { cwd, cache: join(project.root, CACHE_DIR), databases: projectDatabases(project), settings: { grants: project.grants } })
      return { schema: files.schema, hints: files.hints }
    },
    local: (name) => name,
    global: (name) => name,
  }
}

async function appGraph(project: Project, appName: string, cwd?: string): Promise<MergeGraph> {
  const app = findApp(project, appName)
  const ordered = readAppsGraph(project, cwd)
  return {
    ordered,
    files: readAppsFiles(project, cwd),
    heads: graphHeads(appMigrations(ordered, app.name)),
    dir: app.migrations,
    target: async (all, schema) => {
      const apps = await loadAppsSchema(project, cwd)
      const state = { migrations: all, schema } as unknown as MigrationState
      return { schema: appTarget(state, apps, app.name), hints: apps.loaded.hints }
    },
    local: (name) => (splitName(name).app === app.name ? plainName(name) : name),
    global: (name) => qualify(app.name, name),
  }
}

/** The end of replaying `migrations`, or the replay's error. */
function end(migrations: readonly MigrationFile[]): Schema | MigrationFileError {
  try {
    const states = replay(migrations)
    return states[states.length - 1]!
  } catch (error) {
    if (error instanceof MigrationFileError && error.code === 'E_REPLAY') return error
    throw error
  }
}

const quote = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ')
const REMEDY =
  'Make one branch\'s change again on top of the other: on the branch not yet applied anywhere, `strata make --undo`, then `strata make` after merging'

/**
 * Each pair of branches replays in either order to one schema (column order
 * aside). Otherwise an E_MERGE_CONFLICT MigrationFileError (exit 2) names
 * the objects and the migrations of both branches that change them.
 */
function checkBranchesCommute(g: MergeGraph): void {
  const { ordered, heads } = g
  const lines = heads.map((h) => ancestorsOf(ordered, h.name))
  for (let i = 0; i < heads.length; i++) {
    for (let j = i + 1; j < heads.length; j++) {
      const base = new Set([...lines[i]!].filter((n) => lines[j]!.has(n)))
      const start = ordered.filter((m) => base.has(m.name))
      const a = ordered.filter((m) => lines[i]!.has(m.name) && !base.has(m.name))
      const b = ordered.filter((m) => lines[j]!.has(m.name) && !base.has(m.name))
      const pair = `cannot merge ${g.local(heads[i]!.name)} and ${g.local(heads[j]!.name)}`
      const changing = (branch: readonly MigrationFile[], table: string) => branch.filter((m) => m.up.some((op) => touched(op).includes(table))).map((m) => g.local(m.name))
      const details = { migrations: [heads[i]!.name, heads[j]!.name] }
      for (const [first, second] of [
        [a, b],
        [b, a],
      ] as const) {
        const result = end([...start, ...first, ...second])
        if (!(result instanceof MigrationFileError)) continue
        const failed = second.find((m) => m.name === result.details.migration)
        const op = failed?.up[(result.details.operation as number) - 1]
        const objects = op ? touched(op) : []
        const others = [...new Set(objects.flatMap((o) => changing(first, o)))]
        throw new MigrationFileError(
          'E_MERGE_CONFLICT',
          `${pair}: ${failed ? g.local(failed.name) : 'a migration'} changes ${op ? objectOf(op) : 'an object'}, which ` +
            `${others.length ? others.join(', ') : 'the other branch'} ${others.length === 1 ? 'changes' : 'change'} too, and cannot run after ` +
            `${others.length === 1 ? 'it' : 'them'} (${result.message.replace(/^.*?error {2}/, '')}). ${REMEDY}`,
          { ...details, objects, conflicting: [...(failed ? [failed.name] : []), ...others] },
        )
      }
      const ab = end([...start, ...a, ...b]) as Schema
      const ba = end([...start, ...b, ...a]) as Schema
      if (schemasEquivalent(ab, ba)) continue
      const objects = differingObjects(ab, ba)
      const tables = [...new Set(objects.map((o) => /"([^".]+)/.exec(o.replace(/^.* of table /, ''))?.[1] ?? ''))]
      const inA = [...new Set(tables.flatMap((t) => changing(a, t)))]
      const inB = [...new Set(tables.flatMap((t) => changing(b, t)))]
      throw new MigrationFileError(
        'E_MERGE_CONFLICT',
        `${pair}: both branches change ${objects.join(', ')} (${inA.join(', ') || g.local(heads[i]!.name)} and ${inB.join(', ') || g.local(heads[j]!.name)}) ` +
          `in different ways, so the result depends on which runs first. ${REMEDY}`,
        { ...details, objects, conflicting: [...inA, ...inB] },
      )
    }
  }
}

/**
 * The orders a database can apply the branches in: for each order of the
 * heads (all of them for up to five heads), each head's ancestors not yet
 * placed, in the graph's order.
 */
function linearizations(ordered: readonly MigrationFile[], heads: readonly MigrationFile[]): MigrationFile[][] {
  const permutations = (xs: readonly MigrationFile[]): MigrationFile[][] =>
    xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]))
  const orders = heads.length <= 5 ? permutations(heads) : heads.map((_, i) => [...heads.slice(i), ...heads.slice(0, i)])
  return orders.map((order) => {
    const placed = new Set<string>()
    const out: MigrationFile[] = []
    for (const head of order) {
      const line = ancestorsOf(ordered, head.name)
      for (const m of ordered) if (line.has(m.name) && !placed.has(m.name)) (placed.add(m.name), out.push(m))
    }
    return out
  })
}

/**
 * Write the merge migration and the snapshot at the merged head. Refused,
 * writing nothing: one head (nothing to merge), branches that conflict
 * (E_MERGE_CONFLICT, exit 2).
 */
export async function mergeMigrations(project: Project, options: MergeOptions = {}): Promise<MergeResult> {
  if (project.apps && !options.app) throw new UsageError(`this project has apps: give make --merge APP (apps: ${project.apps.map((a) => a.name).join(', ')})`)
  const g = project.apps ? await appGraph(project, options.app!, options.cwd) : await plainGraph(project, options.cwd)
  const { ordered, heads } = g
  if (heads.length < 2) {
    throw new UsageError(`there is no conflict to merge${options.app ? ` in app ${options.app}` : ''}: the migrations have one head (nothing branches off without being merged)`)
  }
  checkBranchesCommute(g)
  const states = replay(ordered)
  const before = states[states.length - 1]!
  const target = await g.target(ordered, before)
  const resolver = options.resolver ?? quiet
  const changes = await diff(before, target.schema, { hints: target.hints, resolver })
  const up = changes.operations
  const down = up.length ? await fillReversals(before, up, invert(before, up), resolver, []) : []
  // Every order the branches can be applied in ends, after the merge, at the schema files.
  for (const order of linearizations(ordered, heads)) {
    const reached = end(order)
    if (reached instanceof MigrationFileError || !schemasEquivalent(applyOperations(reached, up), target.schema)) {
      throw new MigrationFileError(
        'E_MERGE_CONFLICT',
        `cannot merge ${heads.map((h) => g.local(h.name)).join(', ')}: applied in the order ${order.map((m) => g.local(m.name)).join(', ')} ` +
          `they do not reach the schema files${reached instanceof MigrationFileError ? ` (${reached.message.replace(/^.*?error {2}/, '')})` : `: ${differingObjects(applyOperations(reached, up), target.schema).join(', ')} differ`}. ${REMEDY}`,
        { migrations: heads.map((h) => h.name) },
      )
    }
  }
  const local = heads.map((h) => g.local(h.name))
  const words = options.name ? slug(options.name) : slug(`merge_${local.join('_')}`)
  const mine = project.apps ? appMigrations(g.files, options.app!) : g.files
  const migration: Migration = makeMigrationRecord(nextName(mine, words), local, up, up.length ? down : null)
  const record = { ...migration, name: g.global(migration.name), dependsOn: heads.map((h) => h.name), path: '', file: `${migration.name}.yaml`, source: heads[0]!.source }
  const all = topologicalOrder([...ordered, record as MigrationFile])
  const after = replay(all)
  const snapshot = project.apps ? appSnapshot(all, after, options.app!) : snapshotFromStates(all, after)
  const written = [writeMigration(g.dir, migration, options.now)]
  writeSnapshot(g.dir, snapshot)
  written.push(join(g.dir, 'snapshot.json'))
  return { migration: migration.name, merged: local, operations: up.map(describeOperation), written }
}
