/**
 * The history table `strata_migrations` (name, checksum, applied_at,
 * duration_ms, strata_version). Its own schema is described as strata
 * migrations in the package's migrations/ folder and applied by strata on
 * first use; their rows are recorded as `strata:<name>` and hidden from users.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { applyOperation } from '../diff/apply'
import type { Operation } from '../diff/operations'
import type { Connection, Statement } from '../dialects/dialect'
import { ValidationError, type Diagnostic } from '../errors'
import { STRATA_VERSION, packageRoot } from '../paths'
import { EMPTY_SCHEMA, type Schema } from '../schema/model'
import { type MigrationFile, orderMigrations, parseMigrationFile } from './migration-file'

export const HISTORY_TABLE = 'strata_migrations'
const INTERNAL_PREFIX = 'strata:'

export interface AppliedMigration {
  readonly name: string
  readonly checksum: string
  /** ISO 8601 in UTC (`2026-12-01T20:49:25.414Z`) on every dialect. */
  readonly appliedAt: string
  readonly durationMs: number
  readonly strataVersion: string
  /**
   * Set while a migration is applied in parts (see parts.ts): how many of its
   * `up` operations are committed. Undefined: the whole migration is applied.
   */
  readonly appliedOperations?: number
  /**
   * With `appliedOperations`, where DDL is not transactional (MySQL): how
   * many statements of the next operation are committed too (0 or absent:
   * none). strata's 0003_statements adds the column.
   */
  readonly appliedStatements?: number
}

let internal: { migrations: MigrationFile[]; schema: Schema } | undefined

/** strata's own migrations (the history table), and the schema they give. */
export function internalMigrations(): { migrations: MigrationFile[]; schema: Schema } {
  if (internal) return internal
  const dir = join(packageRoot(), 'migrations')
  const diagnostics: Diagnostic[] = []
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseMigrationFile(join(dir, f), readFileSync(join(dir, f)), diagnostics))
  if (diagnostics.length) throw new ValidationError(diagnostics)
  const migrations = orderMigrations(files.filter((m): m is MigrationFile => m !== undefined))
  let schema = EMPTY_SCHEMA
  for (const m of migrations) for (const op of m.up) schema = applyOperation(schema, op)
  internal = { migrations, schema }
  return internal
}

async function run(connection: Connection, statements: readonly Statement[]): Promise<void> {
  for (const s of statements) await connection.query(s.sql, s.params)
}

function insertRow(connection: Connection, row: AppliedMigration): Statement[] {
  const op: Operation = {
    op: 'insert',
    table: HISTORY_TABLE,
    rows: [
      {
        name: row.name,
        checksum: row.checksum,
        applied_at: row.appliedAt,
        duration_ms: row.durationMs,
        strata_version: row.strataVersion,
        ...(row.appliedOperations !== undefined ? { applied_operations: row.appliedOperations } : {}),
        ...(row.appliedStatements ? { applied_statements: row.appliedStatements } : {}),
      },
    ],
  }
  return connection.dialect.compiler.compile(op, internalMigrations().schema)
}

/**
 * Create or upgrade the history table. Call inside `connection.transaction`
 * (and under the migration lock) so that two processes cannot both do it.
 */
export async function ensureHistoryTable(connection: Connection): Promise<void> {
  const { migrations } = internalMigrations()
  const exists = await connection.tableExists(HISTORY_TABLE)
  const done = new Set(exists ? (await readRows(connection)).map((r) => r.name) : [])
  let schema: Schema = EMPTY_SCHEMA
  for (const m of migrations) {
    const recorded = done.has(INTERNAL_PREFIX + m.name)
    for (const op of m.up) {
      if (!recorded && !(m === migrations[0] && exists)) await run(connection, connection.dialect.compiler.compile(op, schema))
      schema = applyOperation(schema, op)
    }
    if (!recorded) {
      await run(connection, insertRow(connection, {
        name: INTERNAL_PREFIX + m.name,
        checksum: m.checksum,
        appliedAt: new Date().toISOString(),
        durationMs: 0,
        strataVersion: STRATA_VERSION,
      }))
    }
  }
}

/**
 * A stored timestamp as ISO 8601 in UTC with milliseconds
 * (`2026-12-01T20:49:25.414Z`), whatever the driver returns: a JS Date, or
 * text in the database's own form (PostgreSQL prints timestamptz in the
 * session's time zone, `2026-12-01 20:49:25.414+00` or `…+05:30`,
 * https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-DATETIME-OUTPUT).
 * Text without a zone is taken as UTC (strata writes UTC). Anything else is
 * returned as stored.
 */
