/**
 * Content-addressed history (issue 13): a local record, under the project's
 * `.strata/` folder (not committed; `strata init` adds it to .gitignore), of
 * each migration file's content hash together with what reading it gave (its
 * name, dependsOn, checksum) and the schema the whole folder leads to. When
 * the files and the snapshot are byte for byte what a verified read saw, the
 * history is not parsed or replayed again: the migrations are known by their
 * recorded facts, parsed only when something asks for their operations, and
 * the schema is the snapshot's. New files after the recorded ones are parsed
 * and replayed alone, from the recorded schema. Anything else (a recorded
 * file edited, even in a comment, or gone; the snapshot changed; another
 * strata version) takes the full read, with exactly its checks and errors.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { CACHE_DIR, ensureCacheDir } from '../cache-dir'
import { ValidationError, type Diagnostic } from '../errors'
import { STRATA_VERSION } from '../paths'
import type { Project } from '../project'
import { canonicalLines, parseCanonicalLines, schemasEqual } from '../schema/canonical'
import type { Schema } from '../schema/model'
import { type MigrationFile, orderMigrations, parseMigrationFile } from './migration-file'
import { type Snapshot, SNAPSHOT_FILE, SNAPSHOT_FORMAT, readSnapshot, replay } from './snapshot'

export { CACHE_DIR }
const FORMAT = 3
/**
 * Records kept per folder: the newest verified read and the few before it,
 * so that going back (a new migration removed again, `make --undo`, a
 * checkout of an older branch) finds the earlier history recorded too.
 */
const KEEP = 4

interface Entry {
  /** File name in the migrations folder. */
  readonly file: string
  /** sha256 of the file's bytes. */
  readonly sha: string
  readonly name: string
  readonly number: number
  readonly dependsOn: readonly string[]
  readonly checksum: string
  readonly irreversible: boolean
}

interface Record {
  readonly format: number
  readonly strataVersion: string
  /** The migrations folder this record is about. */
  readonly migrations: string
  /** In migration order. */
  readonly entries: readonly Entry[]
  /** sha256 of snapshot.json's bytes (empty: no snapshot file). */
  readonly snapshotSha: string
  /**
   * The schema after the last entry, as a file in the cache folder: its
   * canonical form as lines (canonicalLines), named by the sha256 of
   * that text (checked when read).
   */
  readonly stateFile: string
  /** snapshot.json's `migrations` (name to schema hash), so that the snapshot is not parsed while its bytes are the recorded ones. */
  readonly snapshotMigrations: Readonly<globalThis.Record<string, string>>
  /** Earlier records of the same folder, newest first (each without `older`). */
  readonly older?: readonly Record[]
}

