/**
 * Raw `sql` objects through the real binary, on SQLite and PostgreSQL, with
 * rows: declared, made into a migration, shown by `strata sql`, applied,
 * checked with the database's own catalog (sqlite_master; pg_event_trigger,
 * pg_publication, pg_publication_tables), used (a raw trigger fires, an
 * event trigger logs DDL), changed (drop old + create new), kept through a
 * table rebuild on SQLite, reversed, dropped; located errors for a missing
 * drop and for a dialect of the project's databases without SQL.
 */
import { strict as assert } from 'node:assert'
import { projectOn } from './project-on'
import { TARGETS } from './targets'

const TABLES = (qty = 'integer') => `tables:
  items:
    columns:
      id: { type: integer, primaryKey: true }
      name: { type: string, length: 50 }
      qty: ${qty}
  audit:
    columns:
      id: { type: integer, primaryKey: true, autoincrement: true }
      what: text
`

const SQL = (opts: { minQty?: number; publishAudit?: boolean } = {}) => `sql:
  items_report:
    create:
      sqlite: |
        CREATE VIEW items_report AS SELECT id, name FROM items WHERE qty > ${opts.minQty ?? 0};
        CREATE INDEX items_name_raw ON items (name);
        CREATE TRIGGER items_raw_audit AFTER INSERT ON items BEGIN INSERT INTO audit (what) VALUES ('raw ' || NEW.name); END;
      postgres: null
    drop:
      sqlite: DROP TRIGGER items_raw_audit; DROP INDEX items_name_raw; DROP VIEW items_report;
  ddl_log:
    create:
      postgres: |
        CREATE FUNCTION ddl_log_fn() RETURNS event_trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO audit (what) VALUES ('ddl ' || tg_tag); END $$;
        CREATE EVENT TRIGGER ddl_log ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION ddl_log_fn();
      sqlite: null
    drop:
      postgres: DROP EVENT TRIGGER ddl_log; DROP FUNCTION ddl_log_fn();
  items_pub:
    create:
      postgres: CREATE PUBLICATION items_pub FOR TABLE items${opts.publishAudit ? ', audit' : ''}
      sqlite: null
    drop:
      postgres: DROP PUBLICATION items_pub
`

