/**
 * Migration files: `NNNN_words.yaml` in the migrations folder, read,
 * validated (JSON Schema, then their order) and written atomically.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import type { Operation } from '../diff/operations'
import { type Diagnostic, MigrationFileError, ValidationError } from '../errors'
import { STRATA_VERSION } from '../paths'
import { stableStringify } from '../schema/canonical'
import { validateAgainst } from '../schema/json-schema'
import { parseYamlSource, type YamlSource } from '../schema/yaml-source'
import { writeFileAtomic } from './atomic'
import { decodeOperation, encodeOperation } from './codec'
import { emitYamlDocument } from '../schema/yaml-emit'

export const MIGRATION_NAME = /^(\d{4})_([A-Za-z0-9_]+)$/
const MIGRATION_FILE = /^(\d{4})_([A-Za-z0-9_]+)\.ya?ml$/

export interface Migration {
  /** `0002_post_tags`. */
  readonly name: string
  /** 2. */
  readonly number: number
  /** The migration it follows; null for the first. */
  readonly dependsOn: string | null
  readonly up: readonly Operation[]
  /** The reverse path as written; null when the file has none (it is then derived from `up`). */
  readonly down: readonly Operation[] | null
  /** sha256 over the canonical operations: comments and formatting do not change it. */
  readonly checksum: string
  /** A `sql` operation without `down`: reversing through this migration is refused. */
  readonly irreversible: boolean
}

export interface MigrationFile extends Migration {
  /** Absolute path. */
  readonly path: string
  /** Path for messages (relative to the working directory). */
  readonly file: string
  readonly source: YamlSource
}

/** sha256 of the canonical form of the operations. */
export function migrationChecksum(up: readonly Operation[], down: readonly Operation[] | null): string {
  return createHash('sha256').update(stableStringify({ up, down })).digest('hex')
}

export function isIrreversible(up: readonly Operation[]): boolean {
  return up.some((op) => op.op === 'sql' && op.down === undefined)
}

/** Build a migration from its parts (computing checksum and reversibility). */
export function makeMigrationRecord(
  name: string,
  dependsOn: string | null,
  up: readonly Operation[],
  down: readonly Operation[] | null,
): Migration {
  const match = MIGRATION_NAME.exec(name)
  return {
    name,
    number: match ? Number(match[1]) : 0,
    dependsOn,
    up,
    down,
    checksum: migrationChecksum(up, down),
    irreversible: isIrreversible(up),
  }
}

/** Parse and validate one migration file; diagnostics are added to `out`. */
export function parseMigrationFile(path: string, content: Buffer | string, out: Diagnostic[], cwd = process.cwd()): MigrationFile | undefined {
  const file = relative(cwd, path) || path
  const parsed = parseYamlSource(file, content)
  out.push(...parsed.diagnostics)
  const source = parsed.source
  if (!source) return undefined
  const problems = validateAgainst('migration-file', source)
  const raw = source.value as { name?: string; dependsOn?: string | null; up?: unknown[]; down?: unknown[] }
  const stem = basename(path).replace(/\.ya?ml$/, '')
  if (!problems.length && raw.name !== stem) {
    const at = source.locate(['name'])
    problems.push({ file, ...at, severity: 'error', message: `migration "${raw.name}": its name must match the file name "${stem}"` })
  }
  out.push(...problems)
  if (problems.length) return undefined
  const up = (raw.up ?? []).map((o) => decodeOperation(o as Record<string, unknown>))
  const down = raw.down ? raw.down.map((o) => decodeOperation(o as Record<string, unknown>)) : null
  return { ...makeMigrationRecord(raw.name!, raw.dependsOn ?? null, up, down), path, file, source }
}

/**
 * Every migration in `dir`, in order. Throws ValidationError with every
 * problem of every file, or MigrationFileError (code E_CONFLICT) when two
 * migrations follow the same one (branches merged): `strata make --merge`.
 */
export function readMigrations(dir: string, cwd = process.cwd()): MigrationFile[] {
  return orderMigrations(readMigrationFiles(dir, cwd))
}

