/**
 * Migration files: `NNNN_words.yaml` in the migrations folder, read,
 * validated (JSON Schema, then their order) and written atomically.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import type { Operation } from '../diff/operations'
import { type Diagnostic, UsageError, ValidationError } from '../errors'
import { STRATA_VERSION, schemaModeline } from '../paths'
import { stableStringify } from '../schema/canonical'
import { validateAgainst } from '../schema/json-schema'
import { parseYamlSource, type YamlSource } from '../schema/yaml-source'
import { writeFileAtomic } from './atomic'
import { decodeOperation, encodeOperation } from './codec'
import { conflictError, graphHeads, topologicalOrder } from './graph'
import { effectiveGraph } from './replaces'
import { emitYamlDocument } from '../schema/yaml-emit'

export const MIGRATION_NAME = /^(\d{4})_([A-Za-z0-9_]+)$/
const MIGRATION_FILE = /^(\d{4})_([A-Za-z0-9_]+)\.ya?ml$/

export interface Migration {
  /** `0002_post_tags`. */
  readonly name: string
  /** 2. */
  readonly number: number
  /**
   * The migrations it follows: none for the first, one in a chain, several
   * for a merge migration (`dependsOn: [0002_a, 0002_b]` in the file).
   */
  readonly dependsOn: readonly string[]
  /**
   * A squashed migration (`strata squash`, Django's `replaces`): the
   * migrations it stands for, in order. Absent or empty for the others.
   */
  readonly replaces?: readonly string[]
  readonly up: readonly Operation[]
  /** The reverse path as written; null when the file has none (it is then derived from `up`). */
  readonly down: readonly Operation[] | null
  /** sha256 over the canonical operations: comments and formatting do not change it. */
  readonly checksum: string
  /** A `sql` operation without `down`, and no `down:` list: reversing through this migration is refused. */
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

/**
 * Irreversible only where neither the file's `down:` list nor a `sql`
 * operation's own `down` gives a reverse: no `down:` list, and a `sql`
 * operation without `down` (see compile.ts downOperations for how the two
 * combine).
 */
export function isIrreversible(up: readonly Operation[], down: readonly Operation[] | null = null): boolean {
  return down === null && up.some((op) => op.op === 'sql' && op.down === undefined)
}