for (const target of [TARGETS.sqlite, TARGETS.postgres]) {
  target.describe(`raw sql objects on ${target.dialect}, with rows`, function () {
    this.timeout(180000)
    const on = projectOn(target)
    const { cli, ok } = on
    const names = async (sql: string) => (await on.db.rows(sql)).map((r) => String(r.name))

    /** The raw objects as the catalog lists them: SQLite's sqlite_master rows (type:name sql), PostgreSQL's event triggers and publications. */
    async function catalog(): Promise<Record<string, string[]>> {
      if (target.dialect === 'sqlite') {
        const rows = await on.db.rows("SELECT type, name, sql FROM sqlite_master WHERE name IN ('items_report', 'items_name_raw', 'items_raw_audit') ORDER BY name")
        return { sqlite_master: rows.map((r) => `${String(r.type)}:${String(r.name)} ${String(r.sql).replace(/\s+/g, ' ').trim()}`) }
      }
      return {
        pg_event_trigger: await names("SELECT evtname || ' ' || evtevent || ' ' || array_to_string(evttags, ',') AS name FROM pg_event_trigger ORDER BY 1"),
        pg_publication: await names('SELECT pubname AS name FROM pg_publication ORDER BY 1'),
        pg_publication_tables: await names("SELECT pubname || ':' || tablename AS name FROM pg_publication_tables ORDER BY 1"),
      }
    }

    const V1 =
      target.dialect === 'sqlite'
        ? {
            sqlite_master: [
              'index:items_name_raw CREATE INDEX items_name_raw ON items (name)',
              "trigger:items_raw_audit CREATE TRIGGER items_raw_audit AFTER INSERT ON items BEGIN INSERT INTO audit (what) VALUES ('raw ' || NEW.name); END",
              'view:items_report CREATE VIEW items_report AS SELECT id, name FROM items WHERE qty > 0',
            ],
          }
        : { pg_event_trigger: ['ddl_log ddl_command_end CREATE TABLE'], pg_publication: ['items_pub'], pg_publication_tables: ['items_pub:items'] }
    const NONE = target.dialect === 'sqlite' ? { sqlite_master: [] } : { pg_event_trigger: [], pg_publication: [], pg_publication_tables: [] }


    it('declared, made, shown, applied, used, changed, kept through a table change, reversed, dropped', async () => {
      on.project.write({ 'schemas/app.yaml': TABLES() + SQL() })
      const made = await ok('make')
      assert.match(made.stdout, /\+ sql items_report/)
      assert.match(made.stdout, /\+ sql items_pub/)
      const shown = await ok('sql', '0001')
      if (target.dialect === 'sqlite') {
        assert.match(shown.stdout, /CREATE VIEW items_report AS SELECT id, name FROM items WHERE qty > 0/)
        assert.doesNotMatch(shown.stdout, /PUBLICATION/)
      } else {
        assert.match(shown.stdout, /CREATE EVENT TRIGGER ddl_log/)
        assert.match(shown.stdout, /CREATE PUBLICATION items_pub FOR TABLE items/)
        assert.doesNotMatch(shown.stdout, /items_report/)
        // After every modelled object: the publication follows CREATE TABLE "items".
        assert.ok(shown.stdout.indexOf('CREATE TABLE "items"') < shown.stdout.indexOf('CREATE PUBLICATION'))
      }
      await ok('migrate')
      assert.deepEqual(await catalog(), V1)
      assert.equal((await cli('diff', '--db')).code, 0, 'what the sql objects made is not drift')
      assert.equal((await cli('make', '--check')).code, 0)

      await on.db.exec("INSERT INTO items (id, name, qty) VALUES (1, 'bolt', 5), (2, 'beam', 0)")
      if (target.dialect === 'sqlite') {
        assert.deepEqual(await on.db.rows('SELECT what FROM audit ORDER BY id'), [{ what: 'raw bolt' }, { what: 'raw beam' }])
        assert.deepEqual(await on.db.rows('SELECT name FROM items_report'), [{ name: 'bolt' }])
      } else {
        await on.db.exec('CREATE TABLE scratch_t (x integer); DROP TABLE scratch_t')
        assert.deepEqual(await on.db.rows('SELECT what FROM audit ORDER BY id'), [{ what: 'ddl CREATE TABLE' }])
        await on.db.exec('DELETE FROM audit')
      }

      // Changed text: the old drop, then the new create.
      on.project.write({ 'schemas/app.yaml': TABLES() + SQL({ minQty: 1, publishAudit: true }) })
      const changed = await ok('make')
      const changedName = target.dialect === 'sqlite' ? 'items_report' : 'items_pub'
      assert.match(changed.stdout, new RegExp(`- sql ${changedName}\\n.*\\+ sql ${changedName}`, 's'))
      assert.doesNotMatch(changed.stdout, /ddl_log/, 'an unchanged object stays')
      await ok('migrate')
      const V2 =
        target.dialect === 'sqlite'
          ? { sqlite_master: [V1.sqlite_master![0]!, V1.sqlite_master![1]!, 'view:items_report CREATE VIEW items_report AS SELECT id, name FROM items WHERE qty > 1'] }
          : { ...V1, pg_publication_tables: ['items_pub:audit', 'items_pub:items'] }
      assert.deepEqual(await catalog(), V2)

      // A table they use changes (SQLite rebuilds items): dropped before, created after.
      on.project.write({ 'schemas/app.yaml': TABLES('bigint') + SQL({ minQty: 1, publishAudit: true }) })
      const retyped = await ok('make')
      assert.match(retyped.stdout, /~ column items\.qty/)
      assert.match(retyped.stdout, /- sql items_pub[\s\S]*~ column items\.qty[\s\S]*\+ sql items_pub/)
      await ok('migrate')
      assert.deepEqual(await catalog(), V2)
      assert.equal(Number((await on.db.rows('SELECT count(*) AS n FROM items'))[0]!.n), 2)
      assert.equal((await cli('diff', '--db')).code, 0)

      // Reversed to the first migration: the first texts are back.
      await ok('migrate', '0001')
      assert.deepEqual(await catalog(), V1)
      await ok('migrate')

      // Removed from the files: dropped (named by lint), rows kept.
      on.project.write({ 'schemas/app.yaml': TABLES('bigint') })
      const removed = await ok('make')
      assert.match(removed.stdout, /- sql items_report/)
      assert.match(removed.stdout + removed.stderr, /drops sql "items_pub"/)
      await ok('migrate')
      assert.deepEqual(await catalog(), NONE)
      assert.equal(Number((await on.db.rows('SELECT count(*) AS n FROM items'))[0]!.n), 2)
      await ok('migrate', '0003')
      assert.deepEqual(await catalog(), V2)
      await ok('migrate', 'zero')
      assert.deepEqual(await catalog(), NONE)
    })

    it('a missing drop and a dialect without SQL are located errors; nothing is written', async () => {
      on.project.write({
        'schemas/app.yaml':
          TABLES() +
          `sql:
  no_drop:
    create: CREATE VIEW v1 AS SELECT 1 AS one
  pg_only:
    create:
      postgres: CREATE PUBLICATION p1
    drop:
      postgres: DROP PUBLICATION p1
  late:
    create: CREATE VIEW v2 AS SELECT 1 AS one
    drop: DROP VIEW v2
    dependsOn: [later_one]
  later_one:
    create: CREATE VIEW v3 AS SELECT 1 AS one
    drop: DROP VIEW v3
`,
      })
      const result = await cli('make')
      assert.equal(result.code, 2, result.stdout + result.stderr)
      const out = result.stdout + result.stderr
      assert.match(out, /schemas\/app\.yaml:12:3\s+error\s+sql "no_drop": no drop/)
      assert.match(out, /schemas\/app\.yaml:22:17\s+error\s+sql "late": depends on sql "later_one", which comes after it/)
      if (target.dialect === 'sqlite') assert.match(out, /schemas\/app\.yaml:15:5\s+error\s+sql "pg_only": no create SQL for sqlite, which database "STRATA_DATABASE_URL" uses/)
      else assert.doesNotMatch(out, /pg_only/)
      assert.doesNotMatch(out, /\n\s+at /, 'no stack trace')
      assert.equal(on.project.exists('migrations/snapshot.json'), false)
    })
  })
}
