/**
 * Grants (PostgreSQL, issue 8), opt-in with `grants: true` in strata.yaml,
 * through the real binary with rows and a real role: GRANT on a table, a
 * view, a sequence and a function, checked with aclexplode and proved by
 * reading and writing as the role; changed (REVOKE of what is taken, GRANT
 * of what is added); kept on a view recreated around a retyped column;
 * reversed; a hand-made REVOKE named by `diff --db`; adopted by
 * `introspect`. Without the opt-in, `grants:` is refused at file:line:col
 * and introspect names every grant as not kept.
 */
import { strict as assert } from 'node:assert'
import { randomBytes } from 'node:crypto'
import { runCli, succeeding } from '../helpers/cli'
import { postgresAdmin } from '../helpers/postgres'
import { TempProject } from '../helpers/project'
import { TARGETS, type TargetDatabase } from './targets'

const CONFIG = 'schemas: schemas\nmigrations: migrations\ngrants: true\n'

const SCHEMA = (reader: string, o: { notes?: string; titleType?: string } = {}) => `tables:
  notes:
    columns:
      id: { type: integer, primaryKey: true, autoincrement: true }
      title: ${o.titleType ?? 'text'}
views:
  note_titles:
    query: SELECT id, title FROM notes
functions:
  note_count:
    returns: bigint
    language: sql
    body: SELECT count(*) FROM notes
grants:
  ${reader}:
    tables: { notes: [${o.notes ?? 'select, insert'}] }
    views: { note_titles: select }
    sequences: { notes_id_seq: [usage] }
    functions: { note_count: [execute] }
`

async function acl(db: TargetDatabase): Promise<string[]> {
  const rows = await db.rows(`SELECT c.relname || ':' || pg_get_userbyid(a.grantee) || ':' || a.privilege_type AS entry
    FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
    WHERE c.relnamespace = 'public'::regnamespace AND a.grantee <> c.relowner AND c.relname <> 'strata_migrations'
    UNION ALL
    SELECT p.proname || ':' || pg_get_userbyid(a.grantee) || ':' || a.privilege_type FROM pg_proc p CROSS JOIN LATERAL aclexplode(p.proacl) a
    WHERE p.pronamespace = 'public'::regnamespace AND a.grantee NOT IN (0, p.proowner)
    ORDER BY 1`)
  return rows.map((r) => String(r.entry))
}

/** Run `sql` as `role` in a transaction that is rolled back; the rows, or the error message. */
async function as(db: TargetDatabase, role: string, sql: string): Promise<unknown> {
  await db.exec(`BEGIN; SET LOCAL ROLE ${role}`)
  try {
    return await db.rows(sql)
  } catch (error) {
    return (error as Error).message
  } finally {
    await db.exec('ROLLBACK')
  }
}


