/**
 * Apps own every kind of object, not only tables (issue 8: nothing dropped
 * silently). On PostgreSQL, app `accounts` declares a table with a policy,
 * an extension, a domain, a composite type, a sequence, a function, a raw
 * `sql` object and a grant; app `billing` a table over accounts' users, a
 * view over both apps' tables and a trigger that runs accounts' function.
 * `make` writes each object into its own app's migration; the database's
 * catalog has them all; `make --check` is clean; dropping one object from
 * accounts' files makes a migration of accounts only, and billing's part is
 * left alone. On SQLite, a raw `sql` object of an app is made and reversed.
 */
import { strict as assert } from 'node:assert'
import { randomBytes } from 'node:crypto'
import { postgresAdmin } from '../helpers/postgres'
import { projectOn } from './project-on'
import { TARGETS } from './targets'

const CONFIG = 'grants: true\napps:\n  accounts: {}\n  billing: {}\n'

const ACCOUNTS = (reader: string, withFunction = true) => `tables:
  users:
    columns:
      id: { type: integer, primaryKey: true }
      email: { type: native, native: { postgres: email_address } }
      home: { type: native, native: { postgres: address }, nullable: true }
      touched: { type: integer, default: 0 }
    rowLevelSecurity: { enable: true }
    policies:
      everyone:
        command: select
        using: "true"
extensions:
  citext: {}
domains:
  email_address:
    type: citext
    checks:
      - { name: email_has_at, expression: "VALUE LIKE '%@%'" }
types:
  address: { composite: { street: text, city: text } }
sequences:
  user_numbers:
    start: 100
${
  withFunction
    ? `functions:
  touch_row:
    returns: trigger
    language: plpgsql
    body: BEGIN NEW.touched := NEW.touched + 1; RETURN NEW; END
`
    : ''
}sql:
  users_stats:
    create: CREATE STATISTICS users_stats (ndistinct) ON id, touched FROM users
    drop: DROP STATISTICS users_stats
    dependsOn: [users]
grants:
  ${reader}:
    tables: { users: [select] }
`

const BILLING = (withTrigger = true) => `tables:
  invoices:
    columns:
      id: { type: integer, primaryKey: true }
      total: integer
      touched: { type: integer, default: 0 }
    relations:
      user: { belongsTo: users }
views:
  user_totals:
    query: SELECT u.id, sum(i.total) AS total FROM users u JOIN invoices i ON i.user_id = u.id GROUP BY u.id
${
  withTrigger
    ? `triggers:
  invoices_touch:
    table: invoices
    timing: before
    events: update
    function: touch_row
`
    : ''
}`


