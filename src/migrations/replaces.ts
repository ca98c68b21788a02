/**
 * Squashed migrations in the graph (`strata squash`, Django's `replaces`).
 *
 * A squashed migration S lists the migrations it `replaces`. The graph the
 * commands work on is the effective graph: S stands for its replaced
 * migrations (their files, when still there, are left out, and a migration
 * that depends on one of them depends on S). A database decides per S:
 * - applied none of them: S applies like any migration;
 * - applied all of them: S is recorded as applied (`migrate` writes its
 *   row), and nothing runs;
 * - applied some: S is left out for that database, and the rest of the
 *   replaced migrations apply (their files must still be there); once all
 *   of them are applied, S is recorded as applied.
 * Reversing S removes its row and the rows of its replaced migrations. Once
 * every database has S applied, the replaced files can be deleted: their
 * rows, where a database has them, are accounted for by S's `replaces`.
 */
import { HistoryError } from '../errors'
import { topologicalOrder } from './graph'
import type { MigrationFile } from './migration-file'
import type { MigrationState } from './state'
import { replay } from './snapshot'

/** A copy of `m` (getters included: the history cache's migrations parse lazily) with another `dependsOn`. */
function withDependsOn<M extends MigrationFile>(m: M, dependsOn: readonly string[]): M {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(m)) as M
  Object.defineProperty(copy, 'dependsOn', { value: dependsOn, enumerable: true })
  return copy
}

/**
 * The replaced migrations of `squash` that no other of them depends on (the
 * last of a chain); one that a squashed migration among them replaces in
 * turn (a squash of a squash) is not a head.
 */
function replacedHeads(files: readonly MigrationFile[], squash: MigrationFile): string[] {
  const replaced = new Set(squash.replaces ?? [])
  const among = files.filter((f) => replaced.has(f.name))
  const parents = new Set([...among.flatMap((f) => f.dependsOn), ...among.flatMap((f) => f.replaces ?? [])])
  return [...replaced].filter((name) => !parents.has(name))
}

/**
 * The rows a database counts, with the migrations each recorded squashed
 * migration of `files` replaces (applied through it), and each squashed
 * migration whose replaced migrations are all counted: a squash of a range
 * holding a squashed migration S lists S and S's replaced migrations, of
 * which a database has the rows of one side only.
 */
export function expandedRows(files: readonly MigrationFile[], rows: Iterable<string>): Set<string> {
  const names = new Set(rows)
  let grew = true
  while (grew) {
    grew = false
    for (const f of files) {
      if (!f.replaces?.length) continue
      // Recorded: what it replaces is applied through it; all it replaces recorded: it is applied.
      if (names.has(f.name)) {
        for (const r of f.replaces) if (!names.has(r)) (names.add(r), (grew = true))
      } else if (f.replaces.every((r) => names.has(r))) {
        names.add(f.name)
        grew = true
      }
    }
  }
  return names
}

/**
 * The effective graph of `files` (not yet ordered): each squashed migration
 * in place of the migrations it replaces, except those named in
 * `useOriginals`, which are left out in favour of their replaced migrations
 * (for a database that applied some of them).
 */
export function effectiveGraph<M extends MigrationFile>(files: readonly M[], useOriginals: ReadonlySet<string> = new Set()): M[] {
  const all = files.filter((m) => m.replaces?.length)
  if (!all.length) return [...files]
  // A squashed migration that a later squash (in use) replaces is one of its replaced migrations.
  const superseded = new Set(all.filter((s) => !useOriginals.has(s.name)).flatMap((s) => s.replaces!))
  const squashes = all.filter((s) => !superseded.has(s.name) || useOriginals.has(s.name))
  const drop = new Set<string>()
  const remap = new Map<string, string[]>()
  for (const s of squashes) {
    if (useOriginals.has(s.name)) {
      drop.add(s.name)
      remap.set(s.name, replacedHeads(files, s))
    } else {
      for (const r of s.replaces!) {
        if (r === s.name) continue
        drop.add(r)
        remap.set(r, [s.name])
      }
    }
  }
  return files
    .filter((m) => !drop.has(m.name))
    .map((m) => {
      if (!m.dependsOn.some((d) => remap.has(d))) return m
      const resolve = (d: string, seen: Set<string>): string[] => (remap.has(d) && !seen.has(d) ? remap.get(d)!.flatMap((e) => resolve(e, new Set([...seen, d]))) : [d])
      const deps = [...new Set(m.dependsOn.flatMap((d) => resolve(d, new Set())))].filter((d) => d !== m.name)
      return withDependsOn(m, deps)
    })
}

