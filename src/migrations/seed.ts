/**
 * `strata seed`: fixture rows for development databases, loaded separately
 * from migrations (nothing is recorded in the history table) and
 * idempotently: every row is matched by its primary key and inserted when
 * missing, updated when present, so running it twice leaves the same rows
 * and an edited fixture updates them. Tables are filled in foreign-key
 * order, all in one transaction.
 *
 * A seed file (`seeds/*.yaml`) maps table names to lists of rows:
 *
 *     authors:
 *       - { id: 1, name: Ann }
 *     books:
 *       - { id: 1, title: First, author_id: 1 }
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { JsonValue, Operation, RowMatch, RowValues } from '../diff/operations'
import { applyOperation } from '../diff/apply'
import { stableStringify } from '../schema/canonical'
import { dialectForUrl, redactUrl } from '../dialects'
import { type Diagnostic, UsageError, ValidationError } from '../errors'
import { type Project, resolveDatabaseUrl } from '../project'
import { type Schema, type Table, findTable } from '../schema/model'
import { parseYamlSource } from '../schema/yaml-source'
import { readSnapshot } from './snapshot'
import { readMigrationState } from './state'

/** What one table received. */
export interface SeedTableResult {
  readonly table: string
  readonly inserted: number
  /** Rows present with other values: updated to the fixture's. */
  readonly updated: number
  /** Rows present with the fixture's values already. */
  readonly unchanged: number
}

export interface SeedResult {
  /** The database, its password hidden. */
  readonly database: string
  /** Seed files read, relative to the working directory. */
  readonly files: readonly string[]
  /** In the order filled (foreign-key order). */
  readonly tables: readonly SeedTableResult[]
}

export interface SeedOptions {
  /** `--database NAME|URL`. */
  readonly database?: string
  /** Write to a database that `seeds.refuse` names. */
  readonly force?: boolean
  readonly cwd?: string
  readonly env?: NodeJS.ProcessEnv
}

interface SeedRow {
  readonly values: RowValues
  readonly file: string
  readonly at: { line: number; column: number }
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** The seed files of the project, sorted by name; none when the folder does not exist. */
function seedFiles(folder: string): string[] {
  if (!existsSync(folder)) return []
  if (!statSync(folder).isDirectory()) throw new UsageError(`seeds folder ${folder} is not a folder`)
  return readdirSync(folder)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => join(folder, f))
}

