/**
 * `strata introspect` (issue 7 item 11): the report by object kind, printed
 * and in --json; --strict exits 1 on a database holding what strata does
 * not keep and 0 on one it keeps whole; strata.yaml is written with the
 * database read (unless there is one), so the next command needs no -d; a
 * refusal names the database object and what to do, never a schema file
 * that was not written.
 */
import { strict as assert } from 'node:assert'
import { configUrl } from '../../src/migrations/introspect-config'
import { runCli } from '../helpers/cli'
import { describePostgres } from '../helpers/postgres'
import { TempProject } from '../helpers/project'
import { postgresTarget, sqliteTarget } from '../e2e/targets'

interface Report {
  report: { byKind: { kind: string; modelled: number; raw: { kind: string; name: string; how: string }[]; notKept: { kind: string; name: string; reason: string }[] }[] }
  config?: { path: string; password: boolean }
}

describe('introspect: strata.yaml and refusals (SQLite)', function () {
  this.timeout(120000)

  it('writes strata.yaml naming the database read, relative inside the project; the next commands need no -d', async () => {
    const project = new TempProject()
    try {
      project.write({ 'data/app.db': '' })
      const db = await sqliteTarget.create()
      const url = `sqlite:${project.dir}/data/app.db`
      await db.drop()
      const { default: Database } = await import('better-sqlite3')
      const raw = new Database(`${project.dir}/data/app.db`)
      raw.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)')
      raw.close()
      const r = await runCli(['introspect', '--strict', '-d', url], { cwd: project.dir })
      assert.equal(r.code, 0, r.stderr)
      assert.match(r.stdout, /^Wrote strata\.yaml with this database as default, so the next command needs no -d$/m)
      assert.match(r.stdout, /^By kind:\n {2}table +1 modelled\n {2}column +2 modelled\n {2}constraint +1 modelled\n/m)
      assert.match(project.read('strata.yaml'), /^databases:\n {2}default: sqlite:\.\/data\/app\.db\n/m)
      const status = await runCli(['status'], { cwd: project.dir })
      assert.equal(status.code, 0, status.stdout + status.stderr)
      assert.match(status.stdout, /\[X\] 0001_baseline/)
      const diff = await runCli(['diff', '--db'], { cwd: project.dir })
      assert.equal(diff.code, 0, diff.stdout + diff.stderr)
    } finally {
      project.cleanup()
    }
  })

  it('leaves an existing strata.yaml as it is', async () => {
    const db = await sqliteTarget.create()
    const config = '# mine\nschemas: schemas\nmigrations: migrations\n'
    const project = new TempProject({ 'strata.yaml': config })
    try {
      await db.script('CREATE TABLE items (id INTEGER PRIMARY KEY)')
      const r = await runCli(['introspect', '--json', '-d', db.url], { cwd: project.dir })
      assert.equal(r.code, 0, r.stderr)
      assert.equal((JSON.parse(r.stdout) as Report).config, undefined)
      assert.equal(project.read('strata.yaml'), config)
    } finally {
      project.cleanup()
      await db.drop()
    }
  })

  it('a refusal names the database object and what to do, not a schema file that was never written: exit 2, nothing written', async () => {
    const db = await sqliteTarget.create()
    const project = new TempProject()
    const long = `orders_${'x'.repeat(70)}`
    try {
      await db.script(`CREATE TABLE "${long}" (id INTEGER PRIMARY KEY); CREATE TABLE "_strata_new_t" (id INTEGER PRIMARY KEY)`)
      const before = project.fingerprint()
      const r = await runCli(['introspect', '-d', db.url], { cwd: project.dir })
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, new RegExp(`table "${long}": the name is 77 bytes long; PostgreSQL's limit is 63 bytes`))
      assert.match(r.stderr, /table "_strata_new_t": the name is reserved: strata's SQLite table rebuild uses names starting _strata_new_/)
      assert.match(r.stderr, /holds 2 things strata's schema files do not accept, so nothing was written/)
      assert.match(r.stderr, /Change or rename them in the database \(strata cannot manage such an object\), then run strata introspect again/)
      assert.doesNotMatch(r.stderr, /schemas\/|\.yaml/)
      assert.deepEqual(project.fingerprint(), before)
    } finally {
      project.cleanup()
      await db.drop()
    }
  })

  it('strata.yaml keeps no password: it becomes ${STRATA_DATABASE_PASSWORD}', () => {
    assert.deepEqual(configUrl('postgres://app:s3cr%40t@db.internal:5432/shop?schema=app', '/p'), {
      url: 'postgres://app:${STRATA_DATABASE_PASSWORD}@db.internal:5432/shop?schema=app',
      password: true,
    })
    assert.deepEqual(configUrl('postgres://app@db.internal/shop', '/p'), { url: 'postgres://app@db.internal/shop', password: false })
    assert.deepEqual(configUrl('sqlite:/p/db/app.sqlite3', '/p'), { url: 'sqlite:./db/app.sqlite3', password: false })
    assert.deepEqual(configUrl('sqlite:/elsewhere/app.sqlite3', '/p'), { url: 'sqlite:/elsewhere/app.sqlite3', password: false })
  })
})

