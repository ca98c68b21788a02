/**
 * Migrations applied in parts (issue 13) on PostgreSQL, with a small lock
 * budget so that it runs in CI time: a migration that needs more locks than
 * one transaction may hold runs in consecutive transactions of whole
 * operations, each recorded in the history table; a kill between two parts
 * leaves a recorded boundary that `status` shows and `migrate` completes;
 * a partly applied migration can be reversed; `strata sql` says it will split.
 */
import { strict as assert } from 'node:assert'
import { spawn } from 'node:child_process'
import { Client } from 'pg'
import { type MigrateEvent, migrate } from '../../src/migrations/migrator'
import { loadProject } from '../../src/project'
import { BIN, runCli } from '../helpers/cli'
import { describePostgres, freshPostgresDatabase } from '../helpers/postgres'
import { TempProject } from '../helpers/project'

const PEOPLE = `tables:
  people:
    columns:
      email: { type: string, length: 100 }
`

/** people, then `count` tables; the last one references people (its foreign key locks people). */
function withTables(count: number): string {
  let text = PEOPLE
  for (let i = 1; i <= count; i++) {
    text += `  t${String(i).padStart(2, '0')}:\n    columns:\n      name: { type: string, length: 40, unique: true }\n`
    if (i === count) text += `    relations:\n      person: { belongsTo: people }\n`
  }
  return text
}

