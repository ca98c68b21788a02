/**
 * Views and triggers through the real binary, on SQLite, PostgreSQL and
 * MySQL, with rows: declared, made into migrations, applied, checked with the
 * database's own catalog (sqlite_master; pg_views, pg_matviews, pg_trigger,
 * pg_proc; information_schema.VIEWS and TRIGGERS),
 * changed (a type change that rebuilds the table on SQLite; a column a view
 * selects renamed and retyped in one migration), reversed, dropped; a hand
 * change named by `diff --db`. Triggers are checked by firing them, views by
 * selecting from them.
 */
import { strict as assert } from 'node:assert'
import type { DialectName } from '../../src/dialects/dialect'
import { projectOn } from './project-on'
import { REJECTED, TARGETS, type TargetDatabase } from './targets'

const body = (statement: string) => `
      sqlite: "${statement};"
      postgres: "BEGIN ${statement}; RETURN NEW; END"
      mysql: "${statement};"`

const SCHEMA = (opts: { qty?: string; nameColumn?: string; nameType?: string; renamedFrom?: boolean } = {}) => {
  const name = opts.nameColumn ?? 'name'
  return `tables:
  items:
    columns:
      id: { type: integer, primaryKey: true }
      ${name}: { type: ${opts.nameType ?? 'string, length: 50'}${opts.renamedFrom ? ', renamedFrom: name' : ''} }
      qty: ${opts.qty ?? 'integer'}
  audit:
    columns:
      item_id: integer
      what: { type: string, length: 20 }
views:
  item_names:
    query: SELECT id, ${name} FROM items
  big_items:
    query: SELECT id, ${name}, qty FROM items WHERE qty > 10
  big_item_names:
    columns: [label]
    query: SELECT ${name} FROM big_items
triggers:
  items_insert_audit:
    table: items
    timing: after
    events: insert
    body:${body("INSERT INTO audit (item_id, what) VALUES (NEW.id, 'insert')")}
  items_qty_audit:
    table: items
    timing: after
    events: update
    of: [qty]
    when: NEW.qty <> OLD.qty
    body:${body("INSERT INTO audit (item_id, what) VALUES (NEW.id, 'qty')")}
`
}

/** Views and triggers as the database's own catalog lists them (sqlite_master, pg_views / pg_trigger, information_schema). */
async function catalog(db: TargetDatabase, dialect: DialectName): Promise<{ views: string[]; triggers: string[] }> {
  if (dialect === 'sqlite') {
    const rows = await db.rows("SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY name")
    return {
      views: rows.filter((r) => r.type === 'view').map((r) => String(r.name)),
      triggers: rows.filter((r) => r.type === 'trigger').map((r) => String(r.name)),
    }
  }
  if (dialect === 'mysql') {
    const views = await db.rows('SELECT TABLE_NAME AS name FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1')
    const triggers = await db.rows('SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1')
    // Sorted here: the server's collation puts `_` elsewhere than the other catalogs' byte order.
    return { views: views.map((r) => String(r.name)).sort(), triggers: triggers.map((r) => String(r.name)).sort() }
  }
  const views = await db.rows(
    "SELECT viewname AS name FROM pg_views WHERE schemaname = 'public' UNION SELECT matviewname FROM pg_matviews WHERE schemaname = 'public' ORDER BY 1",
  )
  const triggers = await db.rows('SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1')
  return { views: views.map((r) => String(r.name)), triggers: triggers.map((r) => String(r.name)) }
}

const ALL = {
  views: ['big_item_names', 'big_items', 'item_names'],
  triggers: ['items_insert_audit', 'items_qty_audit'],
}

