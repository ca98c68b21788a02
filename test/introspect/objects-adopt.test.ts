/**
 * Issue 8: a hand-written PostgreSQL database of objects beyond tables
 * (test/fixtures/objects/postgres.sql: 10 views, one materialized with an
 * index and one on another view; 10 functions and procedures; 10 triggers;
 * and test/fixtures/objects/postgres-rls.sql: row-level security on 2 tables
 * and 4 policies; and test/fixtures/objects/postgres-catalog.sql: 3
 * sequences, 2 extensions, 2 domains, a composite and a range type, used by
 * a table)
 * is adopted by `strata introspect --strict` (nothing left out), rebuilt by
 * the baseline into an empty database with a catalog equal to the original
 * (pg_views, pg_matviews, pg_proc, pg_trigger, pg_policy, pg_class, pg_extension,
 * pg_type, pg_constraint, pg_range, pg_sequence, read with the server's own
 * queries), `make --check` and `diff --db` find nothing, and the rebuilt
 * objects work: the views answer, the triggers fire, the materialized view
 * refreshes.
 *
 * Its SQLite counterpart (test/fixtures/objects/sqlite.sql: 11 views, one on
 * another view; 11 triggers, BEFORE / AFTER / INSTEAD OF on a view, WHEN,
 * UPDATE OF) is adopted the same way and rebuilt with a catalog equal to
 * the original: sqlite_master's views and triggers (their text in one
 * normal form: strata writes its own fixed form, the hand-written text has
 * lower-case keywords and unquoted names) and every table's pragmas.
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from 'pg'
import { runCli } from '../helpers/cli'
import { describePostgres } from '../helpers/postgres'
import { TempProject } from '../helpers/project'
import { postgresCatalog, sqliteCatalog } from './catalog'
import { type TargetDatabase, postgresTarget, sqliteTarget } from '../e2e/targets'

const FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'objects', 'postgres.sql')
// Row-level security and 4 policies over the same tables, loaded after FIXTURE.
const RLS_FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'objects', 'postgres-rls.sql')
// Sequences, extensions, domains, composite and range types, loaded after FIXTURE.
const CATALOG_FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'objects', 'postgres-catalog.sql')
const SQLITE_FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'objects', 'sqlite.sql')

/** Extensions, domains and their checks, composite and range types, standalone sequences (postgres-catalog.sql), as the catalogs hold them. */
async function catalogObjects(q: (sql: string) => Promise<unknown[]>): Promise<Record<string, unknown>> {
  return {
    extensions: await q(`SELECT x.extname, x.extversion, x.extnamespace::regnamespace::text AS schema FROM pg_extension x ORDER BY 1`),
    domains: await q(
      `SELECT t.typname, format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull, pg_get_expr(t.typdefaultbin, 0) AS "default", t.typcollation
       FROM pg_type t WHERE t.typtype = 'd' AND t.typnamespace = 'public'::regnamespace ORDER BY 1`,
    ),
    domainChecks: await q(
      `SELECT t.typname, c.conname, pg_get_constraintdef(c.oid) AS def, c.convalidated FROM pg_constraint c JOIN pg_type t ON t.oid = c.contypid
       WHERE t.typnamespace = 'public'::regnamespace ORDER BY 1, 2`,
    ),
    composites: await q(
      `SELECT t.typname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 WHERE t.typtype = 'c' AND c.relkind = 'c' AND t.typnamespace = 'public'::regnamespace ORDER BY 1, 2`,
    ),
    ranges: await q(
      `SELECT t.typname, format_type(r.rngsubtype, NULL) AS subtype, r.rngsubdiff::regproc::text AS subdiff, r.rngcanonical::regproc::text AS canonical,
              (SELECT m.typname FROM pg_type m WHERE m.oid = r.rngmultitypid) AS multirange
       FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid WHERE t.typnamespace = 'public'::regnamespace ORDER BY 1`,
    ),
    sequences: await q(
      `SELECT s.relname, format_type(q.seqtypid, NULL) AS type, q.seqstart::text, q.seqincrement::text, q.seqmin::text, q.seqmax::text, q.seqcache::text, q.seqcycle,
              (SELECT t.relname || '.' || a.attname FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
               WHERE d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i')) AS owner
       FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid WHERE s.relnamespace = 'public'::regnamespace ORDER BY 1`,
    ),
  }
}

