/**
 * The safety net through the real CLI: `strata lint` (exit codes, --json,
 * suppression in the migration file and in strata.yaml), `make` printing what
 * it deletes and refusing to drop most tables, an empty schemas folder, the
 * lint gate of `migrate`, and the enum value added and used that `make`
 * splits so that it applies on PostgreSQL.
 */
import { strict as assert } from 'node:assert'
import { type CliResult, runCli, succeeding } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { applyOperations } from '../../src/diff/apply'
import { invert } from '../../src/diff/invert'
import { makeMigrationRecord, writeMigration } from '../../src/migrations/migration-file'
import { nextSnapshot, writeSnapshot } from '../../src/migrations/snapshot'
import { readMigrationState } from '../../src/migrations/state'
import { loadProject } from '../../src/project'
import { decode } from '../lint/helpers'
import { TARGETS, type TargetDatabase } from './targets'

const ORDERS = `tables:
  orders:
    columns:
      note: { type: string, length: 200, nullable: true }
      amount: double
  items:
    columns:
      name: text
  extra:
    columns:
      x: text
`
const CHANGED = `tables:
  orders:
    columns:
      note: { type: string, length: 200, nullable: true }
      amount: integer
  extra:
    columns:
      x: text
`

for (const target of Object.values(TARGETS)) {
  target.describe(`lint, make and migrate's lint gate on ${target.dialect}`, function () {
    this.timeout(120000)
    let project: TempProject
    let db: TargetDatabase
    const run = (...args: string[]): Promise<CliResult> => runCli(args, { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
    const ok = succeeding(run)
    const history = async () => (await db.rows("SELECT name FROM strata_migrations WHERE name NOT LIKE 'strata:%' ORDER BY name")).map((r) => r.name)

    beforeEach(async () => {
      project = new TempProject({ 'schemas/app.yaml': ORDERS })
      db = await target.create(project)
      await ok('make')
      await ok('migrate')
      await db.exec("INSERT INTO orders (id, note, amount) VALUES (4, NULL, 1.75), (9, 'x', 2.5), (17, NULL, 3); INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b')")
    })
    afterEach(async () => {
      await db.drop()
      project.cleanup()
    })

    it('make names what it deletes with the row counts; lint exits 1 on rounding values; migrate stops before touching anything', async () => {
      project.write({ 'schemas/app.yaml': CHANGED })
      const made = await ok('make', 'shrink')
      assert.match(made.stderr, /0002_shrink\.yaml:\d+:\d+ {2}warning {2}DS101 .*drops table "items"/)
      assert.match(made.stderr, /warning {2}DT601 .*drops table "items" holding 2 rows, e\.g\. id=1, 2/)
      assert.match(made.stderr, /warning {2}DS105 .*"orders\.amount" from double to integer, which rounds fractional values/)
      assert.match(made.stderr, /error {2}DT607 .*2 rows of orders hold values in amount that double -> integer would round, cut or reject, e\.g\. id=4 \(1\.75\), 9 \(2\.5\)/)

      const lint = await run('lint')
      assert.equal(lint.code, 1, lint.stdout + lint.stderr)
      assert.match(lint.stdout, /migrations\/0002_shrink\.yaml:\d+:5 {2}error {2}DT607/)
      assert.match(lint.stdout, /1 migration \(0002_shrink\), \w+ rules, rows counted in .*: 1 error, \d+ warnings/)
      const json = JSON.parse((await run('lint', '--json')).stdout)
      const dt = json.findings.find((f: { code: string }) => f.code === 'DT607')
      assert.deepEqual([dt.severity, dt.migration, dt.operation, dt.operationKind, dt.rows, dt.examples], ['error', '0002_shrink', 2, 'alterColumn', 2, ['id=4 (1.75)', '9 (2.5)']])
      assert.equal((await run('lint', '--no-db')).code, 0, 'without a database only warnings remain')

      const before = await db.dump()
      const gated = await run('migrate')
      assert.equal(gated.code, 1, gated.stdout + gated.stderr)
      assert.match(gated.stderr, /DT607/)
      assert.match(gated.stderr, /1 lint error: nothing was applied/)
      assert.deepEqual(await db.dump(), before)
      assert.deepEqual(await history(), ['0001_initial'])
      const gatedJson = JSON.parse((await run('migrate', '--json')).stdout)
      assert.equal(gatedJson.stopped, true)
      assert.ok(gatedJson.lint.findings.some((f: { code: string }) => f.code === 'DT607'))

      // Suppressed in the migration file, with its reason: lint passes, migrate applies.
      const file = 'migrations/0002_shrink.yaml'
      project.write({ [file]: project.read(file).replace(/^up:/m, 'lint:\n  ignore: [DT607]\n  reason: amounts are whole numbers by contract\nup:') })
      const suppressed = await run('lint')
      assert.equal(suppressed.code, 0, suppressed.stdout + suppressed.stderr)
      assert.match(suppressed.stdout, /suppressed {2}DT607 {2}by the migration file: amounts are whole numbers by contract/)
      await ok('migrate')
      assert.deepEqual(await history(), ['0001_initial', '0002_shrink'])
    })

    it('migrate --fake skips the lint gate: it records without applying anything, so there is nothing to stop', async () => {
      project.write({ 'schemas/app.yaml': CHANGED })
      await ok('make', 'shrink')
      assert.equal((await run('migrate')).code, 1, 'the gate stops a real migrate')
      const before = await db.dump()
      const faked = await ok('migrate', '--fake')
      assert.doesNotMatch(faked.stderr, /DT607|lint error/)
      assert.match(faked.stdout, /0002_shrink \(fake\)/)
      assert.deepEqual(await history(), ['0001_initial', '0002_shrink'])
      assert.deepEqual(await db.dump(), before, 'nothing applied')
      const back = JSON.parse((await ok('migrate', '0001', '--fake', '--json')).stdout)
      assert.equal(back.fake, true)
      assert.equal(back.lint, undefined)
      assert.deepEqual(await history(), ['0001_initial'])
    })

    it('suppression per project in strata.yaml; an unknown code is a located error', async () => {
      project.write({ 'schemas/app.yaml': CHANGED })
      await ok('make', 'shrink')
      project.write({ 'strata.yaml': 'lint:\n  ignore: [values-do-not-fit-type]\n' })
      const lint = await run('lint')
      assert.equal(lint.code, 0, lint.stdout + lint.stderr)
      assert.match(lint.stdout, /suppressed {2}DT607 {2}by the project \(strata\.yaml\)/)
      project.write({ 'strata.yaml': 'lint:\n  ignore: [DT607, XX999]\n' })
      const bad = await run('lint')
      assert.equal(bad.code, 2, bad.stdout + bad.stderr)
      assert.match(bad.stderr, /strata\.yaml:2:\d+ {2}lint\.ignore: "XX999" is not a lint rule/)
    })

    it('make refuses to drop every table (or more than half) unless --allow-drop-all; an empty schemas folder is exit 2', async () => {
      const files = project.fingerprint()
      project.write({ 'schemas/app.yaml': 'tables: {}\n' })
      const refused = await run('make')
      assert.equal(refused.code, 2, refused.stdout + refused.stderr)
      assert.match(refused.stderr, /would drop every table \(extra, items, orders\); nothing was written.*--allow-drop-all/)
      project.write({ 'schemas/app.yaml': 'tables:\n  extra:\n    columns:\n      x: text\n' })
      const most = await run('make')
      assert.equal(most.code, 2)
      assert.match(most.stderr, /would drop 2 of the 3 tables/)
      project.remove('schemas/app.yaml')
      for (const command of ['make', 'validate']) {
        const empty = await run(command)
        assert.equal(empty.code, 2, empty.stdout + empty.stderr)
        assert.match(empty.stderr, /no schema files \(\*\.yaml, \*\.yml\) in "schemas"/)
      }
      const after = project.fingerprint()
      delete (files as Record<string, string>)['schemas/app.yaml']
      assert.deepEqual(Object.keys(after).filter((f) => f.startsWith('migrations/')), Object.keys(files).filter((f) => f.startsWith('migrations/')))
      project.write({ 'schemas/app.yaml': 'tables: {}\n' })
      const allowed = await ok('make', '--allow-drop-all', 'reset')
      assert.match(allowed.stdout, /Wrote migrations\/0002_reset\.yaml/)
    })
  })
}

TARGETS.postgres.describe('an enum value added and used: make splits it, and it applies on PostgreSQL', function () {
  this.timeout(120000)
  let project: TempProject
  let db: TargetDatabase
  const run = (...args: string[]): Promise<CliResult> => runCli(args, { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
  beforeEach(async () => {
    project = new TempProject({ 'schemas/app.yaml': 'tables:\n  users:\n    columns:\n      role: { type: enum, values: [admin, reader] }\n' })
    db = await TARGETS.postgres.create(project)
    assert.equal((await run('make')).code, 0)
    assert.equal((await run('migrate')).code, 0)
    await db.exec("INSERT INTO users (role) VALUES ('admin'), ('reader')")
  })
  afterEach(async () => {
    await db.drop()
    project.cleanup()
  })

  it('two migrations, the value first; both apply; the default is the new value', async () => {
    project.write({ 'schemas/app.yaml': 'tables:\n  users:\n    columns:\n      role: { type: enum, values: [admin, reader, guest], default: guest }\n' })
    const made = await run('make')
    assert.equal(made.code, 0, made.stderr)
    assert.match(made.stdout, /Wrote migrations\/0002_\w+\.yaml\nWrote migrations\/0003_\w+\.yaml/)
    assert.match(made.stderr, /an enum value is added and used in the same change: written as 0002_\w+ and 0003_\w+/)
    const lint = await run('lint')
    assert.equal(lint.code, 0, lint.stdout)
    const migrate = await run('migrate')
    assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr)
    assert.deepEqual(await db.rows("SELECT enum_range(NULL::users_role)::text AS r"), [{ r: '{admin,reader,guest}' }])
    await db.exec('INSERT INTO users DEFAULT VALUES')
    assert.deepEqual(await db.rows('SELECT role::text FROM users ORDER BY id'), [{ role: 'admin' }, { role: 'reader' }, { role: 'guest' }])
  })

  it('the same change written as one migration: lint OR401 stops migrate; forced, PostgreSQL refuses it as predicted', async () => {
    // Written through the library as `make` would have before the split.
    const strata = loadProject({ cwd: project.dir })
    const state = readMigrationState(strata, project.dir)
    const up = decode([
      { alterEnum: { name: 'users_role', from: ['admin', 'reader'], to: ['admin', 'reader', 'guest'] } },
      { alterColumn: { table: 'users', column: 'role', from: {}, to: { default: 'guest' } } },
    ])
    const record = makeMigrationRecord('0002_guest', '0001_initial', up, invert(state.schema, up))
    writeMigration(strata.migrations, record)
    writeSnapshot(strata.migrations, nextSnapshot(state.snapshot, record, applyOperations(state.schema, up)))

    const lint = await run('lint')
    assert.equal(lint.code, 1, lint.stdout + lint.stderr)
    assert.match(lint.stdout, /0002_guest\.yaml:\d+:5 {2}error {2}OR401 .*adds 'guest' to enum "users_role" and uses it in operation 2 \(alterColumn\)/)
    const gated = await run('migrate')
    assert.equal(gated.code, 1)
    assert.deepEqual(await db.rows("SELECT enum_range(NULL::users_role)::text AS r"), [{ r: '{admin,reader}' }])
    const forced = await run('migrate', '--force')
    assert.equal(forced.code, 3, forced.stdout + forced.stderr)
    assert.match(forced.stderr, /unsafe use of new value "guest"/)
  })
})