describePostgres('introspect: the report by kind, --strict (PostgreSQL)', function () {
  this.timeout(120000)

  it('prints and returns modelled, kept as native / raw SQL, and not kept by kind; --strict exits 1 and writes nothing', async () => {
    const db = await postgresTarget.create()
    const project = new TempProject()
    try {
      await db.script(`CREATE TABLE hosts (id bigint PRIMARY KEY, addr inet NOT NULL, seen timestamptz DEFAULT clock_timestamp(), name text);
        CREATE INDEX hosts_name_idx ON hosts (name);
        CREATE STATISTICS hosts_stats ON addr, name FROM hosts;
        CREATE TEXT SEARCH CONFIGURATION hosts_ts (COPY = english);`)
      const before = project.fingerprint()
      const strict = await runCli(['introspect', '--strict', '-d', db.url], { cwd: project.dir })
      assert.equal(strict.code, 1, strict.stdout + strict.stderr)
      assert.match(strict.stderr, /text search configuration hosts_ts: not modelled/)
      assert.deepEqual(project.fingerprint(), before)

      const r = await runCli(['introspect', '--json', '-d', db.url], { cwd: project.dir })
      assert.equal(r.code, 0, r.stderr)
      const json = JSON.parse(r.stdout) as Report
      const kinds = Object.fromEntries(json.report.byKind.map((k) => [k.kind, k]))
      assert.deepEqual(Object.keys(kinds), ['table', 'column', 'column default', 'index', 'constraint', 'statistics', 'text search configuration'])
      assert.equal(kinds.table!.modelled, 1)
      assert.equal(kinds.column!.modelled, 4)
      assert.deepEqual(kinds.column!.raw, [{ kind: 'column', name: 'hosts.addr', how: 'type kept as native (postgres: inet), it has no portable type' }])
      assert.deepEqual(kinds['column default']!.raw.map((x) => x.name), ['hosts.seen'])
      assert.equal(kinds.index!.modelled, 1)
      assert.deepEqual(kinds['text search configuration'], { kind: 'text search configuration', modelled: 0, raw: [], notKept: [{ kind: 'text search configuration', name: 'hosts_ts', reason: 'not modelled' }] })
      assert.deepEqual(kinds.statistics, {
        kind: 'statistics',
        modelled: 0,
        raw: [],
        notKept: [],
        sql: [{ kind: 'statistics', name: 'hosts_stats', how: 'not modelled, kept as raw SQL (the sql entry hosts_stats)' }],
      })
      assert.ok((JSON.parse(r.stdout) as { warnings: string[] }).warnings.includes('statistics hosts_stats: not modelled, kept as raw SQL (the sql entry hosts_stats)'))
      assert.equal(json.config?.path, 'strata.yaml')
      assert.equal(json.config?.password, false)
      // The baseline says at its top, and the output says, which columns SQLite cannot run.
      const head = project.read('migrations/0001_baseline.yaml').split('\n').slice(0, 3).join('\n')
      assert.match(head, /^# WARNING: this baseline uses types that sqlite cannot run, so `strata sql --dialect sqlite` and `migrate` on sqlite refuse it: hosts\.addr \(inet\); add native\.sqlite to those columns to run them there\.$/m)
      assert.deepEqual((JSON.parse(r.stdout) as { unrunnable: unknown[] }).unrunnable[0], { dialect: 'sqlite', columns: [{ column: 'hosts.addr', type: 'inet' }] })
      const sql = await runCli(['sql', '1', '--dialect', 'sqlite'], { cwd: project.dir })
      assert.equal(sql.code, 2, sql.stdout + sql.stderr)
    } finally {
      project.cleanup()
      await db.drop()
    }
  })

  it('prints the report by kind; --strict exits 0 on a database it keeps whole', async () => {
    const db = await postgresTarget.create()
    const project = new TempProject()
    try {
      await db.script(`CREATE TABLE hosts (id bigint PRIMARY KEY, addr inet NOT NULL, seen timestamptz DEFAULT clock_timestamp());
        CREATE TYPE mood AS ENUM ('up', 'down'); CREATE TABLE checks (id bigint PRIMARY KEY, host_id bigint REFERENCES hosts (id), mood mood);`)
      const r = await runCli(['introspect', '--strict', '-d', db.url], { cwd: project.dir })
      assert.equal(r.code, 0, r.stderr)
      assert.match(
        r.stdout,
        /^By kind:\n {2}table +2 modelled\n {2}column +6 modelled, 1 of them kept as native types or raw SQL\n {2}column default +1 modelled, 1 of them kept as native types or raw SQL\n {2}constraint +3 modelled\n {2}enum +1 modelled\n/m,
      )
      assert.match(project.read('strata.yaml'), new RegExp(`^ {2}default: ${db.url.replace(/[.?]/g, '\\$&')}$`, 'm'))
      const status = await runCli(['status'], { cwd: project.dir })
      assert.equal(status.code, 0, status.stdout + status.stderr)
    } finally {
      project.cleanup()
      await db.drop()
    }
  })
})