/** Views, materialized views, functions and triggers of the public schema, as the catalogs print them. */
async function objectCatalog(url: string): Promise<Record<string, unknown>> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    const q = async (sql: string) => (await client.query(sql)).rows
    return {
      views: await q(`SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY 1`),
      viewOptions: await q(`SELECT relname, reloptions FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('v', 'm') ORDER BY 1`),
      matviews: await q(`SELECT matviewname, definition, hasindexes FROM pg_matviews WHERE schemaname = 'public' ORDER BY 1`),
      functions: await q(
        `SELECT p.proname, p.prokind, pg_get_function_arguments(p.oid) AS args, pg_get_function_result(p.oid) AS result, l.lanname,
                p.prosrc, p.provolatile, p.proisstrict, p.prosecdef, p.proparallel, p.procost::float8 AS cost, p.prorows::float8 AS rows, p.proconfig
         FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1, 3, 4`,
      ),
      triggers: await q(
        `SELECT t.tgname, c.relname, pg_get_triggerdef(t.oid) AS definition FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace ORDER BY 1`,
      ),
      // Row-level security (postgres-rls.sql): pg_class and pg_policy, roles by name.
      rowSecurity: await q(
        `SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1`,
      ),
      ...(await catalogObjects(q)),
      policies: await q(
        `SELECT c.relname, pol.polname, pol.polcmd, pol.polpermissive, ARRAY(SELECT r::regrole::text FROM unnest(pol.polroles) r ORDER BY 1) AS roles,
                pg_get_expr(pol.polqual, pol.polrelid) AS qual, pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check
         FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1, 2`,
      ),
    }
  } finally {
    await client.end()
  }
}

