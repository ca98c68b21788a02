/**
 * Drift on raw `sql` objects, through the real binary on SQLite, PostgreSQL
 * and MariaDB: what each object's create made is recorded when it is
 * applied (strata_sql_objects), equal to the database's own catalog
 * (sqlite_master.sql, pg_get_functiondef / pg_get_triggerdef,
 * information_schema); an untouched database shows no drift, after a change
 * and a reversal too; a hand change (a function or trigger created again
 * with another body, an object dropped, a publication given another table)
 * is named by `diff --db` and by `status`, and undoing it by hand clears it;
 * an object without a record is said to be unchecked.
 */
import { strict as assert } from 'node:assert'
import { projectOn } from './project-on'
import { TARGETS } from './targets'

const TABLES = `tables:
  items:
    columns:
      id: { type: integer, primaryKey: true }
      name: { type: string, length: 50 }
      qty: integer
  audit:
    columns:
      id: { type: integer, primaryKey: true, autoincrement: true }
      what: text
`

interface Case {
  /** The `sql:` section, with `{n}` for a number that a change edits. */
  readonly sql: (n: number) => string
  /** Statements that change what the objects made by hand, and the catalog key that then differs. */
  readonly changes: readonly { readonly key: string; readonly hand: readonly string[]; readonly undo: readonly string[] }[]
  /** A recorded key and the catalog query for its definition now. */
  readonly catalog: { readonly key: string; readonly query: string }
}

const CASES: Record<'sqlite' | 'postgres' | 'mysql', Case> = {
  sqlite: {
    sql: (n) => `sql:
  items_raw:
    create: |
      CREATE VIEW items_report AS SELECT id, name FROM items WHERE qty > ${n};
      CREATE INDEX items_name_raw ON items (name);
      CREATE TRIGGER items_raw_audit AFTER INSERT ON items BEGIN INSERT INTO audit (what) VALUES ('raw ' || NEW.name); END;
    drop: DROP TRIGGER items_raw_audit; DROP INDEX items_name_raw; DROP VIEW items_report;
`,
    changes: [
      {
        key: 'trigger items_raw_audit',
        hand: ['DROP TRIGGER items_raw_audit', "CREATE TRIGGER items_raw_audit AFTER INSERT ON items BEGIN INSERT INTO audit (what) VALUES ('hand ' || NEW.name); END"],
        undo: ['DROP TRIGGER items_raw_audit', "CREATE TRIGGER items_raw_audit AFTER INSERT ON items BEGIN INSERT INTO audit (what) VALUES ('raw ' || NEW.name); END"],
      },
      { key: 'index items_name_raw', hand: ['DROP INDEX items_name_raw'], undo: ['CREATE INDEX items_name_raw ON items (name)'] },
    ],
    catalog: { key: 'trigger items_raw_audit', query: "SELECT sql AS def FROM sqlite_master WHERE name = 'items_raw_audit'" },
  },
  postgres: {
    sql: (n) => `sql:
  ddl_log:
    create: |
      CREATE FUNCTION ddl_log_fn() RETURNS event_trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO audit (what) VALUES ('ddl ${n} ' || tg_tag); END $$;
      CREATE EVENT TRIGGER ddl_log ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION ddl_log_fn();
    drop: DROP EVENT TRIGGER ddl_log; DROP FUNCTION ddl_log_fn();
  items_pub:
    create: CREATE PUBLICATION items_pub FOR TABLE items
    drop: DROP PUBLICATION items_pub
`,
    changes: [
      {
        key: 'function public.ddl_log_fn()',
        hand: ["CREATE OR REPLACE FUNCTION ddl_log_fn() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN NULL; END $$"],
        undo: ["CREATE OR REPLACE FUNCTION ddl_log_fn() RETURNS event_trigger LANGUAGE plpgsql AS $$\nBEGIN INSERT INTO audit (what) VALUES ('ddl 0 ' || tg_tag); END $$"],
      },
      { key: 'event trigger ddl_log', hand: ['ALTER EVENT TRIGGER ddl_log DISABLE'], undo: ['ALTER EVENT TRIGGER ddl_log ENABLE'] },
      { key: 'publication items_pub', hand: ['ALTER PUBLICATION items_pub ADD TABLE audit'], undo: ['ALTER PUBLICATION items_pub DROP TABLE audit'] },
      { key: 'publication items_pub', hand: ['DROP PUBLICATION items_pub'], undo: ['CREATE PUBLICATION items_pub FOR TABLE items'] },
    ],
    catalog: { key: 'function public.ddl_log_fn()', query: "SELECT pg_get_functiondef('ddl_log_fn'::regproc) AS def" },
  },
  mysql: {
    sql: (n) => `sql:
  items_raw:
    create: CREATE PROCEDURE items_count(OUT n INT) SELECT COUNT(*) + ${n} INTO n FROM items
    drop: DROP PROCEDURE items_count
  items_touch:
    create: CREATE TRIGGER items_touch BEFORE INSERT ON items FOR EACH ROW SET NEW.name = UPPER(NEW.name)
    drop: DROP TRIGGER items_touch
`,
    changes: [
      {
        key: 'procedure items_count',
        hand: ['DROP PROCEDURE items_count', 'CREATE PROCEDURE items_count(OUT n INT) SELECT 42 INTO n'],
        undo: ['DROP PROCEDURE items_count', 'CREATE PROCEDURE items_count(OUT n INT) SELECT COUNT(*) + 0 INTO n FROM items'],
      },
      { key: 'trigger items_touch', hand: ['DROP TRIGGER items_touch'], undo: ['CREATE TRIGGER items_touch BEFORE INSERT ON items FOR EACH ROW SET NEW.name = UPPER(NEW.name)'] },
    ],
    catalog: {
      key: 'procedure items_count',
      query: "SELECT ROUTINE_DEFINITION AS def FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_NAME = 'items_count'",
    },
  },
}

