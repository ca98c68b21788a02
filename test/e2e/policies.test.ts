/**
 * Row-level security (PostgreSQL, issue 8) through the real binary, with
 * rows and real roles: a table's ENABLE / FORCE ROW LEVEL SECURITY and its
 * policies declared in YAML, made into a migration, applied, checked in
 * pg_policy / pg_class, and proved by reading the table as each role (each
 * sees only its own rows); changed in place (ALTER POLICY), with a new
 * command (dropped and created again) and around a retyped column the
 * policies use; reversed; a hand-made change named by `diff --db`; dropped.
 * A project whose databases include SQLite refuses them at validate with
 * file:line:col, and a policy PostgreSQL would refuse is a located error.
 *
 * The roles are cluster-wide: each test makes its own, uniquely named, and
 * drops them after its database.
 */
import { strict as assert } from 'node:assert'
import { randomBytes } from 'node:crypto'
import { postgresAdmin } from '../helpers/postgres'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { projectOn } from './project-on'
import { TARGETS, type TargetDatabase } from './targets'

interface Options {
  readonly ownUsing?: string
  readonly secretCommand?: string
  readonly ownerType?: string
  readonly force?: boolean
}

const SCHEMA = (alice: string, bob: string, o: Options = {}) => `tables:
  notes:
    columns:
      id: { type: integer, primaryKey: true }
      owner: ${o.ownerType ?? 'text'}
      body: text
    rowLevelSecurity: { enable: true${o.force ? ', force: true' : ''} }
    policies:
      own_notes:
        command: select
        roles: [${alice}, ${bob}]
        using: ${o.ownUsing ?? 'owner = current_user'}
      own_inserts:
        command: insert
        roles: [${bob}, ${alice}]
        withCheck: owner = current_user
      no_secrets:
        restrictive: true
${o.secretCommand ? `        command: ${o.secretCommand}\n` : ''}        using: body NOT LIKE 'secret%'
`

interface PolicyRow {
  name: string
  command: string
  permissive: boolean
  roles: string[]
  using: string | null
  check: string | null
}

async function policies(db: TargetDatabase): Promise<PolicyRow[]> {
  return (await db.rows(`SELECT pol.polname AS name, pol.polcmd AS command, pol.polpermissive AS permissive,
      ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END FROM unnest(pol.polroles) r ORDER BY 1) AS roles,
      pg_get_expr(pol.polqual, pol.polrelid) AS using, pg_get_expr(pol.polwithcheck, pol.polrelid) AS check
    FROM pg_policy pol WHERE pol.polrelid = 'notes'::regclass ORDER BY pol.polname`)) as unknown as PolicyRow[]
}

async function security(db: TargetDatabase): Promise<{ enable: boolean; force: boolean }> {
  const [row] = await db.rows(`SELECT relrowsecurity AS enable, relforcerowsecurity AS force FROM pg_class WHERE oid = 'notes'::regclass`)
  return row as { enable: boolean; force: boolean }
}

/** The ids of the rows `role` sees (SET ROLE inside a transaction that is rolled back). */
async function visible(db: TargetDatabase, role: string): Promise<number[]> {
  await db.exec(`BEGIN; SET LOCAL ROLE ${role}`)
  try {
    return (await db.rows('SELECT id FROM notes ORDER BY id')).map((r) => Number(r.id))
  } finally {
    await db.exec('ROLLBACK')
  }
}