describePostgres('introspect adopts views, functions and triggers, and the baseline rebuilds them (PostgreSQL)', function () {
  this.timeout(180000)
  let original: TargetDatabase
  let project: TempProject

  before(async () => {
    original = await postgresTarget.create()
    await original.script(readFileSync(FIXTURE, 'utf8'))
    await original.script(readFileSync(RLS_FIXTURE, 'utf8'))
    await original.script(readFileSync(CATALOG_FIXTURE, 'utf8'))
    project = new TempProject()
  })
  after(async () => {
    project?.cleanup()
    await original?.drop()
  })

  it('introspect --strict keeps everything; make --check and diff --db find nothing', async () => {
    const counts = await original.rows(`SELECT
      (SELECT count(*) FROM pg_views WHERE schemaname = 'public')::int AS views,
      (SELECT count(*) FROM pg_matviews WHERE schemaname = 'public')::int AS matviews,
      (SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace)::int AS triggers,
      (SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
         AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgfoid = p.oid AND t.tgname = p.proname)
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype IN ('e', 'i')))::int AS functions,
      (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')::int AS extensions,
      (SELECT count(*) FROM pg_type WHERE typtype = 'd' AND typnamespace = 'public'::regnamespace)::int AS domains,
      (SELECT count(*) FROM pg_class s WHERE s.relkind = 'S' AND s.relnamespace = 'public'::regnamespace
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = s.oid AND d.deptype = 'i')
         AND NOT EXISTS (SELECT 1 FROM pg_attrdef ad WHERE pg_get_expr(ad.adbin, ad.adrelid) = 'nextval(' || quote_literal(s.relname) || '::regclass)'
                           AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = s.oid AND d.deptype = 'a')))::int AS sequences`)
    assert.deepEqual(counts, [{ views: 9, matviews: 1, triggers: 10, functions: 10, extensions: 2, domains: 2, sequences: 3 }])
    const r = await runCli(['introspect', '--strict', '-d', original.url], { cwd: project.dir })
    assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.match(r.stdout, /; 0 not kept$/m)
    assert.match(project.read('schemas/views.yaml'), /big_open_orders:\n\s+query: /)
    assert.match(project.read('schemas/views.yaml'), /sales_by_customer:[\s\S]*materialized: true[\s\S]*indexes:/)
    assert.match(project.read('schemas/functions.yaml'), /customer_orders:\n\s+args: p_customer bigint\n\s+returns: SETOF orders\n\s+language: sql\n\s+volatility: stable\n\s+rows: 50/)
    assert.match(project.read('schemas/triggers.yaml'), /orders_log:[\s\S]*function: log_change/)
    // Sequences, extensions, domains and types, each in a file of its kind.
    for (const [kind, n] of [['extension', 2], ['domain', 2], ['composite type', 1], ['range type', 1], ['sequence', 3]] as const) {
      assert.match(r.stdout, new RegExp(`^ {2}${kind} +${n} modelled$`, 'm'))
    }
    assert.match(project.read('schemas/extensions.yaml'), /citext: \{ version: "1\.5" \}\n\s+pg_trgm: \{ version: "1\.6" \}/)
    assert.match(project.read('schemas/sequences.yaml'), /label_numbers: \{ ownedBy: shipments\.label_no \}/)
    assert.match(project.read('schemas/sequences.yaml'), /ticket_numbers: \{ type: integer, min: 0, max: 9999, cache: 20, cycle: true \}/)
    assert.match(project.read('schemas/domains.yaml'), /quantity:\n\s+type: integer\n\s+default: "1"\n\s+notNull: true/)
    assert.match(project.read('schemas/types.yaml'), /weight_range: \{ range: \{ subtype: numeric \} \}/)
    // Row-level security: 2 tables, 4 policies, written in their tables' files.
    const rls = await original.rows(`SELECT (SELECT count(*) FROM pg_policy)::int AS policies,
      (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relrowsecurity)::int AS tables`)
    assert.deepEqual(rls, [{ policies: 4, tables: 2 }])
    assert.match(project.read('schemas/orders.yaml'), /rowLevelSecurity: \{ enable: true, force: true \}/)
    assert.match(project.read('schemas/orders.yaml'), /orders_not_shipped: \{ command: delete, restrictive: true, using: "\(state <> 'shipped'::order_state\)" \}/)
    assert.match(project.read('schemas/customers.yaml'), /customers_own_domain:\n\s+command: update\n\s+roles: \[ pg_monitor, pg_read_all_data \]/)
    const check = await runCli(['make', '--check', '-d', original.url], { cwd: project.dir })
    assert.equal(check.code, 0, check.stdout + check.stderr)
    const d = await runCli(['diff', '--db', '-d', original.url], { cwd: project.dir })
    assert.equal(d.code, 0, d.stdout + d.stderr)
  })

  it('the baseline rebuilds them into an empty database, catalog to catalog, and they work', async () => {
    const copy = await postgresTarget.create()
    try {
      const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
      assert.equal(m.code, 0, m.stderr)
      assert.deepEqual(await objectCatalog(copy.url), await objectCatalog(original.url))
      assert.deepEqual(await postgresCatalog(copy.url), await postgresCatalog(original.url))
      const d = await runCli(['diff', '--db', '-d', copy.url], { cwd: project.dir })
      assert.equal(d.code, 0, d.stdout + d.stderr)

      // The rebuilt objects at work, on the same rows.
      await copy.script(`INSERT INTO customers (id, email, name) VALUES (1, 'ann@Example.com', 'Ann'), (2, 'bob@example.org', 'Bob');
        INSERT INTO products (id, title, price, stock) VALUES (1, 'bolt', 0.50, 100), (2, 'beam', 120.00, 3);
        INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 2);
        INSERT INTO order_lines (order_id, product_id, qty) VALUES (1, 1, 10), (1, 2, 1), (2, 1, 4);
        UPDATE customers SET name = 'Anne' WHERE id = 1;
        INSERT INTO dutch_customers (id, name) VALUES (3, 'Cas');
        REFRESH MATERIALIZED VIEW CONCURRENTLY sales_by_customer;`)
      assert.deepEqual(await copy.rows('SELECT id, total FROM big_open_orders'), [{ id: 1, total: '125.00' }])
      assert.deepEqual(await copy.rows('SELECT domain FROM customer_domains ORDER BY id'), [{ domain: 'example.com' }, { domain: 'example.org' }, { domain: 'example.nl' }])
      assert.deepEqual(await copy.rows('SELECT revision, updated_at IS NOT NULL AS touched FROM customers WHERE id = 1'), [{ revision: 1, touched: true }])
      assert.deepEqual(await copy.rows('SELECT customer_id, orders, spent FROM sales_by_customer ORDER BY 1'), [
        { customer_id: 1, orders: 1, spent: '125.00' },
        { customer_id: 2, orders: 1, spent: '2.00' },
      ])
      assert.ok(Number((await copy.rows('SELECT count(*) AS n FROM audit_log'))[0]!.n) >= 8)
      await assert.rejects(copy.script('UPDATE products SET stock = -1 WHERE id = 1'), /stock below zero/)
      await assert.rejects(copy.script('TRUNCATE orders CASCADE'), /never truncated/)
      const z = await runCli(['migrate', 'zero', '-d', copy.url], { cwd: project.dir })
      assert.equal(z.code, 0, z.stderr)
      assert.deepEqual(await copy.rows(`SELECT count(*)::int AS n FROM pg_proc WHERE pronamespace = 'public'::regnamespace`), [{ n: 0 }])
    } finally {
      await copy.drop()
    }
  })
})