const pg = TARGETS.postgres
pg.describe('apps own every kind of object on postgres', function () {
  this.timeout(240000)
  const on = projectOn(pg)
  const { ok } = on
  const reader = `strata_apps_${randomBytes(4).toString('hex')}`
  before(() => postgresAdmin(`CREATE ROLE ${reader}`))
  after(() => postgresAdmin(`DROP ROLE IF EXISTS ${reader}`))

  const catalog = async () => {
    const one = async (sql: string) => (await on.db.rows(sql)).map((r) => String(Object.values(r)[0]))
    return {
      extensions: await one("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1"),
      types: await one("SELECT typname || ':' || typtype::text FROM pg_type WHERE typnamespace = 'public'::regnamespace AND typtype IN ('d', 'c') AND typrelid NOT IN (SELECT oid FROM pg_class WHERE relkind <> 'c') ORDER BY 1"),
      sequences: await one("SELECT relname FROM pg_class WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace ORDER BY 1"),
      // Not the extension's own members (citext's functions are in public too).
      functions: await one("SELECT proname FROM pg_proc p WHERE pronamespace = 'public'::regnamespace AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') ORDER BY 1"),
      statistics: await one('SELECT stxname FROM pg_statistic_ext ORDER BY 1'),
      policies: await one("SELECT polname || ' on ' || polrelid::regclass FROM pg_policy ORDER BY 1"),
      grants: await one(`SELECT grantee || ' ' || privilege_type || ' ' || table_name FROM information_schema.role_table_grants WHERE grantee = '${reader}' ORDER BY 1`),
      views: await one("SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY 1"),
      triggers: await one("SELECT tgname || ' on ' || tgrelid::regclass FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"),
    }
  }

  it("each object is made by its own app's migration, applied, checked clean, and dropped by its app alone", async () => {
    on.project.write({ 'strata.yaml': CONFIG, 'accounts/schemas/users.yaml': ACCOUNTS(reader), 'billing/schemas/invoices.yaml': BILLING() })
    const made = await ok('make')
    const accounts = on.project.read('accounts/migrations/0001_initial.yaml')
    const billing = on.project.read('billing/migrations/0001_initial.yaml')
    assert.match(billing, /^dependsOn: "?accounts:0001_initial"?$/m, 'the foreign key, view and trigger use accounts\' objects')
    for (const op of ['createExtension', 'createDomain', 'createType', 'createSequence', 'createFunction', 'createSql', 'createPolicy', 'grant']) {
      assert.match(accounts, new RegExp(`- ${op}:`), `${op} in accounts' migration:\n${made.stdout}`)
      assert.doesNotMatch(billing, new RegExp(`- ${op}:`), `${op} not in billing's migration`)
    }
    for (const op of ['createView', 'createTrigger']) {
      assert.match(billing, new RegExp(`- ${op}:`), `${op} in billing's migration`)
      assert.doesNotMatch(accounts, new RegExp(`- ${op}:`))
    }
    await ok('migrate')
    const full = {
      extensions: ['citext'],
      types: ['address:c', 'email_address:d'],
      sequences: ['user_numbers'],
      functions: ['touch_row'],
      statistics: ['users_stats'],
      policies: ['everyone on users'],
      grants: [`${reader} SELECT users`],
      views: ['user_totals'],
      triggers: ['invoices_touch on invoices'],
    }
    const live = await catalog()
    assert.deepEqual(live, full)
    await on.db.exec("INSERT INTO users (id, email) VALUES (1, 'a@b.c'); INSERT INTO invoices (id, total, user_id) VALUES (1, 5, 1); UPDATE invoices SET total = 6")
    assert.deepEqual(await on.db.rows('SELECT touched FROM invoices'), [{ touched: 1 }])
    assert.match((await ok('make', '--check')).stdout, /No changes/)
    assert.equal((await on.cli('diff', '--db')).code, 0)

    // The trigger goes from billing, then the function from accounts: each app's make writes only its own.
    on.project.write({ 'billing/schemas/invoices.yaml': BILLING(false) })
    await ok('make', 'billing', 'no_touch')
    assert.match(on.project.read('billing/migrations/0002_no_touch.yaml'), /- dropTrigger: invoices_touch/)
    on.project.write({ 'accounts/schemas/users.yaml': ACCOUNTS(reader, false) })
    const second = await ok('make', 'accounts', 'no_function')
    const file = on.project.read('accounts/migrations/0002_no_function.yaml')
    assert.match(file, /- dropFunction: touch_row/)
    // It drops what billing used until billing's own 0002: it comes after that, and is reversed before it.
    assert.match(file, /^dependsOn: \[ ?"?0001_initial"?, "?billing:0002_no_touch"? ?\]$/m)
    for (const op of ['dropExtension', 'dropDomain', 'dropType', 'dropSequence', 'dropSql', 'dropPolicy', 'revoke', 'dropTable']) {
      assert.doesNotMatch(file, new RegExp(`- ${op}:`), `accounts drops only the function:\n${second.stdout}`)
    }
    await ok('migrate')
    const after = await catalog()
    assert.deepEqual(after, { ...live, functions: [], triggers: [] })
    assert.match((await ok('make', '--check')).stdout, /No changes/)
    await ok('migrate', 'zero')
    assert.deepEqual(await catalog(), { extensions: [], types: [], sequences: [], functions: [], statistics: [], policies: [], grants: [], views: [], triggers: [] })
    // From zero, the graph's order applies all four, and takes them back.
    await ok('migrate')
    assert.deepEqual(await catalog(), after)
    await ok('migrate', 'zero')
    assert.deepEqual(await catalog(), { extensions: [], types: [], sequences: [], functions: [], statistics: [], policies: [], grants: [], views: [], triggers: [] })
  })
})

const sqlite = TARGETS.sqlite
sqlite.describe('apps own raw sql objects on sqlite', function () {
  this.timeout(120000)
  const on = projectOn(sqlite)
  const { ok } = on
  it("an app's sql object is made by its migration, applied, and reversed", async () => {
    on.project.write({
      'strata.yaml': 'apps:\n  accounts: {}\n  billing: {}\n',
      'accounts/schemas/users.yaml':
        'tables:\n  users:\n    columns:\n      id: { type: integer, primaryKey: true }\n      name: string\nsql:\n  user_names:\n    create: CREATE VIEW user_names AS SELECT name FROM users\n    drop: DROP VIEW user_names\n    dependsOn: [users]\n',
      'billing/schemas/invoices.yaml': 'tables:\n  invoices:\n    columns:\n      id: { type: integer, primaryKey: true }\n',
    })
    const made = await ok('make')
    assert.match(made.stdout, /Wrote accounts\/migrations\/0001_initial\.yaml\n {2}\+ table users\n {2}\+ sql user_names/)
    await ok('migrate')
    const views = async () => (await on.db.rows("SELECT name FROM sqlite_master WHERE type = 'view'")).map((r) => r.name)
    assert.deepEqual(await views(), ['user_names'])
    await on.db.exec("INSERT INTO users (id, name) VALUES (1, 'Ann')")
    assert.deepEqual(await on.db.rows('SELECT name FROM user_names'), [{ name: 'Ann' }])
    assert.match((await ok('make', '--check')).stdout, /No changes/)
    await ok('migrate', 'zero')
    assert.deepEqual(await views(), [])
  })
})