const target = TARGETS.postgres
target.describe('grants on postgres (grants: true), with rows and a role', function () {
  this.timeout(180000)
  let project: TempProject
  let db: TargetDatabase
  const reader = `strata_grants_${randomBytes(4).toString('hex')}`
  const cli = (...args: string[]) => runCli(args, { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
  const ok = succeeding(cli)
  before(() => postgresAdmin(`CREATE ROLE ${reader}`))
  after(() => postgresAdmin(`DROP ROLE IF EXISTS ${reader}`))
  beforeEach(async () => {
    project = new TempProject()
    db = await target.create(project)
  })
  afterEach(async () => {
    await db.drop()
    project.cleanup()
  })

  it('granted, used by the role, changed, kept around a recreated view, reversed, a hand-made REVOKE named', async () => {
    project.write({ 'strata.yaml': CONFIG, 'schemas/app.yaml': SCHEMA(reader) })
    const made = await ok('make')
    assert.match(made.stdout, new RegExp(`\\+ grant select, insert on table notes to ${reader}`))
    const sql = await ok('sql', '0001')
    assert.match(sql.stdout, new RegExp(`GRANT SELECT, INSERT ON TABLE "notes" TO "${reader}"`))
    assert.match(sql.stdout, new RegExp(`GRANT EXECUTE ON FUNCTION "note_count" TO "${reader}"`))
    assert.match(sql.stdout, new RegExp(`GRANT USAGE ON SEQUENCE "notes_id_seq" TO "${reader}"`))
    await ok('migrate')
    const granted = [
      `note_count:${reader}:EXECUTE`,
      `note_titles:${reader}:SELECT`,
      `notes:${reader}:INSERT`,
      `notes:${reader}:SELECT`,
      `notes_id_seq:${reader}:USAGE`,
    ]
    assert.deepEqual(await acl(db), granted)
    await db.exec("INSERT INTO notes (title) VALUES ('one'), ('two')")
    assert.deepEqual(await as(db, reader, 'SELECT title FROM note_titles ORDER BY id'), [{ title: 'one' }, { title: 'two' }])
    assert.deepEqual(await as(db, reader, "INSERT INTO notes (title) VALUES ('three') RETURNING id"), [{ id: 3 }])
    assert.match(String(await as(db, reader, "UPDATE notes SET title = 'x'")), /permission denied for table notes/)
    assert.equal((await cli('diff', '--db')).code, 0)

    // Insert taken away, update given: a REVOKE and a GRANT.
    project.write({ 'schemas/app.yaml': SCHEMA(reader, { notes: 'select, update' }) })
    const changed = await ok('make')
    assert.match(changed.stdout, new RegExp(`- grant insert on table notes from ${reader}`))
    assert.match(changed.stdout, new RegExp(`\\+ grant update on table notes to ${reader}`))
    await ok('migrate')
    assert.deepEqual(await as(db, reader, "UPDATE notes SET title = title || '!' WHERE id = 1 RETURNING title"), [{ title: 'one!' }])
    assert.match(String(await as(db, reader, "INSERT INTO notes (title) VALUES ('no')")), /permission denied for table notes/)

    // A column the view selects is retyped: the view is dropped and created again, and granted again.
    project.write({ 'schemas/app.yaml': SCHEMA(reader, { notes: 'select, update', titleType: '{ type: string, length: 80 }' }) })
    const retyped = await ok('make')
    assert.match(retyped.stdout, /- grant select on view note_titles[\s\S]*- view note_titles[\s\S]*\+ view note_titles[\s\S]*\+ grant select on view note_titles/)
    await ok('migrate')
    assert.deepEqual(await as(db, reader, 'SELECT count(*)::int AS n FROM note_titles'), [{ n: 2 }])
    assert.equal((await cli('diff', '--db')).code, 0)

    // Reversed to the first migration: the privileges are as they were.
    await ok('migrate', '0001')
    assert.deepEqual(await acl(db), granted)
    await ok('migrate')

    // A hand-made REVOKE, named by diff --db.
    await db.exec(`REVOKE SELECT ON notes FROM ${reader}`)
    const drift = await cli('diff', '--db')
    assert.equal(drift.code, 1, drift.stdout + drift.stderr)
    assert.match(drift.stdout, new RegExp(`- grant select on table notes from ${reader}`))
    await db.exec(`GRANT SELECT ON notes TO ${reader}`)
    assert.equal((await cli('diff', '--db')).code, 0)

    // Grants taken out of the files: revoked, the objects stay.
    project.write({ 'schemas/app.yaml': SCHEMA(reader, { titleType: '{ type: string, length: 80 }' }).split('grants:')[0]! })
    await ok('make')
    await ok('migrate')
    assert.deepEqual(await acl(db), [])
    await ok('migrate', 'zero')
  })

  it('introspect adopts them with grants: true; without, it names them as not kept and validate refuses grants:', async () => {
    const setup = `CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL);
      CREATE FUNCTION item_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM items';
      GRANT SELECT, UPDATE ON items TO ${reader}; GRANT EXECUTE ON FUNCTION item_count() TO ${reader};`
    await db.exec(setup)
    // Without the opt-in (another database of the same content): every grant named as not kept.
    const other = await target.create(project)
    try {
      await other.exec(setup)
      const off = await runCli(['introspect', '--json'], { cwd: project.dir, env: { STRATA_DATABASE_URL: other.url } })
      assert.equal(off.code, 0, off.stderr)
      const notKept = (JSON.parse(off.stdout) as { report: { notKept: { kind: string; name: string; reason: string }[] } }).report.notKept
      assert.ok(notKept.some((n) => n.kind === 'grant' && n.name === 'items' && /grants: true in strata\.yaml/.test(n.reason)), JSON.stringify(notKept))
      assert.ok(notKept.some((n) => n.kind === 'grant' && n.name === 'item_count()'))
    } finally {
      await other.drop()
    }
    project.cleanup()

    project = new TempProject({ 'strata.yaml': CONFIG })
    const on = await cli('introspect', '--strict')
    assert.equal(on.code, 0, on.stdout + on.stderr)
    assert.match(project.read('schemas/grants.yaml'), new RegExp(`${reader}: \\{ functions: \\{ item_count: \\[ execute \\] \\}, tables: \\{ items: \\[ select, update \\] \\} \\}`))
    assert.equal((await cli('make', '--check')).code, 0)
    assert.equal((await cli('diff', '--db')).code, 0)
    const copy = await target.create(project)
    try {
      const m = await runCli(['migrate'], { cwd: project.dir, env: { STRATA_DATABASE_URL: copy.url } })
      assert.equal(m.code, 0, m.stderr)
      assert.deepEqual(await acl(copy), await acl(db))
    } finally {
      await copy.drop()
    }

    // Without the opt-in, the same files are refused where the grant is.
    project.write({ 'strata.yaml': 'schemas: schemas\nmigrations: migrations\n' })
    const refused = await cli('validate')
    assert.equal(refused.code, 2, refused.stdout + refused.stderr)
    assert.match(refused.stderr, new RegExp(`schemas/grants\\.yaml:\\d+:\\d+ +error +grant to "${reader}" on table "items": grants are managed only in a project that says grants: true`))
  })
})
