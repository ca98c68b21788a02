/**
 * A materialized view declared `withData: false` (PostgreSQL, issue 8):
 * created WITH NO DATA over a table holding rows (pg_matviews.ispopulated
 * false, a SELECT refused until REFRESH), refreshed by hand without that
 * being drift (withData says how the view is created, not what it holds:
 * DECISIONS.md), changed to withData true and back (the view recreated,
 * populated or not), reversed through every step, a hand drop named by
 * `diff --db`; `introspect` of an unpopulated view writes `withData: false`
 * and `make --check` finds nothing after it; validate refuses withData on a
 * plain view at file:line:col.
 */
import { strict as assert } from 'node:assert'
import { readdirSync } from 'node:fs'
import { runCli } from '../helpers/cli'
import { projectOn } from './project-on'
import { TARGETS, type TargetDatabase } from './targets'

const TABLE = `tables:
  rentals:
    columns:
      id: { type: integer, primaryKey: true }
      category: text
      amount: { type: decimal, precision: 8, scale: 2 }
`

const VIEW = (withData: string) => `views:
  sales_by_category:
    materialized: true
${withData}    query: SELECT category, sum(amount) AS total FROM rentals GROUP BY category
    indexes:
      - { columns: [category], unique: true }
`

/** The view's state in PostgreSQL's own catalog. */
const matviews = (db: TargetDatabase) => db.rows(`SELECT matviewname AS name, ispopulated AS populated FROM pg_matviews WHERE schemaname = 'public' ORDER BY 1`)

