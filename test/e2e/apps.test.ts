/**
 * Apps through the real CLI on every dialect: a three-app project (accounts;
 * billing, whose invoices reference accounts' users; shop, whose orders
 * reference both) made with `strata make`, migrated forward, to `APP
 * MIGRATION` targets backwards (another app's dependents reversed first) and
 * forwards, and to zero; read back with the database's own catalog. A
 * foreign key across apps without the dependency is refused, located.
 */
import { strict as assert } from 'node:assert'
import { runCli, succeeding } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { REJECTED, TARGETS, type TargetDatabase } from './targets'

const CONFIG = `apps:
  accounts: {}
  billing: {}
  shop: { schemas: shop/schemas, migrations: shop/migrations }
`
const USERS = 'tables:\n  users:\n    columns:\n      email: { type: string, length: 200 }\n'
const INVOICES = 'tables:\n  invoices:\n    columns:\n      total: { type: integer }\n    relations:\n      user: { belongsTo: users }\n'
const ORDERS =
  'tables:\n  orders:\n    columns:\n      item: { type: string, length: 50 }\n    relations:\n      user: { belongsTo: users }\n      invoice: { belongsTo: invoices, nullable: true }\n'

for (const target of Object.values(TARGETS)) {
  target.describe(`apps on ${target.dialect}`, function () {
    this.timeout(240000)
    const projects: TempProject[] = []
    const dbs: TargetDatabase[] = []
    after(async () => {
      for (const db of dbs) await db.drop()
      for (const p of projects) p.cleanup()
    })

    it('three apps with cross-app dependencies and foreign keys: forward, APP MIGRATION back and forth, zero', async () => {
      const project = new TempProject({
        'strata.yaml': CONFIG,
        'accounts/schemas/users.yaml': USERS,
        'billing/schemas/invoices.yaml': INVOICES,
        'shop/schemas/orders.yaml': ORDERS,
      })
      projects.push(project)
      const home = new TempProject()
      projects.push(home)
      const db = await target.create(home)
      dbs.push(db)
      const cli = (...args: string[]) => runCli([...args, '--database', db.url], { cwd: project.dir })
      const ok = succeeding(cli)
      const columns = async (table: string) => ((await db.dump()).tables[table]?.columns ?? []).map((c) => c.name).sort()

      // make for every app, in dependency order; the cross-app foreign keys add the dependencies.
      const made = await ok('make')
      assert.match(made.stdout, /Wrote accounts\/migrations\/0001_initial\.yaml[\s\S]*Wrote billing\/migrations\/0001_initial\.yaml[\s\S]*Wrote shop\/migrations\/0001_initial\.yaml/)
      assert.match(project.read('billing/migrations/0001_initial.yaml'), /^dependsOn: "?accounts:0001_initial"?$/m)
      assert.match(project.read('shop/migrations/0001_initial.yaml'), /^dependsOn: \[ ?"?accounts:0001_initial"?, "?billing:0001_initial"? ?\]$/m)
      project.write({
        'accounts/schemas/users.yaml': USERS + '      name: { type: string, length: 100, nullable: true }\n',
        'billing/schemas/invoices.yaml': INVOICES.replace('total: { type: integer }', 'total: { type: integer }\n      paid: { type: boolean, default: false }'),
      })
      await ok('make', 'accounts', 'user_names')
      await ok('make', 'billing')
      project.write({ 'shop/schemas/orders.yaml': ORDERS.replace('item: { type: string, length: 50 }', 'item: { type: string, length: 50 }\n      qty: { type: integer, default: 1 }') })
      await ok('make', 'shop', 'quantities')
      assert.deepEqual(project.migrationFiles('accounts/migrations'), ['0001_initial.yaml', '0002_user_names.yaml'])
      assert.deepEqual(project.migrationFiles('shop/migrations'), ['0001_initial.yaml', '0002_quantities.yaml'])
      await ok('make', '--check')

      // Forward: one history table, rows carrying the app.
      await ok('migrate')
      const full = await db.dump()
      assert.deepEqual(Object.keys(full.tables).sort(), ['invoices', 'orders', 'users'])
      assert.deepEqual(
        (await db.rows("SELECT name FROM strata_migrations WHERE name NOT LIKE 'strata:%' ORDER BY name")).map((r) => r.name),
        ['accounts:0001_initial', 'accounts:0002_user_names', 'billing:0001_initial', 'billing:0002_add_invoices_paid', 'shop:0001_initial', 'shop:0002_quantities'],
      )
      await db.exec("INSERT INTO users (email) VALUES ('ann@example.com')")
      assert.match(await db.rejects('INSERT INTO invoices (total, user_id) VALUES (10, 999)'), REJECTED.foreignKey)
      const status = await ok('status')
      assert.match(status.stdout, /\[X\] shop:0001_initial {2}\(after accounts:0001_initial \+ billing:0001_initial\)/)
      const billingOnly = await ok('status', 'billing')
      assert.deepEqual(billingOnly.stdout.trim().split('\n').slice(1).map((l) => l.replace(/ {2}.*$/, '')), ['[X] billing:0001_initial', '[X] billing:0002_add_invoices_paid'])
      const sql = await ok('sql', 'billing', '0001')
      assert.match(sql.stdout, /-- billing:0001_initial \(up/)
      assert.match(sql.stdout, /REFERENCES [`"]users[`"]/)

      // Back within one app: only its own later migration goes.
      await db.exec('DELETE FROM users')
      const back = await ok('migrate', 'accounts', '0001')
      assert.match(back.stdout, /Reversed accounts:0002_user_names/)
      assert.doesNotMatch(back.stdout, /billing|shop/)
      assert.deepEqual(await columns('users'), ['email', 'id'])
      assert.deepEqual(await columns('invoices'), ['id', 'paid', 'total', 'user_id'])

      // Back to zero for one app: the other app's migrations that depend on it are reversed first.
      const zeroBilling = await ok('migrate', 'billing', 'zero')
      const order = [...zeroBilling.stdout.matchAll(/Reversed (\S+)/g)].map((m) => m[1])
      assert.deepEqual(new Set(order), new Set(['shop:0002_quantities', 'billing:0002_add_invoices_paid', 'shop:0001_initial', 'billing:0001_initial']))
      assert.ok(order.indexOf('shop:0001_initial') < order.indexOf('billing:0001_initial'), order.join(', '))
      assert.deepEqual(Object.keys((await db.dump()).tables).sort(), ['users'])

      // Forward to one app's migration: what it depends on in the other apps comes along, nothing more.
      const forward = await ok('migrate', 'shop', '0002')
      assert.match(forward.stdout, /Applied billing:0001_initial[\s\S]*Applied shop:0001_initial[\s\S]*Applied shop:0002_quantities/)
      assert.doesNotMatch(forward.stdout, /accounts:0002|billing:0002/)
      assert.deepEqual(await columns('invoices'), ['id', 'total', 'user_id'])
      assert.deepEqual(await columns('orders'), ['id', 'invoice_id', 'item', 'qty', 'user_id'])

      // Everything, then zero.
      await ok('migrate')
      assert.deepEqual(await db.dump(), full)
      await ok('status')
      await ok('migrate', 'zero')
      assert.deepEqual(await db.tables(), ['strata_migrations'])
      await ok('migrate')
      assert.deepEqual(await db.dump(), full)

      // Without apps' shape: a migration name alone is not enough, an unknown app is named.
      const bare = await cli('migrate', '0001')
      assert.equal(bare.code, 2, bare.stderr)
      assert.match(bare.stderr, /"0001" is not an app of this project \(apps: accounts, billing, shop\)/)

      // A foreign key to another app's table without the dependency: refused, located, nothing applied.
      project.write({
        'billing/migrations/0003_refunds.yaml': `name: 0003_refunds
dependsOn: 0002_add_invoices_paid
up:
  - createTable:
      name: refunds
      columns:
        - { name: id, type: bigint, primaryKey: true, autoincrement: true }
        - { name: order_id, type: bigint }
      foreignKeys: [ { columns: [ order_id ], references: { table: orders, columns: [ id ] } } ]
`,
      })
      const refused = await cli('migrate')
      assert.equal(refused.code, 2, refused.stdout + refused.stderr)
      assert.match(
        refused.stderr,
        /billing\/migrations\/0003_refunds\.yaml:4:5 +error +migration "billing:0003_refunds": a foreign key references table "orders" of app shop, but this migration does not depend on shop:0001_initial/,
      )
      assert.ok(!(await db.tables()).includes('refunds'))
    })
  })
}
