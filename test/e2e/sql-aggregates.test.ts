/**
 * Aggregates as raw `sql` objects (PostgreSQL, issue 8). `introspect` keeps
 * an aggregate as a `sql` entry built from pg_aggregate (every option the
 * catalog holds), and the views over it name it in `dependsOn`, so that it
 * is created after the functions it uses and before the views: an adopted
 * database with rows is rebuilt catalog to catalog (pg_aggregate, pg_proc,
 * pg_views) and the views answer the same; `make --check`, `diff --db` and
 * `status` find nothing right after, and a hand change of an aggregate is
 * named. Declared by hand: a change of the aggregate's text recreates the
 * views over it around it (dropped before it, created after), forward and
 * back, with rows. validate refuses a view's dependsOn on nothing and a sql
 * object before the views whose dependsOn names a view, at file:line:col.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { projectOn } from './project-on'
import { TARGETS, type TargetDatabase } from './targets'

const ADOPTED = `
CREATE TABLE films (id int PRIMARY KEY, title text NOT NULL, length int NOT NULL, rate float8 NOT NULL);
INSERT INTO films VALUES (1, 'Alpha', 90, 0.99), (2, 'Beta', 120, 2.99), (3, 'Gamma', 100, 4.99);
CREATE FUNCTION _cat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT CASE WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 END$$;
CREATE AGGREGATE group_concat(text) (SFUNC = _cat, STYPE = text);
CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0', COMBINEFUNC = int4pl, PARALLEL = SAFE,
  MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = int, MINITCOND = '0');
CREATE AGGREGATE longest(int) (SFUNC = int4larger, STYPE = int, SORTOP = >);
COMMENT ON AGGREGATE longest(int) IS 'the longest film';
CREATE AGGREGATE median_rate(float8 ORDER BY float8) (SFUNC = ordered_set_transition, STYPE = internal,
  FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);
CREATE VIEW film_summary AS SELECT group_concat(title ORDER BY id) AS titles, total(length) AS minutes, longest(length) AS longest FROM films;
CREATE VIEW film_titles AS SELECT upper(titles) AS titles FROM film_summary;
CREATE VIEW rates AS SELECT median_rate(0.5) WITHIN GROUP (ORDER BY rate) AS median FROM films;
`

/** The aggregates and views as PostgreSQL's own catalogs hold them. */
const catalog = async (db: TargetDatabase) => ({
  aggregates: await db.rows(`SELECT p.proname, pg_get_function_arguments(p.oid) AS args, p.proparallel, obj_description(p.oid, 'pg_proc') AS comment,
      g.aggkind, g.aggnumdirectargs, g.aggtransfn::regprocedure::text AS sfunc, g.aggfinalfn::regprocedure::text AS finalfunc,
      g.aggcombinefn::regprocedure::text AS combinefunc, g.aggmtransfn::regprocedure::text AS msfunc, g.aggminvtransfn::regprocedure::text AS minvfunc,
      g.aggfinalextra, g.aggfinalmodify, g.aggmfinalmodify, g.aggsortop::regoperator::text AS sortop, format_type(g.aggtranstype, NULL) AS stype,
      format_type(NULLIF(g.aggmtranstype, 0), NULL) AS mstype, g.agginitval, g.aggminitval
    FROM pg_aggregate g JOIN pg_proc p ON p.oid = g.aggfnoid WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1`),
  functions: await db.rows(`SELECT proname, prokind, prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1`),
  views: await db.rows(`SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY 1`),
})

const answers = async (db: TargetDatabase) => ({
  summary: await db.rows('SELECT titles, minutes, longest FROM film_summary'),
  titles: await db.rows('SELECT titles FROM film_titles'),
  rates: await db.rows('SELECT median FROM rates'),
})

const DECLARED = (initcond: string) => `tables:
  films:
    columns:
      id: { type: integer, primaryKey: true }
      title: text
functions:
  _cat:
    args: "a text, b text"
    returns: text
    language: sql
    volatility: immutable
    body: SELECT CASE WHEN a IS NULL THEN b ELSE a || ', ' || b END
sql:
  group_concat:
    create: { postgres: "CREATE AGGREGATE group_concat(text) (SFUNC = _cat, STYPE = text${initcond})" }
    drop: { postgres: "DROP AGGREGATE group_concat(text)" }
views:
  all_titles:
    query: SELECT group_concat(title ORDER BY id) AS titles FROM films
    dependsOn: [group_concat]
  shouting:
    query: SELECT upper(titles) AS titles FROM all_titles
`