const target = TARGETS.postgres
target.describe('row-level security and policies on postgres, with rows and roles', function () {
  this.timeout(180000)
  const on = projectOn(target)
  const { cli, ok } = on
  const tag = randomBytes(4).toString('hex')
  const alice = `strata_rls_${tag}_alice`
  const bob = `strata_rls_${tag}_bob`
  before(() => postgresAdmin(`CREATE ROLE ${alice}; CREATE ROLE ${bob}`))
  after(() => postgresAdmin(`DROP ROLE IF EXISTS ${alice}; DROP ROLE IF EXISTS ${bob}`))

  it('created, each role reads its own rows, altered, recreated around a retyped column, reversed, hand change named, dropped', async () => {
    on.project.write({ 'schemas/app.yaml': SCHEMA(alice, bob) })
    const made = await ok('make')
    assert.match(made.stdout, /\+ table notes/)
    assert.match(made.stdout, /\+ policy no_secrets on notes/)
    assert.match(made.stdout, /\+ policy own_notes on notes/)
    const sql = await ok('sql', '0001')
    assert.match(sql.stdout, /ALTER TABLE "notes" ENABLE ROW LEVEL SECURITY/)
    assert.match(sql.stdout, new RegExp(`CREATE POLICY "own_notes" ON "notes" FOR SELECT TO "${alice}", "${bob}" USING \\(owner = current_user\\)`))
    assert.match(sql.stdout, /CREATE POLICY "no_secrets" ON "notes" AS RESTRICTIVE USING \(body NOT LIKE 'secret%'\)/)
    await ok('migrate')

    const created = await policies(on.db)
    assert.deepEqual(created, [
      { name: 'no_secrets', command: '*', permissive: false, roles: ['public'], using: "(body !~~ 'secret%'::text)", check: null },
      { name: 'own_inserts', command: 'a', permissive: true, roles: [alice, bob], using: null, check: '(owner = CURRENT_USER)' },
      { name: 'own_notes', command: 'r', permissive: true, roles: [alice, bob], using: '(owner = CURRENT_USER)', check: null },
    ])
    assert.deepEqual(await security(on.db), { enable: true, force: false })

    await on.db.exec(`INSERT INTO notes VALUES (1, '${alice}', 'hello'), (2, '${bob}', 'hi'), (3, '${alice}', 'secret plan'), (4, 'nobody', 'public note')`)
    await on.db.exec(`GRANT SELECT, INSERT ON notes TO ${alice}, ${bob}`)
    assert.deepEqual(await visible(on.db, alice), [1])
    assert.deepEqual(await visible(on.db, bob), [2])
    // WITH CHECK: bob cannot write a row in alice's name.
    await on.db.exec('BEGIN')
    const refused = await on.db.rejects(`SET LOCAL ROLE ${bob}; INSERT INTO notes VALUES (5, '${alice}', 'forged')`)
    await on.db.exec('ROLLBACK')
    assert.match(refused, /new row violates row-level security policy/)
    assert.equal((await cli('diff', '--db')).code, 0, 'the printed form (CURRENT_USER, !~~) matches the files')

    // USING changes: altered in place; a restrictive policy gets a command: dropped and created.
    on.project.write({ 'schemas/app.yaml': SCHEMA(alice, bob, { ownUsing: "owner = current_user OR body LIKE 'public%'", secretCommand: 'select', force: true }) })
    const altered = await ok('make')
    assert.match(altered.stdout, /~ policy own_notes on notes: using/)
    assert.match(altered.stdout, /- policy no_secrets on notes[\s\S]*\+ policy no_secrets on notes/)
    assert.match(altered.stdout, /~ table notes row level security: enable -> enable, force/)
    const alterSql = await ok('sql', '0002')
    assert.match(alterSql.stdout, /ALTER POLICY "own_notes" ON "notes" USING \(owner = current_user OR body LIKE 'public%'\)/)
    assert.match(alterSql.stdout, /ALTER TABLE "notes" FORCE ROW LEVEL SECURITY/)
    await ok('migrate')
    assert.deepEqual(await visible(on.db, alice), [1, 4])
    assert.deepEqual(await visible(on.db, bob), [2, 4])
    assert.equal((await policies(on.db)).find((p) => p.name === 'no_secrets')!.command, 'r')
    assert.deepEqual(await security(on.db), { enable: true, force: true })
    assert.equal((await cli('diff', '--db')).code, 0)

    // A column the policies use is retyped: they are dropped before and created after, in one migration.
    on.project.write({ 'schemas/app.yaml': SCHEMA(alice, bob, { ownUsing: "owner = current_user OR body LIKE 'public%'", secretCommand: 'select', force: true, ownerType: '{ type: string, length: 100 }' }) })
    const retyped = await ok('make')
    assert.match(retyped.stdout, /- policy own_notes on notes[\s\S]*~ column notes\.owner[\s\S]*\+ policy own_notes on notes/)
    await ok('migrate')
    assert.deepEqual(await visible(on.db, alice), [1, 4])
    const [type] = await on.db.rows(`SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'notes'::regclass AND attname = 'owner'`)
    assert.equal(type!.type, 'character varying(100)')
    assert.equal((await cli('diff', '--db')).code, 0)

    // Reversed to the first migration: the policies are as they were, and so is what each role sees.
    await ok('migrate', '0001')
    assert.deepEqual(await policies(on.db), created)
    assert.deepEqual(await security(on.db), { enable: true, force: false })
    assert.deepEqual(await visible(on.db, alice), [1])
    assert.deepEqual(await visible(on.db, bob), [2])
    await ok('migrate')

    // Hand-made changes, each named by diff --db.
    await on.db.exec('ALTER POLICY own_notes ON notes USING (true)')
    const drift = await cli('diff', '--db')
    assert.equal(drift.code, 1, drift.stdout + drift.stderr)
    assert.match(drift.stdout, /~ policy own_notes on notes: using/)
    await on.db.exec("ALTER POLICY own_notes ON notes USING (owner::text = current_user OR body LIKE 'public%')")
    assert.equal((await cli('diff', '--db')).code, 0)
    await on.db.exec('ALTER TABLE notes NO FORCE ROW LEVEL SECURITY')
    await on.db.exec('CREATE POLICY by_hand ON notes USING (true)')
    const drift2 = await cli('diff', '--db')
    assert.equal(drift2.code, 1)
    assert.match(drift2.stdout, /~ table notes row level security: enable, force -> enable/)
    assert.match(drift2.stdout, /\+ policy by_hand on notes/)
    await on.db.exec('DROP POLICY by_hand ON notes; ALTER TABLE notes FORCE ROW LEVEL SECURITY')

    // Dropped from the files: gone from the database, the rows kept, every role reads every row.
    on.project.write({
      'schemas/app.yaml': SCHEMA(alice, bob, { ownerType: '{ type: string, length: 100 }' }).split('    rowLevelSecurity')[0]!,
    })
    const dropped = await ok('make')
    assert.match(dropped.stdout, /- policy own_notes on notes/)
    assert.match(dropped.stdout, /row level security: enable, force -> off/)
    await ok('migrate')
    assert.deepEqual(await policies(on.db), [])
    assert.deepEqual(await security(on.db), { enable: false, force: false })
    assert.deepEqual(await visible(on.db, alice), [1, 2, 3, 4])
    await ok('migrate', 'zero')
  })

  it('introspect adopts them: the baseline rebuilds them catalog to catalog, make --check and diff --db find nothing', async () => {
    await on.db.exec(`CREATE TABLE docs (id integer PRIMARY KEY, owner name NOT NULL DEFAULT current_user, tenant integer NOT NULL);
      ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant_rows ON docs AS RESTRICTIVE USING (tenant = current_setting('app.tenant')::integer);
      CREATE POLICY owner_all ON docs TO ${alice} USING (owner = current_user) WITH CHECK (owner = current_user AND tenant > 0);
      CREATE POLICY read_all ON docs FOR SELECT TO ${bob}, ${alice} USING (true);`)
    const r = await cli('introspect', '--strict')
    assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.match(r.stdout, /^\s+policy\s+3 modelled$/m)
    assert.match(r.stdout, /^\s+row level security\s+1 modelled$/m)
    const file = on.project.read('schemas/docs.yaml')
    assert.match(file, /rowLevelSecurity: \{ enable: true \}/)
    assert.match(file, /tenant_rows: \{ restrictive: true, using: "\(tenant = \(current_setting\('app\.tenant'::text\)\)::integer\)" \}/)
    assert.match(file, new RegExp(`read_all: \\{ command: select, roles: \\[ ${alice}, ${bob} \\], using: "true" \\}`))
    assert.equal((await cli('make', '--check')).code, 0)
    assert.equal((await cli('diff', '--db')).code, 0)

    const copy = await target.create(on.project)
    try {
      const m = await runCli(['migrate'], { cwd: on.project.dir, env: { STRATA_DATABASE_URL: copy.url } })
      assert.equal(m.code, 0, m.stderr)
      const catalog = async (d: TargetDatabase) => ({
        policies: await d.rows(`SELECT polname, polcmd, polpermissive, ARRAY(SELECT r::regrole::text FROM unnest(polroles) r ORDER BY 1) AS roles, pg_get_expr(polqual, polrelid) AS q,
                                       pg_get_expr(polwithcheck, polrelid) AS c FROM pg_policy ORDER BY polname`),
        security: await d.rows(`SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = 'docs'`),
      })
      assert.deepEqual(await catalog(copy), await catalog(on.db))
    } finally {
      await copy.drop()
    }
  })

  it('validate refuses them in a project with a SQLite database, and a policy PostgreSQL would refuse, at file:line:col', async () => {
    const sqliteProject = new TempProject({
      'strata.yaml': 'schemas: schemas\nmigrations: migrations\ndatabases:\n  dev: sqlite:dev.db\n',
      'schemas/app.yaml':
        'tables:\n  t:\n    columns:\n      n: integer\n    rowLevelSecurity: { enable: true }\n    policies:\n      p:\n        command: insert\n        using: n > 0\n',
    })
    try {
      const r = await runCli(['validate'], { cwd: sqliteProject.dir })
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /schemas\/app\.yaml:5:5 +error +table "t": database "dev" \(sqlite\) has no row-level security/)
      assert.match(r.stderr, /schemas\/app\.yaml:7:7 +error +policy "p" on "t": database "dev" \(sqlite\) has no row-level security/)
      assert.match(r.stderr, /schemas\/app\.yaml:9:9 +error +policy "p" on "t": an INSERT policy has no USING/)
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace')
      assert.equal(sqliteProject.exists('migrations/0001_initial.yaml'), false)
    } finally {
      sqliteProject.cleanup()
    }
  })
})
