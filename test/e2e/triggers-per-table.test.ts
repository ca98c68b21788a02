/**
 * PostgreSQL triggers named per table and trigger function arguments
 * (issue 8), through the real binary with rows: two tables each with a
 * trigger `touch` (keys items_touch and notes_touch, `name: touch`; one
 * executing a function of the schema, one with a body, whose trigger
 * function is notes_touch) and a trigger passing arguments to
 * tsvector_update_trigger. Checked in pg_trigger (tgname, tgrelid::regclass,
 * tgargs), fired, changed (arguments, a body, a column of its table
 * renamed), reversed; hand changes named by `diff --db`; adopted by
 * `introspect` under the same keys. A project with a SQLite database
 * refuses two triggers of one name at validate, at file:line:col.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { projectOn } from './project-on'
import { TARGETS, type TargetDatabase } from './targets'

const SCHEMA = (opts: { config?: string; bump?: number; noteText?: string } = {}) => `tables:
  items:
    columns:
      id: { type: integer, primaryKey: true }
      title: text
      touched: { type: integer, default: 0 }
      doc: { type: native, native: { postgres: tsvector }, nullable: true }
  notes:
    columns:
      id: { type: integer, primaryKey: true }
      ${opts.noteText ?? 'body'}: text
      touched: { type: integer, default: 0 }
functions:
  bump:
    returns: trigger
    language: plpgsql
    body: BEGIN NEW.touched := OLD.touched + 1; RETURN NEW; END
triggers:
  items_touch:
    name: touch
    table: items
    timing: before
    events: update
    function: bump
  notes_touch:
    name: touch
    table: notes
    timing: before
    events: update
    body: BEGIN NEW.touched := OLD.touched + ${opts.bump ?? 10}; RETURN NEW; END
  items_fulltext:
    table: items
    timing: before
    events: [insert, update]
    function: tsvector_update_trigger
    args: [doc, ${opts.config ?? 'pg_catalog.english'}, title]
`

/** pg_trigger as the catalog holds it: name, table, function, arguments (tgargs, NUL-separated). */
async function triggers(db: TargetDatabase): Promise<string[][]> {
  const rows = await db.rows(`SELECT t.tgname, t.tgrelid::regclass::text AS rel, t.tgfoid::regproc::text AS fn, t.tgnargs,
                                     encode(t.tgargs, 'escape') AS args
                              FROM pg_trigger t WHERE NOT t.tgisinternal ORDER BY 2, 1`)
  return rows.map((r) => [String(r.rel), String(r.tgname), String(r.fn), String(r.tgnargs), String(r.args)])
}

async function functions(db: TargetDatabase): Promise<string[]> {
  const rows = await db.rows(`SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY proname`)
  return rows.map((r) => String(r.proname))
}

const CREATED = [
  ['items', 'items_fulltext', 'tsvector_update_trigger', '3', 'doc\\000pg_catalog.english\\000title\\000'],
  ['items', 'touch', 'bump', '0', ''],
  ['notes', 'touch', 'notes_touch', '0', ''],
]

