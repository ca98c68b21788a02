/**
 * What Pagila (test/fixtures/corpus) showed introspect getting wrong on
 * PostgreSQL, each in a database of its own: several triggers of one name
 * on several tables (strata names triggers uniquely in a schema), a view
 * over an aggregate (not kept, so CREATE VIEW failed in the baseline), and
 * a trigger passing arguments to its function (kept without them, so the
 * rebuilt function failed on every row). Each is named as not kept, the
 * rest is adopted, and the baseline migrates into an empty database where
 * `diff --db` finds nothing.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { describePostgres } from '../helpers/postgres'
import { TempProject } from '../helpers/project'
import { notKeptWarnings } from './corpus'
import { postgresTarget } from '../e2e/targets'

interface Case {
  readonly title: string
  readonly sql: string
  readonly notKept: readonly string[]
  /** Checked on the rebuilt database. */
  readonly rebuilt: (query: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<void>
}

const TOUCH = `CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN NEW.changed = now(); RETURN NEW; END';`

const CASES: readonly Case[] = [
  {
    title: 'three triggers of one name: the one on the first table is kept, the others are named',
    sql: `CREATE TABLE b (id int PRIMARY KEY, changed timestamptz); CREATE TABLE a (id int PRIMARY KEY, changed timestamptz); CREATE TABLE c (id int PRIMARY KEY, changed timestamptz);
      ${TOUCH}
      CREATE TRIGGER touch BEFORE UPDATE ON b FOR EACH ROW EXECUTE FUNCTION touch();
      CREATE TRIGGER touch BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION touch();
      CREATE TRIGGER touch BEFORE UPDATE ON c FOR EACH ROW EXECUTE FUNCTION touch();`,
    notKept: [
      'trigger touch: a second trigger of this name, on b (not kept: trigger names are unique in the schema files; the one on a is kept)',
      'trigger touch: a second trigger of this name, on c (not kept: trigger names are unique in the schema files; the one on a is kept)',
    ],
    async rebuilt(query) {
      assert.deepEqual(await query(`SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal`), [{ relname: 'a', tgname: 'touch' }])
      assert.deepEqual(await query(`SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace`), [{ proname: 'touch' }])
    },
  },
  {
    title: 'views over an aggregate, directly or through a view, are named and left out with it',
    sql: `CREATE TABLE t (id int PRIMARY KEY, name text);
      CREATE FUNCTION _cat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT coalesce($1 || '', '', '''') || $2';
      CREATE AGGREGATE cat(text) (SFUNC = _cat, STYPE = text);
      CREATE VIEW names AS SELECT cat(name) AS names FROM t;
      CREATE VIEW names_upper AS SELECT upper(names) AS names FROM names;
      CREATE VIEW plain AS SELECT id FROM t;`,
    notKept: [
      'aggregate cat(text): an aggregate or window function (not modelled)',
      'view names: uses cat(text), which is not kept (not modelled: the rebuilt database does not have this view)',
      'view names_upper: uses view names, which is not kept (not modelled: the rebuilt database does not have this view)',
    ],
    async rebuilt(query) {
      assert.deepEqual(await query(`SELECT viewname FROM pg_views WHERE schemaname = 'public'`), [{ viewname: 'plain' }])
    },
  },
  {
    title: 'a trigger passing arguments to its function is named and left out, not kept without them',
    sql: `CREATE TABLE docs (id int PRIMARY KEY, body text, tsv tsvector);
      CREATE TRIGGER docs_tsv BEFORE INSERT OR UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger('tsv', 'pg_catalog.english', 'body');`,
    notKept: ['trigger docs_tsv: arguments to its function on docs (not modelled: the rebuilt table does not have this trigger)'],
    async rebuilt(query) {
      assert.deepEqual(await query(`SELECT count(*)::int AS n FROM pg_trigger WHERE NOT tgisinternal`), [{ n: 0 }])
      await query(`INSERT INTO docs (id, body) VALUES (1, 'rows go in')`)
    },
  },
]

describePostgres('introspect names what depends on what it does not keep (PostgreSQL)', function () {
  this.timeout(120000)
  for (const c of CASES) {
    it(c.title, async () => {
      const original = await postgresTarget.create()
      const copy = await postgresTarget.create()
      const project = new TempProject()
      try {
        await original.script(c.sql)
        const r = await runCli(['introspect', '-d', original.url], { cwd: project.dir })
        assert.equal(r.code, 0, r.stdout + r.stderr)
        assert.deepEqual(notKeptWarnings(r.stderr), [...c.notKept].sort())
        const d = await runCli(['diff', '--db', '-d', original.url], { cwd: project.dir })
        assert.equal(d.code, 0, d.stdout + d.stderr)
        const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
        assert.equal(m.code, 0, m.stdout + m.stderr)
        await c.rebuilt((sql) => copy.rows(sql))
        const dc = await runCli(['diff', '--db', '-d', copy.url], { cwd: project.dir })
        assert.equal(dc.code, 0, dc.stdout + dc.stderr)
      } finally {
        project.cleanup()
        await original.drop()
        await copy.drop()
      }
    })
  }
})