/** What the fast read found, for readMigrationState. */
export interface CachedRead {
  readonly migrations: readonly MigrationFile[]
  readonly snapshot: Snapshot
  /** The schema after the last migration. */
  readonly schema: Schema
  /** How many leading migrations came from the record (their states are not known without a replay). */
  readonly recorded: number
  /** `states` of the migrations after the recorded ones: `tail[0]` is the schema before migrations[recorded]. */
  readonly tail: readonly Schema[]
  /**
   * Earlier recorded states by position (`i`: the schema before
   * migrations[i], i < recorded), from the folder's older records whose
   * files are a prefix of these: a replay of a recorded migration's state
   * starts from the nearest one instead of from nothing.
   */
  readonly known: ReadonlyMap<number, () => Schema>
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

function recordPath(project: Project): string {
  const key = createHash('sha256').update(project.migrations).digest('hex').slice(0, 12)
  return join(project.root, CACHE_DIR, `history-${key}.json`)
}

interface Files {
  readonly names: readonly string[]
  readonly shas: ReadonlyMap<string, string>
  readonly contents: ReadonlyMap<string, Buffer>
  readonly snapshotSha: string
}

const MIGRATION_FILE = /^\d{4}_[A-Za-z0-9_]+\.ya?ml$/

/** The folder's migration files and their hashes; undefined when a name is wrong (the full read reports it). */
function hashFiles(dir: string): Files | undefined {
  if (!existsSync(dir)) return undefined
  const names = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()
  if (names.some((f) => !MIGRATION_FILE.test(f))) return undefined
  const shas = new Map<string, string>()
  const contents = new Map<string, Buffer>()
  for (const f of names) {
    const bytes = readFileSync(inFolder(dir, f))
    contents.set(f, bytes)
    shas.set(f, sha256(bytes))
  }
  const snapshot = join(dir, SNAPSHOT_FILE)
  return { names, shas, contents, snapshotSha: existsSync(snapshot) ? sha256(readFileSync(snapshot)) : '' }
}

/**
 * join(dir, file) for a resolved folder and a plain file name, without
 * join's normalisation (done for each of 1,000 recorded files per read).
 */
const inFolder = (dir: string, file: string) => (dir.endsWith(sep) ? `${dir}${file}` : `${dir}${sep}${file}`)

/** Counts for tests: how many migration files the last reads parsed in full. */
export const parseCounter = { files: 0 }

/** A migration known from its record; its file is parsed on the first use of `up`, `down` or `source`. */
function recordedMigration(dir: string, entry: Entry, cwd: string, shownDir: string): MigrationFile {
  const path = inFolder(dir, entry.file)
  let parsed: MigrationFile | undefined
  const load = (): MigrationFile => {
    if (parsed) return parsed
    const diagnostics: Diagnostic[] = []
    parseCounter.files++
    const m = parseMigrationFile(path, readFileSync(path), diagnostics, cwd)
    if (!m || diagnostics.length) throw new ValidationError(diagnostics)
    parsed = m
    return m
  }
  return {
    name: entry.name,
    number: entry.number,
    dependsOn: entry.dependsOn,
    checksum: entry.checksum,
    irreversible: entry.irreversible,
    path,
    // relative(cwd, path), from the folder's relative path worked out once (1,000 files: 1,000 relative() calls otherwise).
    file: shownDir ? inFolder(shownDir, entry.file) : entry.file,
    get up() {
      return load().up
    },
    get down() {
      return load().down
    },
    get source() {
      return load().source
    },
  }
}

/** The folder's records, newest first. */
function readRecords(project: Project): Record[] {
  try {
    const record = JSON.parse(readFileSync(recordPath(project), 'utf8')) as Record
    if (record.format !== FORMAT || record.strataVersion !== STRATA_VERSION || record.migrations !== project.migrations) return []
    const { older, ...newest } = record
    return [newest, ...(older ?? [])]
  } catch {
    return []
  }
}

/**
 * Read the migrations folder from the record when the files allow it;
 * undefined when the full read must run. Never weaker than the full read:
 * whatever it cannot vouch for, it leaves to it.
 */
export function readCached(project: Project, cwd: string): CachedRead | undefined {
  if (process.env.STRATA_CACHE === '0') return undefined
  const records = readRecords(project)
  if (!records.length) return undefined
  const files = hashFiles(project.migrations)
  if (!files) return undefined
  for (const record of records) {
    const read = readWith(project, cwd, record, files)
    if (read) return { ...read, known: prefixStates(project, record, records) }
  }
  return undefined
}

/** The states the other records give at positions inside `record` (each record's files a prefix of its own). */
function prefixStates(project: Project, record: Record, records: readonly Record[]): Map<number, () => Schema> {
  const known = new Map<number, () => Schema>()
  for (const other of records) {
    const at = other.entries.length
    if (other === record || at === 0 || at >= record.entries.length || known.has(at)) continue
    if (!other.entries.every((e, i) => e.file === record.entries[i]!.file && e.sha === record.entries[i]!.sha)) continue
    known.set(at, () => {
      const state = readState(project, other.stateFile)
      if (!state) throw new Error(`strata: cache file ${other.stateFile} is gone or changed`)
      return state
    })
  }
  return known
}

/** The read that one record vouches for, or undefined. */
function readWith(project: Project, cwd: string, record: Record, files: Files): Omit<CachedRead, 'known'> | undefined {
  const recordedFiles = new Set(record.entries.map((e) => e.file))
  for (const e of record.entries) if (files.shas.get(e.file) !== e.sha) return undefined
  const shownDir = relative(cwd, project.migrations)
  const known = record.entries.map((e) => recordedMigration(project.migrations, e, cwd, shownDir))
  const added = files.names.filter((f) => !recordedFiles.has(f))
  if (added.length === 0) {
    if (files.snapshotSha !== record.snapshotSha) return undefined
    // The snapshot's bytes are those the verified read saw: its schema is the
    // recorded state (equal to it when recorded), its hashes the recorded ones.
    const schema = readState(project, record.stateFile)
    if (!schema) return undefined
    const snapshot: Snapshot = { formatVersion: SNAPSHOT_FORMAT, migrations: record.snapshotMigrations, schema }
    return { migrations: known, snapshot, schema, recorded: known.length, tail: [schema] }
  }
  // New files after the recorded ones: parse and replay only those.
  const diagnostics: Diagnostic[] = []
  const fresh: MigrationFile[] = []
  for (const f of added) {
    parseCounter.files++
    const m = parseMigrationFile(join(project.migrations, f), files.contents.get(f)!, diagnostics, cwd)
    if (m) fresh.push(m)
  }
  // A squashed migration (replaces.ts) takes the full read, which keeps every file.
  if (diagnostics.length || fresh.some((m) => m.replaces?.length)) return undefined
  let ordered: MigrationFile[]
  try {
    ordered = orderMigrations([...known, ...fresh])
  } catch {
    return undefined
  }
  if (ordered.some((m, i) => (i < known.length ? m !== known[i] : !fresh.includes(m)))) return undefined
  const base = readState(project, record.stateFile)
  if (!base) return undefined
  let tail: Schema[]
  try {
    tail = replay(fresh, base)
  } catch {
    return undefined
  }
  const snapshot = readSnapshot(project.migrations, cwd)
  const schema = tail[tail.length - 1]!
  if (!schemasEqual(schema, snapshot.schema)) return undefined
  return { migrations: ordered, snapshot, schema, recorded: known.length, tail }
}

/**
 * A recorded state file, canonical as written; undefined when it is gone or
 * its text is not the one its name records.
 */
function readState(project: Project, stateFile: string): Schema | undefined {
  try {
    const bytes = readFileSync(join(project.root, CACHE_DIR, stateFile))
    if (stateFile !== stateFileName(bytes)) return undefined
    return parseCanonicalLines(bytes.toString('utf8'))
  } catch {
    return undefined
  }
}

const stateFileName = (text: string | Buffer) => `state-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`

/** Record a verified read (best effort: a read-only project folder just goes without). */
export function writeRecord(project: Project, migrations: readonly MigrationFile[], schema: Schema, snapshot: Snapshot): void {
  if (process.env.STRATA_CACHE === '0' || migrations.some((m) => m.replaces?.length)) return
  try {
    const files = hashFiles(project.migrations)
    if (!files) return
    const entries: Entry[] = []
    for (const m of migrations) {
      const file = m.path.slice(project.migrations.length + 1)
      const sha = files.shas.get(file)
      if (!sha) return
      entries.push({ file, sha, name: m.name, number: m.number, dependsOn: m.dependsOn, checksum: m.checksum, irreversible: m.irreversible })
    }
    const dir = join(project.root, CACHE_DIR)
    ensureCacheDir(dir)
    const stateText = canonicalLines(schema)
    const stateFile = stateFileName(stateText)
    const path = recordPath(project)
    const previous = readRecords(project)
    // Named by its content: a file of that name holds this text already.
    if (!existsSync(join(dir, stateFile))) writeAtomic(join(dir, stateFile), stateText)
    const same = (r: Record) => r.snapshotSha === files.snapshotSha && r.entries.length === entries.length && r.entries.every((e, i) => e.sha === entries[i]!.sha)
    const older = previous.filter((r) => !same(r)).slice(0, KEEP - 1)
    const record: Record = {
      format: FORMAT,
      strataVersion: STRATA_VERSION,
      migrations: project.migrations,
      entries,
      snapshotSha: files.snapshotSha,
      stateFile,
      snapshotMigrations: snapshot.migrations,
      older,
    }
    writeAtomic(path, JSON.stringify(record))
    const kept = new Set([stateFile, ...older.map((r) => r.stateFile)])
    for (const r of previous) if (!kept.has(r.stateFile)) rmSync(join(dir, r.stateFile), { force: true })
  } catch {
    // No cache this time.
  }
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, text)
  renameSync(tmp, path)
}
