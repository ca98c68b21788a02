/**
 * Rules, extended statistics, event triggers, publications, collations, operators and casts kept by `introspect` as raw
 * `sql` entries (PostgreSQL, issue 8): each statement from the catalog
 * (pg_get_ruledef with the rule's DISABLE state and comment;
 * pg_get_statisticsobjdef with its statistics target; CREATE EVENT TRIGGER
 * from pg_event_trigger with WHEN TAG IN and ENABLE ALWAYS; CREATE
 * PUBLICATION with column lists, row filters, TABLES IN SCHEMA and its
 * options; CREATE COLLATION, created before the tables, with `first`;
 * CREATE OPERATOR, a COMMUTATOR / NEGATOR pair in one entry, before the
 * view using them; CREATE CAST WITH FUNCTION / WITH INOUT, before the
 * view casting with it). The adopted database with rows is rebuilt catalog to catalog
 * (pg_rewrite, pg_statistic_ext, pg_event_trigger, pg_publication and
 * pg_publication_tables), the rule still rewrites, `make
 * --check`, `diff --db` and `status` find nothing right after, a hand
 * change is named, and `migrate zero` leaves none of them. Two objects of
 * one name (an aggregate and a statistics object) get two entries. An event trigger
 * over a function strata does not keep stays named as not kept.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { projectOn } from './project-on'
import { TARGETS, type TargetDatabase } from './targets'

const ADOPTED = `
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
COMMENT ON COLLATION nocase IS 'case-insensitive';
CREATE COLLATION bytewise (lc_collate = 'C', lc_ctype = 'C');
CREATE TABLE tags (id int PRIMARY KEY, label text COLLATE nocase NOT NULL UNIQUE, code text COLLATE bytewise);
CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL, archived boolean NOT NULL DEFAULT false);
CREATE TABLE item_log (id int, note text);
INSERT INTO items VALUES (1, 'bolt', 10, false), (2, 'nut', 0, true);
CREATE VIEW active_items AS SELECT id, name, qty FROM items WHERE NOT archived;
CREATE RULE items_no_delete AS ON DELETE TO items DO INSTEAD UPDATE items SET archived = true WHERE id = old.id;
CREATE RULE items_log AS ON UPDATE TO items WHERE new.qty <> old.qty DO ALSO INSERT INTO item_log VALUES (new.id, 'qty ' || new.qty);
ALTER TABLE items DISABLE RULE items_log;
COMMENT ON RULE items_no_delete ON items IS 'rows are archived, never deleted';
CREATE RULE active_insert AS ON INSERT TO active_items DO INSTEAD INSERT INTO items (id, name, qty) VALUES (new.id, new.name, new.qty);
CREATE STATISTICS items_stats (ndistinct, dependencies) ON name, qty FROM items;
CREATE STATISTICS items_expr ON (qty * 2), name FROM items;
ALTER STATISTICS items_expr SET STATISTICS 200;
CREATE AGGREGATE items_stats(int) (SFUNC = int4pl, STYPE = int);
CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE 'ddl: %', tg_tag; END$$;
CREATE EVENT TRIGGER log_tables ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE') EXECUTE FUNCTION log_ddl();
ALTER EVENT TRIGGER log_tables ENABLE ALWAYS;
COMMENT ON EVENT TRIGGER log_tables IS 'table DDL';
CREATE OPERATOR === (FUNCTION = int4eq, LEFTARG = int, RIGHTARG = int, COMMUTATOR = ===, NEGATOR = !==, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR !== (FUNCTION = int4ne, LEFTARG = int, RIGHTARG = int, COMMUTATOR = !==, NEGATOR = ===);
CREATE FUNCTION same_name(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT lower(a) = lower(b)';
CREATE OPERATOR ~= (FUNCTION = same_name, LEFTARG = text, RIGHTARG = text);
COMMENT ON OPERATOR ~= (text, text) IS 'same name';
CREATE VIEW twins AS SELECT a.id FROM items a JOIN items b ON a.name ~= b.name AND a.id !== b.id WHERE a.qty === 10;
CREATE TYPE mood AS ENUM ('up', 'down');
CREATE FUNCTION mood_score(m mood) RETURNS int LANGUAGE sql IMMUTABLE AS $$SELECT CASE m WHEN 'up' THEN 1 ELSE 0 END$$;
CREATE CAST (mood AS int) WITH FUNCTION mood_score(mood) AS ASSIGNMENT;
COMMENT ON CAST (mood AS int) IS 'up is 1';
CREATE CAST (mood AS varchar) WITH INOUT AS IMPLICIT;
CREATE TABLE moods (id int PRIMARY KEY, m mood NOT NULL);
CREATE VIEW mood_scores AS SELECT id, m::int AS score FROM moods;
CREATE PUBLICATION items_pub FOR TABLE items (id, name, qty) WHERE (id > 0), item_log WITH (publish = 'insert, update');
COMMENT ON PUBLICATION items_pub IS 'items for the warehouse';
CREATE PUBLICATION schema_pub FOR TABLES IN SCHEMA public WITH (publish_via_partition_root = true);
`

/** The objects as PostgreSQL's own catalogs hold them. */
const catalog = async (db: TargetDatabase) => ({
  rules: await db.rows(`SELECT c.relname, r.rulename, pg_get_ruledef(r.oid) AS definition, r.ev_enabled, obj_description(r.oid, 'pg_rewrite') AS comment
    FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace = 'public'::regnamespace AND r.rulename <> '_RETURN' ORDER BY 1, 2`),
  statistics: await db.rows(`SELECT stxname, pg_get_statisticsobjdef(oid) AS definition, stxstattarget, stxkind::text
    FROM pg_statistic_ext WHERE stxnamespace = 'public'::regnamespace ORDER BY 1`),
  eventTriggers: await db.rows(`SELECT e.evtname, e.evtevent, e.evtfoid::regproc::text AS function, e.evtenabled, e.evttags, obj_description(e.oid, 'pg_event_trigger') AS comment
    FROM pg_event_trigger e ORDER BY 1`),
  operators: await db.rows(`SELECT oprname, oprleft::regtype::text AS left, oprright::regtype::text AS right, oprcode::text, oprcom::regoperator::text AS com,
      oprnegate::regoperator::text AS neg, oprrest::text, oprjoin::text, oprcanhash, oprcanmerge, obj_description(oid, 'pg_operator') AS comment
    FROM pg_operator WHERE oprnamespace = 'public'::regnamespace ORDER BY 1`),
  views: await db.rows(`SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY 1`),
  casts: await db.rows(`SELECT castsource::regtype::text AS source, casttarget::regtype::text AS target, castfunc::regprocedure::text AS function, castcontext, castmethod,
      obj_description(oid, 'pg_cast') AS comment FROM pg_cast WHERE oid >= 16384 ORDER BY 1, 2`),
  collations: await db.rows(`SELECT c.collname, c.collprovider, c.collisdeterministic, c.collcollate, c.collctype, c.colliculocale, obj_description(c.oid, 'pg_collation') AS comment
    FROM pg_collation c WHERE c.collnamespace = 'public'::regnamespace ORDER BY 1`),
  columnCollations: await db.rows(`SELECT attname, attcollation::regcollation::text AS collation FROM pg_attribute WHERE attrelid = 'tags'::regclass AND attnum > 0 ORDER BY attnum`),
  publications: await db.rows(`SELECT p.pubname, p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot, obj_description(p.oid, 'pg_publication') AS comment,
      (SELECT json_agg(json_build_array(t.tablename, t.attnames, t.rowfilter) ORDER BY t.tablename) FROM pg_publication_tables t WHERE t.pubname = p.pubname AND t.tablename NOT LIKE 'strata\\_%')::text AS tables,
      (SELECT array_agg(n.pnnspid::regnamespace::text) FROM pg_publication_namespace n WHERE n.pnpubid = p.oid) AS schemas
    FROM pg_publication p ORDER BY 1`),
})

