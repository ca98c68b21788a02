/**
 * The commands beyond migrate/status/sql/make on a project with apps,
 * through the real CLI on every dialect: `make --undo APP` (byte for byte,
 * refused where applied or depended on), `make --merge APP` (two branches in
 * one app), `snapshot [APP] --rebuild`, `diff [APP]` and `diff --db`, `erd
 * --app`, `seed` across apps, and `introspect APP` adopting a database into
 * one app. Read back with the database's own catalog.
 */
import { strict as assert } from 'node:assert'
import { runCli, succeeding } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { ignoringColumnOrder } from '../helpers/database-shape'
import { TARGETS, type TargetDatabase } from './targets'

const CONFIG = 'apps:\n  accounts: {}\n  billing: {}\n'
const USERS = 'tables:\n  users:\n    columns:\n      email: { type: string, length: 200 }\n'
const INVOICES = 'tables:\n  invoices:\n    columns:\n      total: { type: integer }\n    relations:\n      user: { belongsTo: users }\n'
const withColumns = (...lines: string[]) => INVOICES.replace('      total: { type: integer }\n', `      total: { type: integer }\n${lines.map((l) => `      ${l}\n`).join('')}`)

for (const target of Object.values(TARGETS)) {
  target.describe(`commands on a project with apps, on ${target.dialect}`, function () {
    this.timeout(300000)
    const projects: TempProject[] = []
    const dbs: TargetDatabase[] = []
    after(async () => {
      for (const db of dbs) await db.drop()
      for (const p of projects) p.cleanup()
    })
    const database = async () => {
      const home = new TempProject()
      projects.push(home)
      const db = await target.create(home)
      dbs.push(db)
      return db
    }

    it('undo, merge, snapshot, diff, erd and seed take APP or work across apps', async () => {
      const project = new TempProject({ 'strata.yaml': CONFIG, 'accounts/schemas/users.yaml': USERS, 'billing/schemas/invoices.yaml': INVOICES })
      projects.push(project)
      const db = await database()
      const cli = (...args: string[]) => runCli([...args, '--database', db.url], { cwd: project.dir })
      const ok = succeeding(cli)
      const fails = async (code: number, pattern: RegExp, ...args: string[]) => {
        const before = project.fingerprint()
        const result = await cli(...args)
        assert.equal(result.code, code, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
        assert.match(result.stderr, pattern)
        assert.deepEqual(project.fingerprint(), before, `strata ${args.join(' ')} wrote nothing`)
        return result
      }
      await ok('make')
      await ok('migrate')

      // diff: every app's files, one app's, the database.
      project.write({ 'billing/schemas/invoices.yaml': withColumns('paid: { type: boolean, default: false }') })
      const all = await cli('diff')
      assert.equal(all.code, 1, all.stdout + all.stderr)
      assert.match(all.stdout, /\+ +paid: \{ type: boolean, default: false \}/)
      assert.match(all.stdout, /\+ column invoices\.paid/)
      assert.equal((await cli('diff', 'billing')).code, 1)
      await ok('diff', 'accounts')
      await ok('diff', '--db')
      await fails(2, /app "shop" is not in strata\.yaml \(apps: accounts, billing\)/, 'diff', 'shop')

      // erd: every app's tables, or one app's.
      const erd = await ok('erd')
      assert.match(erd.stdout, /users \{[\s\S]*invoices \{|invoices \{[\s\S]*users \{/)
      const billingErd = await ok('erd', '--app', 'billing')
      assert.match(billingErd.stdout, /invoices \{/)
      assert.doesNotMatch(billingErd.stdout, /users \{/)

      // make --undo APP: an unapplied migration goes, the app's folder byte for byte as before.
      const unmade = project.fingerprint()
      await ok('make', 'billing', 'paid')
      await fails(2, /with apps, make --undo takes an APP \(apps: accounts, billing\)/, 'make', '--undo')
      await fails(2, /accounts:0001_initial cannot be undone: billing:0001_initial depends on it/, 'make', '--undo', 'accounts')
      const undo = await ok('make', '--undo', 'billing')
      assert.match(undo.stdout, /Removed billing\/migrations\/0002_paid\.yaml \(not applied to /)
      assert.deepEqual(project.fingerprint(), unmade)
      // Applied: refused, the database named.
      await ok('make', 'billing', 'paid')
      await ok('migrate')
      await fails(3, /billing:0002_paid is applied to \S+: it cannot be undone while a database has it\. Reverse it there first \(`strata migrate billing 0001_initial`\)/, 'make', '--undo', 'billing')

      // Two branches in billing, merged in billing.
      const shared = project.read('billing/migrations/snapshot.json')
      project.write({ 'billing/schemas/invoices.yaml': withColumns('paid: { type: boolean, default: false }', 'note: { type: string, length: 50, nullable: true }') })
      await ok('make', 'billing', 'notes')
      const notes = project.read('billing/migrations/0003_notes.yaml')
      const notesSnapshot = project.read('billing/migrations/snapshot.json')
      project.remove('billing/migrations/0003_notes.yaml')
      project.write({
        'billing/migrations/snapshot.json': shared,
        'billing/schemas/invoices.yaml': withColumns('paid: { type: boolean, default: false }', 'due: { type: date, nullable: true }'),
      })
      await ok('make', 'billing', 'dues')
      await ok('migrate')
      project.write({
        'billing/migrations/0003_notes.yaml': notes,
        'billing/migrations/snapshot.json': notesSnapshot,
        'billing/schemas/invoices.yaml': withColumns('paid: { type: boolean, default: false }', 'due: { type: date, nullable: true }', 'note: { type: string, length: 50, nullable: true }'),
      })
      await fails(2, /both follow billing:0002_paid.*strata make --merge billing/, 'status')
      await fails(2, /with apps, make --merge takes an APP/, 'make', '--merge')
      await fails(2, /there is no conflict to merge in app accounts/, 'make', '--merge', 'accounts')
      const merge = await ok('make', '--merge', 'billing')
      assert.match(merge.stdout, /Wrote billing\/migrations\/0004_merge_0003_dues_0003_notes\.yaml/)
      assert.match(project.read('billing/migrations/0004_merge_0003_dues_0003_notes.yaml'), /^dependsOn: \[ ?0003_dues, 0003_notes ?\]$/m)
      assert.equal(project.read('billing/migrations/0003_notes.yaml'), notes)
      await ok('make', '--check')
      await ok('migrate')
      await ok('status')
      assert.deepEqual(
        ignoringColumnOrder(await db.dump()).tables.invoices!.columns.map((c) => c.name),
        ['due', 'id', 'note', 'paid', 'total', 'user_id'],
      )

      // snapshot [APP] --rebuild: a deleted snapshot comes back byte for byte.
      const merged = project.read('billing/migrations/snapshot.json')
      const accounts = project.read('accounts/migrations/snapshot.json')
      project.remove('billing/migrations/snapshot.json')
      const stale = await cli('snapshot')
      assert.equal(stale.code, 1, stale.stdout + stale.stderr)
      await ok('snapshot', 'accounts')
      const rebuilt = await ok('snapshot', 'billing', '--rebuild')
      assert.match(rebuilt.stdout, /Wrote billing\/migrations\/snapshot\.json from the migrations/)
      assert.equal(project.read('billing/migrations/snapshot.json'), merged)
      assert.equal(project.read('accounts/migrations/snapshot.json'), accounts)
      await ok('snapshot')

      // seed: fixtures for tables of both apps, in foreign-key order, idempotent.
      project.write({ 'seeds/dev.yaml': 'invoices:\n  - { id: 1, total: 5, user_id: 1 }\nusers:\n  - { id: 1, email: ann@example.com }\n' })
      await ok('seed')
      await ok('seed')
      assert.deepEqual(await db.rows('SELECT i.total AS total, u.email AS email FROM invoices i JOIN users u ON u.id = i.user_id'), [{ total: 5, email: 'ann@example.com' }])
    })

    it('introspect APP adopts a database into one app; without APP it is refused', async () => {
      const db = await database()
      await db.exec('CREATE TABLE things (id integer PRIMARY KEY, label varchar(20) NOT NULL)')
      const project = new TempProject({ 'strata.yaml': 'apps:\n  legacy: {}\n  notes: {}\n' })
      projects.push(project)
      const cli = (...args: string[]) => runCli([...args, '--database', db.url], { cwd: project.dir })
      const refused = await cli('introspect')
      assert.equal(refused.code, 2, refused.stdout + refused.stderr)
      assert.match(refused.stderr, /this project has apps: give introspect APP/)
      const adopted = await cli('introspect', 'legacy')
      assert.equal(adopted.code, 0, adopted.stdout + adopted.stderr)
      assert.match(adopted.stdout, /Wrote 1 schema file under legacy\/schemas, legacy\/migrations\/0001_baseline\.yaml and the snapshot/)
      assert.match(adopted.stdout, /Recorded legacy:0001_baseline as applied/)
      assert.deepEqual(project.migrationFiles('legacy/migrations'), ['0001_baseline.yaml'])
      assert.deepEqual((await db.rows("SELECT name FROM strata_migrations WHERE name NOT LIKE 'strata:%'")).map((r) => r.name), ['legacy:0001_baseline'])
      // The other app builds on it.
      project.write({ 'notes/schemas/notes.yaml': 'tables:\n  notes:\n    columns:\n      body: { type: text }\n    relations:\n      thing: { belongsTo: things }\n' })
      assert.equal((await cli('make')).code, 0)
      assert.match(project.read('notes/migrations/0001_initial.yaml'), /^dependsOn: "?legacy:0001_baseline"?$/m)
      const migrated = await cli('migrate')
      assert.equal(migrated.code, 0, migrated.stdout + migrated.stderr)
      assert.deepEqual((await db.tables()).filter((t) => t !== 'strata_migrations'), ['notes', 'things'])
    })
  })
}