/** Lock-table entries per part: a few of these tables each. */
const BUDGET = 40

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describePostgres('postgres: migrations applied in parts', function () {
  this.timeout(120000)
  let project: TempProject
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>
  let client: Client
  const env = () => ({ STRATA_DATABASE_URL: db.url, STRATA_LOCK_BUDGET: String(BUDGET) })
  const run = (...args: string[]) => runCli(args, { cwd: project.dir, env: env() })
  const tables = async () =>
    (await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+$' ORDER BY 1")).rows.map(
      (r: { tablename: string }) => r.tablename,
    )
  const row = async (name: string) =>
    (await client.query('SELECT applied_operations FROM strata_migrations WHERE name = $1', [name])).rows[0] as
      | { applied_operations: number | null }
      | undefined

  beforeEach(async () => {
    project = new TempProject({ 'schemas/app.yaml': PEOPLE })
    db = await freshPostgresDatabase()
    client = new Client({ connectionString: db.url })
    client.on('error', () => undefined)
    await client.connect()
    assert.equal((await run('make')).code, 0)
    assert.equal((await run('migrate')).code, 0)
    project.write({ 'schemas/app.yaml': withTables(12) })
    const made = await run('make', 'tables')
    assert.equal(made.code, 0, made.stderr)
  })
  afterEach(async () => {
    await client.end()
    await db.drop()
    project.cleanup()
  })

  it('splits a migration that needs more locks than the budget, recording each part', async () => {
    const sql = await run('sql', '0002', '--dialect', 'postgres')
    assert.equal(sql.code, 0, sql.stderr)
    const notice = /-- Runs in (\d+) transactions of whole operations, each recorded in the history table: it needs about (\d+) locks and one transaction may hold 40 \(STRATA_LOCK_BUDGET\)/.exec(sql.stdout)
    assert.ok(notice, sql.stdout.slice(0, 400))
    const events: MigrateEvent[] = []
    const strata = loadProject({ cwd: project.dir })
    const result = await migrate(strata, db.url, { cwd: project.dir, lockBudget: BUDGET, onProgress: (e) => events.push(e) })
    const parts = events.filter((e) => e.type === 'part')
    assert.equal(result.steps[0]!.parts, Number(notice[1]), 'as many parts as strata sql said')
    assert.ok(parts.length >= 3, `${parts.length} parts`)
    assert.deepEqual(
      parts.map((e) => (e.type === 'part' ? e.part : 0)),
      parts.map((_, i) => i + 1),
    )
    assert.equal(parts.at(-1)!.type === 'part' && parts.at(-1)!.appliedOperations, 12)
    assert.equal((await tables()).length, 12)
    assert.deepEqual(await row('0002_tables'), { applied_operations: null }, 'complete')
    // Without a small budget the same migration is one transaction.
    assert.equal((await run('migrate', '0001')).code, 0)
    assert.deepEqual(await tables(), [])
    const again = await migrate(strata, db.url, { cwd: project.dir, onProgress: (e) => events.push(e) })
    assert.equal(again.steps[0]!.parts, undefined)
  })

  it('a kill between two parts leaves a recorded boundary that status shows and migrate completes', async () => {
    // Another session holds people: the part whose foreign key references it waits, and is killed there.
    const holder = new Client({ connectionString: db.url })
    await holder.connect()
    await holder.query('BEGIN')
    await holder.query('LOCK TABLE people IN ACCESS EXCLUSIVE MODE')
    const child = spawn(process.execPath, [BIN, 'migrate'], { cwd: project.dir, env: { ...process.env, ...env() } })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise((resolve) => child.on('close', resolve))
    let waiting: number | undefined
    for (let i = 0; i < 600 && waiting === undefined; i++) {
      await sleep(100)
      const r = await client.query(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
      )
      waiting = (r.rows[0] as { pid: number } | undefined)?.pid
    }
    assert.ok(waiting, `strata never waited for the lock on people: ${stderr}`)
    child.kill('SIGKILL')
    await exited
    // The server ends the killed client's session when it next reads from it; end it now.
    await client.query('SELECT pg_terminate_backend($1)', [waiting])
    await holder.query('ROLLBACK')
    await holder.end()

    const partial = await row('0002_tables')
    assert.ok(partial && partial.applied_operations !== null && partial.applied_operations > 0 && partial.applied_operations < 12, JSON.stringify(partial))
    const created = await tables()
    assert.equal(created.length, partial.applied_operations, 'exactly the committed parts are in the database')
    const status = await run('status')
    assert.equal(status.code, 1)
    assert.match(status.stdout, new RegExp(`\\[~\\] 0002_tables .*PARTLY APPLIED: ${partial.applied_operations} of 12 operations`))
    const json = JSON.parse((await run('status', '--json')).stdout) as { migrations: { name: string; applied: boolean; partial?: unknown }[] }
    assert.deepEqual(json.migrations[1]!.partial, { appliedOperations: partial.applied_operations, operations: 12, appliedStatements: 0, resolution: 'migrate' })
    assert.equal(json.migrations[1]!.applied, false)

    const done = await run('migrate')
    assert.equal(done.code, 0, done.stderr)
    assert.equal((await tables()).length, 12)
    assert.deepEqual(await row('0002_tables'), { applied_operations: null })
    assert.equal((await run('status')).code, 0)
  })

  it('a failure between two parts is reported with what stays applied, and the partial migration can be reversed', async () => {
    const strata = loadProject({ cwd: project.dir })
    const error = await migrate(strata, db.url, {
      cwd: project.dir,
      lockBudget: BUDGET,
      onProgress: (e) => {
        if (e.type === 'part' && e.part === 2) throw new Error('stopped after part 2')
      },
    }).then(
      () => assert.fail('should stop'),
      (e: Error) => e,
    )
    assert.match(error.message, /stopped after part 2/)
    const partial = await row('0002_tables')
    assert.ok(partial?.applied_operations, JSON.stringify(partial))
    assert.equal((await tables()).length, partial.applied_operations)
    const back = await run('migrate', '0001')
    assert.equal(back.code, 0, back.stderr)
    assert.deepEqual(await tables(), [])
    assert.equal(await row('0002_tables'), undefined)
    assert.equal((await run('migrate')).code, 0)
    assert.equal((await tables()).length, 12)
  })

  it('a failing statement in a later part names the operation, the part and what stays applied', async () => {
    // A table of the migration's that exists already: its CREATE TABLE fails, in a later part.
    await client.query('CREATE TABLE t10 (x integer)')
    const result = await run('migrate')
    assert.equal(result.code, 3, result.stdout + result.stderr)
    assert.match(result.stderr, /migration 0002_tables failed \(up\), operation \d+ \(createTable\): relation "t10" already exists/)
    assert.match(result.stderr, /SQL: CREATE TABLE "t10"/)
    const note = /This part \((\d+) of (\d+), operations (\d+)–(\d+)\) was rolled back\. The first (\d+) operations of the migration stay applied and recorded/.exec(result.stderr)
    assert.ok(note, result.stderr)
    assert.ok(Number(note[1]) > 1)
    assert.deepEqual(await row('0002_tables'), { applied_operations: Number(note[5]) })
    assert.equal((await tables()).length, Number(note[5]) + 1, 'the committed parts, and the t10 made by hand')
  })
})