const target = TARGETS.postgres
target.describe('rules, extended statistics and event triggers adopted as raw sql objects on postgres, with rows', function () {
  this.timeout(180000)
  const on = projectOn(target)
  const { cli, ok } = on

  it('introspect keeps them, the baseline rebuilds them catalog to catalog, a hand change is named, migrate zero removes them', async () => {
    await on.db.script(ADOPTED)
    const adopted = await ok('introspect', '--strict')
    assert.match(adopted.stdout, /^ {2}rule +3 kept as raw SQL$/m)
    assert.match(adopted.stdout, /^ {2}statistics +2 kept as raw SQL$/m)
    assert.match(adopted.stdout, /^ {2}event trigger +1 kept as raw SQL$/m)
    assert.match(adopted.stdout, /^ {2}aggregate +1 kept as raw SQL$/m)
    assert.match(adopted.stdout, /^ {2}publication +2 kept as raw SQL$/m)
    assert.match(adopted.stdout, /^ {2}collation +2 kept as raw SQL$/m)
    assert.match(adopted.stdout, /^ {2}cast +2 kept as raw SQL$/m)
    assert.match(on.project.read('schemas/views.yaml'), /mood_scores:\n\s+query: .*\n\s+dependsOn: \[ "cast \(mood AS integer\)" \]/)
    // A COMMUTATOR / NEGATOR pair is one entry (creating one makes a shell of the other).
    assert.match(adopted.stdout, /^ {2}operator +2 kept as raw SQL$/m)
    assert.match(adopted.stderr, /warning: operator !==\(integer, integer\) and ===\(integer, integer\): not modelled, kept as raw SQL/)
    assert.match(on.project.read('schemas/views.yaml'), /twins:\n\s+query: .*\n\s+dependsOn: \[ "operator !==\(integer, integer\)", "operator ~=\(text, text\)" \]/)
    assert.match(adopted.stderr, /warning: rule items\.items_log: not modelled, kept as raw SQL \(the sql entry items_log_on_items\)/)
    const sql = on.project.read('schemas/sql.yaml')
    assert.match(sql, /ALTER TABLE items DISABLE RULE items_log/)
    // An aggregate and a statistics object of one name: two entries, the second named with its kind.
    assert.match(sql, /^ {2}items_stats:\n {4}create: \{ postgres: "CREATE AGGREGATE items_stats\(integer\)/m)
    assert.match(sql, /^ {2}items_stats_statistics:\n {4}create: \{ postgres: "CREATE STATISTICS items_stats \(ndistinct, dependencies\) ON name, qty FROM items" \}/m)
    assert.match(sql, /COMMENT ON RULE items_no_delete ON items IS 'rows are archived, never deleted'/)
    assert.match(sql, /CREATE STATISTICS items_expr ON name, \(qty \* 2\) FROM items;\\nALTER STATISTICS items_expr SET STATISTICS 200/)
    assert.match(sql, /CREATE EVENT TRIGGER log_tables ON ddl_command_end WHEN TAG IN \('CREATE TABLE', 'ALTER TABLE'\) EXECUTE FUNCTION log_ddl\(\);\\nALTER EVENT TRIGGER log_tables ENABLE ALWAYS;\\nCOMMENT ON EVENT TRIGGER log_tables IS 'table DDL'/)
    assert.match(sql, /CREATE PUBLICATION items_pub FOR TABLE ONLY item_log, ONLY items \(id, name, qty\) WHERE \(\(id > 0\)\) WITH \(publish = 'insert, update'\)/)
    assert.match(sql, /CREATE PUBLICATION schema_pub FOR TABLES IN SCHEMA CURRENT_SCHEMA WITH \(publish = 'insert, update, delete, truncate', publish_via_partition_root = true\)/)
    assert.match(sql, /^ {2}nocase:\n {4}create:\n {6}postgres: "CREATE COLLATION nocase \(PROVIDER = icu, LOCALE = 'und-u-ks-level2', DETERMINISTIC = false\);\\nCOMMENT ON COLLATION nocase IS 'case-insensitive'"\n {4}drop: \{ postgres: DROP COLLATION nocase \}\n {4}first: true$/m)
    // Created before the tables, whose columns use them.
    const baseline = on.project.read('migrations/0001_baseline.yaml')
    assert.ok(baseline.indexOf('name: nocase') < baseline.indexOf('name: tags'), baseline)
    assert.match((await ok('make', '--check')).stdout, /No changes detected/)
    assert.equal((await ok('diff', '--db')).stdout, '')
    await ok('status')

    const copy = await target.create(on.project)
    try {
      const env = { STRATA_DATABASE_URL: copy.url }
      const m = await runCli(['migrate'], { cwd: on.project.dir, env })
      assert.equal(m.code, 0, m.stdout + m.stderr)
      assert.deepEqual(await catalog(copy), await catalog(on.db))
      assert.equal((await catalog(copy)).rules.length, 3)
      assert.equal((await catalog(copy)).operators.length, 3)
      assert.deepEqual((await catalog(copy)).casts, [
        { source: 'mood', target: 'character varying', function: '-', castcontext: 'i', castmethod: 'i', comment: null },
        { source: 'mood', target: 'integer', function: 'mood_score(mood)', castcontext: 'a', castmethod: 'f', comment: 'up is 1' },
      ])
      // The collation compares as before: 'Red' and 'RED' are one label.
      await copy.exec(`INSERT INTO tags VALUES (1, 'Red', 'a')`)
      assert.match(await copy.rejects(`INSERT INTO tags VALUES (2, 'RED', 'b')`), /tags_label_key/)
      // The rules rewrite as before: a delete archives, an insert into the view lands in the table.
      await copy.exec(`INSERT INTO items VALUES (1, 'bolt', 10, false); DELETE FROM items WHERE id = 1; INSERT INTO active_items VALUES (3, 'washer', 5)`)
      assert.deepEqual(await copy.rows('SELECT id, archived FROM items ORDER BY id'), [{ id: 1, archived: true }, { id: 3, archived: false }])
      const copyDiff = await runCli(['diff', '--db'], { cwd: on.project.dir, env })
      assert.equal(copyDiff.code, 0, copyDiff.stdout + copyDiff.stderr)
      const zero = await runCli(['migrate', 'zero'], { cwd: on.project.dir, env })
      assert.equal(zero.code, 0, zero.stdout + zero.stderr)
      assert.deepEqual(await catalog(copy).catch(() => 'no tags'), 'no tags')
      assert.deepEqual(await copy.rows(`SELECT count(*)::int AS n FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace = 'public'::regnamespace`), [{ n: 0 }])
      assert.deepEqual(await copy.rows(`SELECT (SELECT count(*) FROM pg_statistic_ext)::int AS statistics, (SELECT count(*) FROM pg_event_trigger)::int AS event_triggers,
        (SELECT count(*) FROM pg_publication)::int AS publications, (SELECT count(*) FROM pg_collation WHERE collnamespace = 'public'::regnamespace)::int AS collations,
        (SELECT count(*) FROM pg_operator WHERE oprnamespace = 'public'::regnamespace)::int AS operators, (SELECT count(*) FROM pg_cast WHERE oid >= 16384)::int AS casts`), [
        { statistics: 0, event_triggers: 0, publications: 0, collations: 0, operators: 0, casts: 0 },
      ])
    } finally {
      await copy.drop()
    }

    // By hand: the rule enabled, the statistics' target changed, the event trigger dropped.
    await on.db.exec(`CREATE OR REPLACE RULE items_log AS ON UPDATE TO items WHERE new.qty <> old.qty DO ALSO INSERT INTO item_log VALUES (new.id, 'changed');
      ALTER TABLE items DISABLE RULE items_log; DROP EVENT TRIGGER log_tables`)
    const changed = await cli('diff', '--db')
    assert.equal(changed.code, 1, changed.stdout + changed.stderr)
    assert.match(changed.stdout, /^ {2}- sql items_log_on_items$/m)
    assert.match(changed.stdout, /^ {2}- sql log_tables$/m)
    assert.doesNotMatch(changed.stdout, /sql (items_no_delete_on_items|items_stats|items_expr)/)
  })

  it('an event trigger over a function strata does not keep, and an operator a CHECK uses, stay named as not kept', async () => {
    await on.db.script(`CREATE TABLE t (id int PRIMARY KEY);
      CREATE OPERATOR <<< (FUNCTION = int4lt, LEFTARG = int, RIGHTARG = int);
      CREATE TABLE u (a int, b int, CHECK (a <<< b));
      CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN RAISE NOTICE 'a'; END$$;
      CREATE FUNCTION log_ddl(x int) RETURNS int LANGUAGE sql AS 'SELECT x';
      CREATE EVENT TRIGGER log_all ON ddl_command_start EXECUTE FUNCTION log_ddl();`)
    const r = await cli('introspect', '--strict')
    assert.equal(r.code, 1, r.stdout + r.stderr)
    assert.match(r.stderr, /event trigger log_all: ON ddl_command_start, executing a function strata does not keep/)
    assert.match(r.stderr, /operator <<<\(integer, integer\): an operator over a function strata does not keep, or used by a table/)
  })
})
