/**
 * What the MySQL corpus (Sakila, employees, Chinook: test/fixtures/corpus)
 * showed introspect getting wrong on MariaDB, in a database of its own:
 * index names are per table on MySQL (Sakila's `idx_fk_film_id` on two
 * tables, employees' InnoDB-made `dept_no` on two), but introspect refused
 * them as a schema-wide clash; an unsigned integer AUTO_INCREMENT key (every
 * Sakila id is INT UNSIGNED) was a native type that cannot autoincrement;
 * and a column with a collation of its own (Chinook's NVARCHAR columns, in
 * utf8mb3) was named as not kept although its collation is kept. Now the
 * database is adopted with --strict and rebuilt equal by
 * information_schema; a PostgreSQL project still refuses two indexes of one
 * name.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { describeMysql, freshMysqlDatabase, mysqlClient } from '../helpers/mysql'
import { TempProject } from '../helpers/project'
import { mysqlCatalog } from './catalog'

const SQL = `
CREATE TABLE a (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, k INT, qty TINYINT UNSIGNED NOT NULL DEFAULT 3, KEY k_idx (k));
CREATE TABLE b (id INT UNSIGNED NOT NULL PRIMARY KEY, k INT, m SMALLINT UNSIGNED, name VARCHAR(10) CHARACTER SET latin1 COLLATE latin1_bin, KEY k_idx (k),
                CONSTRAINT b_a FOREIGN KEY (id) REFERENCES a (id));`

describeMysql('introspect on MySQL: per-table index names, unsigned keys, column collations (found by the corpus)', function () {
  this.timeout(120000)

  it('adopts them with --strict and rebuilds them equal', async () => {
    const original = await freshMysqlDatabase()
    const copy = await freshMysqlDatabase()
    const project = new TempProject()
    try {
      const client = await mysqlClient(original.name)
      try {
        await client.query(SQL)
      } finally {
        await client.end()
      }
      const r = await runCli(['introspect', '--strict', '-d', original.url], { cwd: project.dir })
      assert.equal(r.code, 0, r.stdout + r.stderr)
      assert.doesNotMatch(r.stderr, /not kept/)
      assert.match(project.read('schemas/a.yaml'), /id: \{ type: bigint, native: \{ mysql: "int\(10\) unsigned" \}, autoincrement: true, primaryKey: true \}/)
      assert.match(project.read('schemas/a.yaml'), /qty: \{ type: smallint, native: \{ mysql: "tinyint\(3\) unsigned" \}, default: 3 \}/)
      assert.match(project.read('schemas/b.yaml'), /name: \{ type: string, length: 10, collation: latin1_bin, nullable: true \}/)
      assert.match(project.read('schemas/b.yaml'), /m: \{ type: integer, native: \{ mysql: "smallint\(5\) unsigned" \}, nullable: true \}/)
      for (const file of ['schemas/a.yaml', 'schemas/b.yaml']) assert.match(project.read(file), /name: k_idx/)
      const d = await runCli(['diff', '--db', '-d', original.url], { cwd: project.dir })
      assert.equal(d.code, 0, d.stdout + d.stderr)
      const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
      assert.equal(m.code, 0, m.stdout + m.stderr)
      assert.deepEqual(await mysqlCatalog(copy.name), await mysqlCatalog(original.name))
      // The rebuilt key counts from 1 up, past a signed int's range.
      const c = await mysqlClient(copy.name)
      try {
        await c.query('INSERT INTO a (id, k) VALUES (4294967295, 1)')
        await assert.rejects(c.query('INSERT INTO a (id, k) VALUES (-1, 1)'), /Out of range/)
      } finally {
        await c.end()
      }
    } finally {
      project.cleanup()
      await original.drop()
      await copy.drop()
    }
  })

  it('a project with a PostgreSQL database still refuses two indexes of one name', async () => {
    const project = new TempProject({
      'strata.yaml': 'databases:\n  default: postgres://postgres@127.0.0.1:5432/none\n',
      'schemas/s.yaml': 'tables:\n  a:\n    columns: { id: bigint, k: integer }\n    indexes: [ { name: k_idx, columns: [ k ] } ]\n  b:\n    columns: { id: bigint, k: integer }\n    indexes: [ { name: k_idx, columns: [ k ] } ]\n',
    })
    try {
      const v = await runCli(['validate'], { cwd: project.dir })
      assert.notEqual(v.code, 0, v.stdout + v.stderr)
      assert.match(v.stderr, /index "k_idx": the name is already used by the index on table "a"/)
    } finally {
      project.cleanup()
    }
  })
})