/** A row name the graph accounts for without a file of its own: a migration some squashed migration in `migrations` replaces. */
export function coveredBySquash(migrations: readonly MigrationFile[], name: string): MigrationFile | undefined {
  return migrations.find((m) => m.replaces?.includes(name) && m.name !== name)
}

/**
 * The migrations a database counts as applied: its rows, plus each squashed
 * migration of the graph whose replaced migrations are all recorded.
 */
export function appliedWithSquashes(migrations: readonly MigrationFile[], rows: Iterable<string>, files: readonly MigrationFile[] = migrations): Set<string> {
  const names = expandedRows(files, rows)
  for (const m of migrations) if (m.replaces?.length && m.replaces.every((r) => names.has(r))) names.add(m.name)
  return names
}

/** Squashed migrations of the graph whose replaced migrations are all recorded but which have no row yet. */
export function squashesToRecord(migrations: readonly MigrationFile[], recorded: ReadonlySet<string>, files: readonly MigrationFile[] = migrations): MigrationFile[] {
  const rows = expandedRows(files, recorded)
  return migrations.filter((m) => m.replaces?.length && !recorded.has(m.name) && m.replaces.every((r) => rows.has(r)))
}

/**
 * The state a database with these rows migrates on: the folder's state,
 * or, where it applied some but not all of a squashed migration's replaced
 * migrations, the graph with those migrations in place of it (replayed).
 * Refused when their files were deleted meanwhile.
 */
export function stateForHistory(state: MigrationState, recorded: ReadonlySet<string>): MigrationState {
  const files = state.files ?? state.migrations
  const rows = expandedRows(files, recorded)
  const present = new Set(files.map((f) => f.name))
  const originals = new Set<string>()
  // Until no more: a squash of a squash followed by its originals may bring back the inner squash, partly applied too.
  let graph: readonly MigrationFile[] = state.migrations
  for (let more = true; more; ) {
    more = false
    for (const s of graph) {
      if (!s.replaces?.length || rows.has(s.name) || originals.has(s.name)) continue
      const done = s.replaces.filter((r) => rows.has(r))
      if (done.length === 0 || done.length === s.replaces.length) continue
      // A replaced migration without a file is fine where a squashed migration still here replaces it (a squash of a squash).
      const gone = s.replaces.filter((r) => !present.has(r) && !files.some((f) => f !== s && present.has(f.name) && f.replaces?.includes(r)))
      if (gone.length) {
        throw new HistoryError(
          'E_PARTLY_SQUASHED',
          `this database applied ${done.length} of the ${s.replaces.length} migrations ${s.name} replaces (up to ${done[done.length - 1]}), ` +
            `and the files of ${gone.join(', ')} were deleted: restore them from version control and migrate this database, ` +
            'then delete them again (a replaced file may go once every database has the squashed migration applied)',
          { migration: s.name, applied: done, missing: gone },
        )
      }
      originals.add(s.name)
      more = true
    }
    if (more) graph = effectiveGraph(files, originals)
  }
  if (!originals.size) return state
  const migrations = topologicalOrder(effectiveGraph(files, originals))
  const states = replay(migrations)
  return { migrations, states, snapshot: state.snapshot, schema: states[states.length - 1]!, files }
}
