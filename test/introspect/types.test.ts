/**
 * Array columns and the native PostgreSQL types of the type audit (issue 7,
 * docs/DECISIONS.md "Arrays and native types"), from a fixture written by
 * hand (test/fixtures/fidelity/postgres-types.sql): `strata introspect`
 * keeps arrays as arrays (`array: true`, attndims for more dimensions) and
 * every other type as its portable type or as native (named in a warning),
 * the baseline rebuilds each column with the same format_type, attndims,
 * collation and default (read from pg_attribute, not by strata), and a
 * change of an array column made by hand is named by `diff --db`.
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/cli'
import { describePostgres } from '../helpers/postgres'
import { TempProject } from '../helpers/project'
import { type TargetDatabase, postgresTarget } from '../e2e/targets'

const FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'fidelity', 'postgres-types.sql')

/** Every column of the public schema as pg_attribute has it. */
const COLUMNS = `
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attndims, a.attnotnull,
       co.collname, pg_get_expr(d.adbin, d.adrelid) AS default
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> (SELECT typcollation FROM pg_type WHERE oid = a.atttypid)
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname <> 'strata_migrations' AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY 1, 2`

const FILES: Readonly<Record<string, readonly RegExp[]>> = {
  'posts.yaml': [
    /^      tags: \{ type: text, array: true, default: "\{\}" \}$/m,
    /^      scores: \{ type: integer, array: true, nullable: true, default: "\{1,2,3\}" \}$/m,
    /^      grid: \{ type: integer, array: 2, nullable: true \}$/m,
    /^      moods: \{ type: enum, array: true, enum: mood, default: "\{ok\}" \}$/m,
    /^      spans: \{ type: native, array: true, native: \{ postgres: int4range \}, nullable: true \}$/m,
    /^      codes: \{ type: string, array: true, length: 8, collation: C, nullable: true \}$/m,
    /^      amounts:\n +type: decimal\n +array: true\n +precision: 10\n +scale: 2\n +nullable: true\n +default: \{ sql: \{ postgres: "ARRAY\[1\.50, 2\.25\]" \} \}$/m,
  ],
  'kinds.yaml': [
    /^      price: \{ type: decimal, precision: 12, scale: 4, nullable: true \}$/m,
    /^      at_timetz: \{ type: native, native: \{ postgres: time with time zone \}, nullable: true \}$/m,
    /^      span_hours: \{ type: native, native: \{ postgres: interval hour to minute \}, nullable: true \}$/m,
    /^      vflags: \{ type: native, native: \{ postgres: "bit varying\(16\)" \}, nullable: true \}$/m,
    /^      letter: \{ type: native, native: \{ postgres: "\\"char\\"" \}, nullable: true \}$/m,
    /^      name_any: \{ type: string, native: \{ postgres: character varying \}, nullable: true \}$/m,
    /^      created: \{ type: native, native: \{ postgres: "timestamp\(3\) without time zone" \}, nullable: true \}$/m,
  ],
}

