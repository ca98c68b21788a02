/**
 * EXCLUDE constraint elements with an operator class, a collation and an
 * order (issue 7), from a fixture written by hand
 * (test/fixtures/fidelity/postgres-exclusions.sql): `strata introspect`
 * keeps each element's options, the baseline rebuilds the constraints
 * equal (pg_get_constraintdef and the index's indclass / indcollation /
 * indoption, read with pg_catalog), and a change made by hand is named by
 * `diff --db`.
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/cli'
import { describePostgres } from '../helpers/postgres'
import { TempProject } from '../helpers/project'
import { type TargetDatabase, postgresTarget } from '../e2e/targets'

const FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'fidelity', 'postgres-exclusions.sql')

const ELEMENTS = `
SELECT con.conname, pg_get_constraintdef(con.oid) AS definition, i.indclass::oid[]::regclass[]::text AS unused,
       ARRAY(SELECT oc.opcname FROM unnest(i.indclass::oid[]) WITH ORDINALITY k(oid, n) JOIN pg_opclass oc ON oc.oid = k.oid ORDER BY k.n)::text[] AS opclasses,
       ARRAY(SELECT coalesce(co.collname, '-') FROM unnest(i.indcollation::oid[]) WITH ORDINALITY k(oid, n) LEFT JOIN pg_collation co ON co.oid = k.oid ORDER BY k.n)::text[] AS collations,
       i.indoption::int2[] AS options
FROM pg_constraint con JOIN pg_index i ON i.indexrelid = con.conindid
WHERE con.contype = 'x' AND con.connamespace = 'public'::regnamespace ORDER BY 1`.replace("i.indclass::oid[]::regclass[]::text AS unused,", '')

describePostgres('EXCLUDE elements: operator class, collation, order (PostgreSQL)', function () {
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

  it('introspect --strict keeps every element option', async () => {
    const r = await runCli(['introspect', '--strict', '-d', original.url], { cwd: project.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /; 0 not kept$/m)
    const text = project.read('schemas/codes.yaml')
    for (const pattern of [
      /- \{ using: btree, elements: \[ \{ column: code, with: "=", opclass: text_pattern_ops \} \] \}/,
      /- \{ expression: "lower\(code\)", with: "=", collation: POSIX \}/,
      /- \{ using: btree, elements: \[ \{ column: "n", with: "=", order: desc, nulls: last \} \] \}/,
      /- \{ column: label, with: "=", collation: POSIX, opclass: text_pattern_ops, order: desc \}\n +- \{ column: "n", with: "=", nulls: first \}/,
    ]) assert.match(text, pattern, text)
    const d = await runCli(['diff', '--db', '-d', original.url], { cwd: project.dir })
    assert.equal(d.code, 0, d.stdout + d.stderr)
  })

  it('the baseline rebuilds the constraints with the same elements (pg_constraint, pg_index)', async () => {
    const copy = await postgresTarget.create()
    try {
      const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
      assert.equal(m.code, 0, m.stderr)
      const [rebuilt, source] = [await copy.rows(ELEMENTS), await original.rows(ELEMENTS)]
      assert.deepEqual(rebuilt, source)
      assert.ok(source.some((c) => String(c.definition).includes('text_pattern_ops DESC')))
      assert.deepEqual(await copy.catalog(), await original.catalog())
    } finally {
      await copy.drop()
    }
  })

  for (const change of [
    {
      sql: 'ALTER TABLE codes DROP CONSTRAINT codes_code_excl, ADD CONSTRAINT codes_code_excl EXCLUDE USING btree (code WITH =)',
      named: /\+ exclusion codes_code_excl on codes using btree \(code with =\)$/m,
    },
    {
      sql: 'ALTER TABLE codes DROP CONSTRAINT codes_n_excl, ADD CONSTRAINT codes_n_excl EXCLUDE USING btree (n WITH =)',
      named: /- exclusion codes_n_excl\n.*\+ exclusion codes_n_excl on codes using btree \(n with =\)$/m,
    },
  ]) {
    it(`diff --db names a change made by hand: ${change.named.source}`, async () => {
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
})
