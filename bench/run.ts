/**
 * `npm run bench`: strata on generated projects of N tables (bench/generate.ts).
 *
 * For each N (default 100, 500, 1000, 2000; env BENCH_SIZES=100,2000 to
 * override; BENCH_RUNS for the repetitions, default 3) it times:
 * - whole CLI processes (bin/run.js, wall time, median of BENCH_RUNS):
 *   `validate`, initial `make`, initial `migrate` to a new SQLite file,
 *   `make` after one added column, `make --check` with no change, `status`;
 * - in-process stages: load + validate the schema files, read + replay the
 *   migrations and verify the snapshot, diff, compile the initial migration
 *   to SQLite, apply it to SQLite;
 * - PostgreSQL, when a server answers (STRATA_TEST_POSTGRES_URL, default
 *   postgres://postgres@127.0.0.1:5432/postgres): apply the initial
 *   migration to a fresh database, and introspect it.
 * It prints Markdown tables, with drizzle-kit's figures as the reference.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { diff } from '../src/diff/diff'
import { fixedResolver } from '../src/diff/rename'
import { dialectByName, dialectForUrl } from '../src/dialects'
import { compileOperations } from '../src/migrations/compile'
import { migrate } from '../src/migrations/migrator'
import { readMigrationState } from '../src/migrations/state'
import { loadProject } from '../src/project'
import { loadSchemaFiles } from '../src/schema/load'
import { addOneColumn, fileOf, generateProject } from './generate'

const BIN = join(__dirname, '..', '..', 'bin', 'run.js')
const SIZES = (process.env.BENCH_SIZES ?? '100,500,1000,2000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0)
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3))
const POSTGRES_URL = process.env.STRATA_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

/** drizzle-kit on this machine (project brief), and strata's targets. */
const REFERENCE = {
  makeAfterEdit: { drizzle: 2.0, target: 0.2 },
  initialMigrate: { drizzle: 1.5, target: 0.75 },
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Run the CLI once in `cwd`; its wall time in seconds. Throws when the exit code is not one of `expect`. */
function cli(cwd: string, args: string[], expect: readonly number[] = [0]): number {
  const started = performance.now()
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', STRATA_DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  })
  const seconds = (performance.now() - started) / 1000
  if (!expect.includes(result.status ?? -1)) {
    throw new Error(`strata ${args.join(' ')} in ${cwd} exited ${result.status} (expected ${expect.join(' or ')}):\n${result.stderr}`)
  }
  return seconds
}

/** Median wall time of `runs` runs; `before` resets the state each run needs. */
function timed(runs: number, once: () => number, before?: () => void): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    before?.()
    times.push(once())
  }
  return median(times)
}

async function timedAsync(runs: number, once: () => Promise<unknown>, before?: () => void | Promise<void>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    await before?.()
    const started = performance.now()
    await once()
    times.push((performance.now() - started) / 1000)
  }
  return median(times)
}

interface Row {
  readonly n: number
  readonly tables: number
  readonly cli: Record<string, number>
  readonly stages: Record<string, number>
  readonly postgres?: Record<string, number>
}

async function postgresAvailable(): Promise<string | undefined> {
  try {
    const { Client } = require('pg') as typeof import('pg')
    const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 })
    client.on('error', () => undefined)
    await client.connect()
    await client.end()
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

async function withPostgresDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const { Client } = require('pg') as typeof import('pg')
  const name = `strata_bench_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new Client({ connectionString: POSTGRES_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${name}"`)
  await admin.end()
  const url = new URL(POSTGRES_URL)
  url.pathname = `/${name}`
  try {
    return await work(url.toString())
  } finally {
    const drop = new Client({ connectionString: POSTGRES_URL })
    await drop.connect()
    await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await drop.end()
  }
}

