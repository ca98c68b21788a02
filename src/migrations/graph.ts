/**
 * The migration graph (SPEC §4): every migration names the migrations it
 * follows in `dependsOn` (none, one, or several for a merge migration). The
 * graph is applied in one deterministic topological order: of the
 * migrations whose parents are all placed, the lowest number (then name)
 * goes first, so a plain chain keeps its file order.
 */
import { type Diagnostic, MigrationFileError, ValidationError } from '../errors'
import type { Migration, MigrationFile } from './migration-file'

/** Lowest number first, then name. */
export function compareMigrations(a: Pick<Migration, 'number' | 'name'>, b: Pick<Migration, 'number' | 'name'>): number {
  return a.number - b.number || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
}

/**
 * The migrations in topological order. Throws ValidationError for a parent
 * that is not in the folder or for a cycle; does not look at heads (see
 * `graphHeads` and `orderMigrations`).
 */
export function topologicalOrder<M extends MigrationFile>(files: readonly M[]): M[] {
  const byName = new Map(files.map((m) => [m.name, m]))
  const diagnostics: Diagnostic[] = []
  for (const m of files) {
    for (const [i, parent] of m.dependsOn.entries()) {
      if (byName.has(parent)) continue
      const at = m.source.locate(m.dependsOn.length > 1 || Array.isArray((m.source.value as { dependsOn?: unknown })?.dependsOn) ? ['dependsOn', i] : ['dependsOn'])
      diagnostics.push({
        file: m.file,
        ...at,
        severity: 'error',
        message: `migration "${m.name}": dependsOn "${parent}" is not a migration in this folder`,
      })
    }
  }
  if (diagnostics.length) throw new ValidationError(diagnostics)
  const waiting = new Map(files.map((m) => [m.name, new Set(m.dependsOn)]))
  const children = new Map<string, M[]>()
  for (const m of files) for (const p of new Set(m.dependsOn)) children.set(p, [...(children.get(p) ?? []), m])
  const ready = files.filter((m) => m.dependsOn.length === 0).sort(compareMigrations)
  const ordered: M[] = []
  while (ready.length) {
    const next = ready.shift()!
    ordered.push(next)
    let added = false
    for (const child of children.get(next.name) ?? []) {
      const left = waiting.get(child.name)!
      left.delete(next.name)
      if (left.size === 0) {
        ready.push(child)
        added = true
      }
    }
    if (added) ready.sort(compareMigrations)
  }
  if (ordered.length !== files.length) {
    const placed = new Set(ordered)
    throw new ValidationError(
      files
        .filter((m) => !placed.has(m))
        .map((m) => ({
          file: m.file,
          ...m.source.locate(['dependsOn']),
          severity: 'error' as const,
          message: `migration "${m.name}": dependsOn forms a cycle and never reaches the first migration`,
        })),
    )
  }
  return ordered
}

/** The migrations no other migration depends on, in order. */
export function graphHeads<M extends Migration>(migrations: readonly M[]): M[] {
  const parents = new Set(migrations.flatMap((m) => m.dependsOn))
  return migrations.filter((m) => !parents.has(m.name)).sort(compareMigrations)
}

/** `name` and every migration it depends on, directly or not. */
export function ancestorsOf(migrations: readonly Migration[], name: string): Set<string> {
  const byName = new Map(migrations.map((m) => [m.name, m]))
  const out = new Set<string>()
  const todo = [name]
  while (todo.length) {
    const n = todo.pop()!
    if (out.has(n)) continue
    out.add(n)
    todo.push(...(byName.get(n)?.dependsOn ?? []))
  }
  return out
}

/** Every migration that depends on `name`, directly or not (`name` excluded). */
export function descendantsOf(migrations: readonly Migration[], name: string): Set<string> {
  const out = new Set<string>()
  let grew = true
  while (grew) {
    grew = false
    for (const m of migrations) {
      if (out.has(m.name)) continue
      if (m.dependsOn.some((p) => p === name || out.has(p))) {
        out.add(m.name)
        grew = true
      }
    }
  }
  return out
}

/**
 * Several heads (branches made from one migration and merged without a
 * merge migration): an E_CONFLICT error naming them, pointing at `make --merge`.
 */
export function conflictError(migrations: readonly MigrationFile[], heads: readonly MigrationFile[], app?: string): MigrationFileError {
  const common = [...heads.map((h) => ancestorsOf(migrations, h.name)).reduce((a, b) => new Set([...a].filter((n) => b.has(n))))]
  const base = migrations.filter((m) => common.includes(m.name)).pop()
  const files = heads.map((h) => h.file)
  return new MigrationFileError(
    'E_CONFLICT',
    `conflicting migrations: ${files.slice(0, -1).join(', ')} and ${files[files.length - 1]} ${files.length > 2 ? 'all' : 'both'} follow ` +
      `${base?.name ?? '(nothing: no migration in common)'} and nothing follows them; ` +
      `run \`strata make --merge${app ? ` ${app}` : ''}\` to write a merge migration that depends on them (no file is renamed)`,
    { migrations: heads.map((h) => h.name), base: base?.name ?? null },
  )
}
