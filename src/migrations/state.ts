/**
 * The migrations folder as one verified state: the ordered migrations, the
 * schema before each of them (replayed through the model) and the snapshot,
 * checked to agree. `make`, `migrate`, `sql` and `status` all start here.
 */
import { relative } from 'node:path'
import type { Project } from '../project'
import { readAppsState } from './apps'
import type { Schema } from '../schema/model'
import { type MigrationFile, orderMigrations, readMigrationFiles } from './migration-file'
import { type CachedRead, parseCounter, readCached, writeRecord } from './history-cache'
import { type Snapshot, readSnapshot, replay, snapshotPath, verifySnapshot } from './snapshot'

export interface MigrationState {
  readonly migrations: readonly MigrationFile[]
  /** `states[i]` is the schema before `migrations[i]`; the last entry is the schema after all of them. */
  readonly states: readonly Schema[]
  readonly snapshot: Snapshot
  /** The schema after the last migration. */
  readonly schema: Schema
  /**
   * Every migration file, squashed and replaced ones included, with the
   * dependsOn each file says (see replaces.ts); absent: `migrations`.
   */
  readonly files?: readonly MigrationFile[]
}

export function readMigrationState(project: Project, cwd = process.cwd()): MigrationState {
  if (project.apps) return readAppsState(project, cwd)
  const cached = readCached(project, cwd)
  if (cached) {
    if (cached.recorded < cached.migrations.length) writeRecord(project, cached.migrations, cached.schema, cached.snapshot)
    return lazyState(cached)
  }
  const state = readFully(project, cwd)
  writeRecord(project, state.migrations, state.schema, state.snapshot)
  return state
}

/** Parse, replay and verify every migration (the reference read; the cache only ever skips it). */
function readFully(project: Project, cwd: string): MigrationState {
  const files = readMigrationFiles(project.migrations, cwd)
  const migrations = orderMigrations(files)
  parseCounter.files += files.length
  const snapshot = readSnapshot(project.migrations, cwd)
  const states = replay(migrations)
  const schema = states[states.length - 1]!
  verifySnapshot(migrations, snapshot, states, relative(cwd, snapshotPath(project.migrations)) || 'snapshot.json')
  return { migrations, states, snapshot, schema, ...(files.length !== migrations.length || files.some((f) => f.replaces?.length) ? { files } : {}) }
}

/**
 * A state from the record: `states` of the recorded migrations are replayed
 * (every file parsed) only when something reads one of them; the schema
 * after them, and every state after the recorded ones, are known already.
 */
function lazyState(cached: CachedRead): MigrationState {
  let full: readonly Schema[] | undefined
  const segments = new Map<number, readonly Schema[]>()
  const count = cached.migrations.length + 1
  const states = new Proxy([] as Schema[], {
    get(target, key, receiver) {
      if (key === 'length') return count
      if (typeof key === 'string' && /^\d+$/.test(key)) {
        const i = Number(key)
        if (i >= count) return undefined
        if (i >= cached.recorded) return cached.tail[i - cached.recorded]
        // From the nearest earlier recorded state, if one is still readable; else from nothing.
        const from = Math.max(0, ...[...cached.known.keys()].filter((k) => k <= i))
        if (from > 0 && !segments.has(from)) {
          try {
            segments.set(from, replay(cached.migrations.slice(from, cached.recorded), cached.known.get(from)!()))
          } catch {
            // The cache file is gone or unreadable: the full replay below.
          }
        }
        const segment = segments.get(from)
        if (segment) return segment[i - from]
        full ??= replay(cached.migrations.slice(0, cached.recorded)).concat(cached.tail.slice(1))
        return full[i]
      }
      if (key === Symbol.iterator) return function* () { for (let i = 0; i < count; i++) yield receiver[i] as Schema }
      const value = Reflect.get(Array.prototype, key) as unknown
      return typeof value === 'function' ? value : Reflect.get(target, key, receiver)
    },
    has(_target, key) {
      return key === 'length' || (typeof key === 'string' && /^\d+$/.test(key) && Number(key) < count)
    },
  })
  return { migrations: cached.migrations, states, snapshot: cached.snapshot, schema: cached.schema }
}

/**
 * Find a migration by full name (`0002_post_tags`), number (`0002` or `2`)
 * or file path; with apps, `APP:` before any of these (`billing:0002`).
 * Returns its index, or undefined.
 */
export function findMigrationIndex(migrations: readonly MigrationFile[], ref: string): number | undefined {
  const colon = ref.indexOf(':')
  const app = colon > 0 && !/^[A-Za-z]:[\\/]/.test(ref) ? ref.slice(0, colon) : undefined
  const rest = app === undefined ? ref : ref.slice(colon + 1)
  const stem = rest.replace(/\\/g, '/').split('/').pop()!.replace(/\.ya?ml$/, '')
  const plain = (m: MigrationFile) => {
    const i = m.name.indexOf(':')
    return { app: i < 0 ? undefined : m.name.slice(0, i), name: i < 0 ? m.name : m.name.slice(i + 1) }
  }
  const fits = (m: MigrationFile) => app === undefined || plain(m).app === app
  let index = migrations.findIndex((m) => fits(m) && plain(m).name === stem)
  if (index < 0 && /^\d+$/.test(stem)) index = migrations.findIndex((m) => fits(m) && m.number === Number(stem))
  return index < 0 ? undefined : index
}

/**
 * The schema a database has when exactly `applied` (names) of the graph's
 * migrations are applied: replayed in the graph's order. When they are the
 * first k migrations of that order (always so for a plain chain) this is
 * `states[k]`, without replaying.
 */
export function schemaWithApplied(state: MigrationState, applied: ReadonlySet<string>): Schema {
  let k = 0
  while (k < state.migrations.length && applied.has(state.migrations[k]!.name)) k++
  const inFolder = state.migrations.filter((m) => applied.has(m.name))
  if (inFolder.length === k) return state.states[k]!
  const states = replay(inFolder)
  return states[states.length - 1]!
}

/**
 * The state after `added` (files just written after `state`'s migrations,
 * parsed from disk) lead to `schema`, with `snapshot` written: what reading
 * the folder again would give, without reading the rest of it again (make
 * hands it to the lint of the migration it wrote). The states before are
 * `state`'s, read on demand as there.
 */
export function extendState(state: MigrationState, added: readonly MigrationFile[], states: readonly Schema[], snapshot: Snapshot): MigrationState {
  const before = state.states.length
  const count = before + added.length
  const all = new Proxy([] as Schema[], {
    get(target, key, receiver) {
      if (key === 'length') return count
      if (typeof key === 'string' && /^\d+$/.test(key)) {
        const i = Number(key)
        if (i >= count) return undefined
        return i < before ? state.states[i] : states[i - before + 1]
      }
      if (key === Symbol.iterator) return function* () { for (let i = 0; i < count; i++) yield receiver[i] as Schema }
      const value = Reflect.get(Array.prototype, key) as unknown
      return typeof value === 'function' ? value : Reflect.get(target, key, receiver)
    },
    has(_target, key) {
      return key === 'length' || (typeof key === 'string' && /^\d+$/.test(key) && Number(key) < count)
    },
  })
  return { migrations: [...state.migrations, ...added], states: all, snapshot, schema: states[states.length - 1]! }
}