const target = TARGETS.postgres
target.describe('aggregates as raw sql objects on postgres, with rows', function () {
  this.timeout(180000)
  const on = projectOn(target)
  const { cli, ok } = on

  it('introspect keeps them as sql entries, the views over them too; rebuilt catalog to catalog; a hand change is named', async () => {
    await on.db.script(ADOPTED)
    const adopted = await ok('introspect', '--strict')
    assert.match(adopted.stdout, /^ {2}aggregate +4 kept as raw SQL$/m)
    assert.match(adopted.stdout, /^ {2}view +3 modelled$/m)
    assert.match(adopted.stderr, /warning: aggregate group_concat\(text\): not modelled, kept as raw SQL \(the sql entry group_concat\)/)
    const sql = on.project.read('schemas/sql.yaml')
    assert.match(sql, /CREATE AGGREGATE group_concat\(text\) \(\\n {2}SFUNC = _cat,\\n {2}STYPE = text\\n\)/)
    assert.match(sql, /CREATE AGGREGATE longest\(integer\) \(\\n {2}SFUNC = int4larger,\\n {2}STYPE = integer,\\n {2}SORTOP = >\\n\);\\nCOMMENT ON AGGREGATE longest\(integer\) IS 'the longest film'/)
    assert.match(sql, /CREATE AGGREGATE median_rate\(double precision ORDER BY double precision\)/)
    assert.match(sql, /DROP AGGREGATE total\(integer\)/)
    assert.match(on.project.read('schemas/views.yaml'), /film_summary:\n\s+query: .*\n\s+dependsOn: \[ group_concat, longest, total \]/)
    // Created after the function it uses, before the views over it.
    const baseline = on.project.read('migrations/0001_baseline.yaml')
    const at = (s: string) => baseline.indexOf(s)
    assert.ok(at('createFunction') < at('name: group_concat') && at('name: group_concat') < at('createView'), baseline)
    assert.ok(at('name: median_rate') < at('name: rates'), baseline)

    assert.match((await ok('make', '--check')).stdout, /No changes detected/)
    const clean = await ok('diff', '--db')
    assert.equal(clean.stdout, '')
    assert.doesNotMatch(clean.stderr, /unchecked|not checked/)
    await ok('status')

    const copy = await target.create(on.project)
    try {
      const m = await runCli(['migrate'], { cwd: on.project.dir, env: { STRATA_DATABASE_URL: copy.url } })
      assert.equal(m.code, 0, m.stdout + m.stderr)
      assert.deepEqual(await catalog(copy), await catalog(on.db))
      assert.equal((await catalog(copy)).aggregates.length, 4)
      await copy.exec(`INSERT INTO films VALUES (1, 'Alpha', 90, 0.99), (2, 'Beta', 120, 2.99), (3, 'Gamma', 100, 4.99)`)
      assert.deepEqual(await answers(copy), await answers(on.db))
      assert.deepEqual((await answers(copy)).summary, [{ titles: 'Alpha, Beta, Gamma', minutes: 310, longest: 120 }])
      const copyDiff = await runCli(['diff', '--db'], { cwd: on.project.dir, env: { STRATA_DATABASE_URL: copy.url } })
      assert.equal(copyDiff.code, 0, copyDiff.stdout + copyDiff.stderr)
      const zero = await runCli(['migrate', 'zero'], { cwd: on.project.dir, env: { STRATA_DATABASE_URL: copy.url } })
      assert.equal(zero.code, 0, zero.stdout + zero.stderr)
      assert.deepEqual(await catalog(copy), { aggregates: [], functions: [], views: [] })
    } finally {
      await copy.drop()
    }

    // By hand: longest made again without its SORTOP (the views over it dropped and made again too).
    await on.db.exec(`DROP VIEW film_titles; DROP VIEW film_summary; DROP AGGREGATE longest(int);
      CREATE AGGREGATE longest(int) (SFUNC = int4larger, STYPE = int);
      CREATE VIEW film_summary AS SELECT group_concat(title ORDER BY id) AS titles, total(length) AS minutes, longest(length) AS longest FROM films;
      CREATE VIEW film_titles AS SELECT upper(titles) AS titles FROM film_summary;`)
    const changed = await cli('diff', '--db')
    assert.equal(changed.code, 1, changed.stdout + changed.stderr)
    assert.match(changed.stdout, /-\s+"aggregate public\.longest\(integer\)": .*sortop >\(integer,integer\)/)
    assert.match(changed.stdout, /^ {2}- sql longest$/m)
    assert.doesNotMatch(changed.stdout, /sql (total|group_concat|median_rate)/)
  })

  it('declared: created before the views over it; a change recreates them around it, forward and back, with rows', async () => {
    on.project.write({ 'schemas/app.yaml': DECLARED('') })
    await ok('make', 'initial')
    const first = await ok('sql', '0001')
    const at = (s: string) => first.stdout.indexOf(s)
    assert.ok(at('CREATE FUNCTION "_cat"') < at('CREATE AGGREGATE group_concat') && at('CREATE AGGREGATE group_concat') < at('CREATE VIEW "all_titles"'), first.stdout)
    await ok('migrate')
    await on.db.exec(`INSERT INTO films VALUES (1, 'Alpha'), (2, 'Beta')`)
    assert.deepEqual(await on.db.rows('SELECT titles FROM shouting'), [{ titles: 'ALPHA, BETA' }])
    assert.equal((await cli('diff', '--db')).code, 0)

    on.project.write({ 'schemas/app.yaml': DECLARED(", INITCOND = 'Films'") })
    const made = await ok('make', 'initcond')
    assert.match(made.stdout, /- view shouting\n\s+- view all_titles\n\s+- sql group_concat\n\s+\+ sql group_concat\n\s+\+ view all_titles\n\s+\+ view shouting/)
    await ok('migrate')
    assert.deepEqual(await on.db.rows('SELECT titles FROM shouting'), [{ titles: 'FILMS, ALPHA, BETA' }])
    assert.deepEqual(await on.db.rows(`SELECT agginitval FROM pg_aggregate WHERE aggfnoid = 'group_concat(text)'::regprocedure`), [{ agginitval: 'Films' }])
    assert.equal((await cli('diff', '--db')).code, 0)

    await ok('migrate', '0001')
    assert.deepEqual(await on.db.rows(`SELECT agginitval FROM pg_aggregate WHERE aggfnoid = 'group_concat(text)'::regprocedure`), [{ agginitval: null }])
    assert.deepEqual(await on.db.rows('SELECT titles FROM shouting'), [{ titles: 'ALPHA, BETA' }])
    await ok('migrate', 'zero')
    assert.deepEqual(await catalog(on.db), { aggregates: [], functions: [], views: [] })
    assert.equal(Number((await on.db.rows('SELECT count(*) AS n FROM pg_class WHERE relname = $$films$$'))[0]!.n), 0)
  })

  it('validate refuses a view depending on nothing, and a sql object before the views that uses a view, at file:line:col', async () => {
    on.project.write({ 'schemas/app.yaml': DECLARED('').replace('dependsOn: [group_concat]', 'dependsOn: [group_concatt]') })
    const unknown = await cli('validate')
    assert.equal(unknown.code, 2, unknown.stdout + unknown.stderr)
    assert.match(unknown.stderr, /schemas\/app\.yaml:\d+:\d+ +error +view "all_titles": dependsOn "group_concatt" is not a table, view or sql object of the schema/)

    on.project.write({ 'schemas/app.yaml': DECLARED('').replace('    drop: { postgres: "DROP AGGREGATE group_concat(text)" }', '    drop: { postgres: "DROP AGGREGATE group_concat(text)" }\n    dependsOn: [shouting]') })
    const cycle = await cli('validate')
    assert.equal(cycle.code, 2, cycle.stdout + cycle.stderr)
    assert.match(cycle.stderr, /schemas\/app\.yaml:\d+:\d+ +error +sql "group_concat": view "all_titles" depends on it, so it is created before the views, but it uses view "shouting"/)
    assert.equal(on.project.migrationFiles().length, 0)
  })
})