describePostgres('arrays and native types: introspect, rebuild, drift (PostgreSQL)', function () {
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

  it('introspect --strict keeps arrays as arrays and names every native type in a warning', async () => {
    const r = await runCli(['introspect', '--strict', '-d', original.url], { cwd: project.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /; 0 not kept$/m)
    for (const [file, patterns] of Object.entries(FILES)) {
      const text = project.read(`schemas/${file}`)
      for (const pattern of patterns) assert.match(text, pattern, `schemas/${file}:\n${text}`)
    }
    // The array columns are not native: only the element type of spans is.
    assert.doesNotMatch(r.stderr, /column "posts\.(tags|scores|grid|moods|codes|stamps|amounts)": type kept as native/)
    assert.match(r.stderr, /warning: column "posts\.spans": type kept as native \(postgres: int4range\)/)
    assert.match(r.stderr, /warning: this baseline uses types that sqlite cannot run, .*posts\.tags \(text\[\]\), .*posts\.grid \(integer\[\]\[\]\)/)
    for (const column of ['at_timetz', 'at_time3', 'span', 'addr', 'net', 'mac', 'mac8', 'cash', 'flags', 'vflags', 'doc', 'query', 'body', 'spot', 'code', 'letter', 'created', 'created_tz', 'data_text']) {
      assert.match(r.stderr, new RegExp(`warning: column "kinds\\.${column}": type kept as native`), column)
    }
    const d = await runCli(['diff', '--db', '-d', original.url], { cwd: project.dir })
    assert.equal(d.code, 0, d.stdout + d.stderr)
  })

  it('the baseline says at its top that SQLite and MySQL cannot run its arrays, and strata sql --dialect sqlite refuses it, naming a column', async () => {
    const head = project.read('migrations/0001_baseline.yaml').split('\n').slice(0, 4).join('\n')
    assert.match(head, /^# WARNING: this baseline uses types that sqlite cannot run, so `strata sql --dialect sqlite` and `migrate` on sqlite refuse it: .*posts\.tags \(text\[\]\), .*posts\.grid \(integer\[\]\[\]\), .*posts\.moods \(enum\(mood\)\[\]\)/m)
    assert.match(head, /^# WARNING: this baseline uses types that mysql cannot run, .*posts\.tags \(text\[\]\)/m)
    const sql = await runCli(['sql', '1', '--dialect', 'sqlite'], { cwd: project.dir })
    assert.equal(sql.code, 2, sql.stdout + sql.stderr)
    // Refused at the first column SQLite cannot run (kinds comes first; an array column is refused by name too, test/schema/arrays.test.ts).
    assert.match(sql.stderr, /^error: (native type .* gives no type for SQLite|column ".*" is an array .*: SQLite has no array types)/m)
    assert.doesNotMatch(sql.stderr, /\n\s+at /, 'no stack trace')
  })

  it('the baseline rebuilds every column with the same format_type, dimensions, collation and default', async () => {
    const copy = await postgresTarget.create()
    try {
      const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
      assert.equal(m.code, 0, m.stderr)
      const [rebuilt, source] = [await copy.rows(COLUMNS), await original.rows(COLUMNS)]
      assert.deepEqual(rebuilt, source)
      assert.ok(source.some((c) => c.attname === 'grid' && c.attndims === 2))
      const d = await runCli(['diff', '--db', '-d', copy.url], { cwd: project.dir })
      assert.equal(d.code, 0, d.stdout + d.stderr)
    } finally {
      await copy.drop()
    }
  })

  for (const change of [
    { sql: 'ALTER TABLE posts ALTER COLUMN scores TYPE bigint[]', named: /~ column posts\.scores: integer\[\] -> bigint\[\]/ },
    { sql: "ALTER TABLE posts ALTER COLUMN tags SET DEFAULT '{a}'", named: /~ column posts\.tags: default '\{\}' -> default '\{a\}'/ },
    { sql: 'DROP INDEX posts_tags_idx; ALTER TABLE posts ALTER COLUMN tags DROP DEFAULT, ALTER COLUMN tags TYPE text USING tags[1]', named: /~ column posts\.tags: text\[\] -> text, default '\{\}' -> no default$/m },
    { sql: 'ALTER TABLE posts ALTER COLUMN scores TYPE integer[][]', named: /~ column posts\.scores: integer\[\] -> integer\[\]\[\]/ },
    { sql: "ALTER TABLE posts ALTER COLUMN moods TYPE text[] USING moods::text[]", named: /~ column posts\.moods: enum\(mood\)\[\] -> text\[\]/ },
    { sql: 'ALTER TABLE kinds ALTER COLUMN code TYPE text[] USING ARRAY[code]', named: /~ column kinds\.code: native\(postgres: character\(5\)\)(, nullable)? -> text\[\]/ },
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