for (const target of Object.values(TARGETS)) {
  target.describe(`views and triggers on ${target.dialect}, with rows`, function () {
    this.timeout(180000)
    const on = projectOn(target)
    const { cli, ok } = on
    const auditCount = async (what: string) =>
      Number((await on.db.rows(`SELECT count(*) AS n FROM audit WHERE what = '${what}'`))[0]!.n)


    it('created, fire and answer; survive a type change (a rebuild on SQLite); hand change named by diff --db; dropped', async () => {
      on.project.write({ 'schemas/app.yaml': SCHEMA() })
      await ok('make')
      await ok('migrate')
      assert.deepEqual(await catalog(on.db, target.dialect), ALL)
      await on.db.exec("INSERT INTO items (id, name, qty) VALUES (1, 'bolt', 5), (2, 'beam', 20)")
      assert.equal(await auditCount('insert'), 2)
      assert.deepEqual(await on.db.rows('SELECT label FROM big_item_names'), [{ label: 'beam' }])
      assert.equal((await cli('diff', '--db')).code, 0)

      // integer -> bigint: SQLite rebuilds the table (twelve steps), PostgreSQL
      // retypes it with the views dropped around the change.
      on.project.write({ 'schemas/app.yaml': SCHEMA({ qty: 'bigint' }) })
      const made = await ok('make')
      assert.match(made.stdout, /~ column items\.qty/)
      await ok('migrate')
      assert.deepEqual(await catalog(on.db, target.dialect), ALL)
      assert.deepEqual(await on.db.rows('SELECT id, name FROM item_names ORDER BY id'), [
        { id: 1, name: 'bolt' },
        { id: 2, name: 'beam' },
      ])
      await on.db.exec("INSERT INTO items (id, name, qty) VALUES (3, 'girder', 30)")
      await on.db.exec('UPDATE items SET qty = qty + 1 WHERE id = 1')
      assert.equal(await auditCount('insert'), 3)
      assert.equal(await auditCount('qty'), 1)
      assert.deepEqual(await on.db.rows('SELECT label FROM big_item_names ORDER BY label'), [{ label: 'beam' }, { label: 'girder' }])
      assert.equal((await cli('diff', '--db')).code, 0, 'no drift after the rebuild')

      // Back down: the type returns, triggers and views still there.
      await ok('migrate', '0001')
      assert.deepEqual(await catalog(on.db, target.dialect), ALL)
      await on.db.exec("INSERT INTO items (id, name, qty) VALUES (4, 'nut', 1)")
      assert.equal(await auditCount('insert'), 4)
      await ok('migrate')

      // A hand change: a trigger dropped outside strata.
      await on.db.exec(target.dialect === 'postgres' ? 'DROP TRIGGER items_qty_audit ON items' : 'DROP TRIGGER items_qty_audit')
      const drift = await cli('diff', '--db')
      assert.equal(drift.code, 1, drift.stdout + drift.stderr)
      assert.match(drift.stdout, /items_qty_audit/)
      const recreate: Record<DialectName, string> = {
        sqlite:
          "CREATE TRIGGER \"items_qty_audit\" AFTER UPDATE OF \"qty\" ON \"items\" FOR EACH ROW\nWHEN NEW.qty <> OLD.qty\nBEGIN\nINSERT INTO audit (item_id, what) VALUES (NEW.id, 'qty');\nEND",
        postgres: 'CREATE TRIGGER "items_qty_audit" AFTER UPDATE OF "qty" ON "items" FOR EACH ROW WHEN (NEW.qty <> OLD.qty) EXECUTE FUNCTION "items_qty_audit"()',
        // MySQL has no UPDATE OF or WHEN: strata guards the body with IF (mysql-objects.ts).
        mysql:
          "CREATE TRIGGER `items_qty_audit` AFTER UPDATE ON `items` FOR EACH ROW BEGIN IF NEW.qty <> OLD.qty THEN INSERT INTO audit (item_id, what) VALUES (NEW.id, 'qty'); END IF; END",
      }
      await on.db.exec(recreate[target.dialect])
      assert.equal((await cli('diff', '--db')).code, 0)

      // Dropped from the files: dropped from the database, rows kept.
      on.project.write({ 'schemas/app.yaml': SCHEMA({ qty: 'bigint' }).split('views:')[0]! })
      await ok('make')
      await ok('migrate')
      assert.deepEqual(await catalog(on.db, target.dialect), { views: [], triggers: [] })
      assert.equal(Number((await on.db.rows('SELECT count(*) AS n FROM items'))[0]!.n), 4)
      await ok('migrate', 'zero')
      assert.deepEqual(await catalog(on.db, target.dialect), { views: [], triggers: [] })
    })

    it('a column that views select is renamed and retyped in one migration; the views answer, and reversing restores them', async () => {
      on.project.write({ 'schemas/app.yaml': SCHEMA() })
      await ok('make')
      await ok('migrate')
      await on.db.exec("INSERT INTO items (id, name, qty) VALUES (1, 'bolt', 5), (2, 'beam', 20)")

      on.project.write({ 'schemas/app.yaml': SCHEMA({ nameColumn: 'title', nameType: 'text', renamedFrom: true }) })
      const made = await ok('make')
      assert.match(made.stdout, /renamed to title/)
      await ok('migrate')
      assert.deepEqual(await catalog(on.db, target.dialect), ALL)
      assert.deepEqual(await on.db.rows('SELECT id, title FROM item_names ORDER BY id'), [
        { id: 1, title: 'bolt' },
        { id: 2, title: 'beam' },
      ])
      assert.deepEqual(await on.db.rows('SELECT label FROM big_item_names'), [{ label: 'beam' }])
      await on.db.exec("INSERT INTO items (id, title, qty) VALUES (3, 'girder', 30)")
      assert.equal(await auditCount('insert'), 3)
      assert.equal((await cli('diff', '--db')).code, 0)

      await ok('migrate', '0001')
      assert.deepEqual(await catalog(on.db, target.dialect), ALL)
      assert.deepEqual(await on.db.rows('SELECT id, name FROM item_names ORDER BY id'), [
        { id: 1, name: 'bolt' },
        { id: 2, name: 'beam' },
        { id: 3, name: 'girder' },
      ])
      assert.equal((await cli('diff', '--db')).code, 1, 'the snapshot is ahead of the database')
    })

    it('an enum that gains a value while a view selects its column: the view is recreated around it, so that the down path (which removes the value: PostgreSQL creates the type again) works, with rows', async () => {
      const schema = (values: string) => `enums:
  order_state: [${values}]
tables:
  orders:
    columns:
      id: { type: integer, primaryKey: true }
      state: { type: enum, enum: order_state }
views:
  order_states:
    query: SELECT id, state FROM orders
`
      on.project.write({ 'schemas/app.yaml': schema('open, paid') })
      await ok('make')
      await ok('migrate')
      await on.db.exec("INSERT INTO orders (id, state) VALUES (1, 'open'), (2, 'paid')")
      on.project.write({ 'schemas/app.yaml': schema('open, paid, cancelled') })
      const made = await ok('make')
      assert.match(made.stdout, /- view order_states[\s\S]*~ enum order_state[\s\S]*\+ view order_states/)
      await ok('migrate')
      await on.db.exec("INSERT INTO orders (id, state) VALUES (3, 'cancelled')")
      await on.db.exec('DELETE FROM orders WHERE id = 3')
      await ok('migrate', '0001')
      assert.deepEqual(await catalog(on.db, target.dialect), { views: ['order_states'], triggers: [] })
      assert.deepEqual(await on.db.rows('SELECT id, state FROM order_states ORDER BY id'), [
        { id: 1, state: 'open' },
        { id: 2, state: 'paid' },
      ])
      await assert.rejects(on.db.exec("INSERT INTO orders (id, state) VALUES (3, 'cancelled')"), REJECTED.enumValue)
    })

    it('an enum that loses a value while a view selects its column (PostgreSQL creates the type again): the view is recreated around it, with rows, and back', async () => {
      const schema = (values: string) => `enums:
  order_state: [${values}]
tables:
  orders:
    columns:
      id: { type: integer, primaryKey: true }
      state: { type: enum, enum: order_state }
views:
  order_states:
    query: SELECT id, state FROM orders
`
      on.project.write({ 'schemas/app.yaml': schema('open, paid, cancelled') })
      await ok('make')
      await ok('migrate')
      await on.db.exec("INSERT INTO orders (id, state) VALUES (1, 'open'), (2, 'paid')")
      on.project.write({ 'schemas/app.yaml': schema('open, paid') })
      const made = await ok('make')
      assert.match(made.stdout, /- view order_states[\s\S]*~ enum order_state[\s\S]*\+ view order_states/)
      await ok('migrate')
      assert.deepEqual(await on.db.rows('SELECT id, state FROM order_states ORDER BY id'), [
        { id: 1, state: 'open' },
        { id: 2, state: 'paid' },
      ])
      const values = async () =>
        target.dialect === 'postgres'
          ? (await on.db.rows("SELECT enumlabel AS v FROM pg_enum WHERE enumtypid = 'order_state'::regtype ORDER BY enumsortorder")).map((r) => String(r.v))
          : undefined
      if (target.dialect === 'postgres') assert.deepEqual(await values(), ['open', 'paid'])
      await assert.rejects(on.db.exec("INSERT INTO orders (id, state) VALUES (3, 'cancelled')"), REJECTED.enumValue)
      assert.equal((await cli('diff', '--db')).code, 0)
      await ok('migrate', '0001')
      if (target.dialect === 'postgres') assert.deepEqual(await values(), ['open', 'paid', 'cancelled'])
      assert.deepEqual(await catalog(on.db, target.dialect), { views: ['order_states'], triggers: [] })
      assert.deepEqual(await on.db.rows('SELECT id, state FROM order_states ORDER BY id'), [
        { id: 1, state: 'open' },
        { id: 2, state: 'paid' },
      ])
    })
  })
}
