/**
 * What Pagila (test/fixtures/corpus) showed introspect getting wrong on
 * PostgreSQL, each in a database of its own: several triggers of one name
 * on several tables (now all kept, keyed `<table>_<name>` with `name:`), a
 * view over an aggregate that is not kept (CREATE VIEW failed in the
 * baseline; an aggregate over kept functions is a raw `sql` entry now, and
 * this one's support function is overloaded), and a trigger passing arguments to its function (once kept
 * without them, so the rebuilt function failed on every row; now kept with
 * `args:`). What is not kept is named, the rest is adopted, and the
 * baseline migrates into an empty database where `diff --db` finds nothing.
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
    title: 'three triggers of one name on three tables are all kept, keyed by table',
    sql: `CREATE TABLE b (id int PRIMARY KEY, changed timestamptz); CREATE TABLE a (id int PRIMARY KEY, changed timestamptz); CREATE TABLE c (id int PRIMARY KEY, changed timestamptz);
      ${TOUCH}
      CREATE TRIGGER touch BEFORE UPDATE ON b FOR EACH ROW EXECUTE FUNCTION touch();
      CREATE TRIGGER touch BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION touch();
      CREATE TRIGGER touch BEFORE UPDATE ON c FOR EACH ROW EXECUTE FUNCTION touch();`,
    notKept: [],
    async rebuilt(query) {
      assert.deepEqual(await query(`SELECT t.tgrelid::regclass::text AS relname, t.tgname, t.tgfoid::regproc::text AS fn FROM pg_trigger t WHERE NOT t.tgisinternal ORDER BY 1`), [
        { relname: 'a', tgname: 'touch', fn: 'touch' },
        { relname: 'b', tgname: 'touch', fn: 'touch' },
        { relname: 'c', tgname: 'touch', fn: 'touch' },
      ])
      assert.deepEqual(await query(`SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace`), [{ proname: 'touch' }])
    },
  },
  {
    title: 'views over an aggregate not kept (its support function is overloaded), directly or through a view, are named and left out with it',
    sql: `CREATE TABLE t (id int PRIMARY KEY, name text);
      CREATE FUNCTION _cat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT coalesce($1 || '', '', '''') || $2';
      CREATE FUNCTION _cat(integer, integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1 + $2';
      CREATE AGGREGATE cat(text) (SFUNC = _cat, STYPE = text);
      CREATE VIEW names AS SELECT cat(name) AS names FROM t;
      CREATE VIEW names_upper AS SELECT upper(names) AS names FROM names;
      CREATE VIEW plain AS SELECT id FROM t;`,
    notKept: [
      'aggregate cat(text): an aggregate over a support function strata does not keep (not kept as raw SQL: the rebuilt database will not have that function)',
      'function _cat(integer, integer): overloaded (one of several functions of this name; strata keeps one function per name)',
      'function _cat(text, text): overloaded (one of several functions of this name; strata keeps one function per name)',
      'view names: uses cat(text), which is not kept (not modelled: the rebuilt database does not have this view)',
      'view names_upper: uses view names, which is not kept (not modelled: the rebuilt database does not have this view)',
    ],
    async rebuilt(query) {
      assert.deepEqual(await query(`SELECT viewname FROM pg_views WHERE schemaname = 'public'`), [{ viewname: 'plain' }])
    },
  },
  {
    title: 'a trigger passing arguments to its function is kept with them, and fires in the rebuilt database',
    sql: `CREATE TABLE docs (id int PRIMARY KEY, body text, tsv tsvector);
      CREATE TRIGGER docs_tsv BEFORE INSERT OR UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger('tsv', 'pg_catalog.english', 'body');`,
    notKept: [],
    async rebuilt(query) {
      assert.deepEqual(await query(`SELECT tgname, encode(tgargs, 'escape') AS args FROM pg_trigger WHERE NOT tgisinternal`), [{ tgname: 'docs_tsv', args: 'tsv\\000pg_catalog.english\\000body\\000' }])
      await query(`INSERT INTO docs (id, body) VALUES (1, 'rows go in')`)
      assert.deepEqual(await query(`SELECT tsv::text AS tsv FROM docs`), [{ tsv: "'go':2 'row':1" }])
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