for (const target of [TARGETS.sqlite, TARGETS.postgres, TARGETS.mysql]) {
  const c = CASES[target.dialect]
  target.describe(`drift of raw sql objects on ${target.dialect}`, function () {
    this.timeout(180000)
    const on = projectOn(target)
    const { cli, ok } = on
    const run = async (statements: readonly string[]) => {
      for (const s of statements) await on.db.exec(s)
    }
    const records = async () =>
      Object.fromEntries((await on.db.rows('SELECT name, made FROM strata_sql_objects ORDER BY name')).map((r) => [String(r.name), JSON.parse(String(r.made)) as Record<string, string>]))


    it('records what each object made; a hand change is named by diff --db and status, an untouched database is not', async () => {
      on.project.write({ 'schemas/app.yaml': TABLES + c.sql(0) })
      await ok('make')
      await ok('migrate')

      // The record is the catalog's own text.
      const made = await records()
      const all = Object.assign({}, ...Object.values(made)) as Record<string, string>
      const def = String((await on.db.rows(c.catalog.query))[0]!.def)
      assert.ok(all[c.catalog.key]!.includes(def.trim()), `${c.catalog.key}: recorded ${JSON.stringify(all[c.catalog.key])}, catalog ${JSON.stringify(def)}`)
      for (const change of c.changes) assert.ok(change.key in all, `${change.key} recorded: ${Object.keys(all).join(', ')}`)
      assert.equal((await cli('diff', '--db')).code, 0, 'untouched: no drift')

      for (const change of c.changes) {
        await run(change.hand)
        const drift = await cli('diff', '--db')
        assert.equal(drift.code, 1, `${change.hand.join('; ')}: ${drift.stdout}${drift.stderr}`)
        assert.ok(drift.stdout.includes(change.key), `diff --db names ${change.key}:\n${drift.stdout}`)
        assert.match(drift.stdout, /- sql \w+\n\s+\+ sql \w+/)
        const status = await cli('status')
        assert.match(status.stdout, /drift:.*\n(.*\n)*\s+- sql \w+\n\s+\+ sql \w+/, `status: ${status.stdout}${status.stderr}`)
        await run(change.undo)
        const undone = await cli('diff', '--db')
        assert.equal(undone.code, 0, `undone by hand: ${undone.stdout}${undone.stderr}`)
      }

      // Changed by a migration, reversed, applied again: recorded afresh each time, never drift.
      on.project.write({ 'schemas/app.yaml': TABLES + c.sql(1) })
      await ok('make')
      await ok('migrate')
      assert.equal((await cli('diff', '--db')).code, 0, 'after a change')
      assert.notDeepEqual(await records(), made)
      await ok('migrate', '0001')
      assert.deepEqual(await records(), made, 'reversed: the first texts made what they made first')
      // The snapshot holds the unapplied change: status compares with the applied migrations.
      const reversed = await cli('status')
      assert.doesNotMatch(reversed.stdout + reversed.stderr, /drift/, 'after a reversal')
      await ok('migrate', 'zero')
      assert.deepEqual(await records(), {}, 'dropped objects leave no record')
      assert.equal((await cli('diff', '--db')).code, 1, 'the snapshot has the objects, the database not')
    })

    if (target.dialect === 'postgres') {
      it('what an object covers without naming it (a publication FOR ALL TABLES) is no drift when a table is added', async () => {
        const all = 'sql:\n  all_pub:\n    create: CREATE PUBLICATION all_pub FOR ALL TABLES\n    drop: DROP PUBLICATION all_pub\n'
        on.project.write({ 'schemas/app.yaml': TABLES + all })
        await ok('make')
        await ok('migrate')
        on.project.write({ 'schemas/app.yaml': TABLES + '  later:\n    columns:\n      id: { type: integer, primaryKey: true }\n' + all })
        await ok('make')
        await ok('migrate')
        assert.deepEqual(await on.db.rows("SELECT tablename FROM pg_publication_tables WHERE pubname = 'all_pub' AND tablename NOT LIKE 'strata%' ORDER BY 1"), [
          { tablename: 'audit' },
          { tablename: 'items' },
          { tablename: 'later' },
        ])
        const drift = await cli('diff', '--db')
        assert.equal(drift.code, 0, drift.stdout + drift.stderr)
      })
    }

    it('an object without a record is said to be unchecked, and is not drift', async () => {
      on.project.write({ 'schemas/app.yaml': TABLES + c.sql(0) })
      await ok('make')
      await ok('migrate')
      await on.db.exec('DELETE FROM strata_sql_objects')
      await run(c.changes[0]!.hand)
      const result = await cli('diff', '--db')
      assert.equal(result.code, 0, result.stdout + result.stderr)
      assert.match(result.stderr, /no record of what sql "\w+"(, "\w+")* made/)
    })
  })
}