/** Rows of every file by table, checked against the schema; every problem as a located diagnostic. */
function readSeeds(paths: readonly string[], schema: Schema, cwd: string): Map<string, SeedRow[]> {
  const diagnostics: Diagnostic[] = []
  const byTable = new Map<string, SeedRow[]>()
  const seenKeys = new Map<string, string>()
  for (const path of paths) {
    const file = relative(cwd, path) || path
    const parsed = parseYamlSource(file, readFileSync(path))
    diagnostics.push(...parsed.diagnostics)
    const source = parsed.source
    if (!source || source.value === null || source.value === undefined) continue
    const error = (where: (string | number)[], message: string, key = false) =>
      diagnostics.push({ file, ...source.locate(where, { key }), severity: 'error', message })
    if (!isMap(source.value)) {
      error([], 'a seed file maps table names to lists of rows (`authors: [{ id: 1, name: Ann }]`)')
      continue
    }
    for (const [tableName, rows] of Object.entries(source.value)) {
      const table = findTable(schema, tableName)
      if (!table) {
        error([tableName], `table "${tableName}" is not in the schema (migrations/snapshot.json)`, true)
        continue
      }
      if (!table.primaryKey) {
        error([tableName], `table "${tableName}" has no primary key: seed matches rows by it, so it cannot seed this table`, true)
        continue
      }
      if (!Array.isArray(rows)) {
        error([tableName], `table "${tableName}": a list of rows is expected`)
        continue
      }
      rows.forEach((row: unknown, i) => {
        if (!isMap(row)) {
          error([tableName, i], `table "${tableName}", row ${i + 1}: a map of column: value is expected`)
          return
        }
        const problems = rowProblems(table, row, [tableName, i])
        for (const p of problems) error(p.where, p.message, p.key)
        if (problems.length) return
        const key = `${tableName}\u0000${keyOf(table, row)}`
        const where = source.locate([tableName, i])
        const earlier = seenKeys.get(key)
        if (earlier) {
          error([tableName, i], `table "${tableName}": the row with ${describeKey(table, row)} is already given at ${earlier}`)
          return
        }
        seenKeys.set(key, `${file}:${where.line}:${where.column}`)
        const list = byTable.get(tableName) ?? []
        list.push({ values: row as RowValues, file, at: where })
        byTable.set(tableName, list)
      })
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) throw new ValidationError(diagnostics)
  return byTable
}

function rowProblems(
  table: Table,
  row: Record<string, unknown>,
  where: (string | number)[],
): { where: (string | number)[]; message: string; key?: boolean }[] {
  const out: { where: (string | number)[]; message: string; key?: boolean }[] = []
  const columns = new Set(table.columns.map((c) => c.name))
  for (const column of Object.keys(row)) {
    if (!columns.has(column)) out.push({ where: [...where, column], message: `table "${table.name}" has no column "${column}"`, key: true })
  }
  for (const column of table.primaryKey!.columns) {
    if (row[column] === undefined || row[column] === null) {
      out.push({ where, message: `table "${table.name}": the row gives no value for primary key column "${column}", which seed matches rows by` })
    }
  }
  return out
}

const keyOf = (table: Table, row: Readonly<Record<string, unknown>>): string =>
  table.primaryKey!.columns.map((c) => String(row[c])).join('\u0000')

const describeKey = (table: Table, row: Readonly<Record<string, unknown>>): string =>
  table.primaryKey!.columns.map((c) => `${c} = ${JSON.stringify(row[c])}`).join(', ')

/**
 * A value as text for comparing a fixture with the row read back: drivers
 * give booleans as 0/1 (SQLite, MySQL), big integers and decimals as text,
 * json as text or parsed. A value compared unequal only costs an UPDATE to
 * the same value.
 */
function comparable(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'string') {
    if (/^[[{]/.test(value)) {
      try {
        return stableStringify(JSON.parse(value))
      } catch {
        return value
      }
    }
    return value
  }
  if (value instanceof Date) return value.toISOString()
  if (Buffer.isBuffer(value)) return value.toString('hex')
  return stableStringify(value)
}

/** Seed tables ordered so that a table comes after the tables its foreign keys point at (self-references aside). */
function foreignKeyOrder(schema: Schema, tables: readonly string[]): string[] {
  const wanted = new Set(tables)
  const out: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (name: string) => {
    if (state.get(name)) return // done, or a cycle: the order of the files decides
    state.set(name, 'visiting')
    for (const fk of findTable(schema, name)?.foreignKeys ?? []) {
      if (fk.references.table !== name && wanted.has(fk.references.table)) visit(fk.references.table)
    }
    state.set(name, 'done')
    out.push(name)
  }
  for (const name of tables) visit(name)
  return out
}

/** Throws when the selected database is one that `seeds.refuse` names (by name, or by the same URL). */
function checkNotRefused(project: Project, url: string, options: SeedOptions): void {
  if (options.force) return
  const env = options.env ?? process.env
  const named = options.database ?? (env.STRATA_DATABASE_URL ? undefined : 'default')
  for (const name of project.seeds.refuse) {
    let refusedUrl: string | undefined
    try {
      refusedUrl = project.databases[name] === undefined ? undefined : resolveDatabaseUrl(project, name, env)
    } catch {
      refusedUrl = undefined // its environment variable is not set here: not this database
    }
    if (named === name || (refusedUrl !== undefined && refusedUrl === url)) {
      throw new UsageError(
        `database "${name}" is one that strata seed does not write to (seeds.refuse in strata.yaml): fixtures are for development databases; pass --force to seed it anyway`,
        { database: name },
      )
    }
  }
}

/**
 * Load the project's seed files into the selected database. Bad files: a
 * ValidationError with every located problem, nothing written. A refused
 * database: UsageError. Database failures roll the whole seed back.
 */
export async function seed(project: Project, options: SeedOptions = {}): Promise<SeedResult> {
  const cwd = options.cwd ?? process.cwd()
  const url = resolveDatabaseUrl(project, options.database, options.env)
  checkNotRefused(project, url, options)
  // With apps: the whole database's schema, every app's part.
  const schema = project.apps ? readMigrationState(project, cwd).schema : readSnapshot(project.migrations, cwd).schema
  const paths = seedFiles(project.seeds.folder)
  const files = paths.map((p) => relative(cwd, p) || p)
  const byTable = readSeeds(paths, schema, cwd)
  const order = foreignKeyOrder(schema, [...byTable.keys()])
  const connection = await dialectForUrl(url).connect(url, { lockTimeoutMs: project.lockTimeoutMs, grants: project.grants })
  try {
    for (const table of order) {
      if (!(await connection.tableExists(table))) {
        throw new UsageError(`table "${table}" does not exist in ${redactUrl(url)}: run strata migrate first`, { table })
      }
    }
    const compile = (op: Operation, state: Schema) => connection.dialect.compiler.compile(op, state)
    const q = (name: string) => connection.dialect.compiler.quoteIdentifier(name)
    const tables = await connection.transaction(async () => {
      const results: SeedTableResult[] = []
      for (const name of order) {
        const table = findTable(schema, name)!
        const pk = table.primaryKey!.columns
        const rows = byTable.get(name)!
        const columns = [...new Set([...pk, ...rows.flatMap((r) => Object.keys(r.values))])]
        const existing = new Map(
          (await connection.query(`SELECT ${columns.map(q).join(', ')} FROM ${q(name)}`)).map((row) => [keyOf(table, row), row]),
        )
        const inserts: RowValues[] = []
        let updated = 0
        let unchanged = 0
        for (const row of rows) {
          const live = existing.get(keyOf(table, row.values))
          if (!live) {
            inserts.push(row.values)
            continue
          }
          const set = Object.fromEntries(
            Object.entries(row.values).filter(([c, v]) => !pk.includes(c) && comparable(v) !== comparable(live[c])),
          ) as Record<string, JsonValue>
          if (Object.keys(set).length === 0) {
            unchanged++
            continue
          }
          const where = Object.fromEntries(pk.map((c) => [c, row.values[c]])) as RowMatch
          updated++
          for (const s of compile({ op: 'update', table: name, set, where }, schema)) await connection.query(s.sql, s.params)
        }
        if (inserts.length > 0) {
          const op: Operation = { op: 'insert', table: name, rows: inserts }
          for (const s of compile(op, applyOperation(schema, op))) await connection.query(s.sql, s.params)
        }
        results.push({ table: name, inserted: inserts.length, updated, unchanged })
      }
      return results
    })
    return { database: redactUrl(url), files, tables }
  } finally {
    await connection.close()
  }
}