const target = TARGETS.postgres
target.describe('materialized views WITH NO DATA on postgres, with rows', function () {
  this.timeout(180000)
  const on = projectOn(target)
  const { cli, ok } = on

  it('created unpopulated, refreshed without drift, changed to withData true and back, reversed', async () => {
    on.project.write({ 'schemas/app.yaml': TABLE })
    await ok('make', 'rentals')
    await ok('migrate')
    await on.db.exec(`INSERT INTO rentals VALUES (1, 'drama', 2.50), (2, 'drama', 1.50), (3, 'comedy', 4.00)`)

    on.project.write({ 'schemas/app.yaml': TABLE + VIEW('    withData: false\n') })
    const made = await ok('make', 'sales')
    assert.match(made.stdout, /\+ materialized view sales_by_category \(with no data\)/)
    const sql = await ok('sql', '0002')
    assert.match(sql.stdout, /CREATE MATERIALIZED VIEW "sales_by_category" AS SELECT category, sum\(amount\) AS total FROM rentals GROUP BY category WITH NO DATA;/)
    assert.match(on.project.read('migrations/0002_sales.yaml'), /withData: false/)
    await ok('migrate')
    assert.deepEqual(await matviews(on.db), [{ name: 'sales_by_category', populated: false }])
    assert.match(await on.db.rejects('SELECT * FROM sales_by_category'), /has not been populated/)
    assert.equal((await cli('diff', '--db')).code, 0, 'unpopulated, as declared')
    assert.equal((await cli('status')).code, 0)

    // REFRESH populates it; what it holds is not drift.
    await on.db.exec('REFRESH MATERIALIZED VIEW sales_by_category')
    assert.deepEqual(await matviews(on.db), [{ name: 'sales_by_category', populated: true }])
    assert.deepEqual(await on.db.rows('SELECT category, total::text FROM sales_by_category ORDER BY 1'), [
      { category: 'comedy', total: '4.00' },
      { category: 'drama', total: '4.00' },
    ])
    const refreshed = await cli('diff', '--db')
    assert.equal(refreshed.code, 0, refreshed.stdout + refreshed.stderr)
    assert.equal((await cli('status')).code, 0)
    assert.equal((await cli('make', '--check')).code, 0)

    // withData true (the default): the view is made again, populated.
    await on.db.exec('REFRESH MATERIALIZED VIEW sales_by_category WITH NO DATA')
    on.project.write({ 'schemas/app.yaml': TABLE + VIEW('') })
    const populate = await ok('make', 'populate')
    assert.match(populate.stdout, /- view sales_by_category[\s\S]*\+ materialized view sales_by_category$/m)
    const populateSql = await ok('sql', '0003')
    assert.doesNotMatch(populateSql.stdout, /WITH NO DATA/)
    await ok('migrate')
    assert.deepEqual(await matviews(on.db), [{ name: 'sales_by_category', populated: true }])
    assert.equal((await on.db.rows('SELECT count(*)::int AS n FROM sales_by_category'))[0]!.n, 2)
    assert.deepEqual(await on.db.rows(`SELECT indexname FROM pg_indexes WHERE tablename = 'sales_by_category'`), [{ indexname: 'sales_by_category_category_idx' }])
    // Emptied by hand (REFRESH … WITH NO DATA): not drift either.
    await on.db.exec('REFRESH MATERIALIZED VIEW sales_by_category WITH NO DATA')
    assert.equal((await cli('diff', '--db')).code, 0)
    await on.db.exec('REFRESH MATERIALIZED VIEW sales_by_category')

    // And back to withData false: made again, unpopulated.
    on.project.write({ 'schemas/app.yaml': TABLE + VIEW('    withData: false\n') })
    await ok('make', 'unpopulate')
    await ok('migrate')
    assert.deepEqual(await matviews(on.db), [{ name: 'sales_by_category', populated: false }])
    assert.equal((await cli('diff', '--db')).code, 0)

    // Reversed step by step: each down creates the view as the step before declared it.
    await ok('migrate', '0003')
    assert.deepEqual(await matviews(on.db), [{ name: 'sales_by_category', populated: true }])
    await ok('migrate', '0002')
    assert.deepEqual(await matviews(on.db), [{ name: 'sales_by_category', populated: false }])
    assert.equal((await cli('diff', '--db')).code, 0)
    await ok('migrate', '0001')
    assert.deepEqual(await matviews(on.db), [])
    assert.equal(Number((await on.db.rows('SELECT count(*) AS n FROM rentals'))[0]!.n), 3)
    await ok('migrate')
    assert.deepEqual(await matviews(on.db), [{ name: 'sales_by_category', populated: false }])

    // A hand drop is drift, named.
    await on.db.exec('DROP MATERIALIZED VIEW sales_by_category')
    const dropped = await cli('diff', '--db')
    assert.equal(dropped.code, 1, dropped.stdout + dropped.stderr)
    assert.match(dropped.stdout, /sales_by_category/)
  })

  it('introspect keeps WITH NO DATA: withData: false, the baseline creates it unpopulated, make --check and diff --db find nothing', async () => {
    await on.db.exec(`CREATE TABLE rentals (id integer PRIMARY KEY, category text NOT NULL, amount numeric(8,2) NOT NULL);
      INSERT INTO rentals VALUES (1, 'drama', 2.50), (2, 'comedy', 4.00);
      CREATE MATERIALIZED VIEW sales_by_category AS SELECT category, sum(amount) AS total FROM rentals GROUP BY category WITH NO DATA;
      CREATE UNIQUE INDEX sales_by_category_category_idx ON sales_by_category (category);
      CREATE MATERIALIZED VIEW rental_count AS SELECT count(*) AS n FROM rentals;`)
    const adopted = await cli('introspect', '--strict')
    assert.equal(adopted.code, 0, adopted.stdout + adopted.stderr)
    const files = readdirSync(on.project.path('schemas')).map((f) => on.project.read(`schemas/${f}`)).join('\n')
    assert.match(files, /sales_by_category:\n(\s+\w+:.*\n)*?\s+withData: false\n/)
    assert.doesNotMatch(files.slice(files.indexOf('rental_count:'), files.indexOf('sales_by_category:')), /withData/)
    assert.equal((await cli('make', '--check')).code, 0)
    assert.equal((await cli('diff', '--db')).code, 0)

    const copy = await target.create(on.project)
    try {
      const m = await runCli(['migrate'], { cwd: on.project.dir, env: { STRATA_DATABASE_URL: copy.url } })
      assert.equal(m.code, 0, m.stdout + m.stderr)
      assert.deepEqual(await matviews(copy), [
        { name: 'rental_count', populated: true },
        { name: 'sales_by_category', populated: false },
      ])
      assert.deepEqual(await matviews(copy), await matviews(on.db))
    } finally {
      await copy.drop()
    }
  })

  it('validate refuses withData on a plain view, at file:line:col', async () => {
    on.project.write({ 'schemas/app.yaml': `${TABLE}views:\n  v:\n    withData: false\n    query: SELECT id FROM rentals\n` })
    const r = await cli('validate')
    assert.equal(r.code, 2, r.stdout + r.stderr)
    assert.match(r.stderr, /schemas\/app\.yaml:\d+:\d+ +error +view "v": withData is for a materialized view/)
    assert.equal(on.project.migrationFiles().length, 0)
  })
})
