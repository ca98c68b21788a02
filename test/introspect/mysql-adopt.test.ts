/**
 * Adoption on MySQL / MariaDB: a hand-written 15-table database
 * (test/fixtures/handwritten/mysql-15.sql: composite keys, self-references,
 * every foreign-key action InnoDB has, ENUM, VIRTUAL and STORED generated
 * columns, FULLTEXT, SPATIAL and prefix indexes, index comments, ENGINE /
 * CHARSET / COLLATE / ROW_FORMAT, column and table comments) is adopted by
 * `strata introspect --strict` with nothing left out, `make --check` and
 * `diff --db` find nothing, and the generated migrations rebuild it, in an
 * empty database, equal catalog to catalog: information_schema's TABLES,
 * COLUMNS, STATISTICS, TABLE_CONSTRAINTS, REFERENTIAL_CONSTRAINTS,
 * KEY_COLUMN_USAGE and CHECK_CONSTRAINTS, not strata's introspector. Hand
 * changes to what strata keeps are named by drift; what it does not keep
 * (a routine's sql_mode, DESC key parts, other table options …) is named by introspect.
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { type TargetDatabase, mysqlTarget } from '../e2e/targets'

const FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'handwritten', 'mysql-15.sql')

mysqlTarget.describe('strata introspect on MySQL: a hand-written 15-table database adopted and rebuilt', function () {
  let original: TargetDatabase
  let project: TempProject

  before(async () => {
    original = await mysqlTarget.create()
    await original.script(readFileSync(FIXTURE, 'utf8'))
    project = new TempProject()
  })
  after(async () => {
    project?.cleanup()
    await original?.drop()
  })

  it('introspect --strict adopts all of it: nothing is left out', async () => {
    const r = await runCli(['introspect', '--strict', '-d', original.url], { cwd: project.dir })
    assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.match(r.stdout, /Read 15 tables and 2 enums/)
    assert.match(project.read('schemas/views.yaml'), /paid_order_counts:/)
    assert.doesNotMatch(r.stderr, /not kept/)
    const products = project.read('schemas/products.yaml')
    assert.match(products, /mysql: \{ rowFormat: dynamic \}/)
    assert.match(products, /\{ name: products_search_idx, columns: \[ name, description \], method: fulltext, comment: shop search \}/)
    assert.match(project.read('schemas/audit_log.yaml'), /mysql: \{ engine: myisam, charset: latin1 \}/)
    assert.match(project.read('schemas/settings.yaml'), /mysql: \{ charset: utf8mb4, collation: utf8mb4_unicode_ci \}/)
    assert.match(project.read('schemas/places.yaml'), /method: spatial/)
    assert.match(project.read('schemas/addresses.yaml'), /\{ column: postcode, length: 4 \}/)
    assert.match(project.read('schemas/order_lines.yaml'), /generated: \{ expression: .*stored: true \}/)
  })

  it('make --check and diff --db find nothing right after', async () => {
    const m = await runCli(['make', '--check'], { cwd: project.dir })
    assert.equal(m.code, 0, m.stdout + m.stderr)
    assert.match(m.stdout, /No changes detected/)
    const d = await runCli(['diff', '--db', '-d', original.url], { cwd: project.dir })
    assert.equal(d.code, 0, d.stdout + d.stderr)
    assert.equal(d.stdout, '')
  })

  it('the generated migrations build, in an empty database, a catalog equal to the original', async () => {
    const copy = await mysqlTarget.create()
    try {
      const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
      assert.equal(m.code, 0, m.stdout + m.stderr)
      const [built, written] = [await copy.catalog(), await original.catalog()] as Record<string, unknown[]>[]
      for (const key of Object.keys(written)) assert.deepEqual(built[key], written[key], `information_schema ${key}`)
      assert.equal(written.tables!.length, 15 + 3)
      assert.equal(written.triggers!.length, 2)
      // The rebuilt tables work: a row through every foreign key, the generated columns computed, the full-text index searched.
      await copy.script(`INSERT INTO countries VALUES ('NL', 'Netherlands');
         INSERT INTO users (email, country_code) VALUES ('A@Example.com', 'NL');
         INSERT INTO categories (name) VALUES ('tools');
         INSERT INTO products (sku, name, description, price, category_id) VALUES ('h1', 'Hammer', 'a heavy steel hammer', 9.50, 1);
         INSERT INTO orders (user_id) VALUES (1);
         INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (1, 1, 1, 3, 9.50);
         INSERT INTO addresses (user_id, street, city, postcode) VALUES (1, 'Main 1', 'Delft', '2611');`,
      )
      assert.deepEqual(await copy.rows('SELECT line_total FROM order_lines'), [{ line_total: '28.50' }])
      assert.deepEqual(await copy.rows('SELECT email FROM users'), [{ email: 'a@example.com' }], 'users_lower_email fired')
      await copy.script("UPDATE orders SET status = 'paid'")
      assert.deepEqual(await copy.rows('SELECT user_id, n FROM paid_order_counts'), [{ user_id: 1, n: 1 }])
      assert.deepEqual(await copy.rows('SELECT one_line FROM addresses'), [{ one_line: 'Main 1, Delft, 2611' }])
      assert.equal((await copy.rows("SELECT id FROM products WHERE MATCH (name, description) AGAINST ('steel')")).length, 1)
      await assert.rejects(copy.script("INSERT INTO users (email) VALUES ('no-at-sign')"), /CONSTRAINT `users_email_has_at` failed/)
    } finally {
      await copy.drop()
    }
  })

  it('diff --db names table options, an index comment and a prefix length changed by hand', async () => {
    await original.script(`ALTER TABLE products ROW_FORMAT=COMPACT;
       ALTER TABLE audit_log ENGINE=InnoDB;
       ALTER TABLE users DROP INDEX users_bio_idx, ADD INDEX users_bio_idx (bio(60)) COMMENT 'prefix of the biography';
       ALTER TABLE products DROP INDEX products_search_idx, ADD FULLTEXT INDEX products_search_idx (name, description) COMMENT 'search';`,
    )
    const d = await runCli(['diff', '--db', '-d', original.url, '--json'], { cwd: project.dir })
    assert.equal(d.code, 1, d.stdout + d.stderr)
    const operations = (JSON.parse(d.stdout) as { operations: string[] }).operations.join('\n')
    assert.match(operations, /table products options: mysql rowFormat=dynamic -> mysql rowFormat=compact/)
    assert.match(operations, /table audit_log options: mysql engine=myisam, mysql charset=latin1 -> mysql charset=latin1/)
    assert.match(operations, /users_bio_idx/)
    assert.match(operations, /products_search_idx/)
  })

  it('introspect names, one by one, what it does not keep', async () => {
    const db = await mysqlTarget.create()
    const fresh = new TempProject()
    try {
      await db.script(`CREATE TABLE notes (
           id INT NOT NULL PRIMARY KEY,
           title VARCHAR(100) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL,
           changed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
           KEY notes_title_desc_idx (title DESC)
         ) STATS_PERSISTENT=0;
         CREATE TABLE cache (k VARCHAR(10) NOT NULL PRIMARY KEY, v INT, KEY cache_v_idx (v) USING BTREE) ENGINE=MEMORY;
         CREATE SQL SECURITY INVOKER VIEW note_titles AS SELECT title FROM notes;
         CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW SET NEW.title = TRIM(NEW.title);
         SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',PIPES_AS_CONCAT');
         CREATE PROCEDURE purge_notes() DELETE FROM notes;`,
      )
      // --strict first: it refuses and writes nothing (the plain run records the baseline in the database).
      const strict = await runCli(['introspect', '--strict', '-d', db.url], { cwd: fresh.dir })
      assert.equal(strict.code, 1, strict.stdout + strict.stderr)
      assert.match(strict.stderr, /--strict: .* holds 4 things the schema files would not keep, so nothing was written/)
      const r = await runCli(['introspect', '-d', db.url], { cwd: fresh.dir })
      assert.equal(r.code, 0, r.stdout + r.stderr)
      // notes.title's CHARACTER SET latin1 COLLATE latin1_bin is kept (collation: latin1_bin), so not named;
      // so are changed_at's ON UPDATE CURRENT_TIMESTAMP (onUpdate: now) and the view's SQL SECURITY INVOKER.
      assert.doesNotMatch(r.stderr, /not kept: .*(notes\.title|changed_at|note_titles)/)
      assert.match(fresh.read('schemas/notes.yaml'), /changed_at:\n\s+type: native\n\s+native: \{ mysql: timestamp \}\n\s+default: \{ sql: \{ mysql: "current_timestamp\(\)" \} \}\n\s+onUpdate: now\n/)
      assert.match(fresh.read('schemas/views.yaml'), /note_titles:\n\s+query: .*\n\s+mysql: \{ security: invoker \}/)
      for (const line of [
        /not kept: index notes\.notes_title_desc_idx: DESC key parts/,
        /not kept: index cache\.cache_v_idx: USING BTREE/,
        /not kept: table notes: table options stats_persistent=0/,
        /not kept: procedure purge_notes: created under sql_mode [A-Z_,]*PIPES_AS_CONCAT[A-Z_,]* \(not modelled: strata creates routines without/,
      ]) {
        assert.match(r.stderr, line)
      }
    } finally {
      fresh.cleanup()
      await db.drop()
    }
  })
})
