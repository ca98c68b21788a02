/**
 * Table attributes of issue 7 changed in the schema files and applied to a
 * database holding rows, then reversed: after `up` the catalog (read with
 * the database's own queries) shows the change and the rows are kept; after
 * `down` the catalog equals the one before and so do the rows.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { describePostgres } from '../helpers/postgres'
import { TempProject } from '../helpers/project'
import { type Target, type TargetDatabase, postgresTarget, sqliteTarget } from './targets'

interface Case {
  readonly name: string
  readonly dialects: readonly Target['dialect'][]
  readonly before: string
  readonly after: string
  readonly seed: string
  /** The rows compared before, after up and after down. */
  readonly rows: string
  /** Checks on the database after `up`. */
  readonly verify: (db: TargetDatabase, catalog: Record<string, unknown>) => Promise<void>
}

const table = (body: string) => `tables:\n  items:\n${body}`

/** A table partitioned by range of day (PostgreSQL), with partition items_a given as `a`, and a table its rows may reference. */
const PARTITIONED = (a: string) =>
  'tables:\n  owners:\n    columns:\n      id: { type: bigint, primaryKey: true }\n' +
  '  items:\n    primaryKey: [id, day]\n    columns:\n      id: bigint\n      day: integer\n      owner_id: bigint\n      qty: integer\n' +
  `    partitionBy: { method: range, columns: [day] }\n    partitions:\n      items_a: ${a}\n      items_b: { from: 10, to: 20 }\n`

