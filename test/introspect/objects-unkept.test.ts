/**
 * Issue 8: `strata introspect` names every PostgreSQL object beyond tables
 * that the model does not keep — overloaded functions, BEGIN ATOMIC bodies, an aggregate over one,
 * a range type with a collation of its own, grants,
 * collations, objects of other schemas, and what a view or trigger has that
 * strata does not hold — in the report's "not kept" list, and `--strict`
 * refuses (exit 1, nothing written). What strata does keep (a trigger's own
 * function, a serial column's sequence, row-level security and policies, an
 * identity's sequence, the parts a range type makes for itself, an
 * aggregate over PostgreSQL's functions, a rule, a publication and extended statistics
 * (each kept as a raw `sql` entry), an
 * extension's members, and the modelled standalone sequences, extensions,
 * domains, composite and range types) is not listed.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { describePostgres } from '../helpers/postgres'
import { TempProject } from '../helpers/project'
import { type TargetDatabase, postgresTarget } from '../e2e/targets'

const SQL = `
CREATE EXTENSION citext; CREATE EXTENSION pg_trgm;
CREATE TABLE t (id serial PRIMARY KEY, n int, body text);
CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note citext);
CREATE SEQUENCE standalone START 100;
CREATE FUNCTION add1(a int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + 1';
CREATE FUNCTION add1(a bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT a + 1';
CREATE FUNCTION atomic_two() RETURNS int LANGUAGE sql RETURN 2;
CREATE PROCEDURE p1() LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION tg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tg();
CREATE FUNCTION shared() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER a1 BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION shared('x');
CREATE DOMAIN posint AS int CHECK (VALUE > 0);
CREATE TYPE pair AS (a int, b int);
CREATE TYPE floatr AS RANGE (subtype = float8);
CREATE TYPE textr_c AS RANGE (subtype = text, collation = "C");
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
ALTER TABLE t FORCE ROW LEVEL SECURITY;
CREATE POLICY p_sel ON t FOR SELECT USING (n > 0);
CREATE POLICY p_del ON t AS RESTRICTIVE FOR DELETE USING (n > 10);
GRANT SELECT ON t TO PUBLIC;
GRANT EXECUTE ON FUNCTION add1(int) TO PUBLIC;
CREATE RULE r1 AS ON UPDATE TO t WHERE false DO INSTEAD NOTHING;
CREATE VIEW v WITH (security_barrier) AS SELECT id FROM t;
COMMENT ON VIEW v IS 'hi';
CREATE SCHEMA other; CREATE TABLE other.x (id int);
CREATE PUBLICATION pub_objects_unkept FOR TABLE t;
CREATE AGGREGATE mysum(int) (sfunc = int4pl, stype = int);
CREATE FUNCTION plus(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION plus(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE AGGREGATE plussum(int) (sfunc = plus, stype = int);
CREATE STATISTICS st ON n, body FROM t;
`

const NAMED: readonly RegExp[] = [
  /^function add1\(a integer\): overloaded \(one of several functions of this name/m,
  /^function add1\(a bigint\): overloaded/m,
  /^function atomic_two\(\): a SQL-standard body \(BEGIN ATOMIC/m,
  /^range type textr_c: a CANONICAL function, or an operator class or collation not the subtype's default/m,
  /^function plus\(a integer, b integer\): overloaded/m,
  /^aggregate plussum\(integer\): an aggregate over a support function strata does not keep/m,
  /^grant t: .*=r\/postgres/m,
  /^grant add1\(a integer\): /m,
  /^view v: a comment, WITH \(security_barrier=true\)/m,
  /^schema other: holds 1 relations and 0 functions/m,
]

// Kept by strata, or parts of what is listed: never named.
const NOT_NAMED: readonly RegExp[] = [
  /^procedure p1/m, // modelled (functions:)
  /^aggregate mysum/m, // kept as a raw sql entry (its support function is PostgreSQL's)
  /^rule /m, // kept as a raw sql entry (pg_get_ruledef)
  /^statistics /m, // kept as a raw sql entry (pg_get_statisticsobjdef)
  /^publication /m, // kept as a raw sql entry (its table is of this schema)
  /^extension /m, // modelled (extensions:), and their members are theirs
  /^sequence standalone/m, // modelled (sequences:)
  /^domain posint/m, // modelled (domains:)
  /pair/, // modelled (types:)
  /^range type floatr/m, // modelled (types:)
  /^function shared/m, // modelled
  /^trigger a1/m, // modelled, with its function's arguments (args:)
  /^function tg\(\)/m, // the trigger's own function: read back as the trigger's body
  /^sequence t_id_seq/m, // the serial column's sequence
  /^sequence audit_id_seq/m, // the identity column's
  /^function floatr/m, // the range type's constructors
  /floatr_multirange/,
  /^function (similarity|citext)/m, // members of the extensions
  /^cast /m,
  /ROW LEVEL SECURITY/, // modelled (rowLevelSecurity:)
  /^policy /m, // modelled (policies:)
  /strata_migrations/,
]

describePostgres('introspect names every object beyond tables it does not keep (PostgreSQL)', function () {
  let db: TargetDatabase
  let project: TempProject

  before(async function () {
    db = await postgresTarget.create()
    await db.script(SQL)
    project = new TempProject()
  })
  after(async () => {
    project?.cleanup()
    // A publication is per database: dropped with it.
    await db?.drop()
  })

  it('--strict refuses, naming each one: exit 1, nothing written', async () => {
    const before = project.fingerprint()
    const r = await runCli(['introspect', '--strict', '-d', db.url], { cwd: project.dir })
    assert.equal(r.code, 1, r.stdout + r.stderr)
    const listed = r.stderr.split('\n').map((l) => l.trim()).join('\n')
    for (const name of NAMED) assert.match(listed, name)
    for (const name of NOT_NAMED) assert.doesNotMatch(listed, name)
    assert.match(r.stderr, /nothing was written/)
    assert.deepEqual(project.fingerprint(), before)
  })

  it('without --strict: adopted, each one in the JSON report\'s notKept list', async () => {
    const r = await runCli(['introspect', '--json', '-d', db.url], { cwd: project.dir })
    assert.equal(r.code, 0, r.stderr)
    const json = JSON.parse(r.stdout) as { report: { modelled: { tables: number }; notKept: { kind: string; name: string; reason: string }[] } }
    assert.equal(json.report.modelled.tables, 2)
    const listed = json.report.notKept.map((i) => `${i.kind} ${i.name}: ${i.reason}`).join('\n')
    for (const name of NAMED) assert.match(listed, name)
    for (const name of NOT_NAMED) assert.doesNotMatch(listed, name)
  })
})