const target = TARGETS.postgres
target.describe('triggers of one name on several tables, and trigger function arguments (postgres), with rows', function () {
  this.timeout(180000)
  const on = projectOn(target)
  const { cli, ok } = on

  it('created, fired, changed, reversed; hand changes named by diff --db', async () => {
    on.project.write({ 'schemas/app.yaml': SCHEMA() })
    const made = await ok('make')
    assert.match(made.stdout, /\+ trigger items_touch on items/)
    assert.match(made.stdout, /\+ trigger notes_touch on notes/)
    const sql = await ok('sql', '0001')
    assert.match(sql.stdout, /CREATE FUNCTION "notes_touch"\(\) RETURNS trigger LANGUAGE plpgsql/)
    assert.match(sql.stdout, /CREATE TRIGGER "touch" BEFORE UPDATE ON "notes" FOR EACH ROW EXECUTE FUNCTION "notes_touch"\(\)/)
    assert.match(sql.stdout, /CREATE TRIGGER "touch" BEFORE UPDATE ON "items" FOR EACH ROW EXECUTE FUNCTION "bump"\(\)/)
    assert.match(sql.stdout, /EXECUTE FUNCTION "tsvector_update_trigger"\('doc', 'pg_catalog\.english', 'title'\)/)
    await ok('migrate')
    assert.deepEqual(await triggers(on.db), CREATED)
    assert.deepEqual(await functions(on.db), ['bump', 'notes_touch'])

    // They fire: each table's own touch, and the arguments reach tsvector_update_trigger.
    await on.db.exec(`INSERT INTO items (id, title) VALUES (1, 'The running dogs'), (2, 'Cats');
                   INSERT INTO notes (id, body) VALUES (1, 'a');
                   UPDATE items SET title = title WHERE id = 1; UPDATE notes SET body = 'b'`)
    assert.deepEqual(await on.db.rows('SELECT id, touched, doc::text AS doc FROM items ORDER BY id'), [
      { id: 1, touched: 1, doc: "'dog':3 'run':2" },
      { id: 2, touched: 0, doc: "'cat':1" },
    ])
    assert.deepEqual(await on.db.rows('SELECT touched FROM notes'), [{ touched: 10 }])
    assert.equal((await cli('diff', '--db')).code, 0)
    assert.equal((await cli('make', '--check')).code, 0)

    // Changed: the arguments, notes' body, and a column of notes renamed (its trigger recreated around it).
    on.project.write({ 'schemas/app.yaml': SCHEMA({ config: 'pg_catalog.simple', bump: 100, noteText: 'text' }).replace('      text: text', '      text: { type: text, renamedFrom: body }') })
    await ok('make')
    const change = await ok('sql', '0002')
    assert.match(change.stdout, /DROP TRIGGER "touch" ON "notes";\nDROP FUNCTION "notes_touch"\(\);/)
    assert.match(change.stdout, /DROP TRIGGER "items_fulltext" ON "items";/)
    assert.doesNotMatch(change.stdout, /DROP TRIGGER "touch" ON "items"/)
    await ok('migrate')
    assert.deepEqual(await triggers(on.db), [
      ['items', 'items_fulltext', 'tsvector_update_trigger', '3', 'doc\\000pg_catalog.simple\\000title\\000'],
      CREATED[1],
      CREATED[2],
    ])
    await on.db.exec(`UPDATE items SET title = 'The running dogs' WHERE id = 1; UPDATE notes SET text = 'c'`)
    assert.deepEqual(await on.db.rows('SELECT touched, doc::text AS doc FROM items WHERE id = 1'), [{ touched: 2, doc: "'dogs':3 'running':2 'the':1" }])
    assert.deepEqual(await on.db.rows('SELECT touched FROM notes'), [{ touched: 110 }])
    assert.equal((await cli('diff', '--db')).code, 0)

    // Reversed: the old arguments and body are back, and fire.
    await ok('migrate', '0001')
    assert.deepEqual(await triggers(on.db), CREATED)
    await on.db.exec(`UPDATE items SET title = title WHERE id = 1; UPDATE notes SET body = 'd'`)
    assert.deepEqual(await on.db.rows('SELECT touched, doc::text AS doc FROM items WHERE id = 1'), [{ touched: 3, doc: "'dog':3 'run':2" }])
    assert.deepEqual(await on.db.rows('SELECT touched FROM notes'), [{ touched: 120 }])
    await ok('migrate')

    // Hand changes, each named by the key of the one trigger they touched.
    await on.db.exec('DROP TRIGGER touch ON items')
    const dropped = await cli('diff', '--db')
    assert.equal(dropped.code, 1, dropped.stdout + dropped.stderr)
    assert.match(dropped.stdout, /^ {2}- trigger items_touch$/m)
    assert.match(dropped.stdout, /^- {2}items_touch:\n- {4}name: touch\n- {4}table: items$/m)
    assert.doesNotMatch(dropped.stdout, /trigger notes_touch/)
    await on.db.exec('CREATE TRIGGER touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION bump()')
    assert.equal((await cli('diff', '--db')).code, 0)
    await on.db.exec(`DROP TRIGGER items_fulltext ON items;
                   CREATE TRIGGER items_fulltext BEFORE INSERT OR UPDATE ON items FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger('doc', 'pg_catalog.english', 'title')`)
    const args = await cli('diff', '--db')
    assert.equal(args.code, 1, args.stdout + args.stderr)
    assert.match(args.stdout, /^- {4}args: \[ doc, pg_catalog\.simple, title \]\n\+ {4}args: \[ doc, pg_catalog\.english, title \]$/m)
    assert.match(args.stdout, /trigger items_fulltext/)
    await on.db.exec(`DROP TRIGGER items_fulltext ON items;
                   CREATE TRIGGER items_fulltext BEFORE INSERT OR UPDATE ON items FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger('doc', 'pg_catalog.simple', 'title')`)
    assert.equal((await cli('diff', '--db')).code, 0)

    await ok('migrate', 'zero')
    assert.deepEqual(await triggers(on.db), [])
    assert.deepEqual(await functions(on.db), [])
  })

  it('a hand-made database is adopted by introspect under the same keys and rebuilt identically', async () => {
    await on.db.exec(`CREATE TABLE items (id integer PRIMARY KEY, title text NOT NULL, touched integer NOT NULL DEFAULT 0, doc tsvector);
      CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL, touched integer NOT NULL DEFAULT 0);
      CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.touched := OLD.touched + 1; RETURN NEW; END$$;
      CREATE FUNCTION notes_touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.touched := OLD.touched + 10; RETURN NEW; END$$;
      CREATE TRIGGER touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION bump();
      CREATE TRIGGER touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION notes_touch();
      CREATE TRIGGER items_fulltext BEFORE INSERT OR UPDATE ON items FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger('doc', 'pg_catalog.english', 'title');`)
    const r = await cli('introspect', '--strict')
    assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.doesNotMatch(r.stderr, /not kept/)
    const file = on.project.read('schemas/triggers.yaml')
    assert.match(file, /items_touch:\n\s+name: touch\n\s+table: items\n[\s\S]*?function: bump\n/)
    assert.match(file, /notes_touch:\n\s+name: touch\n\s+table: notes\n[\s\S]*?body: /)
    assert.match(file, /items_fulltext:\n\s+table: items\n[\s\S]*?function: tsvector_update_trigger\n\s+args: \[ doc, pg_catalog\.english, title \]/)
    // notes_touch is the trigger's own function (its body); bump is a function of the schema.
    assert.match(on.project.read('schemas/functions.yaml'), /^ {2}bump:/m)
    assert.doesNotMatch(on.project.read('schemas/functions.yaml'), /notes_touch/)
    assert.equal((await cli('make', '--check')).code, 0)
    assert.equal((await cli('diff', '--db')).code, 0)
    const copy = await target.create(on.project)
    try {
      const m = await runCli(['migrate'], { cwd: on.project.dir, env: { STRATA_DATABASE_URL: copy.url } })
      assert.equal(m.code, 0, m.stdout + m.stderr)
      assert.deepEqual(await triggers(copy), CREATED)
      assert.deepEqual(await triggers(copy), await triggers(on.db))
      assert.deepEqual(await functions(copy), ['bump', 'notes_touch'])
      await copy.exec(`INSERT INTO items (id, title) VALUES (1, 'The running dogs'); INSERT INTO notes (id, body) VALUES (1, 'a');
                       UPDATE items SET title = title; UPDATE notes SET body = 'b'`)
      assert.deepEqual(await copy.rows('SELECT touched, doc::text AS doc FROM items'), [{ touched: 1, doc: "'dog':3 'run':2" }])
      assert.deepEqual(await copy.rows('SELECT touched FROM notes'), [{ touched: 10 }])
      // A hand change to one of the two touch triggers is named by its key.
      await copy.exec('DROP TRIGGER touch ON notes')
      const drift = await runCli(['diff', '--db'], { cwd: on.project.dir, env: { STRATA_DATABASE_URL: copy.url } })
      assert.equal(drift.code, 1, drift.stdout + drift.stderr)
      assert.match(drift.stdout, /^ {2}- trigger notes_touch$/m)
      assert.doesNotMatch(drift.stdout, /trigger items_touch/)
    } finally {
      await copy.drop()
    }
  })

  it('a renamed table takes its triggers along; a body trigger with name: gets the function of its new table', async () => {
    on.project.write({ 'schemas/app.yaml': SCHEMA() })
    await ok('make')
    await ok('migrate')
    on.project.write({ 'schemas/app.yaml': SCHEMA().replace('  notes:\n', '  memos:\n    renamedFrom: notes\n').replace('table: notes', 'table: memos') })
    await ok('make')
    const sql = await ok('sql', '0002')
    assert.match(sql.stdout, /DROP TRIGGER "touch" ON "notes";\nDROP FUNCTION "notes_touch"\(\);[\s\S]*ALTER TABLE "notes" RENAME TO "memos"[\s\S]*CREATE FUNCTION "memos_touch"\(\)[\s\S]*CREATE TRIGGER "touch" BEFORE UPDATE ON "memos"/)
    await ok('migrate')
    assert.deepEqual(await triggers(on.db), [CREATED[0], CREATED[1], ['memos', 'touch', 'memos_touch', '0', '']])
    assert.deepEqual(await functions(on.db), ['bump', 'memos_touch'])
    await on.db.exec(`INSERT INTO memos (id, body) VALUES (1, 'a'); UPDATE memos SET body = 'b'`)
    assert.deepEqual(await on.db.rows('SELECT touched FROM memos'), [{ touched: 10 }])
    assert.equal((await cli('diff', '--db')).code, 0)
    await ok('migrate', '0001')
    assert.deepEqual(await triggers(on.db), CREATED)
    assert.deepEqual(await functions(on.db), ['bump', 'notes_touch'])
    assert.deepEqual(await on.db.rows('SELECT touched FROM notes'), [{ touched: 10 }])
    await ok('migrate', 'zero')
    assert.deepEqual(await triggers(on.db), [])
  })

  it('on SQLite, a trigger whose name: differs from its key is created, read back and checked by diff --db under its key', async () => {
    const sqliteProject = new TempProject({
      'strata.yaml': 'schemas: schemas\nmigrations: migrations\ndatabases:\n  default: sqlite:dev.db\n',
      'schemas/app.yaml': [
        'tables:',
        '  a: { columns: { id: { type: integer, primaryKey: true }, n: integer } }',
        'triggers:',
        '  a_guard:',
        '    name: guard',
        '    table: a',
        '    timing: before',
        '    events: delete',
        "    body: SELECT RAISE(ABORT, 'kept');",
        '',
      ].join('\n'),
    })
    const run = (...a: string[]) => runCli(a, { cwd: sqliteProject.dir })
    try {
      for (const step of [['make'], ['migrate']]) {
        const r = await run(...step)
        assert.equal(r.code, 0, r.stdout + r.stderr)
      }
      const { default: Database } = await import('better-sqlite3')
      const file = new Database(`${sqliteProject.dir}/dev.db`)
      try {
        assert.deepEqual(file.prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'").all(), [{ name: 'guard', tbl_name: 'a' }])
        file.exec('INSERT INTO a (id, n) VALUES (1, 1)')
        assert.throws(() => file.exec('DELETE FROM a'), /kept/)
      } finally {
        file.close()
      }
      assert.equal((await run('diff', '--db')).code, 0)
      const hand = new Database(`${sqliteProject.dir}/dev.db`)
      hand.exec('DROP TRIGGER guard')
      hand.close()
      const drift = await run('diff', '--db')
      assert.equal(drift.code, 1, drift.stdout + drift.stderr)
      assert.match(drift.stdout, /^ {2}- trigger a_guard$/m)
      const again = new Database(`${sqliteProject.dir}/dev.db`)
      again.exec("CREATE TRIGGER guard BEFORE DELETE ON a FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'kept'); END")
      again.close()
      assert.equal((await run('diff', '--db')).code, 0)
      const zero = await run('migrate', 'zero')
      assert.equal(zero.code, 0, zero.stdout + zero.stderr)
    } finally {
      sqliteProject.cleanup()
    }
  })

  it('validate refuses, for a project with a PostgreSQL database, a body trigger whose function <table>_<name> would pass 63 bytes', async () => {
    const body = (name: string) =>
      `tables:\n  a_table_with_a_rather_long_name_indeed: { columns: { n: integer } }\ntriggers:\n  t1:\n    name: ${name}\n    table: a_table_with_a_rather_long_name_indeed\n    timing: after\n    events: insert\n    body: { postgres: BEGIN RETURN NULL; END }\n`
    const pgProject = new TempProject({
      'strata.yaml': `schemas: schemas\nmigrations: migrations\ndatabases:\n  prod: ${on.db.url}\n`,
      'schemas/app.yaml': body('a_trigger_name_that_is_long_enough_to_overflow_it'),
    })
    try {
      const r = await runCli(['validate'], { cwd: pgProject.dir })
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /schemas\/app\.yaml:5:11 +error +trigger "t1": its trigger function "a_table_with_a_rather_long_name_indeed_a_trigger_name_that_is_long_enough_to_overflow_it" \(<table>_<name>\) on database "prod" \(postgres\): the name is 88 bytes long; PostgreSQL's limit is 63 bytes/)
      pgProject.write({ 'schemas/app.yaml': body('touch') })
      const fixed = await runCli(['validate'], { cwd: pgProject.dir })
      assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr)
    } finally {
      pgProject.cleanup()
    }
  })

  it('validate refuses two triggers of one name in a project with a SQLite database, at file:line:col naming both', async () => {
    const sqliteProject = new TempProject({
      'strata.yaml': 'schemas: schemas\nmigrations: migrations\ndatabases:\n  dev: sqlite:dev.db\n',
      'schemas/app.yaml': [
        'tables:',
        '  a: { columns: { n: integer } }',
        '  b: { columns: { n: integer } }',
        'triggers:',
        '  a_touch:',
        '    name: touch',
        '    table: a',
        '    timing: after',
        '    events: insert',
        '    body: SELECT 1;',
        '  b_touch:',
        '    name: touch',
        '    table: b',
        '    timing: after',
        '    events: insert',
        '    body: SELECT 1;',
        '',
      ].join('\n'),
    })
    try {
      const r = await runCli(['validate'], { cwd: sqliteProject.dir })
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /schemas\/app\.yaml:12:5 +error +trigger "b_touch": trigger "a_touch" \(schemas\/app\.yaml:5\) has the same name "touch" in the database, and database "dev" \(sqlite\) names triggers per schema/)
      assert.doesNotMatch(r.stderr, /Error:|\n\s+at /)
      // With another name, it validates.
      sqliteProject.write({ 'schemas/app.yaml': sqliteProject.read('schemas/app.yaml').replace('    name: touch\n    table: b', '    name: touch_b\n    table: b') })
      const fixed = await runCli(['validate'], { cwd: sqliteProject.dir })
      assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr)
    } finally {
      sqliteProject.cleanup()
    }
  })
})