const CASES: readonly Case[] = [
  {
    name: 'a table without a primary key gets one (primaryKey: false -> primaryKey: [code])',
    dialects: ['sqlite', 'postgres'],
    before: table('    primaryKey: false\n    columns:\n      code: { type: string, length: 10 }\n      qty: integer\n'),
    after: table('    primaryKey: [code]\n    columns:\n      code: { type: string, length: 10 }\n      qty: integer\n'),
    seed: "INSERT INTO items (code, qty) VALUES ('a', 1), ('b', 2)",
    rows: 'SELECT code, qty FROM items ORDER BY code',
    async verify(db) {
      await assert.rejects(db.script("INSERT INTO items (code, qty) VALUES ('a', 3)"), /unique|duplicate/i)
    },
  },
  {
    name: 'a table without a primary key gets the implicit id (primaryKey: false removed), numbering its rows',
    dialects: ['sqlite', 'postgres'],
    before: table('    primaryKey: false\n    columns:\n      code: { type: string, length: 10 }\n'),
    after: table('    columns:\n      code: { type: string, length: 10 }\n'),
    seed: "INSERT INTO items (code) VALUES ('a'), ('b')",
    rows: 'SELECT code FROM items ORDER BY code',
    async verify(db) {
      assert.deepEqual((await db.rows('SELECT id FROM items ORDER BY id')).map((r) => Number(r.id)), [1, 2])
    },
  },
  {
    name: "a key column becomes nullable, SQLite's quirk in a rowid table (the table rebuilt without NOT NULL: a NULL key goes in), and NOT NULL again",
    dialects: ['sqlite'],
    before: table('    columns:\n      code: { type: string, length: 10, primaryKey: true }\n      qty: integer\n'),
    after: table('    columns:\n      code: { type: string, length: 10, primaryKey: true, nullable: true }\n      qty: integer\n'),
    seed: "INSERT INTO items (code, qty) VALUES ('a', 1), ('b', 2)",
    rows: 'SELECT code, qty FROM items ORDER BY code',
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT name, \"notnull\", pk FROM pragma_table_info('items') ORDER BY cid"), [
        { name: 'code', notnull: 0, pk: 1 },
        { name: 'qty', notnull: 1, pk: 0 },
      ])
      await db.script('INSERT INTO items (code, qty) VALUES (NULL, 3); DELETE FROM items WHERE code IS NULL')
    },
  },
  {
    name: 'the primary key is renamed (primaryKey: { name, columns })',
    dialects: ['sqlite', 'postgres'],
    before: table('    columns:\n      code: { type: string, length: 10, primaryKey: true }\n'),
    after: table('    primaryKey: { name: items_code_pk, columns: [code] }\n    columns:\n      code: { type: string, length: 10 }\n'),
    seed: "INSERT INTO items (code) VALUES ('a'), ('b')",
    rows: 'SELECT code FROM items ORDER BY code',
    async verify(_db, catalog) {
      assert.match(JSON.stringify(catalog), /items_code_pk/)
    },
  },
  {
    name: 'identity BY DEFAULT becomes ALWAYS',
    dialects: ['postgres'],
    before: table('    columns:\n      id: { type: bigint, autoincrement: true, primaryKey: true }\n      name: text\n'),
    after: table('    columns:\n      id: { type: bigint, autoincrement: true, identity: always, primaryKey: true }\n      name: text\n'),
    seed: "INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b')",
    rows: 'SELECT id, name FROM items ORDER BY id',
    async verify(db) {
      await assert.rejects(db.script("INSERT INTO items (id, name) VALUES (5, 'c')"), /GENERATED ALWAYS|non-DEFAULT value/i)
    },
  },
  {
    name: 'an identity key becomes serial with a named sequence, past the rows already there',
    dialects: ['postgres'],
    before: table('    columns:\n      id: { type: integer, autoincrement: true, primaryKey: true }\n      name: text\n'),
    after: table('    columns:\n      id: { type: integer, autoincrement: true, sequence: item_ids, primaryKey: true }\n      name: text\n'),
    seed: "INSERT INTO items (name) VALUES ('a'), ('b')",
    rows: 'SELECT id, name FROM items ORDER BY id',
    async verify(db) {
      await db.script("INSERT INTO items (name) VALUES ('c')")
      assert.deepEqual(await db.rows("SELECT id FROM items WHERE name = 'c'"), [{ id: 3 }])
      assert.deepEqual(await db.rows("SELECT column_default FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'id'"), [
        { column_default: "nextval('item_ids'::regclass)" },
      ])
      await db.script("DELETE FROM items WHERE name = 'c'")
    },
  },
  {
    name: 'a bigserial column that is not the key is added to rows',
    dialects: ['postgres'],
    before: table('    columns:\n      name: text\n'),
    after: table('    columns:\n      name: text\n      ref: { type: bigint, autoincrement: true, sequence: items_ref_seq }\n'),
    seed: "INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b')",
    rows: 'SELECT id, name FROM items ORDER BY id',
    async verify(db) {
      assert.deepEqual((await db.rows('SELECT ref FROM items ORDER BY id')).map((r) => Number(r.ref)), [1, 2])
    },
  },
  {
    name: 'a rowid key becomes AUTOINCREMENT (monotonic), keeping its counter through later rebuilds',
    dialects: ['sqlite'],
    before: table('    columns:\n      id: { type: bigint, autoincrement: true, primaryKey: true }\n      name: text\n'),
    after: table('    columns:\n      id: { type: bigint, autoincrement: true, monotonic: true, primaryKey: true }\n      name: text\n'),
    seed: "INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b')",
    rows: 'SELECT id, name FROM items ORDER BY id',
    async verify(db) {
      await db.script("INSERT INTO items (name) VALUES ('c'); DELETE FROM items WHERE name = 'c'")
      assert.deepEqual(await db.rows("SELECT seq FROM sqlite_sequence WHERE name = 'items'"), [{ seq: 3 }])
      await db.script("INSERT INTO items (name) VALUES ('d')")
      assert.deepEqual(await db.rows("SELECT id FROM items WHERE name = 'd'"), [{ id: 4 }])
      await db.script("DELETE FROM items WHERE name = 'd'")
    },
  },
  {
    name: 'a table becomes STRICT (declared types enforced), keeping its rows',
    dialects: ['sqlite'],
    before: table('    columns:\n      name: { type: string, length: 20 }\n      qty: integer\n      price: { type: decimal, precision: 8, scale: 2 }\n'),
    after: table('    strict: true\n    columns:\n      name: { type: string, length: 20 }\n      qty: integer\n      price: { type: decimal, precision: 8, scale: 2 }\n'),
    seed: "INSERT INTO items (id, name, qty, price) VALUES (1, 'a', 1, 2.5), (2, 'b', 2, 3)",
    rows: 'SELECT id, name, qty, price FROM items ORDER BY id',
    async verify(db, catalog) {
      assert.equal((catalog.items as { strict: number }).strict, 1)
      await assert.rejects(db.script("INSERT INTO items (id, name, qty, price) VALUES (3, 'c', 'many', 1)"), /cannot store TEXT value in INT/i)
    },
  },
  {
    name: 'a table becomes WITHOUT ROWID, keeping its rows',
    dialects: ['sqlite'],
    before: table('    columns:\n      code: { type: string, length: 10, primaryKey: true }\n      qty: integer\n'),
    after: table('    withoutRowid: true\n    columns:\n      code: { type: string, length: 10, primaryKey: true }\n      qty: integer\n'),
    seed: "INSERT INTO items (code, qty) VALUES ('a', 1), ('b', 2)",
    rows: 'SELECT code, qty FROM items ORDER BY code',
    async verify(db, catalog) {
      assert.equal((catalog.items as { withoutRowid: number }).withoutRowid, 1)
      await assert.rejects(db.rows('SELECT rowid FROM items'), /no such column: rowid/)
    },
  },
  {
    name: 'a column keeps its declared SQLite type name (native.sqlite next to a portable type)',
    dialects: ['sqlite'],
    before: table('    columns:\n      at: timestamp\n'),
    after: table('    columns:\n      at: { type: timestamp, native: { sqlite: DATETIME } }\n'),
    seed: "INSERT INTO items (id, at) VALUES (1, '2024-01-02T03:04:05.000Z')",
    rows: 'SELECT id, at FROM items ORDER BY id',
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT type FROM pragma_table_info('items') WHERE name = 'at'"), [{ type: 'DATETIME' }])
    },
  },
  {
    name: 'a STORED generated column is added to a table holding rows, computed for them',
    dialects: ['sqlite', 'postgres'],
    before: table('    columns:\n      price: integer\n      qty: integer\n'),
    after: table('    columns:\n      price: integer\n      qty: integer\n      total: { type: integer, generated: { expression: "price * qty", stored: true } }\n'),
    seed: 'INSERT INTO items (id, price, qty) VALUES (1, 3, 2), (2, 5, 4)',
    rows: 'SELECT id, price, qty FROM items ORDER BY id',
    async verify(db) {
      assert.deepEqual((await db.rows('SELECT total FROM items ORDER BY id')).map((r) => Number(r.total)), [6, 20])
      await assert.rejects(db.script('UPDATE items SET total = 1'), /generated column|cannot UPDATE generated|can only be updated to DEFAULT/i)
    },
  },
  {
    name: 'a VIRTUAL generated column is added to a table holding rows (SQLite: in place)',
    dialects: ['sqlite'],
    before: table('    columns:\n      name: text\n'),
    after: table('    columns:\n      name: text\n      shout: { type: text, nullable: true, generated: { expression: "upper(name)" } }\n'),
    seed: "INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b')",
    rows: 'SELECT id, name FROM items ORDER BY id',
    async verify(db) {
      assert.deepEqual(await db.rows('SELECT shout FROM items ORDER BY id'), [{ shout: 'A' }, { shout: 'B' }])
      assert.deepEqual(await db.rows("SELECT hidden FROM pragma_table_xinfo('items') WHERE name = 'shout'"), [{ hidden: 2 }])
    },
  },
  {
    name: "a generated column's expression changes, its index and comment kept",
    dialects: ['sqlite', 'postgres'],
    before: table('    columns:\n      price: integer\n      qty: integer\n      total: { type: integer, comment: sum, generated: { expression: "price * qty", stored: true } }\n    indexes:\n      - columns: [total]\n'),
    after: table('    columns:\n      price: integer\n      qty: integer\n      total: { type: integer, comment: sum, generated: { expression: "price * qty + 1", stored: true } }\n    indexes:\n      - columns: [total]\n'),
    seed: 'INSERT INTO items (id, price, qty) VALUES (1, 3, 2), (2, 5, 4)',
    rows: 'SELECT id, price, qty FROM items ORDER BY id',
    async verify(db) {
      assert.deepEqual((await db.rows('SELECT total FROM items ORDER BY id')).map((r) => Number(r.total)), [7, 21])
      assert.deepEqual((await db.rows('SELECT id FROM items WHERE total = 21')).map((r) => Number(r.id)), [2])
    },
  },
  {
    name: 'a generated column becomes an ordinary column, keeping its values',
    dialects: ['sqlite', 'postgres'],
    before: table('    columns:\n      price: integer\n      qty: integer\n      total: { type: integer, generated: { expression: "price * qty", stored: true } }\n'),
    after: table('    columns:\n      price: integer\n      qty: integer\n      total: integer\n'),
    seed: 'INSERT INTO items (id, price, qty) VALUES (1, 3, 2), (2, 5, 4)',
    rows: 'SELECT id, price, qty, total FROM items ORDER BY id',
    async verify(db) {
      await db.script('UPDATE items SET total = 0 WHERE id = 1')
      assert.deepEqual((await db.rows('SELECT total FROM items ORDER BY id')).map((r) => Number(r.total)), [0, 20])
      await db.script('UPDATE items SET total = 6 WHERE id = 1')
    },
  },
  {
    name: 'an index becomes DESC on one column and gets a comment',
    dialects: ['sqlite', 'postgres'],
    before: table('    columns:\n      at: { type: timestamp, nullable: true }\n      name: text\n    indexes:\n      - { name: items_recent, columns: [at, name] }\n'),
    after: table('    columns:\n      at: { type: timestamp, nullable: true }\n      name: text\n    indexes:\n      - { name: items_recent, columns: [{ column: at, order: desc }, name], comment: newest first }\n'),
    seed: "INSERT INTO items (id, at, name) VALUES (1, '2024-01-01T00:00:00', 'a'), (2, NULL, 'b')",
    rows: 'SELECT id, at, name FROM items ORDER BY id',
    async verify(_db, catalog) {
      assert.match(JSON.stringify(catalog), /"desc":1|DESC/)
    },
  },
  {
    name: 'an index changes method, gets INCLUDE columns and NULLS NOT DISTINCT',
    dialects: ['postgres'],
    before: table('    columns:\n      code: { type: text, nullable: true }\n      label: text\n    indexes:\n      - { name: items_code_idx, columns: [code] }\n      - { name: items_code_key, columns: [code], unique: true }\n'),
    after: table('    columns:\n      code: { type: text, nullable: true }\n      label: text\n    indexes:\n      - { name: items_code_idx, columns: [code], method: hash }\n      - { name: items_code_key, columns: [code], unique: true, include: [label], nullsNotDistinct: true }\n'),
    seed: "INSERT INTO items (id, code, label) VALUES (1, 'a', 'x'), (2, NULL, 'y')",
    rows: 'SELECT id, code, label FROM items ORDER BY id',
    async verify(db) {
      const defs = (await db.rows("SELECT indexdef FROM pg_indexes WHERE tablename = 'items' ORDER BY indexname")).map((r) => String(r.indexdef))
      assert.ok(defs.some((d) => /USING hash \(code\)/.test(d)), defs.join('\n'))
      assert.ok(defs.some((d) => /INCLUDE \(label\) NULLS NOT DISTINCT/.test(d)), defs.join('\n'))
      await assert.rejects(db.script("INSERT INTO items (id, code, label) VALUES (3, NULL, 'z')"), /duplicate key/)
    },
  },
  {
    name: 'a table becomes UNLOGGED (ALTER TABLE SET UNLOGGED), keeping its rows, its index too',
    dialects: ['postgres'],
    before: table('    columns:\n      code: text\n      qty: integer\n    indexes:\n      - columns: [qty]\n'),
    after: table('    unlogged: true\n    columns:\n      code: text\n      qty: integer\n    indexes:\n      - columns: [qty]\n'),
    seed: "INSERT INTO items (code, qty) VALUES ('a', 1), ('b', 2)",
    rows: 'SELECT id, code, qty FROM items ORDER BY id',
    async verify(db) {
      const rels = await db.rows("SELECT relname, relpersistence FROM pg_class WHERE relname IN ('items', 'items_pkey', 'items_qty_idx') ORDER BY 1")
      assert.deepEqual(rels.map((r) => `${String(r.relname)} ${String(r.relpersistence)}`), ['items u', 'items_pkey u', 'items_qty_idx u'])
    },
  },
  {
    name: 'a column gets a collation (PostgreSQL "C", SQLite NOCASE), keeping its rows',
    dialects: ['sqlite', 'postgres'],
    before: table('    columns:\n      code: text\n'),
    after: table('    columns:\n      code: { type: text, collation: COLL }\n'),
    seed: "INSERT INTO items (id, code) VALUES (1, 'b'), (2, 'A')",
    rows: 'SELECT id, code FROM items ORDER BY id',
    async verify(db, catalog) {
      assert.match(JSON.stringify(catalog), /"C"|NOCASE/)
      assert.ok((await db.rows('SELECT id FROM items ORDER BY code')).length === 2)
    },
  },
  {
    name: 'a foreign key becomes DEFERRABLE INITIALLY DEFERRED, checked at COMMIT',
    dialects: ['sqlite', 'postgres'],
    before: 'tables:\n  owners:\n    columns:\n      name: text\n  items:\n    columns:\n      owner_id: { type: bigint, references: owners }\n',
    after: 'tables:\n  owners:\n    columns:\n      name: text\n  items:\n    columns:\n      owner_id: { type: bigint, references: { table: owners, deferrable: true, initiallyDeferred: true } }\n',
    seed: "INSERT INTO owners (id, name) VALUES (1, 'a'); INSERT INTO items (id, owner_id) VALUES (1, 1), (2, 1)",
    rows: 'SELECT id, owner_id FROM items ORDER BY id',
    async verify(db) {
      // Deferred: a row pointing at an owner inserted later in the same transaction is accepted.
      await db.script("BEGIN; INSERT INTO items (id, owner_id) VALUES (3, 2); INSERT INTO owners (id, name) VALUES (2, 'b'); COMMIT")
      await db.script('DELETE FROM items WHERE id = 3; DELETE FROM owners WHERE id = 2')
    },
  },
  {
    name: 'a unique constraint becomes DEFERRABLE, and gets a comment',
    dialects: ['postgres'],
    before: table('    columns:\n      position: integer\n    unique:\n      - [position]\n'),
    after: table('    columns:\n      position: integer\n    unique:\n      - { columns: [position], deferrable: true, initiallyDeferred: true, comment: slots in order }\n'),
    seed: 'INSERT INTO items (id, position) VALUES (1, 1), (2, 2)',
    rows: 'SELECT id, position FROM items ORDER BY id',
    async verify(db) {
      // Swapping two positions in one statement passes only when the check waits for the end.
      await db.script('UPDATE items SET position = 3 - position')
      await db.script('UPDATE items SET position = 3 - position')
      assert.deepEqual(await db.rows("SELECT obj_description(oid, 'pg_constraint') AS c FROM pg_constraint WHERE conname = 'items_position_key'"), [{ c: 'slots in order' }])
    },
  },
  {
    name: 'a NOT VALID check is validated (notValid removed), and made NOT VALID again on the way back',
    dialects: ['postgres'],
    before: table('    columns:\n      qty: integer\n    checks:\n      - { name: items_qty_check, expression: "qty > 0", notValid: true }\n'),
    after: table('    columns:\n      qty: integer\n    checks:\n      - { name: items_qty_check, expression: "qty > 0" }\n'),
    seed: 'INSERT INTO items (id, qty) VALUES (1, 1), (2, 5)',
    rows: 'SELECT id, qty FROM items ORDER BY id',
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT convalidated FROM pg_constraint WHERE conname = 'items_qty_check'"), [{ convalidated: true }])
    },
  },
  {
    name: 'an EXCLUDE constraint over a range is added to a table holding rows; a foreign key becomes MATCH FULL; a check NO INHERIT',
    dialects: ['postgres'],
    before:
      'tables:\n  slots:\n    primaryKey: [a, b]\n    columns:\n      a: integer\n      b: integer\n  items:\n    columns:\n      during: { type: native, native: { postgres: int4range } }\n      a: { type: integer, nullable: true }\n      b: { type: integer, nullable: true }\n    checks:\n      - { name: items_a_check, expression: "a > 0" }\n    foreignKeys:\n      - { columns: [a, b], references: { table: slots, columns: [a, b] } }\n',
    after:
      'tables:\n  slots:\n    primaryKey: [a, b]\n    columns:\n      a: integer\n      b: integer\n  items:\n    columns:\n      during: { type: native, native: { postgres: int4range } }\n      a: { type: integer, nullable: true }\n      b: { type: integer, nullable: true }\n    checks:\n      - { name: items_a_check, expression: "a > 0", noInherit: true }\n    foreignKeys:\n      - { columns: [a, b], references: { table: slots, columns: [a, b] }, match: full }\n    exclude:\n      - { elements: [{ column: during, with: "&&" }], comment: no overlap }\n',
    seed: "INSERT INTO slots (a, b) VALUES (1, 1); INSERT INTO items (id, during, a, b) VALUES (1, '[1,5)', 1, 1), (2, '[5,9)', NULL, NULL)",
    rows: 'SELECT id, during::text AS during, a, b FROM items ORDER BY id',
    async verify(db) {
      await assert.rejects(db.script("INSERT INTO items (id, during) VALUES (3, '[2,3)')"), /conflicting key value violates exclusion constraint/)
      // MATCH SIMPLE would take a key with b NULL without looking; MATCH FULL refuses it.
      await assert.rejects(db.script("INSERT INTO items (id, during, a) VALUES (4, '[20,30)', 1)"), /violates foreign key constraint "items_a_b_fkey"/)
      assert.deepEqual(await db.rows("SELECT connoinherit FROM pg_constraint WHERE conname = 'items_a_check'"), [{ connoinherit: true }])
    },
  },
  {
    name: 'a partitioned table gets a partition and an index, and a bound moves (CREATE TABLE … PARTITION OF, DETACH / ATTACH), keeping its rows',
    dialects: ['postgres'],
    before: table(
      '    primaryKey: false\n    columns:\n      day: integer\n      qty: integer\n    partitionBy: { method: range, columns: [day] }\n' +
        '    partitions:\n      items_low: { from: 0, to: 100 }\n      items_rest: { default: true }\n',
    ),
    after: table(
      '    primaryKey: false\n    columns:\n      day: integer\n      qty: integer\n    partitionBy: { method: range, columns: [day] }\n' +
        '    indexes:\n      - columns: [qty]\n' +
        '    partitions:\n      items_low: { from: MINVALUE, to: 100 }\n      items_high: { from: 200, to: 300 }\n      items_rest: { default: true }\n',
    ),
    seed: 'INSERT INTO items (day, qty) VALUES (1, 1), (150, 2)',
    rows: 'SELECT tableoid::regclass::text AS part, day, qty FROM items ORDER BY day',
    async verify(db) {
      await db.script('INSERT INTO items (day, qty) VALUES (250, 3)')
      const placed = await db.rows('SELECT tableoid::regclass::text AS part FROM items WHERE day = 250')
      assert.deepEqual(placed, [{ part: 'items_high' }])
      const idx = await db.rows("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname IN ('items_low', 'items_high', 'items_rest') ORDER BY 1")
      assert.deepEqual(idx.map((r) => r.relname), ['items_high_qty_idx', 'items_low_qty_idx', 'items_rest_qty_idx'])
      await db.script('DELETE FROM items WHERE day = 250')
    },
  },
  {
    name: 'a LIST partition takes another value (DETACH / ATTACH with its rows)',
    dialects: ['postgres'],
    before: table('    primaryKey: false\n    columns:\n      region: text\n    partitionBy: { method: list, columns: [region] }\n    partitions:\n      items_eu: { in: [eu] }\n'),
    after: table('    primaryKey: false\n    columns:\n      region: text\n    partitionBy: { method: list, columns: [region] }\n    partitions:\n      items_eu: { in: [eu, uk] }\n'),
    seed: "INSERT INTO items (region) VALUES ('eu'), ('eu')",
    rows: 'SELECT tableoid::regclass::text AS part, region FROM items ORDER BY region',
    async verify(db) {
      const bound = await db.rows("SELECT pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE relname = 'items_eu'")
      assert.deepEqual(bound, [{ bound: "FOR VALUES IN ('eu', 'uk')" }])
      await assert.rejects(db.script("INSERT INTO items (region) VALUES ('us')"), /no partition of relation "items" found for row/)
    },
  },
  {
    name: 'an EXCLUDE element gains an operator class, a collation and DESC NULLS LAST (dropped and added over its rows), and loses them',
    dialects: ['postgres'],
    before: table('    columns:\n      code: text\n      n: { type: integer, nullable: true }\n    exclude:\n      - { name: items_code_excl, using: btree, elements: [{ column: code, with: "=" }, { column: "n", with: "=" }] }\n'),
    after: table(
      '    columns:\n      code: text\n      n: { type: integer, nullable: true }\n    exclude:\n' +
        '      - { name: items_code_excl, using: btree, elements: [{ column: code, with: "=", opclass: text_pattern_ops, collation: POSIX, order: desc }, { column: "n", with: "=", order: desc, nulls: last }] }\n',
    ),
    seed: "INSERT INTO items (code, n) VALUES ('a', 1), ('b', NULL)",
    rows: 'SELECT id, code, n FROM items ORDER BY id',
    async verify(db) {
      const [x] = await db.rows("SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'items_code_excl'")
      assert.equal(x?.def, 'EXCLUDE USING btree (code COLLATE "POSIX" text_pattern_ops DESC WITH =, n DESC NULLS LAST WITH =)')
      await assert.rejects(db.script("INSERT INTO items (code, n) VALUES ('a', 1)"), /conflicting key value violates exclusion constraint "items_code_excl"/)
    },
  },
  {
    name: "a partition gains indexes, a unique, a check and a foreign key of its own (the other partition does not), and loses them",
    dialects: ['postgres'],
    before: PARTITIONED('{ from: 0, to: 10 }'),
    after: PARTITIONED(
      '\n        indexes:\n          - columns: [owner_id]\n          - { name: items_a_qty, columns: [qty], comment: by quantity }\n' +
        '        unique: [[id, owner_id]]\n        checks:\n          - { expression: "qty >= 0" }\n' +
        '        foreignKeys:\n          - { columns: [owner_id], references: { table: owners, columns: [id] }, onDelete: cascade }\n        from: 0\n        to: 10',
    ),
    seed: 'INSERT INTO owners (id) VALUES (1), (2); INSERT INTO items (id, day, owner_id, qty) VALUES (1, 1, 1, 5), (2, 15, 2, 0), (3, 2, 2, 1)',
    rows: 'SELECT tableoid::regclass::text AS part, id, day, owner_id, qty FROM items ORDER BY id',
    async verify(db) {
      // The partition's own: no parent index (pg_inherits) or constraint (conparentid, coninhcount); none on items_b.
      const indexes = await db.rows(
        "SELECT c.relname AS tbl, ic.relname AS name, EXISTS (SELECT 1 FROM pg_inherits ii WHERE ii.inhrelid = i.indexrelid) AS attached, obj_description(ic.oid, 'pg_class') AS comment " +
          "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname IN ('items_a', 'items_b') ORDER BY 1, 2",
      )
      assert.deepEqual(indexes, [
        { tbl: 'items_a', name: 'items_a_id_owner_id_key', attached: false, comment: null },
        { tbl: 'items_a', name: 'items_a_owner_id_idx', attached: false, comment: null },
        { tbl: 'items_a', name: 'items_a_pkey', attached: true, comment: null },
        { tbl: 'items_a', name: 'items_a_qty', attached: false, comment: 'by quantity' },
        { tbl: 'items_b', name: 'items_b_pkey', attached: true, comment: null },
      ])
      const constraints = await db.rows(
        "SELECT conrelid::regclass::text AS tbl, conname, contype, conparentid = 0 AS own, coninhcount, confrelid::regclass::text AS ref, confdeltype FROM pg_constraint WHERE conrelid IN ('items_a'::regclass, 'items_b'::regclass) AND contype <> 'p' ORDER BY 1, 2",
      )
      assert.deepEqual(constraints, [
        { tbl: 'items_a', conname: 'items_a_id_owner_id_key', contype: 'u', own: true, coninhcount: 0, ref: '-', confdeltype: ' ' },
        { tbl: 'items_a', conname: 'items_a_owner_id_fkey', contype: 'f', own: true, coninhcount: 0, ref: 'owners', confdeltype: 'c' },
        { tbl: 'items_a', conname: 'items_a_qty_0_check', contype: 'c', own: true, coninhcount: 0, ref: '-', confdeltype: ' ' },
      ])
      await assert.rejects(db.script('INSERT INTO items (id, day, owner_id, qty) VALUES (9, 3, 1, -1)'), /violates check constraint "items_a_qty_0_check"/)
      await assert.rejects(db.script('INSERT INTO items (id, day, owner_id, qty) VALUES (9, 3, 7, 1)'), /violates foreign key constraint "items_a_owner_id_fkey"/)
      // items_b holds neither: a negative quantity and an unknown owner go in.
      await db.script('INSERT INTO items (id, day, owner_id, qty) VALUES (9, 13, 7, -1); DELETE FROM items WHERE id = 9')
    },
  },
  {
    name: 'an EXCLUDE constraint gains INCLUDE columns (dropped and added over its rows), and loses them',
    dialects: ['postgres'],
    before: table('    columns:\n      code: text\n      n: { type: integer, nullable: true }\n      note: { type: text, nullable: true }\n    exclude:\n      - { name: items_code_excl, using: btree, elements: [{ column: code, with: "=" }], comment: one per code }\n'),
    after: table(
      '    columns:\n      code: text\n      n: { type: integer, nullable: true }\n      note: { type: text, nullable: true }\n    exclude:\n' +
        '      - { name: items_code_excl, using: btree, elements: [{ column: code, with: "=" }], include: [n, note], comment: one per code }\n',
    ),
    seed: "INSERT INTO items (code, n, note) VALUES ('a', 1, 'x'), ('b', NULL, NULL)",
    rows: 'SELECT id, code, n, note FROM items ORDER BY id',
    async verify(db) {
      const [x] = await db.rows(
        "SELECT pg_get_constraintdef(c.oid) AS def, i.indnatts, i.indnkeyatts, obj_description(c.oid, 'pg_constraint') AS comment FROM pg_constraint c JOIN pg_index i ON i.indexrelid = c.conindid WHERE c.conname = 'items_code_excl'",
      )
      assert.deepEqual(x, { def: 'EXCLUDE USING btree (code WITH =) INCLUDE (n, note)', indnatts: 3, indnkeyatts: 1, comment: 'one per code' })
      await assert.rejects(db.script("INSERT INTO items (code, n) VALUES ('a', 2)"), /conflicting key value violates exclusion constraint "items_code_excl"/)
    },
  },
  {
    name: 'a generated column whose expression changes keeps the EXCLUDE constraint and the commented unique over it (PostgreSQL drops and adds the column)',
    dialects: ['postgres'],
    before: table('    columns:\n      code: text\n      up: { type: text, nullable: true, generated: { expression: "lower(code)", stored: true } }\n    unique:\n      - { columns: [up], comment: one each }\n    exclude:\n      - { name: items_up_excl, using: btree, elements: [{ column: up, with: "=", order: desc }], comment: no twins }\n'),
    after: table('    columns:\n      code: text\n      up: { type: text, nullable: true, generated: { expression: "upper(code)", stored: true } }\n    unique:\n      - { columns: [up], comment: one each }\n    exclude:\n      - { name: items_up_excl, using: btree, elements: [{ column: up, with: "=", order: desc }], comment: no twins }\n'),
    seed: "INSERT INTO items (code) VALUES ('a'), ('b')",
    rows: 'SELECT id, code FROM items ORDER BY id',
    async verify(db) {
      const constraints = await db.rows("SELECT conname, contype, obj_description(oid, 'pg_constraint') AS comment FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype IN ('u', 'x') ORDER BY 1")
      assert.deepEqual(constraints, [{ conname: 'items_up_excl', contype: 'x', comment: 'no twins' }, { conname: 'items_up_key', contype: 'u', comment: 'one each' }])
      assert.deepEqual(await db.rows('SELECT up FROM items ORDER BY id'), [{ up: 'A' }, { up: 'B' }])
    },
  },
  {
    name: "an array column changes its element type and default (integer[] -> bigint[], '{}' -> '{0}'), keeping its rows",
    dialects: ['postgres'],
    before: table("    columns:\n      scores: { type: integer, array: true, default: '{}' }\n"),
    after: table("    columns:\n      scores: { type: bigint, array: true, default: '{0}' }\n"),
    seed: "INSERT INTO items (scores) VALUES ('{1,2}'), (DEFAULT)",
    rows: 'SELECT id, scores::text AS scores FROM items ORDER BY id',
    async verify(db) {
      const [col] = await db.rows("SELECT format_type(atttypid, atttypmod) AS type, attndims FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'scores'")
      assert.deepEqual(col, { type: 'bigint[]', attndims: 1 })
      await db.script('INSERT INTO items (id) VALUES (100)')
      assert.deepEqual(await db.rows('SELECT scores::text AS s FROM items WHERE id = 100'), [{ s: '{0}' }])
      await db.script('DELETE FROM items WHERE id = 100')
    },
  },
  {
    name: 'a text column becomes an array of its values (USING ARRAY[col], NULL kept NULL) and back (its first element)',
    dialects: ['postgres'],
    before: table('    columns:\n      label: { type: text, nullable: true }\n'),
    after: table('    columns:\n      label: { type: text, array: true, nullable: true }\n'),
    seed: "INSERT INTO items (label) VALUES ('a'), (NULL)",
    rows: "SELECT id, array_to_string(ARRAY[label]::text[], ',') AS label FROM items ORDER BY id",
    async verify(db) {
      assert.deepEqual(await db.rows('SELECT label::text AS l FROM items ORDER BY id'), [{ l: '{a}' }, { l: null }])
    },
  },
]