export function isoUtc(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  const text = String(value).trim()
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?\s*(Z|[+-]\d{2}(?::?\d{2}){0,2})?$/i.exec(text)
  if (!m) return text
  let zone = (m[4] ?? 'Z').toUpperCase()
  if (zone !== 'Z') {
    const [h, mm = '00'] = [zone.slice(0, 3), zone.slice(3).replace(':', '').slice(0, 2)]
    zone = `${h}:${mm.padEnd(2, '0')}`
  }
  const date = new Date(`${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}${zone}`)
  return Number.isNaN(date.getTime()) ? text : date.toISOString()
}

async function readRows(connection: Connection): Promise<AppliedMigration[]> {
  const q = (name: string) => connection.dialect.compiler.quoteIdentifier(name)
  // Every column the table has: one written by an older strata lacks the
  // later bookkeeping columns (applied_operations, applied_statements) until
  // a migrate upgrades it, and a read-only command (status) reads it as it is.
  const rows = await connection.query(`SELECT * FROM ${q(HISTORY_TABLE)} ORDER BY ${q('applied_at')}, ${q('name')}`)
  return rows.map((r) => ({
    name: String(r.name),
    checksum: String(r.checksum),
    appliedAt: isoUtc(r.applied_at),
    durationMs: Number(r.duration_ms),
    strataVersion: String(r.strata_version),
    ...(r.applied_operations !== null && r.applied_operations !== undefined ? { appliedOperations: Number(r.applied_operations) } : {}),
    ...(r.applied_operations !== null && r.applied_operations !== undefined && Number(r.applied_statements ?? 0) > 0
      ? { appliedStatements: Number(r.applied_statements) }
      : {}),
  }))
}

/** The user's applied migrations (none when the table does not exist yet). */
export async function readHistory(connection: Connection): Promise<AppliedMigration[]> {
  if (!(await connection.tableExists(HISTORY_TABLE))) return []
  return (await readRows(connection)).filter((r) => !r.name.startsWith(INTERNAL_PREFIX))
}

/** The history row of one migration, if any. (Re-read inside the transaction that would apply a part.) */
export async function findRow(connection: Connection, name: string): Promise<AppliedMigration | undefined> {
  return (await readRows(connection)).find((r) => r.name === name)
}

/** Is this migration recorded? (Re-read inside the transaction that would apply it.) */
export async function isRecorded(connection: Connection, name: string): Promise<boolean> {
  return (await readRows(connection)).some((r) => r.name === name)
}

/**
 * Record a migration as applied, or (with `appliedOperations`) as applied up
 * to that many operations, replacing the row of its earlier part (`replace`:
 * the last part, whose row then says the whole migration is applied).
 */
export async function recordApplied(
  connection: Connection,
  name: string,
  checksum: string,
  durationMs: number,
  appliedOperations?: number,
  replace = false,
  appliedStatements?: number,
): Promise<void> {
  if (appliedOperations !== undefined || replace) await recordReverted(connection, name)
  await run(connection, insertRow(connection, {
    name,
    checksum,
    appliedAt: new Date().toISOString(),
    durationMs: Math.round(durationMs),
    strataVersion: STRATA_VERSION,
    ...(appliedOperations !== undefined ? { appliedOperations } : {}),
    ...(appliedOperations !== undefined && appliedStatements ? { appliedStatements } : {}),
  }))
}

export async function recordReverted(connection: Connection, name: string): Promise<void> {
  await run(connection, connection.dialect.compiler.compile({ op: 'delete', table: HISTORY_TABLE, where: { name } }, internalMigrations().schema))
}

/**
 * A database copied from a template (template.ts) gets the history rows a
 * migrate run now would have written: every row applied now, in the order the
 * template's rows were applied (one millisecond apart, the last one now), and
 * each of the user's migrations taking its share of `durationMs`. Call inside
 * `connection.transaction`.
 */
export async function restampHistory(connection: Connection, durationMs: number): Promise<void> {
  const rows = await readRows(connection)
  const users = rows.filter((r) => !r.name.startsWith(INTERNAL_PREFIX)).length
  const now = Date.now()
  const schema = internalMigrations().schema
  for (const [i, row] of rows.entries()) {
    const appliedAt = new Date(now - (rows.length - 1 - i)).toISOString()
    const own = !row.name.startsWith(INTERNAL_PREFIX)
    const set = { applied_at: appliedAt, ...(own ? { duration_ms: Math.round(durationMs / Math.max(users, 1)) } : {}) }
    await run(connection, connection.dialect.compiler.compile({ op: 'update', table: HISTORY_TABLE, set, where: { name: row.name } }, schema))
  }
}