/** Build a migration from its parts (computing checksum and reversibility). */
export function makeMigrationRecord(
  name: string,
  dependsOn: string | null | readonly string[],
  up: readonly Operation[],
  down: readonly Operation[] | null,
  replaces: readonly string[] = [],
): Migration {
  const match = MIGRATION_NAME.exec(name)
  return {
    name,
    number: match ? Number(match[1]) : 0,
    dependsOn: dependsOn === null ? [] : typeof dependsOn === 'string' ? [dependsOn] : [...dependsOn],
    ...(replaces.length ? { replaces: [...replaces] } : {}),
    up,
    down,
    checksum: migrationChecksum(up, down),
    irreversible: isIrreversible(up, down),
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
  const raw = source.value as { name?: string; dependsOn?: string | string[] | null; replaces?: string[]; up?: unknown[]; down?: unknown[] }
  const stem = basename(path).replace(/\.ya?ml$/, '')
  if (!problems.length && raw.name !== stem) {
    const at = source.locate(['name'])
    problems.push({ file, ...at, severity: 'error', message: `migration "${raw.name}": its name must match the file name "${stem}"` })
  }
  out.push(...problems)
  if (problems.length) return undefined
  const up = (raw.up ?? []).map((o) => decodeOperation(o as Record<string, unknown>))
  const down = raw.down ? raw.down.map((o) => decodeOperation(o as Record<string, unknown>)) : null
  return { ...makeMigrationRecord(raw.name!, raw.dependsOn ?? null, up, down, raw.replaces ?? []), path, file, source }
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
  let entries: string[]
  try {
    entries = readdirSync(dir).sort()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const shown = relative(cwd, dir) || dir
    throw new UsageError(
      code === 'ENOTDIR'
        ? `the migrations folder "${shown}" is a file, not a folder: set migrations: in strata.yaml to a folder`
        : `the migrations folder "${shown}" cannot be read (${code ?? (error as Error).message}): check its permissions`,
      { migrations: dir },
    )
  }
  for (const entry of entries) {
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
    let content: Buffer
    try {
      content = readFileSync(path)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      diagnostics.push({ file: relative(cwd, path) || path, line: 1, column: 1, severity: 'error', message: `cannot read the migration file (${code})` })
      continue
    }
    const migration = parseMigrationFile(path, content, diagnostics, cwd)
    if (migration) files.push(migration)
  }
  if (diagnostics.length) throw new ValidationError(diagnostics)
  return files
}

/**
 * Put migrations in the graph's topological order (see graph.ts) and check
 * that it has one head: two unmerged branches are an E_CONFLICT
 * MigrationFileError naming them (`strata make --merge`).
 */
export function orderMigrations<M extends MigrationFile>(files: readonly M[]): M[] {
  const ordered = topologicalOrder(effectiveGraph(files))
  const heads = graphHeads(ordered)
  if (heads.length > 1) throw conflictError(ordered, heads)
  return ordered
}

/** The file form of dependsOn: null, one name, or a list for a merge migration. */
export function dependsOnValue(dependsOn: readonly string[]): string | string[] | null {
  return dependsOn.length === 0 ? null : dependsOn.length === 1 ? dependsOn[0]! : [...dependsOn]
}

/** The plain value a migration file holds (what its YAML text encodes). */
export function migrationBody(migration: Migration): Record<string, unknown> {
  const body: Record<string, unknown> = { name: migration.name, dependsOn: dependsOnValue(migration.dependsOn) }
  if (migration.replaces?.length) body.replaces = [...migration.replaces]
  body.up = migration.up.map(encodeOperation)
  if (migration.down !== null) body.down = migration.down.map(encodeOperation)
  return body
}

/**
 * The file just written from `migration` (its YAML `text` encoding `body`),
 * without reading it back: the operations are the ones it was rendered
 * from, and the source's positions are parsed from `text` only when
 * something asks where an operation is (a lint finding), which an initial
 * migration of 7,000 operations usually never does.
 */
export function writtenMigrationFile(path: string, migration: Migration, text: string, body: unknown, cwd = process.cwd()): MigrationFile {
  const file = relative(cwd, path) || path
  let parsed: YamlSource | undefined
  const source: YamlSource = {
    file,
    value: body,
    locate(at, options) {
      parsed ??= parseYamlSource(file, text).source
      return parsed ? parsed.locate(at, options) : { line: 1, column: 1 }
    },
  }
  return { ...migration, path, file, source }
}

/**
 * The YAML text of a migration file. With `dir` (the migrations folder), a
 * yaml-language-server line gives editors the migration-file JSON Schema;
 * comments are not part of the checksum (it is over the canonical
 * operations), so the line never makes an applied migration "edited".
 */
export function renderMigration(migration: Migration, now = new Date(), dir?: string, notes: readonly string[] = [], body = migrationBody(migration)): string {
  const stamp = now.toISOString().slice(0, 16).replace('T', ' ')
  // Small maps and lists on one line, as in SPEC §4's example; each
  // operation itself stays a block (`- addColumn:` then its payload).
  const text = emitYamlDocument(body, {
    header:
      ` Generated by strata ${STRATA_VERSION} on ${stamp} UTC. Review before you commit.` +
      notes.map((n) => `\n ${n}`).join('') +
      (dir === undefined ? '' : `\n${schemaModeline('migration-file', dir).slice(1)}`),
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
/** `notes`: more lines of the header comment (introspect's warnings about the baseline). */
/** `text`: the file's text when the caller has rendered it already. */
export function writeMigration(dir: string, migration: Migration, now?: Date, notes: readonly string[] = [], text?: string): string {
  const path = join(dir, `${migration.name}.yaml`)
  writeFileAtomic(path, text ?? renderMigration(migration, now, dir, notes))
  return path
}
