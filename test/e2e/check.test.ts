/**
 * `strata check` through the real CLI, on real databases: a SQLite project
 * whose migration fails only on PostgreSQL (caught on the embedded
 * PostgreSQL with no server configured, and on the real server when one is
 * given), migrations that fail only on filled tables (caught with --data,
 * proven without it), a down that does not restore the schema (caught at the
 * back-to-zero step), a good project proven, and the scratch database gone
 * from the server afterwards, also after Ctrl-C.
 */
import { strict as assert } from 'node:assert'
import { spawn } from 'node:child_process'
import { Client } from 'pg'
import { BIN, type CliResult, runCli } from '../helpers/cli'
import { describeMysql, freshMysqlDatabase, mysqlClient, mysqlRows } from '../helpers/mysql'
import { POSTGRES_TEST_URL, describePostgres } from '../helpers/postgres'
import { TempProject } from '../helpers/project'

const PEOPLE = `tables:
  people:
    columns:
      email: { type: string, length: 100 }
      nick: { type: string, length: 40, nullable: true }
`

/** The next schema: a column whose default is SQLite's datetime('now'), which PostgreSQL does not have. */
const SQLITE_DEFAULT = PEOPLE + `      joined: { type: timestamp, default: { sql: "datetime('now')" } }\n`

/** The next schema: email unique (fails over duplicates, only on a filled table). */
const UNIQUE_EMAIL = PEOPLE.replace('length: 100 }', 'length: 100, unique: true }')

/** Written by hand (make asks for a fill value): nick made NOT NULL without one, which fails over NULLs. */
const SET_NOT_NULL = `name: 0002_nick_required
dependsOn: 0001_initial
up:
  - alterColumn: { table: people, column: nick, from: { nullable: true }, to: { nullable: false } }
down:
  - alterColumn: { table: people, column: nick, from: { nullable: false }, to: { nullable: true } }
`

/** A richer good project: enum, foreign key, unique, check, several types. */
const SHOP = `tables:
  customers:
    columns:
      email: { type: string, length: 120, unique: true }
      tier: { type: enum, values: [free, pro] }
      born: { type: date, nullable: true }
  orders:
    columns:
      total: { type: decimal, precision: 10, scale: 2 }
      placed: timestamp
      paid: { type: boolean, default: false }
      note: { type: text, nullable: true }
    checks:
      - { name: orders_total_positive, expression: "total >= 0" }
    relations:
      customer: { belongsTo: customers }
`
const SHOP_NEXT = SHOP.replace('      note: { type: text, nullable: true }\n', '      note: { type: text, nullable: true }\n      ref: { type: uuid, nullable: true }\n      weight: { type: double, nullable: true }\n')

interface Proof {
  proven: boolean
  dialect: string
  scratch: { kind: string; description: string; version: string; name?: string }
  data: boolean
  migrations: number
  steps: { phase: string; migration: string; direction: string; ok: boolean; rowsInserted?: number }[]
  failure?: { phase: string; migration: string; direction: string; kind: string; operation?: number; operationKind?: string; sql?: string; reason?: string; differences?: string[] }
  gaps: { table: string; reason: string }[]
}

async function make(project: TempProject, schema: string, name: string, ...extra: string[]): Promise<void> {
  project.setSchemas({ 'app.yaml': schema })
  const result = await runCli(['make', '--no-input', name, ...extra], { cwd: project.dir })
  assert.equal(result.code, 0, result.stdout + result.stderr)
}

async function check(project: TempProject, ...args: string[]): Promise<CliResult> {
  return runCli(['check', ...args], { cwd: project.dir })
}

function proof(result: CliResult): Proof {
  assert.doesNotMatch(result.stderr, /\n\s+at .*:\d+:\d+/, 'no stack trace')
  return JSON.parse(result.stdout) as Proof
}

async function scratchDatabases(): Promise<string[]> {
  const client = new Client({ connectionString: POSTGRES_TEST_URL })
  await client.connect()
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'strata\\_check\\_%'")
    return rows.map((r) => r.datname)
  } finally {
    await client.end()
  }
}