async function benchSize(n: number, root: string, postgres: boolean): Promise<Row> {
  const dir = join(root, `n${n}`)
  const project = generateProject(dir, n)
  const migrations = join(dir, 'migrations')
  const db = join(dir, 'db.sqlite3')
  const out: Record<string, number> = {}

  out.validate = timed(RUNS, () => cli(dir, ['validate']))
  out.makeInitial = timed(
    RUNS,
    () => cli(dir, ['make', '--no-input']),
    () => {
      rmSync(migrations, { recursive: true, force: true })
    },
  )
  // Keep the initial migration of the last run; migrate it into a new file each time.
  out.migrateInitial = timed(RUNS, () => cli(dir, ['migrate']), () => rmSync(db, { force: true }))
  out.makeCheck = timed(RUNS, () => cli(dir, ['make', '--check']))
  // status exits 1 when something is pending; here nothing is.
  out.status = timed(RUNS, () => cli(dir, ['status'], [0, 1]))
  // One added column per run, each time from the same state: the schema
  // file, the snapshot and the migrations are restored before each run.
  const saved = join(dir, 'snapshot.saved.json')
  copyFileSync(join(migrations, 'snapshot.json'), saved)
  const edited = join(dir, fileOf(Math.floor(n / 2)))
  const original = readFileSync(edited, 'utf8')
  out.makeAfterEdit = timed(
    RUNS,
    () => cli(dir, ['make', '--no-input']),
    () => {
      for (const f of readdirSync(migrations)) if (f.startsWith('0002_')) rmSync(join(migrations, f))
      copyFileSync(saved, join(migrations, 'snapshot.json'))
      writeFileSync(edited, original)
      addOneColumn(project)
    },
  )

  // In-process stages, on the project as it is now (one pending edit migration made).
  const stages: Record<string, number> = {}
  const cwd = process.cwd()
  process.chdir(dir)
  try {
    const proj = loadProject()
    let loaded = await loadSchemaFiles(proj.schemas)
    stages.loadValidate = await timedAsync(RUNS, async () => (loaded = await loadSchemaFiles(proj.schemas)))
    let state = readMigrationState(proj)
    stages.replayVerify = await timedAsync(RUNS, async () => (state = readMigrationState(proj)))
    stages.diffNoChange = await timedAsync(RUNS, () => diff(state.schema, loaded.schema, { hints: loaded.hints, resolver: fixedResolver() }))
    const initial = state.migrations[0]!
    const sqlite = dialectByName('sqlite')
    stages.compileInitial = await timedAsync(RUNS, async () => compileOperations(sqlite.compiler, state.states[0]!, initial.up))
    const memoryFile = join(dir, 'stage.sqlite3')
    stages.applySqlite = await timedAsync(
      RUNS,
      () => migrate(proj, `sqlite:${memoryFile}`, { target: initial.name }),
      () => rmSync(memoryFile, { force: true }),
    )
    let pg: Record<string, number> | undefined
    if (postgres) {
      pg = {}
      const pgRuns = Math.max(1, Math.min(RUNS, 2))
      const applyTimes: number[] = []
      const introspectTimes: number[] = []
      for (let i = 0; i < pgRuns; i++) {
        await withPostgresDatabase(async (url) => {
          let started = performance.now()
          await migrate(proj, url, { target: initial.name })
          applyTimes.push((performance.now() - started) / 1000)
          const connection = await dialectForUrl(url).connect(url)
          try {
            started = performance.now()
            await connection.introspect({ exclude: ['strata_migrations'] })
            introspectTimes.push((performance.now() - started) / 1000)
          } finally {
            await connection.close()
          }
        })
      }
      pg.applyPostgres = median(applyTimes)
      pg.introspectPostgres = median(introspectTimes)
    }
    return { n, tables: state.schema.tables.length, cli: out, stages, ...(pg ? { postgres: pg } : {}) }
  } finally {
    process.chdir(cwd)
  }
}

const fmt = (seconds: number | undefined): string => (seconds === undefined ? 'n/a' : seconds.toFixed(3))

function report(rows: readonly Row[], pgNote: string | undefined, load: number[]): string {
  const lines: string[] = []
  lines.push(`# strata benchmark`, '')
  lines.push(
    `Reference (drizzle-kit on this machine): generate after a small edit of a 2,000-table schema ${REFERENCE.makeAfterEdit.drizzle} s ` +
      `(strata target ≤ ${REFERENCE.makeAfterEdit.target} s); apply the initial migration to SQLite ${REFERENCE.initialMigrate.drizzle} s ` +
      `(strata target ≤ ${REFERENCE.initialMigrate.target} s).`,
  )
  lines.push(`Node ${process.version}, ${RUNS} run(s) per figure (median), seconds. Load average at start: ${load.map((l) => l.toFixed(2)).join(', ')}.`, '')
  lines.push('## CLI processes (wall time, s)', '')
  lines.push('| N tables (model) | validate | make (initial) | migrate (initial, SQLite) | make (one column added) | make --check (no change) | status |')
  lines.push('|---|---|---|---|---|---|---|')
  for (const r of rows) {
    const c = r.cli
    lines.push(`| ${r.n} (${r.tables}) | ${fmt(c.validate)} | ${fmt(c.makeInitial)} | ${fmt(c.migrateInitial)} | ${fmt(c.makeAfterEdit)} | ${fmt(c.makeCheck)} | ${fmt(c.status)} |`)
  }
  lines.push('', '## In-process stages (s)', '')
  lines.push('| N tables | load + validate | read + replay + verify snapshot | diff (no change) | compile initial (SQLite) | apply initial (SQLite file) | apply initial (PostgreSQL) | introspect (PostgreSQL) |')
  lines.push('|---|---|---|---|---|---|---|---|')
  for (const r of rows) {
    const s = r.stages
    lines.push(
      `| ${r.n} | ${fmt(s.loadValidate)} | ${fmt(s.replayVerify)} | ${fmt(s.diffNoChange)} | ${fmt(s.compileInitial)} | ${fmt(s.applySqlite)} | ${fmt(r.postgres?.applyPostgres)} | ${fmt(r.postgres?.introspectPostgres)} |`,
    )
  }
  if (pgNote) lines.push('', `PostgreSQL skipped: ${pgNote}`)
  lines.push('', `Load average at end: ${loadavg().map((l) => l.toFixed(2)).join(', ')}.`)
  return lines.join('\n')
}

async function main(): Promise<void> {
  const load = loadavg()
  const root = mkdtempSync(join(tmpdir(), 'strata-bench-'))
  const problem = await postgresAvailable()
  const pgNote = problem === undefined ? undefined : `no server at ${POSTGRES_URL.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')} (${problem})`
  const rows: Row[] = []
  try {
    for (const n of SIZES) {
      process.stderr.write(`bench: ${n} tables…\n`)
      rows.push(await benchSize(n, root, problem === undefined))
    }
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(root, { recursive: true, force: true })
  }
  process.stdout.write(report(rows, pgNote, load) + '\n')
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exitCode = 1
})
