/**
 * What the compiled DDL leaves in PostgreSQL's catalog, read through
 * information_schema and pg_catalog directly (not strata's introspector),
 * and the inserts its constraints must reject.
 */
import assert from 'node:assert/strict'
import type { Connection } from '../../../src/dialects/dialect'
import { postgresDialect } from '../../../src/dialects/postgres/postgres-dialect'
import type { Operation } from '../../../src/diff/operations'
import { describePostgres, freshPostgresDatabase } from '../../helpers/postgres'
import { CASES } from '../cases'
import { runOperations, setUpCase } from '../harness'

describePostgres('postgres: catalog after compiled DDL', function () {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>
  let connection: Connection
  before(async () => {
    db = await freshPostgresDatabase()
    connection = await postgresDialect.connect(db.url)
    // users (enum, check, unique, index) and everything (every type and default).
    await setUpCase(connection, CASES.createTableAllTypes)
    await runOperations(connection, CASES.createTableAllTypes.before, [CASES.createTableAllTypes.up])
  })
  after(async () => {
    await connection?.close()
    await db?.drop()
  })

  const columns = async (table: string) =>
    Object.fromEntries(
      (
        await connection.query(
          `SELECT column_name, data_type, udt_name, character_maximum_length AS len, numeric_precision AS p, numeric_scale AS s,
                  is_nullable, column_default, is_identity, identity_generation
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
          [table],
        )
      ).map((r) => [r.column_name as string, r]),
    )

  it('gives every portable type its PostgreSQL type', async () => {
    const cols = await columns('everything')
    const types = Object.fromEntries(Object.entries(cols).map(([name, r]) => [name, r.data_type === 'USER-DEFINED' ? r.udt_name : r.data_type]))
    assert.deepEqual(types, {
      id: 'integer',
      a_string: 'character varying',
      a_string_nolength: 'text',
      a_text: 'text',
      a_smallint: 'smallint',
      an_integer: 'integer',
      a_bigint: 'bigint',
      a_boolean: 'boolean',
      a_float: 'real',
      a_double: 'double precision',
      a_decimal: 'numeric',
      a_date: 'date',
      a_time: 'time without time zone',
      a_timestamp: 'timestamp without time zone',
      a_timestamptz: 'timestamp with time zone',
      a_uuid: 'uuid',
      a_json: 'jsonb',
      a_binary: 'bytea',
      an_enum: 'users_role',
      a_native: 'tsvector',
      owner_id: 'bigint',
    })
    assert.equal(cols.a_string?.len, 20)
    assert.deepEqual([cols.a_decimal?.p, cols.a_decimal?.s], [10, 2])
    assert.deepEqual([cols.id?.is_identity, cols.id?.identity_generation], ['YES', 'BY DEFAULT'])
  })

  it('sets nullability and defaults as written', async () => {
    const cols = await columns('everything')
    const nullable = Object.entries(cols).filter(([, r]) => r.is_nullable === 'YES').map(([n]) => n).sort()
    assert.deepEqual(nullable, ['a_binary', 'a_double', 'a_json', 'a_native', 'a_string_nolength', 'a_time', 'a_timestamp', 'an_integer', 'owner_id'])
    const defaults = Object.fromEntries(Object.entries(cols).filter(([, r]) => r.column_default !== null).map(([n, r]) => [n, r.column_default]))
    assert.deepEqual(defaults, {
      a_string: "'it''s'::character varying",
      a_text: "'back\\slash'::text",
      a_smallint: "'-3'::integer",
      a_bigint: "'9007199254740991'::bigint",
      a_boolean: 'true',
      a_float: '1.5',
      a_decimal: '12.5',
      a_date: 'CURRENT_DATE',
      a_timestamptz: 'now()',
      a_uuid: 'gen_random_uuid()',
      an_enum: "'editor'::users_role",
    })
  })

  it('creates named constraints and indexes', async () => {
    const constraints = await connection.query(
      `SELECT conname, contype, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid = 'public.everything'::regclass ORDER BY conname`,
    )
    assert.deepEqual(
      constraints.map((r) => [r.conname, r.contype, r.def]),
      [
        ['everything_a_smallint_check', 'c', 'CHECK ((a_smallint < 100))'],
        ['everything_a_string_a_smallint_key', 'u', 'UNIQUE (a_string, a_smallint)'],
        ['everything_owner_id_fkey', 'f', 'FOREIGN KEY (owner_id) REFERENCES users(id) ON UPDATE CASCADE ON DELETE SET NULL'],
        ['everything_pkey', 'p', 'PRIMARY KEY (id)'],
      ],
    )
    const indexes = await connection.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'everything' ORDER BY indexname`,
    )
    assert.deepEqual(
      indexes.map((r) => [r.indexname, r.indexdef]),
      [
        ['everything_a_date_idx', 'CREATE INDEX everything_a_date_idx ON public.everything USING btree (a_date, a_time)'],
        ['everything_a_string_a_smallint_key', 'CREATE UNIQUE INDEX everything_a_string_a_smallint_key ON public.everything USING btree (a_string, a_smallint)'],
        ['everything_lower_a_text_idx', 'CREATE UNIQUE INDEX everything_lower_a_text_idx ON public.everything USING btree (lower(a_text)) WHERE a_boolean'],
        ['everything_pkey', 'CREATE UNIQUE INDEX everything_pkey ON public.everything USING btree (id)'],
      ],
    )
    const enumValues = await connection.query(
      `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'users_role' ORDER BY e.enumsortorder`,
    )
    assert.deepEqual(enumValues.map((r) => r.enumlabel), ['admin', 'editor', 'reader'])
  })

  it('rejects rows that break NOT NULL, CHECK, UNIQUE, FOREIGN KEY and enum constraints', async () => {
    const insert = (values: string) => connection.query(`INSERT INTO "everything" (a_string, a_smallint, owner_id, a_boolean, an_enum) VALUES ${values}`)
    await insert(`('one', 1, 1, true, 'admin')`)
    await assert.rejects(insert(`('two', 200, NULL, true, 'admin')`), /everything_a_smallint_check/)
    await assert.rejects(insert(`('one', 1, NULL, false, 'admin')`), /everything_a_string_a_smallint_key/)
    await assert.rejects(insert(`('three', 3, 999, false, 'admin')`), /everything_owner_id_fkey/)
    await assert.rejects(insert(`('four', 4, NULL, false, 'nobody')`), /invalid input value for enum users_role/)
    await assert.rejects(connection.query(`INSERT INTO "everything" (a_string, a_smallint, a_text) VALUES ('five', 5, NULL)`), /null value in column "a_text"/)
    // The partial unique expression index: lower(a_text) is unique among rows WHERE a_boolean.
    await assert.rejects(insert(`('six', 6, NULL, true, 'admin')`), /everything_lower_a_text_idx/)
    await insert(`('seven', 7, NULL, false, 'admin')`)
    await assert.rejects(connection.query(`INSERT INTO "users" (email, display_name) VALUES ('no-at-sign', 'x')`), /users_email_has_at/)
    // ON DELETE SET NULL
    await connection.query(`DELETE FROM "users" WHERE id = 1`)
    const [row] = await connection.query(`SELECT owner_id FROM "everything" WHERE a_string = 'one'`)
    assert.equal(row?.owner_id, null)
  })

  it('sets and clears comments', async () => {
    const ops: Operation[] = [
      { op: 'setComment', table: 'users', from: null, to: `it's "here"` },
      { op: 'setComment', table: 'users', column: 'bio', from: null, to: 'a\\b' },
    ]
    await runOperations(connection, CASES.createTableAllTypes.before, ops)
    const [r] = await connection.query(
      `SELECT obj_description('public.users'::regclass, 'pg_class') AS t, col_description('public.users'::regclass, 4) AS c`,
    )
    assert.deepEqual(r, { t: `it's "here"`, c: 'a\\b' })
    await connection.query(`COMMENT ON TABLE "users" IS NULL`)
  })
  it('keeps every one of several index constraints alike that CREATE TABLE alone would merge', async () => {
    // CREATE TABLE keeps one of several uniques / EXCLUDE constraints over the same index (the
    // primary key first): the compiler adds the others after it (found by the random round trip, seed 42).
    const table = {
      name: 'alike',
      columns: [{ name: 'id', type: 'bigint' as const }, { name: 'code', type: 'integer' as const }],
      primaryKey: { name: 'alike_pkey', columns: ['id'] },
      uniques: [{ name: 'alike_id_key', columns: ['id'] }, { name: 'alike_code_key', columns: ['code'] }, { name: 'alike_code_key2', columns: ['code'] }],
      indexes: [],
      foreignKeys: [],
      checks: [],
      exclusions: [
        { name: 'alike_x1', method: 'btree', elements: [{ column: 'id', operator: '=' }] },
        { name: 'alike_x2', method: 'btree', elements: [{ column: 'id', operator: '=' }], comment: 'the second' },
        { name: 'alike_x3', method: 'hash', elements: [{ column: 'id', operator: '=' }] },
      ],
    }
    await runOperations(connection, { tables: [], enums: [] }, [{ op: 'createTable', table }])
    const rows = await connection.query(
      `SELECT conname, contype, obj_description(oid, 'pg_constraint') AS comment FROM pg_constraint WHERE conrelid = 'public.alike'::regclass ORDER BY conname`,
    )
    assert.deepEqual(
      rows.map((r) => [r.conname, r.contype, r.comment]),
      [
        ['alike_code_key', 'u', null],
        ['alike_code_key2', 'u', null],
        ['alike_id_key', 'u', null],
        ['alike_pkey', 'p', null],
        ['alike_x1', 'x', null],
        ['alike_x2', 'x', 'the second'],
        ['alike_x3', 'x', null],
      ],
    )
  })
  it('changes the type of a column a generated column is computed from: the generated one is dropped and added again', async () => {
    // PostgreSQL refuses ALTER TYPE of a column a generated one uses (found by the random round trip, seed 31).
    const table = {
      name: 'sources',
      columns: [
        { name: 'id', type: 'bigint' as const, autoincrement: true },
        { name: 'qty', type: 'integer' as const },
        { name: 'twice', type: 'bigint' as const, nullable: true, generated: { expression: '"qty" * 2', stored: true } },
      ],
      primaryKey: { name: 'sources_pkey', columns: ['id'] },
      uniques: [],
      indexes: [{ name: 'sources_twice_idx', columns: ['twice'] }],
      foreignKeys: [],
      checks: [],
    }
    const s = await runOperations(connection, { tables: [], enums: [] }, [{ op: 'createTable', table }])
    await connection.query(`INSERT INTO "sources" ("qty") VALUES (21)`)
    await runOperations(connection, s, [{ op: 'alterColumn', table: 'sources', column: 'qty', from: { type: 'integer' }, to: { type: 'bigint' } }])
    const columns = await connection.query(
      `SELECT attname, format_type(atttypid, atttypmod) AS type, attgenerated FROM pg_attribute
       WHERE attrelid = 'public.sources'::regclass AND attnum > 0 AND NOT attisdropped AND attname IN ('qty', 'twice') ORDER BY attname`,
    )
    assert.deepEqual(columns.map((r) => [r.attname, r.type, r.attgenerated]), [['qty', 'bigint', ''], ['twice', 'bigint', 's']])
    assert.deepEqual(await connection.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'sources' AND indexname = 'sources_twice_idx'`), [{ indexname: 'sources_twice_idx' }])
    const [row] = await connection.query(`SELECT "twice" FROM "sources"`)
    assert.equal(Number(row?.twice), 42)
  })
})