/** A project developed on SQLite (the default database) whose second migration has a SQLite-only default. */
async function sqliteOnlyProject(): Promise<TempProject> {
  const project = new TempProject()
  await make(project, PEOPLE, 'initial')
  await make(project, SQLITE_DEFAULT, 'joined')
  return project
}

function assertCaughtOnPostgres(p: Proof): void {
  assert.equal(p.proven, false)
  assert.equal(p.dialect, 'postgres')
  assert.equal(p.failure?.phase, 'forward')
  assert.equal(p.failure?.migration, '0002_joined')
  assert.equal(p.failure?.kind, 'failed')
  assert.equal(p.failure?.operation, 1)
  assert.equal(p.failure?.operationKind, 'addColumn')
  assert.match(p.failure?.sql ?? '', /ADD COLUMN "joined" .*DEFAULT datetime\('now'\)/)
  assert.match(p.failure?.reason ?? '', /function datetime\(unknown\) does not exist/)
  assert.deepEqual(
    p.steps.map((s) => [s.migration, s.ok]),
    [
      ['0001_initial', true],
      ['0002_joined', false],
    ],
  )
}

describe('strata check', function () {
  this.timeout(180000)

  describe('SQLite (in memory)', () => {
    it('proves a good project: forward, back to zero, forward again, exit 0', async () => {
      const project = new TempProject()
      try {
        await make(project, SHOP, 'initial')
        await make(project, SHOP_NEXT, 'more')
        const before = project.fingerprint()
        const text = await check(project, '--data')
        assert.equal(text.code, 0, text.stdout + text.stderr)
        assert.match(text.stdout, /^Proving on SQLite [\d.]+: an in-memory SQLite database, with sample rows before each step$/m)
        assert.match(text.stdout, /forward again +apply +0002_more +ok/)
        assert.match(text.stdout, /Proven on SQLite [\d.]+: 2 migrations applied from zero, reversed to zero and applied again/)
        const p = proof(await check(project, '--data', '--json'))
        assert.equal(p.proven, true)
        assert.equal(p.scratch.kind, 'memory')
        assert.deepEqual(
          p.steps.map((s) => `${s.phase} ${s.direction} ${s.migration}`),
          ['forward up 0001_initial', 'forward up 0002_more', 'backward down 0002_more', 'backward down 0001_initial', 'again up 0001_initial', 'again up 0002_more'],
        )
        // Rows went in before every step but the first (there are no tables before it), and every table took them.
        assert.deepEqual(p.steps.map((s) => s.rowsInserted), [0, 6, 6, 6, 0, 6])
        assert.deepEqual(p.gaps, [])
        // Nothing is written, and no database file appears.
        assert.deepEqual(project.fingerprint(), before)
        assert.equal(project.exists('db.sqlite3'), false)
      } finally {
        project.cleanup()
      }
    })

    it('a SQLite-only default passes on SQLite', async () => {
      const project = await sqliteOnlyProject()
      try {
        const result = await check(project)
        assert.equal(result.code, 0, result.stdout + result.stderr)
      } finally {
        project.cleanup()
      }
    })

    it('a new unique over duplicates and SET NOT NULL over NULLs fail with --data only', async () => {
      for (const second of ['unique', 'not null'] as const) {
        const project = new TempProject()
        try {
          await make(project, PEOPLE, 'initial')
          if (second === 'unique') {
            await make(project, UNIQUE_EMAIL, 'unique_email')
          } else {
            project.write({ 'migrations/0002_nick_required.yaml': SET_NOT_NULL })
            assert.equal((await runCli(['snapshot', '--rebuild'], { cwd: project.dir })).code, 0)
          }
          const name = second === 'unique' ? '0002_unique_email' : '0002_nick_required'
          const empty = await check(project)
          assert.equal(empty.code, 0, `${second}: ${empty.stdout}${empty.stderr}`)
          const filled = await check(project, '--data')
          assert.equal(filled.code, 1, filled.stdout + filled.stderr)
          assert.match(filled.stdout, new RegExp(`error: ${name} failed to apply \\(forward\\): operation 1 \\((addUnique|alterColumn)\\)`))
          assert.match(filled.stdout, second === 'unique' ? /UNIQUE constraint failed/ : /NOT NULL constraint failed/)
          const p = proof(await check(project, '--data', '--json'))
          assert.equal(p.failure?.migration, name)
          assert.equal(p.failure?.phase, 'forward')
        } finally {
          project.cleanup()
        }
      }
    })

    it('a down that does not restore the schema is caught at the back-to-zero step', async () => {
      const project = new TempProject()
      try {
        await make(project, PEOPLE, 'initial')
        await make(project, UNIQUE_EMAIL, 'unique_email')
        // Editing the down path keeps the checksum of the schema effect: the snapshot still agrees.
        const file = 'migrations/0002_unique_email.yaml'
        project.write({ [file]: project.read(file).replace(/down:\n[\s\S]*$/, 'down:\n  - sql: "SELECT 1"\n') })
        const result = await check(project)
        assert.equal(result.code, 1, result.stdout + result.stderr)
        assert.match(result.stdout, /back to zero +reverse +0002_unique_email +FAILED/)
        assert.match(result.stdout, /error: 0002_unique_email, reversed \(back to zero\): the database differs from the schema the migrations give before it:\n {2}\+ unique people_email_key on people \(email\)/)
        const p = proof(await check(project, '--json'))
        assert.equal(p.failure?.phase, 'backward')
        assert.equal(p.failure?.kind, 'schema')
        assert.deepEqual(p.failure?.differences, ['+ unique people_email_key on people (email)'])
      } finally {
        project.cleanup()
      }
    })

    it('an irreversible migration (sql without down) is named at the back-to-zero step', async () => {
      const project = new TempProject()
      try {
        await make(project, PEOPLE, 'initial')
        project.write({ 'migrations/0002_backfill.yaml': "name: 0002_backfill\ndependsOn: 0001_initial\nup:\n  - sql: \"UPDATE people SET nick = 'x' WHERE nick IS NULL\"\n" })
        assert.equal((await runCli(['snapshot', '--rebuild'], { cwd: project.dir })).code, 0)
        const result = await check(project, '--data')
        assert.equal(result.code, 1, result.stdout + result.stderr)
        assert.match(result.stdout, /error: 0002_backfill failed to reverse \(back to zero\): migration 0002_backfill cannot be reversed: it has a sql operation without down/)
        const p = proof(await check(project, '--json'))
        assert.deepEqual([p.failure?.phase, p.failure?.kind, p.failure?.migration], ['backward', 'irreversible', '0002_backfill'])
      } finally {
        project.cleanup()
      }
    })

    it('bad input: exit 2, located, nothing written', async () => {
      const project = new TempProject()
      try {
        await make(project, PEOPLE, 'initial')
        project.write({ 'migrations/0002_broken.yaml': 'name: 0002_broken\ndependsOn: 0001_initial\nup:\n  - addColumn: { table: people }\n' })
        const before = project.fingerprint()
        const result = await check(project)
        assert.equal(result.code, 2, result.stdout + result.stderr)
        assert.match(result.stderr, /migrations\/0002_broken\.yaml:4:\d+/)
        assert.doesNotMatch(result.stderr, /\n\s+at .*:\d+:\d+/)
        assert.deepEqual(project.fingerprint(), before)
        project.remove('migrations/0002_broken.yaml')
        const mysql = await check(project, '--dialect', 'mysql', '--embedded')
        assert.equal(mysql.code, 2, mysql.stdout + mysql.stderr)
        assert.match(mysql.stderr, /error: .*MySQL.*server/)
        // A server that does not answer is not silently replaced by the embedded engine.
        const down = await check(project, '--dialect', 'postgres', '-d', 'postgres://postgres@127.0.0.1:1/app')
        assert.equal(down.code, 3, down.stdout + down.stderr)
        assert.match(down.stderr, /cannot connect to postgres:\/\/postgres@127\.0\.0\.1:1\/app: .*\n {2}strata check creates its scratch database on this server; to prove on the embedded PostgreSQL instead: strata check --embedded/)
      } finally {
        project.cleanup()
      }
    })
  })

  describe('PostgreSQL, embedded (no server configured)', () => {
    it('catches a SQLite-developed migration that fails only on PostgreSQL', async () => {
      const project = await sqliteOnlyProject()
      try {
        const p = proof(await check(project, '--dialect', 'postgres', '--json'))
        assert.equal(p.scratch.kind, 'embedded')
        assert.match(p.scratch.version, /^PostgreSQL [\d.]+ \(PGlite [\d.]+\)$/)
        assertCaughtOnPostgres(p)
      } finally {
        project.cleanup()
      }
    })

    it('with --data catches a migration that fails only on a filled table, and proves a good project', async () => {
      const project = new TempProject()
      try {
        await make(project, PEOPLE, 'initial')
        await make(project, UNIQUE_EMAIL, 'unique_email')
        const empty = proof(await check(project, '--dialect', 'postgres', '--json'))
        assert.equal(empty.proven, true, JSON.stringify(empty.failure))
        const filled = proof(await check(project, '--dialect', 'postgres', '--data', '--json'))
        assert.equal(filled.proven, false)
        assert.equal(filled.failure?.migration, '0002_unique_email')
        assert.equal(filled.failure?.operationKind, 'addUnique')
        assert.match(filled.failure?.reason ?? '', /could not create unique index "people_email_key"/)

        const shop = new TempProject()
        try {
          await make(shop, SHOP, 'initial')
          await make(shop, SHOP_NEXT, 'more')
          const good = await check(shop, '--dialect', 'postgres', '--data')
          assert.equal(good.code, 0, good.stdout + good.stderr)
          assert.match(good.stdout, /Proven on PostgreSQL [\d.]+ \(PGlite/)
          assert.doesNotMatch(good.stderr, /warning: no sample rows/)
        } finally {
          shop.cleanup()
        }
      } finally {
        project.cleanup()
      }
    })
  })

  describePostgres('PostgreSQL, a scratch database on the server', () => {
    it('catches the SQLite-developed migration on the real server, and drops the scratch database', async () => {
      const project = await sqliteOnlyProject()
      try {
        const text = await check(project, '--dialect', 'postgres', '-d', POSTGRES_TEST_URL)
        assert.equal(text.code, 1, text.stdout + text.stderr)
        assert.match(text.stdout, /^Proving on PostgreSQL [\d.]+.*: scratch database strata_check_\d+_[0-9a-f]+ on /m)
        assert.match(text.stdout, /error: 0002_joined failed to apply \(forward\): operation 1 \(addColumn\): function datetime\(unknown\) does not exist/)
        assert.match(text.stdout, /SQL: ALTER TABLE "people" ADD COLUMN "joined"/)
        const result = await check(project, '--dialect', 'postgres', '-d', POSTGRES_TEST_URL, '--json')
        assert.equal(result.code, 1, result.stdout + result.stderr)
        const p = proof(result)
        assert.equal(p.scratch.kind, 'server')
        assert.match(p.scratch.name ?? '', /^strata_check_\d+_[0-9a-f]{8}$/)
        assert.doesNotMatch(p.scratch.version, /PGlite/)
        assertCaughtOnPostgres(p)
        assert.deepEqual((await scratchDatabases()).filter((d) => d === p.scratch.name), [])
      } finally {
        project.cleanup()
      }
    })

    it('--data: fails only on a filled table; a good project is proven; the scratch database is gone each time', async () => {
      const project = new TempProject({ 'strata.yaml': `databases:\n  default: ${POSTGRES_TEST_URL}\n` })
      try {
        await make(project, PEOPLE, 'initial')
        project.write({ 'migrations/0002_nick_required.yaml': SET_NOT_NULL })
        assert.equal((await runCli(['snapshot', '--rebuild'], { cwd: project.dir })).code, 0)
        const empty = await check(project)
        assert.equal(empty.code, 0, empty.stdout + empty.stderr)
        assert.match(empty.stdout, /The scratch database strata_check_\d+_[0-9a-f]+ was dropped\./)
        const filled = await check(project, '--data')
        assert.equal(filled.code, 1, filled.stdout + filled.stderr)
        assert.match(filled.stdout, /error: 0002_nick_required failed to apply \(forward\): operation 1 \(alterColumn\): column "nick" of relation "people" contains null values/)
        assert.match(filled.stdout, /SQL: ALTER TABLE "people" ALTER COLUMN "nick" SET NOT NULL/)
        const shop = new TempProject({ 'strata.yaml': `databases:\n  default: ${POSTGRES_TEST_URL}\n` })
        try {
          await make(shop, SHOP, 'initial')
          await make(shop, SHOP_NEXT, 'more')
          const p = proof(await check(shop, '--data', '--json'))
          assert.equal(p.proven, true, JSON.stringify(p.failure))
          assert.equal(p.scratch.kind, 'server')
          assert.deepEqual(p.gaps, [])
        } finally {
          shop.cleanup()
        }
        assert.deepEqual(await scratchDatabases(), [])
      } finally {
        project.cleanup()
      }
    })

    it('Ctrl-C while proving drops the scratch database', async () => {
      const project = new TempProject({ 'strata.yaml': `databases:\n  default: ${POSTGRES_TEST_URL}\n` })
      try {
        await make(project, PEOPLE, 'initial')
        project.write({
          'migrations/0002_slow.yaml': 'name: 0002_slow\ndependsOn: 0001_initial\nup:\n  - sql: { up: "SELECT pg_sleep(60)", down: "SELECT 1" }\n',
        })
        const child = spawn(process.execPath, [BIN, 'check'], { cwd: project.dir, env: { ...process.env, NO_COLOR: '1', STRATA_DATABASE_URL: '' } })
        let stdout = ''
        let stderr = ''
        child.stderr.on('data', (d) => (stderr += d))
        const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
        // Interrupt once the slow migration is running: its predecessor's line is printed.
        await new Promise<void>((resolve) => {
          child.stdout.on('data', (d) => {
            stdout += d
            if (/0001_initial +ok/.test(stdout)) resolve()
          })
          void exited.then(() => resolve())
        })
        const name = /scratch database (strata_check_\w+)/.exec(stdout)?.[1]
        assert.ok(name, stdout + stderr)
        assert.deepEqual(await scratchDatabases().then((d) => d.filter((x) => x === name)), [name])
        child.kill('SIGINT')
        assert.equal(await exited, 130, stdout + stderr)
        assert.match(stderr, /SIGINT: removing the scratch database/)
        assert.deepEqual((await scratchDatabases()).filter((x) => x === name), [])
      } finally {
        project.cleanup()
      }
    })
  })

  describeMysql('MySQL / MariaDB, a scratch database on the server', () => {
    it('proves a good project with --data, catches a unique over duplicates only with --data, and drops the scratch database', async () => {
      const selected = await freshMysqlDatabase()
      const project = new TempProject({ 'strata.yaml': `databases:\n  default: ${selected.url}\n` })
      const scratchOnServer = async () => {
        const client = await mysqlClient()
        try {
          return (await mysqlRows(client, "SHOW DATABASES LIKE 'strata\\_check\\_%'")).map((r) => Object.values(r)[0])
        } finally {
          await client.end()
        }
      }
      try {
        await make(project, SHOP, 'initial')
        await make(project, SHOP_NEXT, 'more')
        const good = proof(await check(project, '--data', '--json'))
        assert.equal(good.proven, true, JSON.stringify(good.failure))
        assert.equal(good.dialect, 'mysql')
        assert.equal(good.scratch.kind, 'server')
        assert.deepEqual(good.gaps, [])
        project.remove('migrations')
        await make(project, PEOPLE, 'initial')
        await make(project, UNIQUE_EMAIL, 'unique_email')
        assert.equal((await check(project)).code, 0)
        const filled = await check(project, '--data')
        assert.equal(filled.code, 1, filled.stdout + filled.stderr)
        assert.match(filled.stdout, /error: 0002_unique_email failed to apply \(forward\): operation 1 \(addUnique\): Duplicate entry/)
        assert.deepEqual(await scratchOnServer(), [])
      } finally {
        project.cleanup()
        await selected.drop()
      }
    })
  })
})