/** Every migration file in `dir`, parsed and validated, not yet ordered. Throws ValidationError with every problem of every file. */
export function readMigrationFiles(dir: string, cwd = process.cwd()): MigrationFile[] {
  if (!existsSync(dir)) return []
  const diagnostics: Diagnostic[] = []
  const files: MigrationFile[] = []
  for (const entry of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(entry)) continue
    const path = join(dir, entry)
    if (!MIGRATION_FILE.test(entry)) {
      diagnostics.push({
        file: relative(cwd, path) || path,
        line: 1,
        column: 1,
        severity: 'error',
        message: `"${entry}" is not a migration file name: use NNNN_words.yaml (four digits, then letters, digits or _)`,
      })
      continue
    }
    const migration = parseMigrationFile(path, readFileSync(path), diagnostics, cwd)
    if (migration) files.push(migration)
  }
  if (diagnostics.length) throw new ValidationError(diagnostics)
  return files
}

/** Put migrations in dependsOn order and check the chain. */
export function orderMigrations<M extends MigrationFile>(files: readonly M[]): M[] {
  const byName = new Map(files.map((m) => [m.name, m]))
  const followers = new Map<string | null, M[]>()
  const diagnostics: Diagnostic[] = []
  for (const m of files) {
    if (m.dependsOn !== null && !byName.has(m.dependsOn)) {
      diagnostics.push({
        file: m.file,
        ...m.source.locate(['dependsOn']),
        severity: 'error',
        message: `migration "${m.name}": dependsOn "${m.dependsOn}" is not a migration in this folder`,
      })
      continue
    }
    const list = followers.get(m.dependsOn) ?? []
    list.push(m)
    followers.set(m.dependsOn, list)
  }
  if (diagnostics.length) throw new ValidationError(diagnostics)
  for (const [parent, list] of followers) {
    if (list.length > 1) {
      const [a, b] = [...list].sort((x, y) => x.number - y.number || (x.name < y.name ? -1 : 1))
      throw new MigrationFileError(
        'E_CONFLICT',
        `conflicting migrations: ${a!.file} and ${b!.file} both follow ${parent ?? '(nothing: both are first)'}; ` +
          'run `strata make --merge` to renumber the later one onto the other',
        { migrations: list.map((m) => m.name), dependsOn: parent },
      )
    }
  }
  const ordered: M[] = []
  let next = followers.get(null)?.[0]
  while (next) {
    ordered.push(next)
    next = followers.get(next.name)?.[0]
  }
  if (ordered.length !== files.length) {
    // Unreachable migrations: a cycle in dependsOn.
    const lost = files.filter((m) => !ordered.includes(m))
    throw new ValidationError(
      lost.map((m) => ({
        file: m.file,
        ...m.source.locate(['dependsOn']),
        severity: 'error' as const,
        message: `migration "${m.name}": dependsOn forms a cycle and never reaches the first migration`,
      })),
    )
  }
  return ordered
}

/** The YAML text of a migration file. */
export function renderMigration(migration: Migration, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace('T', ' ')
  const body: Record<string, unknown> = { name: migration.name, dependsOn: migration.dependsOn ?? null }
  body.up = migration.up.map(encodeOperation)
  if (migration.down !== null) body.down = migration.down.map(encodeOperation)
  // Small maps and lists on one line, as in SPEC §4's example; each
  // operation itself stays a block (`- addColumn:` then its payload).
  const text = emitYamlDocument(body, {
    header: ` Generated by strata ${STRATA_VERSION} on ${stamp} UTC. Review before you commit.`,
    // The operation lists and each operation stay in block style.
    keepBlock: (path) => path.length <= 2 && (path[0] === 'up' || path[0] === 'down'),
  })
  return migration.up.length ? text : text.replace(/^up: \[\]\n/m, EMPTY_UP_HELP).replace(/^down: \[\]\n/m, EMPTY_DOWN_HELP)
}

/** What `strata make --empty` explains in the blank migration. */
const EMPTY_UP_HELP = `# Write the operations here, for example:
#   - insert: { table: roles, rows: [{ name: admin }, { name: editor }] }
#   - update: { table: users, set: { role: editor }, where: { role: writer } }
#   - sql: { up: "UPDATE posts SET slug = lower(title)", down: "UPDATE posts SET slug = NULL" }
# A sql operation without down makes the migration irreversible.
up: []
`
const EMPTY_DOWN_HELP = `# The reverse path, in reverse order. Leave it out to have strata derive it
# from up (data operations need it written).
down: []
`

/** Write a migration file atomically; returns its path. */
export function writeMigration(dir: string, migration: Migration, now?: Date): string {
  const path = join(dir, `${migration.name}.yaml`)
  writeFileAtomic(path, renderMigration(migration, now))
  return path
}