/**
 * A CREATE VIEW / CREATE TRIGGER text of sqlite_master in one normal form:
 * lower case outside string literals, simple identifiers unquoted, `FOR EACH
 * ROW` (the only kind SQLite has) and `IF NOT EXISTS` left out, whitespace
 * collapsed. What differs between two texts in this form is meaning.
 */
function normalSqliteText(sql: string): string {
  return sql
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : part.toLowerCase().replace(/"([a-z_][a-z0-9_]*)"/g, '$1')))
    .join('')
    .replace(/\bfor each row\b/g, ' ')
    .replace(/\bif not exists\b/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .trim()
}

/** Views and triggers as sqlite_master holds them (name, table, text in normal form), and every table's pragmas. */
async function sqliteObjectCatalog(db: TargetDatabase, path: string): Promise<Record<string, unknown>> {
  const rows = await db.rows("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY type, name")
  return {
    objects: rows.map((r) => ({ type: r.type, name: r.name, table: r.tbl_name, sql: normalSqliteText(String(r.sql)) })),
    tables: sqliteCatalog(path),
  }
}

const sqlitePath = (db: TargetDatabase) => db.url.replace(/^sqlite:/, '')

describe('introspect adopts views and triggers, and the baseline rebuilds them (SQLite)', function () {
  this.timeout(120000)
  let original: TargetDatabase
  let project: TempProject

  before(async () => {
    original = await sqliteTarget.create()
    await original.script(readFileSync(SQLITE_FIXTURE, 'utf8'))
    project = new TempProject()
  })
  after(async () => {
    project?.cleanup()
    await original?.drop()
  })

  it('introspect --strict keeps all 11 views and 11 triggers; make --check and diff --db find nothing', async () => {
    const counts = await original.rows(`SELECT
      (SELECT count(*) FROM sqlite_master WHERE type = 'view') AS views,
      (SELECT count(*) FROM sqlite_master WHERE type = 'trigger') AS triggers,
      (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%INSTEAD OF%') AS instead,
      (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%WHEN%') AS conditional`)
    assert.deepEqual(counts, [{ views: 11, triggers: 11, instead: 2, conditional: 4 }])
    const r = await runCli(['introspect', '--strict', '-d', original.url], { cwd: project.dir })
    assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.match(r.stdout, /; 0 not kept$/m)
    assert.match(r.stdout, /^ {2}view +11 modelled$/m)
    assert.match(r.stdout, /^ {2}trigger +11 modelled$/m)
    const views = project.read('schemas/views.yaml')
    assert.match(views, /big_open_orders:\n\s+query: "select id, total from open_orders where total > 100"/)
    assert.match(views, /customer_names:\n\s+query: .*\n\s+columns:\n\s+- customer_id\n\s+- display/)
    assert.match(views, /\n {2}shipped orders:\n/)
    const triggers = project.read('schemas/triggers.yaml')
    assert.match(triggers, /customers_touch:\n\s+table: customers\n\s+timing: after\n\s+events: update\n\s+of: \[ name, email \]/)
    assert.match(triggers, /dutch_customers_insert:\n\s+table: dutch_customers\n\s+timing: instead of/)
    assert.match(triggers, /products_stock_guard:[\s\S]*?of: \[ stock \]\n\s+when: "NEW\.stock < 0"/)
    const check = await runCli(['make', '--check', '-d', original.url], { cwd: project.dir })
    assert.equal(check.code, 0, check.stdout + check.stderr)
    const d = await runCli(['diff', '--db', '-d', original.url], { cwd: project.dir })
    assert.equal(d.code, 0, d.stdout + d.stderr)
  })

  it('the baseline rebuilds them into an empty database, sqlite_master to sqlite_master, and they work', async () => {
    const copy = await sqliteTarget.create()
    try {
      const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
      assert.equal(m.code, 0, m.stderr)
      assert.deepEqual(await sqliteObjectCatalog(copy, sqlitePath(copy)), await sqliteObjectCatalog(original, sqlitePath(original)))
      const d = await runCli(['diff', '--db', '-d', copy.url], { cwd: project.dir })
      assert.equal(d.code, 0, d.stdout + d.stderr)

      // The rebuilt objects at work, on the same rows, in both databases alike.
      const work = `INSERT INTO customers (id, email, name, country) VALUES (1, 'ann@Example.com', 'Ann', 'BE'), (2, 'bob@example.org', 'Bob', 'NL');
        INSERT INTO products (id, title, price, stock) VALUES (1, 'bolt', 0.5, 100), (2, 'beam', 120, 3);
        INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 2);
        INSERT INTO order_lines (order_id, product_id, qty) VALUES (1, 1, 10), (1, 2, 1), (2, 1, 4);
        UPDATE customers SET name = 'Anne' WHERE id = 1;
        UPDATE orders SET state = 'shipped' WHERE id = 2;
        INSERT INTO dutch_customers (id, name) VALUES (3, 'Cas');
        DELETE FROM order_lines WHERE order_id = 2;`
      const results = async (db: TargetDatabase) => {
        await db.script(work)
        return {
          bigOpen: await db.rows('SELECT id, total FROM big_open_orders'),
          names: await db.rows('SELECT display FROM customer_names ORDER BY customer_id'),
          domains: await db.rows('SELECT domain FROM customer_domains ORDER BY id'),
          touched: await db.rows('SELECT revision, updated_at FROM customers WHERE id = 1'),
          sales: await db.rows('SELECT customer_id, orders, spent FROM sales_by_customer ORDER BY 1'),
          shipped: await db.rows('SELECT id FROM "shipped orders"'),
          lines: await db.rows('SELECT id, title, sold FROM product_lines ORDER BY id'),
          lowStock: await db.rows('SELECT id, stock FROM low_stock'),
          audit: await db.rows('SELECT table_name, n FROM audit_counts ORDER BY 1'),
          totals: await db.rows('SELECT order_id, computed FROM order_totals ORDER BY 1'),
        }
      }
      const rebuilt = await results(copy)
      assert.deepEqual(rebuilt, await results(original))
      assert.deepEqual(rebuilt.bigOpen, [{ id: 1, total: 125 }])
      assert.deepEqual(rebuilt.touched, [{ revision: 1, updated_at: '2026-01-01' }])
      assert.deepEqual(rebuilt.audit, [{ table_name: 'customers', n: 3 }, { table_name: 'orders', n: 1 }])
      await assert.rejects(copy.script('UPDATE products SET stock = -1 WHERE id = 1'), /stock below zero/)
      await assert.rejects(copy.script("INSERT INTO products (id, title, price) VALUES (9, 'free', 0)"), /price must be positive/)
      await copy.script('DELETE FROM dutch_customers WHERE id = 3')
      assert.deepEqual(await copy.rows('SELECT count(*) AS n FROM customers WHERE id = 3'), [{ n: 0 }])
      const z = await runCli(['migrate', 'zero', '-d', copy.url], { cwd: project.dir })
      assert.equal(z.code, 0, z.stderr)
      assert.deepEqual(await copy.rows("SELECT count(*) AS n FROM sqlite_master WHERE type IN ('view', 'trigger')"), [{ n: 0 }])
    } finally {
      await copy.drop()
    }
  })
})
