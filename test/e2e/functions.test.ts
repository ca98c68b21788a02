/**
 * Functions and procedures (PostgreSQL, issue 8) through the real binary,
 * with rows: declared in YAML, made into a migration, applied, checked in
 * pg_proc, called; changed in place (CREATE OR REPLACE) and with a new
 * signature (dropped and created again, with the view that calls it and the
 * trigger that executes it recreated around it, in one migration); reversed;
 * a hand-made change named by `diff --db`; adopted by `introspect`;
 * dropped. A project whose databases include SQLite refuses `functions:` at
 * validate with file:line:col.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { projectOn } from './project-on'
import { TARGETS, type TargetDatabase } from './targets'

const SCHEMA = (opts: { tax?: string; taxArgs?: string; volatility?: string; extra?: string } = {}) => `tables:
  items:
    columns:
      id: { type: integer, primaryKey: true }
      price: { type: decimal, precision: 10, scale: 2 }
      touched: { type: integer, default: 0 }
views:
  priced_items:
    query: SELECT id, price, with_tax(price) AS gross FROM items
triggers:
  items_touch:
    table: items
    timing: before
    events: update
    function: touch_row
functions:
  with_tax:
    args: ${opts.taxArgs ?? 'amount numeric'}
    returns: numeric
    language: sql
    volatility: ${opts.volatility ?? 'immutable'}
    body: ${opts.tax ?? 'SELECT round(amount * 1.2, 2)'}
  touch_row:
    returns: trigger
    language: plpgsql
    body: |
      BEGIN
        NEW.touched := OLD.touched + 1;
        RETURN NEW;
      END
  reprice:
    procedure: true
    args: factor numeric
    language: sql
    securityDefiner: true
    set: { search_path: public }
    body: UPDATE items SET price = price * factor
${opts.extra ?? ''}`

async function procs(db: TargetDatabase): Promise<Record<string, unknown>[]> {
  return db.rows(`SELECT p.proname AS name, p.prokind AS kind, pg_get_function_arguments(p.oid) AS args, p.provolatile AS volatility,
                         p.prosecdef AS definer, p.proconfig AS config, p.prosrc AS body
                  FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY p.proname`)
}

const target = TARGETS.postgres
target.describe('functions and procedures on postgres, with rows', function () {
  this.timeout(180000)
  const on = projectOn(target)
  const { cli, ok } = on

  it('created, called, replaced in place, re-signed with their dependents, reversed, hand change named, dropped', async () => {
    on.project.write({ 'schemas/app.yaml': SCHEMA() })
    const made = await ok('make')
    assert.match(made.stdout, /\+ function with_tax\(amount numeric\)/)
    assert.match(made.stdout, /\+ procedure reprice\(factor numeric\)/)
    await ok('migrate')
    const created = await procs(on.db)
    assert.deepEqual(created.map((r) => [r.name, r.kind, r.args, r.volatility]), [
      ['reprice', 'p', 'IN factor numeric', 'v'],
      ['touch_row', 'f', '', 'v'],
      ['with_tax', 'f', 'amount numeric', 'i'],
    ])
    assert.equal(created[0]!.definer, true)
    assert.deepEqual(created[0]!.config, ['search_path=public'])
    assert.equal(created[1]!.body, 'BEGIN\n  NEW.touched := OLD.touched + 1;\n  RETURN NEW;\nEND\n')
    await on.db.exec('INSERT INTO items (id, price) VALUES (1, 10), (2, 20)')
    assert.deepEqual(await on.db.rows('SELECT id, gross FROM priced_items ORDER BY id'), [{ id: 1, gross: '12.00' }, { id: 2, gross: '24.00' }])
    await on.db.exec('CALL reprice(2)')
    await on.db.exec('UPDATE items SET id = id WHERE id = 1')
    assert.deepEqual(await on.db.rows('SELECT id, price, touched FROM items ORDER BY id'), [
      { id: 1, price: '20.00', touched: 2 },
      { id: 2, price: '40.00', touched: 1 },
    ])
    assert.equal((await cli('diff', '--db')).code, 0)

    // Same signature: replaced in place; the view is not touched.
    on.project.write({ 'schemas/app.yaml': SCHEMA({ tax: 'SELECT round(amount * 1.25, 2)', volatility: 'stable' }) })
    const replaced = await ok('make')
    assert.match(replaced.stdout, /~ function with_tax: body, volatility/)
    assert.doesNotMatch(replaced.stdout, /view priced_items/)
    const sql = await ok('sql', '0002')
    assert.match(sql.stdout, /CREATE OR REPLACE FUNCTION "with_tax"\(amount numeric\)/)
    await ok('migrate')
    assert.deepEqual(await on.db.rows('SELECT gross FROM priced_items WHERE id = 1'), [{ gross: '25.00' }])
    assert.equal((await procs(on.db)).find((r) => r.name === 'with_tax')!.volatility, 's')

    // A new signature: dropped and created, with the view over it around the change.
    on.project.write({ 'schemas/app.yaml': SCHEMA({ tax: 'SELECT round(amount * rate, 2)', volatility: 'stable', taxArgs: 'amount numeric, rate numeric DEFAULT 1.5' }) })
    const resigned = await ok('make')
    assert.match(resigned.stdout, /- view priced_items[\s\S]*- function with_tax[\s\S]*\+ function with_tax\(amount numeric, rate numeric DEFAULT 1\.5\)[\s\S]*\+ view priced_items/)
    await ok('migrate')
    assert.deepEqual(await on.db.rows('SELECT gross FROM priced_items WHERE id = 1'), [{ gross: '30.00' }])
    assert.equal((await cli('diff', '--db')).code, 0, 'the live form (1.5 printed as 1.5, numeric) matches')

    // Reversed: the old signature and body are back, the view answers.
    await ok('migrate', '0002')
    assert.deepEqual(await on.db.rows('SELECT gross FROM priced_items WHERE id = 1'), [{ gross: '25.00' }])
    await ok('migrate', '0001')
    assert.deepEqual(await on.db.rows('SELECT gross FROM priced_items WHERE id = 1'), [{ gross: '24.00' }])
    assert.equal((await procs(on.db)).find((r) => r.name === 'with_tax')!.volatility, 'i')
    await ok('migrate')

    // Hand-made changes, each named by diff --db.
    await on.db.exec("CREATE OR REPLACE FUNCTION touch_row() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$")
    const drift = await cli('diff', '--db')
    assert.equal(drift.code, 1, drift.stdout + drift.stderr)
    assert.match(drift.stdout, /~ function touch_row: body/)
    await on.db.exec('DROP PROCEDURE reprice')
    const gone = await cli('diff', '--db')
    assert.match(gone.stdout, /reprice/)

    // Dropped from the files: dropped from the database (the trigger and view first), rows kept.
    on.project.write({ 'schemas/app.yaml': SCHEMA().split('views:')[0]! })
    await on.db.exec("CREATE PROCEDURE reprice(factor numeric) LANGUAGE sql SECURITY DEFINER SET search_path = public AS 'UPDATE items SET price = price * factor'")
    await on.db.exec("CREATE OR REPLACE FUNCTION touch_row() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN\n  NEW.touched := OLD.touched + 1;\n  RETURN NEW;\nEND\n$$")
    assert.equal((await cli('diff', '--db')).code, 0)
    await ok('make')
    await ok('migrate')
    assert.deepEqual(await procs(on.db), [])
    assert.equal(Number((await on.db.rows('SELECT count(*) AS n FROM items'))[0]!.n), 2)
    await ok('migrate', 'zero')
  })

  it('introspect adopts them: the baseline rebuilds them, make --check and diff --db find nothing', async () => {
    await on.db.exec(`CREATE TABLE items (id integer PRIMARY KEY, price numeric(10,2) NOT NULL);
      CREATE FUNCTION with_tax(amount numeric, rate numeric DEFAULT 1.2) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT round(amount * rate, 2)';
      CREATE FUNCTION items_between(lo integer, hi integer) RETURNS SETOF items LANGUAGE sql STABLE ROWS 20 AS $$SELECT * FROM items WHERE id BETWEEN lo AND hi$$;
      CREATE FUNCTION slow() RETURNS int LANGUAGE plpgsql COST 500 AS $$BEGIN RETURN 1; END$$;
      CREATE PROCEDURE reset_prices() LANGUAGE plpgsql SET search_path = public AS $$BEGIN UPDATE items SET price = 0; END$$;
      INSERT INTO items VALUES (1, 10), (2, 20);`)
    const r = await cli('introspect', '--strict')
    assert.equal(r.code, 0, r.stdout + r.stderr)
    const file = on.project.read('schemas/functions.yaml')
    assert.match(file, /with_tax:\n\s+args: "amount numeric, rate numeric DEFAULT 1\.2"\n\s+returns: numeric\n\s+language: sql\n\s+volatility: immutable\n\s+strict: true\n\s+parallel: safe/)
    assert.match(file, /items_between:\n\s+args: "lo integer, hi integer"\n\s+returns: SETOF items\n\s+language: sql\n\s+volatility: stable\n\s+rows: 20/)
    assert.match(file, /slow:[\s\S]*cost: 500/)
    assert.match(file, /reset_prices:\n\s+procedure: true\n\s+language: plpgsql\n\s+set: \{ search_path: public \}/)
    assert.equal((await cli('make', '--check')).code, 0)
    assert.equal((await cli('diff', '--db')).code, 0)

    const copy = await target.create(on.project)
    try {
      const m = await runCli(['migrate'], { cwd: on.project.dir, env: { STRATA_DATABASE_URL: copy.url } })
      assert.equal(m.code, 0, m.stderr)
      assert.deepEqual(await procs(copy), await procs(on.db))
      await copy.exec('INSERT INTO items VALUES (1, 10), (2, 20), (3, 30)')
      assert.deepEqual(await copy.rows('SELECT id FROM items_between(2, 3) ORDER BY id'), [{ id: 2 }, { id: 3 }])
    } finally {
      await copy.drop()
    }
  })

  it('validate refuses functions in a project with a SQLite database, at file:line:col', async () => {
    const sqliteProject = new TempProject({
      'strata.yaml': 'schemas: schemas\nmigrations: migrations\ndatabases:\n  dev: sqlite:dev.db\n',
      'schemas/app.yaml': 'tables:\n  t:\n    columns:\n      n: integer\nfunctions:\n  f:\n    returns: integer\n    language: sql\n    body: SELECT 1\n',
    })
    try {
      const r = await runCli(['validate'], { cwd: sqliteProject.dir })
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /schemas\/app\.yaml:6:3 +error +function "f": database "dev" \(sqlite\) has no stored functions strata manages/)
    } finally {
      sqliteProject.cleanup()
    }
  })
})
