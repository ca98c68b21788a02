/**
 * Several PostgreSQL schemas (issue 7 item 7), from a database written by
 * hand (test/fixtures/fidelity/postgres-schemas.sql): `strata introspect
 * --schema billing` writes the tables and enums of both schemas, named
 * `billing.name` for the other one, the baseline rebuilds a catalog equal
 * to the original (pg_catalog and information_schema, every row with its
 * schema), `migrate zero` takes everything away with the schema, a change
 * made by hand in the second schema is named by `diff --db`, and what
 * strata does not keep there is named with its schema.
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/cli'
import { describePostgres } from '../helpers/postgres'
import { TempProject } from '../helpers/project'
import { postgresSchemasCatalog } from './catalog-schemas'
import { type TargetDatabase, postgresTarget } from '../e2e/targets'

const FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'fidelity', 'postgres-schemas.sql')
const SCHEMAS = ['public', 'billing']

const HAND: readonly { readonly sql: string; readonly named: RegExp }[] = [
  { sql: 'ALTER TABLE billing.lines ADD COLUMN note text', named: /^\s*\+ column billing\.lines\.note: text null$/m },
  { sql: "ALTER TYPE billing.invoice_status ADD VALUE 'void'", named: /~ enum billing\.invoice_status: .*void/ },
  { sql: 'DROP INDEX billing.invoices_customer', named: /^\s*- index invoices_customer$/m },
  { sql: "COMMENT ON CONSTRAINT invoices_total_check ON billing.invoices IS 'changed'", named: /~ comment constraint invoices_total_check on billing\.invoices/ },
  { sql: 'ALTER TABLE billing.lines ALTER CONSTRAINT lines_invoice_fk NOT DEFERRABLE', named: /~ constraint lines_invoice_fk on billing\.lines: deferrable -> not deferrable$/m },
  { sql: 'CREATE TABLE billing.extra (id int PRIMARY KEY)', named: /^\s*\+ table billing\.extra$/m },
  { sql: 'DROP POLICY invoices_sent ON billing.invoices', named: /^\s*- policy invoices_sent on billing\.invoices/m },
]

describePostgres('PostgreSQL schemas: introspect --schema, rebuild, drift', function () {
  let original: TargetDatabase
  let project: TempProject

  before(async function () {
    original = await postgresTarget.create()
    await original.script(readFileSync(FIXTURE, 'utf8'))
    project = new TempProject()
  })
  after(async () => {
    project?.cleanup()
    await original?.drop()
  })

  it('introspect --schema billing keeps both schemas whole: billing.name tables and enums, cross-schema foreign keys and enum columns', async () => {
    const r = await runCli(['introspect', '--strict', '--schema', 'billing', '-d', original.url], { cwd: project.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^Read 4 tables and 3 enums from /m)
    assert.match(r.stdout, /; 0 not kept$/m)
    const invoices = project.read('schemas/billing.invoices.yaml')
    assert.match(invoices, /^  billing\.invoices:$/m)
    assert.match(invoices, /^    comment: bills sent$/m)
    assert.match(invoices, /status: \{ type: enum, enum: billing\.invoice_status, default: draft \}/)
    assert.match(invoices, /priority: \{ type: enum, enum: priority, nullable: true \}/)
    assert.match(invoices, /number: \{ type: integer, autoincrement: true, sequence: billing\.invoices_number_seq \}/)
    assert.match(invoices, /customer_id: \{ type: bigint, references: \{ table: customers, column: id, onDelete: cascade \} \}/)
    assert.match(invoices, /rowLevelSecurity: \{ enable: true \}/)
    assert.match(invoices, /invoices_sent: \{ command: select, using: "\(status <> 'draft'::billing\.invoice_status\)" \}/)
    const lines = project.read('schemas/billing.lines.yaml')
    assert.match(lines, /name: lines_invoice_fk[\s\S]*table: billing\.invoices[\s\S]*deferrable: true/)
    assert.match(lines, /name: lines_customer_fk[\s\S]*notValid: true/)
    assert.match(project.read('schemas/payments.yaml'), /invoice_id: \{ type: bigint, references: \{ table: billing\.invoices, column: id \} \}/)
    assert.match(project.read('schemas/payments.yaml'), /status: \{ type: enum, enum: billing\.invoice_status, default: paid \}/)
    const enums = project.read('schemas/enums.yaml')
    assert.match(enums, /^  billing\.invoice_status: \[ draft, sent, paid \]$/m)
    assert.match(enums, /^  text: \[ plain, vip \]$/m)
    assert.match(project.read('migrations/0001_baseline.yaml'), /^  - createSchema: billing$/m)
    const d = await runCli(['diff', '--db'], { cwd: project.dir })
    assert.equal(d.code, 0, d.stdout + d.stderr)
  })

  it('the baseline builds, on an empty database, the same two schemas (pg_catalog), and migrate zero drops them', async () => {
    const copy = await postgresTarget.create()
    try {
      const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
      assert.equal(m.code, 0, m.stderr)
      assert.deepEqual(await postgresSchemasCatalog(copy.url, SCHEMAS), await postgresSchemasCatalog(original.url, SCHEMAS))
      // The enum named like a built-in type is the column's type, not pg_catalog's text.
      const [label] = await copy.rows(`SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'customers'::regclass AND attname = 'label'`)
      assert.equal(label?.type, 'public.text')
      const d = await runCli(['diff', '--db', '-d', copy.url], { cwd: project.dir })
      assert.equal(d.code, 0, d.stdout + d.stderr)
      const z = await runCli(['migrate', 'zero', '-d', copy.url], { cwd: project.dir })
      assert.equal(z.code, 0, z.stderr)
      assert.deepEqual(await copy.rows(`SELECT nspname FROM pg_namespace WHERE nspname = 'billing'`), [])
      assert.deepEqual(await copy.rows(`SELECT typname FROM pg_type WHERE typname IN ('text', 'priority') AND typnamespace = 'public'::regnamespace`), [])
    } finally {
      await copy.drop()
    }
  })

  for (const change of HAND) {
    it(`diff --db names a change made by hand in billing: ${change.sql}`, async () => {
      const copy = await postgresTarget.create()
      try {
        const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
        assert.equal(m.code, 0, m.stderr)
        await copy.script(change.sql)
        const d = await runCli(['diff', '--db', '-d', copy.url], { cwd: project.dir })
        assert.equal(d.code, 1, d.stdout + d.stderr)
        assert.match(d.stdout, change.named)
      } finally {
        await copy.drop()
      }
    })
  }

  it('introspect --strict names what it does not keep in the other schema, with the schema; --schema of a missing schema is refused', async () => {
    const db = await postgresTarget.create()
    const fresh = new TempProject()
    try {
      await db.script(`CREATE SCHEMA billing; CREATE TABLE billing.t (id int PRIMARY KEY); CREATE VIEW billing.v AS SELECT id FROM billing.t;
        CREATE FUNCTION billing.f() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE POLICY p ON billing.t USING (true);
        CREATE SCHEMA audit; CREATE TABLE audit.log (id int)`)
      const before = fresh.fingerprint()
      const strict = await runCli(['introspect', '--strict', '--schema', 'billing', '-d', db.url], { cwd: fresh.dir })
      assert.equal(strict.code, 1, strict.stdout + strict.stderr)
      assert.match(strict.stderr, /view billing\.v: in another schema/)
      assert.match(strict.stderr, /function billing\.f\(\): in another schema/)
      // A policy on a table of billing is kept with its table.
      assert.doesNotMatch(strict.stderr, /policy/)
      assert.match(strict.stderr, /schema audit: holds 1 relations/)
      assert.doesNotMatch(strict.stderr, /schema billing:/)
      assert.deepEqual(fresh.fingerprint(), before)
      const missing = await runCli(['introspect', '--schema', 'billing,nowhere', '-d', db.url], { cwd: fresh.dir })
      assert.equal(missing.code, 2, missing.stderr)
      assert.match(missing.stderr, /the database has no schema "nowhere"/)
      assert.deepEqual(fresh.fingerprint(), before)
    } finally {
      fresh.cleanup()
      await db.drop()
    }
  })
})
