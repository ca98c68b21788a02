/**
 * migrations/snapshot.json: the resolved schema after the last migration,
 * canonical (sorted keys, stable order), plus a hash of the schema after each
 * migration, so that when the replay disagrees the first migration that
 * replays differently can be named. Editing a migration in a way that keeps
 * its schema effect (its data operations, its down path) is fine.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { ApplyError, CreateTableRun, applyOperation } from '../diff/apply'
import { MigrationFileError } from '../errors'
import { canonicalJson, canonicalSchema, schemasEqual, stableStringify } from '../schema/canonical'
import { EMPTY_SCHEMA, type Schema } from '../schema/model'
import { writeFileAtomic } from './atomic'
import type { Migration, MigrationFile } from './migration-file'

export const SNAPSHOT_FILE = 'snapshot.json'
const FORMAT_VERSION = 1
/** The snapshot file's format version (what readSnapshot accepts). */
export const SNAPSHOT_FORMAT = FORMAT_VERSION

export interface Snapshot {
  readonly formatVersion: number
  /** Migration name to the hash of the schema after it, for every migration the snapshot includes, in order. */
  readonly migrations: Readonly<Record<string, string>>
  readonly schema: Schema
}

export function snapshotPath(migrationsDir: string): string {
  return join(migrationsDir, SNAPSHOT_FILE)
}

/** The snapshot, or an empty one when there is no file yet. */
export function readSnapshot(migrationsDir: string, cwd = process.cwd()): Snapshot {
  const path = snapshotPath(migrationsDir)
  if (!existsSync(path)) return { formatVersion: FORMAT_VERSION, migrations: {}, schema: EMPTY_SCHEMA }
  const file = relative(cwd, path) || path
  let parsed: Snapshot
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Snapshot
  } catch (error) {
    throw new MigrationFileError('E_SNAPSHOT', `${file}: not valid JSON (${(error as Error).message}); restore it from version control or rebuild it from the migrations (\`strata snapshot --rebuild\`)`, { file })
  }
  if (!parsed || parsed.formatVersion !== FORMAT_VERSION || !parsed.schema || !Array.isArray(parsed.schema.tables) || typeof parsed.migrations !== 'object') {
    throw new MigrationFileError('E_SNAPSHOT', `${file}: not a strata snapshot (format version ${FORMAT_VERSION} expected); restore it from version control or rebuild it from the migrations (\`strata snapshot --rebuild\`)`, { file })
  }
  return parsed
}

export function renderSnapshot(snapshot: Snapshot): string {
  return stableStringify({ ...snapshot, schema: canonicalSchema(snapshot.schema) }, 2) + '\n'
}

export function writeSnapshot(migrationsDir: string, snapshot: Snapshot): void {
  writeFileAtomic(snapshotPath(migrationsDir), renderSnapshot(snapshot))
}

/** A short hash of a schema's canonical form. */
export function schemaHash(schema: Schema): string {
  return createHash('sha256').update(canonicalJson(schema)).digest('hex').slice(0, 16)
}

/** The snapshot after `previous` (as recorded) and then `added`, which gives `schema`. */
export function nextSnapshot(previous: Snapshot, added: Migration, schema: Schema): Snapshot {
  return {
    formatVersion: FORMAT_VERSION,
    migrations: { ...previous.migrations, [added.name]: schemaHash(schema) },
    schema: canonicalSchema(schema),
  }
}

/** The snapshot of migrations whose replay gave `states` (see replay). */
export function snapshotFromStates(migrations: readonly Migration[], states: readonly Schema[]): Snapshot {
  return {
    formatVersion: FORMAT_VERSION,
    migrations: Object.fromEntries(migrations.map((m, i) => [m.name, schemaHash(states[i + 1]!)])),
    schema: canonicalSchema(states[states.length - 1]!),
  }
}

/**
 * The schema before each migration and after the last: `states[i]` is the
 * schema before `migrations[i]`, `states[migrations.length]` the final one.
 * An operation that does not fit (a hand edit, a bad merge) is an error
 * naming the file and the operation. `base`: the schema before the first of
 * `migrations` (the recorded history's, see history-cache.ts).
 */
export function replay(migrations: readonly MigrationFile[], base: Schema = EMPTY_SCHEMA): Schema[] {
  const createTables = new CreateTableRun()
  const states: Schema[] = [base]
  let schema: Schema = base
  for (const m of migrations) {
    m.up.forEach((op, index) => {
      try {
        schema = op.op === 'createTable' ? createTables.add(schema, op.table) : applyOperation(createTables.flush(schema), op)
      } catch (error) {
        if (!(error instanceof ApplyError)) throw error
        const at = m.source.locate(['up', index])
        throw new MigrationFileError(
          'E_REPLAY',
          `${m.file}:${at.line}:${at.column}  error  migration "${m.name}", operation ${index + 1} (${op.op}): ${error.message}`,
          { migration: m.name, operation: index + 1, file: m.file, line: at.line, column: at.column },
        )
      }
    })
    schema = canonicalSchema(createTables.flush(schema))
    states.push(schema)
  }
  return states
}

/**
 * Check that replaying the migrations gives the snapshot. When it does not,
 * name the first migration that replays differently from when it was made,
 * or the one the snapshot does not know, or else the snapshot itself.
 */
export function verifySnapshot(migrations: readonly MigrationFile[], snapshot: Snapshot, states: readonly Schema[], snapshotFile: string): void {
  const finalState = states[states.length - 1]!
  if (schemasEqual(finalState, snapshot.schema)) return
  for (const [index, m] of migrations.entries()) {
    const recorded = snapshot.migrations[m.name]
    if (recorded === undefined) {
      throw new MigrationFileError(
        'E_SNAPSHOT_MISMATCH',
        `${m.file} is not recorded in ${snapshotFile}, and the replay of the migrations does not give the snapshot: ` +
          'was it written by hand, or merged from another branch? `strata snapshot --rebuild` rebuilds the snapshot from the migrations',
        { migration: m.name, file: m.file },
      )
    }
    if (recorded !== schemaHash(states[index + 1]!)) {
      throw new MigrationFileError(
        'E_SNAPSHOT_MISMATCH',
        `${m.file} does not replay to the schema recorded in ${snapshotFile} when it was made: it was edited by hand. ` +
          'Revert the edit (or delete the migration and run `strata make` again)',
        { migration: m.name, file: m.file },
      )
    }
  }
  const known = new Set(migrations.map((m) => m.name))
  const gone = Object.keys(snapshot.migrations).find((name) => !known.has(name))
  throw new MigrationFileError(
    'E_SNAPSHOT_MISMATCH',
    gone
      ? `${snapshotFile} records migration ${gone}, but there is no such file: restore it, or rebuild the snapshot from the migrations there are (\`strata snapshot --rebuild\`)`
      : `${snapshotFile} does not equal the replay of the migrations: it was edited by hand. Restore it from version control, or rebuild it (\`strata snapshot --rebuild\`)`,
    { file: snapshotFile, ...(gone ? { migration: gone } : {}) },
  )
}
