/**
 * The PostgreSQL connection on a real server: transactions, the advisory
 * migration lock, statements that run outside a transaction, enum value
 * removal, awkward identifiers and values, ?schema=, connection errors.
 */
import assert from 'node:assert/strict'
import type { Connection } from '../../../src/dialects/dialect'
import { postgresDialect } from '../../../src/dialects/postgres/postgres-dialect'
import { quoteIdentifier as q } from '../../../src/dialects/postgres/postgres-types'
import type { Operation } from '../../../src/diff/operations'
import { DatabaseError } from '../../../src/errors'
import { canonicalSchema } from '../../../src/schema/canonical'
import type { Schema, Table } from '../../../src/schema/model'
import { describePostgres, freshPostgresDatabase } from '../../helpers/postgres'
import { CASES } from '../cases'
import { runOperations, schemaJson, setUpCase } from '../harness'
import { withSchema } from './normal-form'

describePostgres('postgres: connection', function () {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>
  let admin: Connection
  let n = 0
  /** A connection to a new, empty schema of the test database. */
  async function freshSchema(): Promise<Connection> {
    const schema = `s${++n}`
    await admin.query(`CREATE SCHEMA ${q(schema)}`)
    return postgresDialect.connect(withSchema(db.url, schema))
  }
  before(async () => {
    db = await freshPostgresDatabase()
    admin = await postgresDialect.connect(db.url)
  })
  after(async () => {
    await admin?.close()
    await db?.drop()
  })

  it('leaves nothing behind when a statement inside transaction() fails', async () => {
    const c = await freshSchema()
    try {
      await assert.rejects(
        c.transaction(async () => {
          await c.query('CREATE TABLE "kept" (id integer)')
          await c.query('INSERT INTO "kept" VALUES (1)')
          await c.query('CREATE TABLE "kept" (id integer)')
        }),
        (err: unknown) => err instanceof DatabaseError && /already exists/.test(err.message) && err.details.sql === 'CREATE TABLE "kept" (id integer)',
      )
      assert.equal(await c.tableExists('kept'), false)
      // The connection is usable afterwards, and a nested transaction is a savepoint.
      await c.transaction(async () => {
        await c.query('CREATE TABLE "kept" (id integer)')
        await assert.rejects(c.transaction(async () => c.query('INSERT INTO "kept" VALUES (\'x\')')))
        await c.query('INSERT INTO "kept" VALUES (2)')
      })
      assert.deepEqual(await c.query('SELECT id FROM "kept"'), [{ id: 2 }])
    } finally {
      await c.close()
    }
  })

  it('holds the migration lock per schema: a second session times out with E_LOCK_TIMEOUT, then gets it after release', async () => {
    const first = await postgresDialect.connect(db.url)
    const second = await postgresDialect.connect(db.url)
    const other = await freshSchema()
    try {
      await first.acquireMigrationLock(1000)
      const started = Date.now()
      await assert.rejects(second.acquireMigrationLock(1000), (err: unknown) => {
        assert.ok(err instanceof DatabaseError)
        assert.equal(err.code, 'E_LOCK_TIMEOUT')
        assert.equal(err.exitCode, 3)
        assert.match(err.message, /^another strata migrate holds the migration lock on strata_test_\w+\/public; waited 1(\.\d)? s$/)
        return true
      })
      const waited = Date.now() - started
      assert.ok(waited >= 1000 && waited < 2500, `waited ${waited} ms`)
      // Another schema of the same database has a lock of its own.
      await other.acquireMigrationLock(100)
      await first.releaseMigrationLock()
      await second.acquireMigrationLock(1000)
      await assert.rejects(first.acquireMigrationLock(200), /E_LOCK_TIMEOUT|another strata migrate/)
      // close() releases it.
      await second.close()
      await first.acquireMigrationLock(1000)
    } finally {
      await first.close()
      await second.close().catch(() => undefined)
      await other.close()
    }
  })

  it('runs CREATE / DROP INDEX CONCURRENTLY outside a transaction', async () => {
    const c = await freshSchema()
    try {
      await setUpCase(c, CASES.addIndex)
      const index = { name: 'users_email_conc_idx', columns: ['email'], concurrently: true }
      const add: Operation = { op: 'addIndex', table: 'users', index }
      const [create] = c.dialect.compiler.compile(add, CASES.addIndex.before)
      assert.equal(create?.transactional, false)
      await assert.rejects(c.transaction(() => c.query(create!.sql)), /cannot run inside a transaction block/)
      await c.query(create!.sql)
      const [valid] = await c.query(
        `SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'users_email_conc_idx'`,
      )
      assert.equal(valid?.indisvalid, true)
      const withIndex: Schema = { ...CASES.addIndex.before, tables: CASES.addIndex.before.tables.map((t) => ({ ...t, indexes: [...t.indexes, index] })) }
      const [drop] = c.dialect.compiler.compile({ op: 'dropIndex', table: 'users', name: index.name }, withIndex)
      assert.equal(drop?.transactional, false)
      await c.query(drop!.sql)
      assert.deepEqual(await c.query(`SELECT 1 FROM pg_class WHERE relname = 'users_email_conc_idx'`), [])
    } finally {
      await c.close()
    }
  })

  it('refuses to remove an enum value that rows still hold, naming the column, and removes it when none do', async () => {
    const c = await freshSchema()
    try {
      await setUpCase(c, CASES.alterEnumRemove)
      const removeAdmin: Operation = { op: 'alterEnum', name: 'users_role', from: ['admin', 'editor', 'reader'], to: ['editor', 'reader'] }
      await assert.rejects(runOperations(c, CASES.alterEnumRemove.before, [removeAdmin]), (err: unknown) => {
        assert.ok(err instanceof DatabaseError)
        assert.match(err.message, /cannot change enum "users_role": column "users\.role" still holds 'admin', which the new list of values does not have/)
        assert.match(err.message, /HINT: update or delete those rows first/)
        return true
      })
      assert.deepEqual((await c.introspect()).enums, [{ name: 'users_role', values: ['admin', 'editor', 'reader'] }])
      await c.query(`UPDATE "users" SET role = 'editor' WHERE role = 'admin'`)
      await runOperations(c, CASES.alterEnumRemove.before, [removeAdmin])
      const live = await c.introspect()
      assert.deepEqual(live.enums, [{ name: 'users_role', values: ['editor', 'reader'] }])
      assert.deepEqual(live.tables[0]?.columns.find((col) => col.name === 'role'), { name: 'role', type: 'enum', enum: 'users_role', default: 'reader' })
      assert.deepEqual(await c.query(`SELECT role::text FROM "users" ORDER BY id`), [{ role: 'editor' }, { role: 'reader' }])
    } finally {
      await c.close()
    }
  })

  it('removes an enum value under an array column of the enum: refused while an element holds it, naming the column; converted element by element after', async () => {
    const c = await freshSchema()
    try {
      const table: Table = {
        name: 'badges',
        columns: [
          { name: 'id', type: 'bigint' },
          { name: 'roles', type: 'enum', enum: 'role', array: 1, default: '{reader}' },
          { name: 'grid', type: 'enum', enum: 'role', array: 2, nullable: true },
        ],
        primaryKey: { name: 'badges_pkey', columns: ['id'] },
        indexes: [],
        foreignKeys: [],
        checks: [],
        uniques: [],
      }
      const before: Schema = { tables: [table], enums: [{ name: 'role', values: ['admin', 'editor', 'reader'] }] }
      await runOperations(c, { tables: [], enums: [] }, [{ op: 'createEnum', name: 'role', values: ['admin', 'editor', 'reader'] }, { op: 'createTable', table }])
      await c.query(`INSERT INTO "badges" (id, roles, grid) VALUES (1, '{editor,admin}', '{{reader},{editor}}'), (2, '{}', NULL)`)
      const removeAdmin: Operation = { op: 'alterEnum', name: 'role', from: ['admin', 'editor', 'reader'], to: ['editor', 'reader'] }
      await assert.rejects(runOperations(c, before, [removeAdmin]), (err: unknown) => {
        assert.ok(err instanceof DatabaseError)
        assert.match(err.message, /cannot change enum "role": column "badges\.roles" still holds 'admin', which the new list of values does not have/)
        return true
      })
      await c.query(`UPDATE "badges" SET roles = '{editor}' WHERE id = 1`)
      await runOperations(c, before, [removeAdmin])
      assert.deepEqual(await c.query(`SELECT roles::text, grid::text FROM "badges" ORDER BY id`), [{ roles: '{editor}', grid: '{{reader},{editor}}' }, { roles: '{}', grid: null }])
      const live = await c.introspect()
      assert.deepEqual(live.enums, [{ name: 'role', values: ['editor', 'reader'] }])
      assert.deepEqual(live.tables[0]?.columns.slice(1), [
        { name: 'roles', type: 'enum', enum: 'role', array: 1, default: '{reader}' },
        { name: 'grid', type: 'enum', enum: 'role', array: 2, nullable: true },
      ])
    } finally {
      await c.close()
    }
  })

  it('keeps checks and partial / expression indexes on an enum column through a value removal', async () => {
    const c = await freshSchema()
    try {
      const users = CASES.alterEnumRemove.before.tables[0]!
      const before: Schema = {
        ...CASES.alterEnumRemove.before,
        tables: [
          {
            ...users,
            checks: [...users.checks, { name: 'users_role_check', expression: "role <> 'reader' OR bio IS NULL OR true" }],
            indexes: [
              ...users.indexes,
              { name: 'users_admins_idx', columns: ['id'], where: "role = 'admin'" },
              { name: 'users_is_reader_idx', expression: "(role = 'reader')" },
            ],
          },
        ],
      }
      await setUpCase(c, { ...CASES.alterEnumRemove, before })
      const printed = (await c.introspect()).tables[0]
      const after = await runOperations(c, before, [CASES.alterEnumRemove.up])
      const live = await c.introspect()
      assert.deepEqual(live.enums, [{ name: 'users_role', values: ['admin', 'reader'] }])
      assert.deepEqual(live.tables[0]?.checks, printed?.checks)
      assert.deepEqual(live.tables[0]?.indexes, printed?.indexes)
      assert.equal(after.tables[0]?.indexes.length, 3)
      await assert.rejects(c.query(`INSERT INTO "users" (email, display_name, role) VALUES ('x@y', 'x', 'editor')`), /invalid input value/)
    } finally {
      await c.close()
    }
  })

  it('handles identifiers with spaces, quotes, reserved words, mixed case, non-ASCII, and values with quotes and backslashes', async () => {
    const c = await freshSchema()
    const table: Table = {
      name: 'Select "Order" ß',
      columns: [
        { name: 'ID', type: 'integer', autoincrement: true },
        { name: 'user', type: 'string', length: 30, default: `O'Brien \\ "q"` },
        { name: 'naïve col', type: 'enum', enum: 'Grade "A"', nullable: true },
      ],
      primaryKey: { name: 'Select "Order" ß_pkey', columns: ['ID'] },
      uniques: [{ name: 'uniq "user"', columns: ['user'] }],
      indexes: [{ name: 'idx naïve', columns: ['naïve col', 'user'] }],
      foreignKeys: [],
      checks: [],
      comment: `what's \\ this`,
    }
    const before: Schema = { tables: [table], enums: [{ name: 'Grade "A"', values: [`it's`, 'back\\slash', 'A B'] }] }
    try {
      const ops: Operation[] = [
        { op: 'createEnum', name: 'Grade "A"', values: [`it's`, 'back\\slash', 'A B'] },
        { op: 'createTable', table },
        { op: 'insert', table: table.name, rows: [{ user: `x'y\\z`, 'naïve col': `it's` }, { 'naïve col': 'back\\slash' }] },
        { op: 'update', table: table.name, set: { 'naïve col': 'A B' }, where: { user: `x'y\\z` } },
        { op: 'setComment', table: table.name, column: 'user', from: null, to: `col's \\ comment` },
        { op: 'alterColumn', table: table.name, column: 'user', from: { type: 'string', length: 30 }, to: { type: 'string', length: 60 } },
        { op: 'renameColumn', table: table.name, from: 'naïve col', to: 'Grade "col"' },
        { op: 'alterEnum', name: 'Grade "A"', from: [`it's`, 'back\\slash', 'A B'], to: ['A B', `it's`, 'back\\slash', `new'one`] },
        { op: 'delete', table: table.name, where: { 'Grade "col"': 'back\\slash' } },
        { op: 'renameTable', from: table.name, to: 'Ünïcode "T"' },
      ]
      const after = await runOperations(c, { tables: [], enums: [] }, ops)
      assert.deepEqual(schemaJson(await c.introspect()), schemaJson(canonicalSchema(after)))
      assert.deepEqual(await c.query(`SELECT "user", "Grade ""col"""::text AS g FROM "Ünïcode ""T"""`), [{ user: `x'y\\z`, g: 'A B' }])
      void before
    } finally {
      await c.close()
    }
  })

  it('works inside ?schema=NAME and reports a missing schema clearly', async () => {
    const c = await freshSchema()
    try {
      const [row] = await c.query('SELECT current_schema() AS s')
      assert.match(String(row?.s), /^s\d+$/)
      await setUpCase(c, CASES.createTable)
      assert.equal(await c.tableExists('users'), true)
      assert.equal(await admin.tableExists('users'), false)
    } finally {
      await c.close()
    }
    await assert.rejects(postgresDialect.connect(withSchema(db.url, 'no such schema')), (err: unknown) => {
      assert.ok(err instanceof DatabaseError)
      assert.equal(err.code, 'E_SCHEMA_NOT_FOUND')
      assert.match(err.message, /schema "no such schema" does not exist/)
      return true
    })
  })

  it('reports a failed connection as E_CONNECT with the password redacted', async () => {
    await assert.rejects(postgresDialect.connect('postgres://someone:secret@127.0.0.1:1/nowhere'), (err: unknown) => {
      assert.ok(err instanceof DatabaseError)
      assert.equal(err.code, 'E_CONNECT')
      assert.equal(err.exitCode, 3)
      assert.match(err.message, /^cannot connect to postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere: /)
      assert.doesNotMatch(err.message, /secret/)
      return true
    })
  })

  it('introspects columns it did not create: serial, varchar without length, json, casts and raw defaults', async () => {
    const c = await freshSchema()
    try {
      await c.query(`CREATE TABLE "legacy" (
        id serial PRIMARY KEY, v varchar, j json, n numeric(8), t timestamp(3),
        d text DEFAULT 'a' || 'b', neg integer DEFAULT -5, ts timestamp DEFAULT CURRENT_TIMESTAMP, f double precision DEFAULT '2.5')`)
      const [table] = (await c.introspect()).tables
      assert.deepEqual(table?.columns, [
        { name: 'id', type: 'integer', autoincrement: true, sequence: 'legacy_id_seq' },
        // varchar without a length keeps its spelling: the model's string without length is text.
        { name: 'v', type: 'string', native: { postgres: 'character varying' }, nullable: true },
        { name: 'j', type: 'native', native: { postgres: 'json' }, nullable: true },
        { name: 'n', type: 'decimal', precision: 8, nullable: true },
        { name: 't', type: 'native', native: { postgres: 'timestamp(3) without time zone' }, nullable: true },
        { name: 'd', type: 'text', default: { sql: { postgres: "('a'::text || 'b'::text)" } }, nullable: true },
        { name: 'neg', type: 'integer', default: -5, nullable: true },
        { name: 'ts', type: 'timestamp', default: { expr: 'now' }, nullable: true },
        { name: 'f', type: 'double', default: 2.5, nullable: true },
      ])
      assert.deepEqual(table?.primaryKey, { name: 'legacy_pkey', columns: ['id'] })
    } finally {
      await c.close()
    }
  })

  it('introspects 1,000 tables in a few seconds', async function () {
    this.timeout(120000)
    const c = await freshSchema()
    try {
      const ddl = Array.from(
        { length: 1000 },
        (_, i) => `CREATE TABLE "t${i}" (id bigint PRIMARY KEY, name varchar(50) NOT NULL UNIQUE, ref bigint REFERENCES "t0" (id), note text CHECK (note <> ''));
                   CREATE INDEX "t${i}_name_idx" ON "t${i}" (lower(name));`,
      ).join('\n')
      await c.query(ddl)
      const started = Date.now()
      const schema = await c.introspect()
      const took = Date.now() - started
      assert.equal(schema.tables.length, 1000)
      assert.equal(schema.tables.reduce((sum, t) => sum + t.indexes.length + t.foreignKeys.length + t.checks.length + t.uniques.length, 0), 4000)
      assert.ok(took < 5000, `introspection took ${took} ms`)
      console.log(`      (introspected 1,000 tables in ${took} ms)`)
    } finally {
      await c.close()
    }
  })
})