async function cli(project: TempProject, db: TargetDatabase, ...args: string[]) {
  const r = await runCli(args, { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
  assert.equal(r.code, 0, `strata ${args.join(' ')}: ${r.stdout}\n${r.stderr}`)
  return r
}

function changesSuite(target: Target): void {
  for (const c of CASES.filter((x) => x.dialects.includes(target.dialect))) {
    it(c.name, async () => {
      const project = new TempProject({ 'schemas/app.yaml': c.before })
      const db = await target.create()
      try {
        await cli(project, db, 'make', 'start')
        await cli(project, db, 'migrate')
        await db.script(c.seed)
        const catalogBefore = await db.catalog()
        const rowsBefore = await db.rows(c.rows)

        // COLL: a collation each database has.
        project.write({ 'schemas/app.yaml': c.after.replace('COLL', target.dialect === 'postgres' ? 'C' : 'NOCASE') })
        await cli(project, db, 'make', 'change')
        await cli(project, db, 'migrate')
        const catalogAfter = await db.catalog()
        assert.notDeepEqual(catalogAfter, catalogBefore, 'the migration changes the catalog')
        assert.deepEqual(await db.rows(c.rows), rowsBefore, 'rows kept by up')
        await c.verify(db, catalogAfter)
        const drift = await runCli(['diff', '--db'], { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
        assert.equal(drift.code, 0, `no drift after up: ${drift.stdout}${drift.stderr}`)

        await cli(project, db, 'migrate', '0001')
        assert.deepEqual(await db.catalog(), catalogBefore, 'the catalog is back after down')
        assert.deepEqual(await db.rows(c.rows), rowsBefore, 'rows kept by down')
        await cli(project, db, 'migrate')
        assert.deepEqual(await db.catalog(), catalogAfter, 'up again')
      } finally {
        project.cleanup()
        await db.drop()
      }
    })
  }
}

describe('table attributes changed on SQLite with rows, and back', function () {
  this.timeout(120000)
  changesSuite(sqliteTarget)
})

describePostgres('table attributes changed on PostgreSQL with rows, and back', function () {
  this.timeout(120000)
  changesSuite(postgresTarget)
})
