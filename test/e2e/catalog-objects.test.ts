/**
 * Sequences, extensions, domains, composite and range types (PostgreSQL,
 * issue 8) through the real binary, with rows: declared in YAML, made into a
 * migration (extensions first, then domains, types and sequences, then the
 * table using them), applied, checked in PostgreSQL's own catalogs
 * (pg_extension, pg_type, pg_constraint, pg_sequence, pg_range); changed in
 * place (ALTER DOMAIN, ALTER SEQUENCE) and reversed; an extension updated
 * (ALTER EXTENSION … UPDATE TO), which has no way back; hand-made changes
 * named by `diff --db`; dropped. A project with a SQLite database refuses
 * each kind at validate with file:line:col.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { projectOn } from './project-on'
import { TARGETS, type TargetDatabase } from './targets'

interface Options {
  citext?: string
  amountChecks?: string
  amountDefault?: string
  invoice?: string
  extraTypes?: string
}

const SCHEMA = (o: Options = {}) => `extensions:
  citext: { version: "${o.citext ?? '1.5'}" }
  pg_trgm: {}
domains:
  email_address:
    type: citext
    checks:
      - { name: email_has_at, expression: "VALUE LIKE '%@%'" }
  positive_amount:
    type: numeric(10,2)
    default: "${o.amountDefault ?? '0'}"
    notNull: true
    checks: ${o.amountChecks ?? '[{ expression: VALUE >= 0 }]'}
types:
  address: { composite: { street: text, zip: varchar(10) } }
  price_range: { range: { subtype: numeric } }
${o.extraTypes ?? ''}
sequences:
  invoice_numbers: ${o.invoice ?? '{ start: 1000, increment: 10 }'}
  ticket_numbers: { type: integer, ownedBy: orders.ticket, cache: 5 }
tables:
  orders:
    columns:
      id: { type: integer, primaryKey: true }
      email: { type: native, native: { postgres: email_address } }
      amount: { type: native, native: { postgres: positive_amount } }
      ship_to: { type: native, native: { postgres: address }, nullable: true }
      band: { type: native, native: { postgres: price_range }, nullable: true }
      invoice: { type: bigint, default: { sql: "nextval('invoice_numbers')" } }
      ticket: { type: integer, nullable: true }
`

const PLAIN = `tables:
  orders:
    columns:
      id: { type: integer, primaryKey: true }
      email: text
      amount: { type: decimal, precision: 10, scale: 2 }
      ship_to: { type: text, nullable: true }
      band: { type: text, nullable: true }
      invoice: bigint
      ticket: { type: integer, nullable: true }
`

const catalog = {
  extensions: (db: TargetDatabase) => db.rows(`SELECT extname AS name, extversion AS version FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1`),
  domains: (db: TargetDatabase) =>
    db.rows(`SELECT t.typname AS name, format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull AS not_null, pg_get_expr(t.typdefaultbin, 0) AS "default"
             FROM pg_type t WHERE t.typtype = 'd' AND t.typnamespace = 'public'::regnamespace ORDER BY 1`),
  domainChecks: (db: TargetDatabase) =>
    db.rows(`SELECT t.typname AS domain, c.conname AS name, pg_get_constraintdef(c.oid) AS def
             FROM pg_constraint c JOIN pg_type t ON t.oid = c.contypid WHERE t.typnamespace = 'public'::regnamespace ORDER BY 1, 2`),
  types: (db: TargetDatabase) =>
    db.rows(`SELECT t.typname AS name, t.typtype AS kind, format_type(r.rngsubtype, NULL) AS subtype,
                    (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                     FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) AS fields
             FROM pg_type t LEFT JOIN pg_class c ON c.oid = t.typrelid LEFT JOIN pg_range r ON r.rngtypid = t.oid
             WHERE t.typnamespace = 'public'::regnamespace AND (t.typtype = 'r' OR (t.typtype = 'c' AND c.relkind = 'c')) ORDER BY 1`),
  sequences: (db: TargetDatabase) =>
    db.rows(`SELECT s.relname AS name, format_type(q.seqtypid, NULL) AS type, q.seqstart::text AS start, q.seqincrement::text AS increment,
                    q.seqmax::text AS max, q.seqcache::text AS cache, q.seqcycle AS cycle,
                    (SELECT t.relname || '.' || a.attname FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
                     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
                     WHERE d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype = 'a') AS owned_by
             FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid WHERE s.relnamespace = 'public'::regnamespace ORDER BY 1`),
}

const target = TARGETS.postgres
target.describe('sequences, extensions, domains, composite and range types on postgres, with rows', function () {
  this.timeout(180000)
  const on = projectOn(target)
  const { cli, ok } = on

  it('created in dependency order, used by rows, altered in place and back, updated, hand changes named, dropped', async () => {
    on.project.write({ 'schemas/app.yaml': SCHEMA() })
    const made = await ok('make')
    assert.match(
      made.stdout,
      /\+ extension citext 1\.5[\s\S]*\+ extension pg_trgm[\s\S]*\+ domain email_address \(citext\)[\s\S]*\+ composite type address[\s\S]*\+ sequence invoice_numbers[\s\S]*\+ table orders[\s\S]*\+ sequence ticket_numbers/,
    )
    const sql = await ok('sql', '0001')
    assert.match(sql.stdout, /CREATE EXTENSION IF NOT EXISTS "citext" VERSION '1\.5'/)
    assert.match(sql.stdout, /CREATE DOMAIN "positive_amount" AS numeric\(10,2\) DEFAULT 0 NOT NULL CONSTRAINT "positive_amount_check" CHECK \(VALUE >= 0\)/)
    assert.match(sql.stdout, /CREATE TYPE "price_range" AS RANGE \(SUBTYPE = numeric\)/)
    assert.match(sql.stdout, /CREATE SEQUENCE "ticket_numbers" AS integer CACHE 5 OWNED BY "orders"\."ticket"/)
    await ok('migrate')

    assert.deepEqual(await catalog.extensions(on.db), [{ name: 'citext', version: '1.5' }, { name: 'pg_trgm', version: '1.6' }])
    assert.deepEqual(await catalog.domains(on.db), [
      { name: 'email_address', base: 'citext', not_null: false, default: null },
      { name: 'positive_amount', base: 'numeric(10,2)', not_null: true, default: '0' },
    ])
    assert.deepEqual(await catalog.domainChecks(on.db), [
      { domain: 'email_address', name: 'email_has_at', def: "CHECK ((VALUE ~~ '%@%'::citext))" },
      { domain: 'positive_amount', name: 'positive_amount_check', def: 'CHECK ((VALUE >= (0)::numeric))' },
    ])
    assert.deepEqual(await catalog.types(on.db), [
      { name: 'address', kind: 'c', subtype: null, fields: 'street text, zip character varying(10)' },
      { name: 'price_range', kind: 'r', subtype: 'numeric', fields: null },
    ])
    assert.deepEqual(await catalog.sequences(on.db), [
      { name: 'invoice_numbers', type: 'bigint', start: '1000', increment: '10', max: '9223372036854775807', cache: '1', cycle: false, owned_by: null },
      { name: 'ticket_numbers', type: 'integer', start: '1', increment: '1', max: '2147483647', cache: '5', cycle: false, owned_by: 'orders.ticket' },
    ])

    // Rows through the domains and types; the sequence numbers them; the domain checks refuse.
    await on.db.exec(`INSERT INTO orders (id, email, ship_to, band, ticket) VALUES (1, 'Ann@Example.com', ROW('Main St', '12345'), '[1,10)', nextval('ticket_numbers'));
                   INSERT INTO orders (id, email, amount) VALUES (2, 'bob@example.com', 7.5)`)
    assert.deepEqual(await on.db.rows(`SELECT id, invoice, amount::text, (ship_to).zip AS zip, 5::numeric <@ band AS in_band, ticket FROM orders ORDER BY id`), [
      { id: 1, invoice: 1000, amount: '0.00', zip: '12345', in_band: true, ticket: 1 },
      { id: 2, invoice: 1010, amount: '7.50', zip: null, in_band: null, ticket: null },
    ])
    assert.deepEqual(await on.db.rows(`SELECT count(*)::int AS n FROM orders WHERE email = 'ann@example.com'`), [{ n: 1 }], 'citext compares without case')
    await assert.rejects(on.db.exec(`INSERT INTO orders (id, email) VALUES (3, 'nobody')`), /email_has_at/)
    await assert.rejects(on.db.exec(`INSERT INTO orders (id, email, amount) VALUES (3, 'c@x', -1)`), /positive_amount_check/)
    const clean = await cli('diff', '--db')
    assert.equal(clean.code, 0, clean.stdout + clean.stderr)

    // A type used by a column cannot be recreated: refused, naming the column.
    on.project.write({ 'schemas/app.yaml': SCHEMA().replace('zip: varchar(10)', 'zip: varchar(12)') })
    const refused = await cli('make')
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr, /type "address": its definition changes[\s\S]*orders\.ship_to uses it/)

    // Altered in place: ALTER DOMAIN, ALTER SEQUENCE; a new composite type; rows stay.
    on.project.write({
      'schemas/app.yaml': SCHEMA({
        amountDefault: '1',
        amountChecks: '[{ expression: VALUE >= 0 }, { name: below_million, expression: VALUE < 1000000 }]',
        invoice: '{ start: 1000, increment: 5, max: 999999, cycle: true }',
        extraTypes: '  money_pair: { composite: { low: numeric, high: numeric } }',
      }),
    })
    const altered = await ok('make')
    assert.match(altered.stdout, /~ domain positive_amount: checks, default/)
    assert.match(altered.stdout, /~ sequence invoice_numbers: cycle, increment, max/)
    assert.match(altered.stdout, /\+ composite type money_pair/)
    const alterSql = await ok('sql', '0002')
    assert.match(alterSql.stdout, /ALTER DOMAIN "positive_amount" SET DEFAULT 1/)
    assert.match(alterSql.stdout, /ALTER DOMAIN "positive_amount" ADD CONSTRAINT "below_million" CHECK \(VALUE < 1000000\)/)
    assert.match(alterSql.stdout, /ALTER SEQUENCE "invoice_numbers" INCREMENT BY 5 MAXVALUE 999999 CYCLE/)
    await ok('migrate')
    assert.equal((await catalog.domains(on.db))[1]!.default, '1')
    assert.deepEqual((await catalog.domainChecks(on.db)).map((c) => c.name), ['email_has_at', 'below_million', 'positive_amount_check'])
    assert.deepEqual((await catalog.sequences(on.db))[0], { name: 'invoice_numbers', type: 'bigint', start: '1000', increment: '5', max: '999999', cache: '1', cycle: true, owned_by: null })
    assert.deepEqual((await catalog.types(on.db)).map((t) => t.name), ['address', 'money_pair', 'price_range'])
    await assert.rejects(on.db.exec(`INSERT INTO orders (id, email, amount) VALUES (3, 'c@x', 1000000)`), /below_million/)
    assert.equal((await cli('diff', '--db')).code, 0)

    // Reversed: the domain, the sequence and the types as they were.
    await ok('migrate', '0001')
    assert.deepEqual((await catalog.domainChecks(on.db)).map((c) => c.name), ['email_has_at', 'positive_amount_check'])
    assert.equal((await catalog.domains(on.db))[1]!.default, '0')
    assert.equal((await catalog.sequences(on.db))[0]!.increment, '10')
    assert.deepEqual((await catalog.types(on.db)).map((t) => t.name), ['address', 'price_range'])
    assert.equal(Number((await on.db.rows('SELECT count(*) AS n FROM orders'))[0]!.n), 2)
    await ok('migrate')

    // The pinned version moves up: ALTER EXTENSION … UPDATE TO. Extensions ship
    // no downgrade scripts, so reversing it fails, transactionally, with PostgreSQL's word.
    on.project.write({
      'schemas/app.yaml': SCHEMA({
        citext: '1.6',
        amountDefault: '1',
        amountChecks: '[{ expression: VALUE >= 0 }, { name: below_million, expression: VALUE < 1000000 }]',
        invoice: '{ start: 1000, increment: 5, max: 999999, cycle: true }',
        extraTypes: '  money_pair: { composite: { low: numeric, high: numeric } }',
      }),
    })
    const updated = await ok('make')
    assert.match(updated.stdout, /~ extension citext: version/)
    assert.match((await ok('sql', '0003')).stdout, /ALTER EXTENSION "citext" UPDATE TO '1\.6'/)
    await ok('migrate')
    assert.deepEqual((await catalog.extensions(on.db))[0], { name: 'citext', version: '1.6' })
    const back = await cli('migrate', '0002')
    assert.notEqual(back.code, 0)
    assert.match(back.stdout + back.stderr, /no update path from version "1\.6" to version "1\.5"/)
    assert.deepEqual((await catalog.extensions(on.db))[0], { name: 'citext', version: '1.6' })
    assert.equal((await cli('diff', '--db')).code, 0)

    // Hand-made changes, each named by diff --db.
    await on.db.exec('ALTER SEQUENCE invoice_numbers INCREMENT BY 7')
    let drift = await cli('diff', '--db')
    assert.equal(drift.code, 1, drift.stdout + drift.stderr)
    assert.match(drift.stdout, /~ sequence invoice_numbers: increment/)
    await on.db.exec('ALTER SEQUENCE invoice_numbers INCREMENT BY 5; ALTER DOMAIN positive_amount DROP CONSTRAINT below_million')
    drift = await cli('diff', '--db')
    assert.match(drift.stdout, /~ domain positive_amount: checks/)
    await on.db.exec('ALTER DOMAIN positive_amount ADD CONSTRAINT below_million CHECK (VALUE < 1000000); DROP EXTENSION pg_trgm; DROP TYPE money_pair')
    drift = await cli('diff', '--db')
    assert.match(drift.stdout, /- extension pg_trgm/)
    assert.match(drift.stdout, /- type money_pair/)
    await on.db.exec('CREATE EXTENSION pg_trgm; CREATE TYPE money_pair AS (low numeric, high numeric)')
    assert.equal((await cli('diff', '--db')).code, 0)

    // Dropped from the files: the columns change type first, then the objects go, extensions last; rows kept.
    on.project.write({ 'schemas/app.yaml': PLAIN })
    const dropped = await ok('make')
    assert.match(dropped.stdout, /- sequence ticket_numbers[\s\S]*~ column orders\.email: native\(postgres: email_address\) -> text[\s\S]*- sequence invoice_numbers[\s\S]*- type address[\s\S]*- domain email_address[\s\S]*- extension citext/)
    await ok('migrate')
    assert.deepEqual(await catalog.extensions(on.db), [])
    assert.deepEqual(await catalog.domains(on.db), [])
    assert.deepEqual(await catalog.types(on.db), [])
    assert.deepEqual(await catalog.sequences(on.db), [])
    assert.deepEqual(await on.db.rows('SELECT id, email, amount::text FROM orders ORDER BY id'), [
      { id: 1, email: 'Ann@Example.com', amount: '0.00' },
      { id: 2, email: 'bob@example.com', amount: '7.50' },
    ])
  })

  it('a composite type used by a column with rows gains and loses attributes in place (ALTER TYPE ADD / DROP ATTRIBUTE), with a view over it, and back', async () => {
    const schema = (fields: string) => `types:
  address: { composite: { ${fields} } }
tables:
  shipments:
    columns:
      id: { type: integer, primaryKey: true }
      ship_to: { type: native, native: { postgres: address }, nullable: true }
views:
  shipment_streets:
    query: SELECT id, (ship_to).street AS street FROM shipments
`
    on.project.write({ 'schemas/app.yaml': schema('street: text, zip: varchar(10)') })
    await ok('make')
    await ok('migrate')
    await on.db.exec("INSERT INTO shipments (id, ship_to) VALUES (1, ROW('Main 1', '1234AB')), (2, NULL)")
    on.project.write({ 'schemas/app.yaml': schema('street: text, city: text') })
    const made = await ok('make')
    assert.match(made.stdout, /~ composite type address: \+ city text, - zip/)
    assert.doesNotMatch(made.stdout, /- type address/)
    const sql = await ok('sql', '0002')
    assert.match(sql.stdout, /ALTER TYPE "address" DROP ATTRIBUTE "zip", ADD ATTRIBUTE "city" text/)
    await ok('migrate')
    const fields = async () => (await catalog.types(on.db)).map((t) => `${String(t.name)}: ${String(t.fields)}`)
    assert.deepEqual(await fields(), ['address: street text, city text'])
    assert.deepEqual(await on.db.rows('SELECT id, (ship_to).street AS street, (ship_to).city AS city FROM shipments ORDER BY id'), [
      { id: 1, street: 'Main 1', city: null },
      { id: 2, street: null, city: null },
    ])
    assert.deepEqual(await on.db.rows('SELECT id, street FROM shipment_streets ORDER BY id'), [
      { id: 1, street: 'Main 1' },
      { id: 2, street: null },
    ])
    await on.db.exec("UPDATE shipments SET ship_to.city = 'Delft' WHERE id = 1")
    const clean = await cli('diff', '--db')
    assert.equal(clean.code, 0, clean.stdout + clean.stderr)
    await ok('migrate', '0001')
    assert.deepEqual(await fields(), ['address: street text, zip character varying(10)'])
    assert.deepEqual(await on.db.rows('SELECT id, (ship_to).street AS street, (ship_to).zip AS zip FROM shipments ORDER BY id'), [
      { id: 1, street: 'Main 1', zip: null },
      { id: 2, street: null, zip: null },
    ])
  })

  it('validate refuses each kind in a project with a SQLite database, at file:line:col', async () => {
    const sqliteProject = new TempProject({
      'strata.yaml': 'schemas: schemas\nmigrations: migrations\ndatabases:\n  dev: sqlite:dev.db\n',
      'schemas/app.yaml':
        'tables:\n  t:\n    columns:\n      n: integer\nsequences:\n  s: { start: 5 }\nextensions:\n  citext: {}\ndomains:\n  d: { type: text }\ntypes:\n  r: { range: { subtype: int4 } }\n',
    })
    try {
      const before = sqliteProject.fingerprint()
      const r = await runCli(['validate'], { cwd: sqliteProject.dir })
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /schemas\/app\.yaml:6:3 +error +sequence "s": database "dev" \(sqlite\) has no standalone sequences strata manages/)
      assert.match(r.stderr, /schemas\/app\.yaml:8:3 +error +extension "citext": database "dev" \(sqlite\) has no extensions/)
      assert.match(r.stderr, /schemas\/app\.yaml:10:3 +error +domain "d": database "dev" \(sqlite\) has no domains/)
      assert.match(r.stderr, /schemas\/app\.yaml:12:3 +error +type "r": database "dev" \(sqlite\) has no composite or range types/)
      assert.equal((await runCli(['make'], { cwd: sqliteProject.dir })).code, 2)
      assert.deepEqual(sqliteProject.fingerprint(), before)
    } finally {
      sqliteProject.cleanup()
    }
  })

  it('located errors: a sequence owned by a missing column, start outside its limits, a type with both forms', async () => {
    on.project.write({
      'schemas/app.yaml':
        'tables:\n  t:\n    columns:\n      n: integer\nsequences:\n  s: { start: 5, max: 3, ownedBy: t.missing }\n  u: { type: smallint, max: 70000 }\ntypes:\n  r: { range: { subtype: int4 }, composite: { a: int } }\ndomains:\n  d: { type: text, checks: [{ name: c, expression: "true" }, { name: c, expression: "false" }] }\n',
    })
    const r = await cli('validate')
    assert.equal(r.code, 2, r.stdout + r.stderr)
    assert.match(r.stderr, /schemas\/app\.yaml:6:\d+ +error +sequence "s": start 5 is outside 1\.\.3/)
    assert.match(r.stderr, /schemas\/app\.yaml:6:\d+ +error +sequence "s": ownedBy names column "missing", which table "t" does not have/)
    assert.match(r.stderr, /schemas\/app\.yaml:7:\d+ +error +sequence "u": max 70000 does not fit smallint/)
    assert.match(r.stderr, /schemas\/app\.yaml:9:3 +error +type "r": give exactly one of composite: \(fields\) and range: \(subtype\)/)
    assert.match(r.stderr, /schemas\/app\.yaml:11:\d+ +error +domain "d": check "c" is named twice/)
  })
})
