/**
 * The PostgreSQL compiler, offline: the statements of every shared case
 * (expected-sql.ts), bound parameters of data operations, statements that
 * must run outside a transaction, and quoting.
 */
import assert from 'node:assert/strict'
import { applyOperation } from '../../../src/diff/apply'
import type { Operation } from '../../../src/diff/operations'
import { postgresCompiler } from '../../../src/dialects/postgres/postgres-compiler'
import { postgresDialect } from '../../../src/dialects/postgres/postgres-dialect'
import { parsePostgresUrl } from '../../../src/dialects/postgres/postgres-url'
import type { Schema, Table } from '../../../src/schema/model'
import { CASES, type CaseName } from '../cases'
import { POSTGRES_SQL } from './expected-sql'

const compile = (op: Operation, before: Schema) => postgresCompiler.compile(op, before)
const sqlOf = (op: Operation, before: Schema) => compile(op, before).map((s) => s.sql)

const t: Table = {
  name: 'T',
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'status', type: 'enum', enum: 'st', default: 'a' },
  ],
  primaryKey: { name: 'T_pkey', columns: ['id'] },
  uniques: [],
  indexes: [{ name: 'T_c_idx', columns: ['id'], concurrently: true }],
  foreignKeys: [],
  checks: [],
}
const schema: Schema = { tables: [t], enums: [{ name: 'st', values: ['a', 'b'] }] }

describe('postgres compiler', () => {
  describe('expected SQL of the shared cases', () => {
    for (const name of Object.keys(CASES) as CaseName[]) {
      it(name, () => {
        const c = CASES[name]
        assert.deepEqual(sqlOf(c.up, c.before), POSTGRES_SQL[name].up, 'up')
        let s = applyOperation(c.before, c.up)
        const down: string[] = []
        for (const op of c.down) {
          down.push(...sqlOf(op, s))
          s = applyOperation(s, op)
        }
        assert.deepEqual(down, POSTGRES_SQL[name].down, 'down')
      })
    }
  })

  it('binds the values of data operations as $n parameters', () => {
    const { insert, update, delete: del } = CASES
    assert.deepEqual(compile(insert.up, insert.before)[0]?.params, [3, 'cy@example.com', 'Cy \\ "the" \'one\'', null, 'editor'])
    assert.deepEqual(compile(update.up, update.before)[0]?.params, ['Ann B', 'new', 1])
    assert.deepEqual(compile(del.up, del.before)[0]?.params, [false])
    assert.deepEqual(compile({ op: 'delete', table: 'users', where: {} }, del.before), [{ sql: 'DELETE FROM "users"' }])
  })

  it('marks CONCURRENTLY statements and non-transactional raw SQL as transactional: false', () => {
    const index = { name: 'T_x_idx', columns: ['status'], concurrently: true }
    assert.deepEqual(compile({ op: 'addIndex', table: 'T', index }, schema), [
      { sql: 'CREATE INDEX CONCURRENTLY "T_x_idx" ON "T" ("status")', transactional: false },
    ])
    assert.deepEqual(compile({ op: 'dropIndex', table: 'T', name: 'T_c_idx' }, schema), [
      { sql: 'DROP INDEX CONCURRENTLY "T_c_idx"', transactional: false },
    ])
    assert.deepEqual(compile({ op: 'sql', up: { postgres: 'VACUUM', sqlite: 'VACUUM' }, transactional: false }, schema), [
      { sql: 'VACUUM', transactional: false },
    ])
    // A new table is empty: its indexes are built plainly, inside the transaction.
    const created = compile({ op: 'createTable', table: t }, { tables: [], enums: schema.enums })
    assert.equal(created[1]?.sql, 'CREATE INDEX "T_c_idx" ON "T" ("id")')
    assert.ok(created.every((s) => s.transactional === undefined))
  })

  it('runs raw SQL written for PostgreSQL only, and nothing for SQL written for other dialects', () => {
    assert.deepEqual(sqlOf({ op: 'sql', up: { postgres: 'SELECT 1', sqlite: 'SELECT 2' } }, schema), ['SELECT 1'])
    assert.deepEqual(sqlOf({ op: 'sql', up: { sqlite: 'SELECT 2' } }, schema), [])
  })

  it('places added enum values with BEFORE / AFTER, and appends at the end without', () => {
    const op = (to: string[]): Operation => ({ op: 'alterEnum', name: 'st', from: ['a', 'b'], to })
    assert.deepEqual(sqlOf(op(['z', 'a', 'm', 'b', 'y', 'x']), schema), [
      `ALTER TYPE "st" ADD VALUE 'z' BEFORE 'a'`,
      `ALTER TYPE "st" ADD VALUE 'm' AFTER 'a'`,
      `ALTER TYPE "st" ADD VALUE 'y'`,
      `ALTER TYPE "st" ADD VALUE 'x'`,
    ])
    assert.deepEqual(
      sqlOf({ op: 'alterEnum', name: 'st', from: ['a', 'b'], to: ['a', 'c'], renamed: { b: 'c' } }, schema),
      [`ALTER TYPE "st" RENAME VALUE 'b' TO 'c'`],
    )
  })

  it('converts columns through text when an enum loses a value, restoring defaults', () => {
    const sql = sqlOf({ op: 'alterEnum', name: 'st', from: ['a', 'b'], to: ['b', 'a'] }, schema)
    assert.match(sql[0]!, /^DO \$strata\$/)
    assert.deepEqual(sql.slice(1), [
      `CREATE TYPE "st__strata_new" AS ENUM ('b', 'a')`,
      'ALTER TABLE "T" ALTER COLUMN "status" DROP DEFAULT',
      'ALTER TABLE "T" ALTER COLUMN "status" TYPE "st__strata_new" USING "status"::text::"st__strata_new"',
      'DROP TYPE "st"',
      'ALTER TYPE "st__strata_new" RENAME TO "st"',
      `ALTER TABLE "T" ALTER COLUMN "status" SET DEFAULT 'a'`,
    ])
  })

  it('keeps the comment of a constraint that alterConstraint drops and adds (a check made NOT VALID again)', () => {
    const commented: Schema = { ...schema, tables: [{ ...t, checks: [{ name: 'T_id_check', expression: 'id >= 0', comment: "it's kept" }] }] }
    assert.deepEqual(sqlOf({ op: 'alterConstraint', table: 'T', name: 'T_id_check', from: {}, to: { notValid: true } }, commented), [
      'ALTER TABLE "T" DROP CONSTRAINT "T_id_check"',
      'ALTER TABLE "T" ADD CONSTRAINT "T_id_check" CHECK (id >= 0) NOT VALID',
      `COMMENT ON CONSTRAINT "T_id_check" ON "T" IS 'it''s kept'`,
    ])
  })

  it('adds and drops identity, moving the sequence past existing ids', () => {
    assert.deepEqual(
      sqlOf({ op: 'alterColumn', table: 'T', column: 'id', from: { type: 'integer' }, to: { type: 'bigint', autoincrement: true } }, schema),
      [
        'ALTER TABLE "T" ALTER COLUMN "id" TYPE bigint',
        'ALTER TABLE "T" ALTER COLUMN "id" ADD GENERATED BY DEFAULT AS IDENTITY',
        `SELECT setval(pg_get_serial_sequence('"T"', 'id'), coalesce(max("id"), 0) + 1, false) FROM "T"`,
      ],
    )
    const auto: Schema = { ...schema, tables: [{ ...t, columns: [{ name: 'id', type: 'integer', autoincrement: true }] }] }
    assert.deepEqual(
      sqlOf({ op: 'alterColumn', table: 'T', column: 'id', from: { type: 'integer', autoincrement: true }, to: { type: 'integer' } }, auto),
      ['ALTER TABLE "T" ALTER COLUMN "id" DROP IDENTITY IF EXISTS'],
    )
  })

  it('uses USING casts across type families and drops a default that may not cast', () => {
    assert.deepEqual(
      sqlOf({ op: 'alterColumn', table: 'T', column: 'status', from: { type: 'enum', enum: 'st' }, to: { type: 'text' } }, schema),
      [
        'ALTER TABLE "T" ALTER COLUMN "status" DROP DEFAULT',
        'ALTER TABLE "T" ALTER COLUMN "status" TYPE text USING "status"::text::text',
        `ALTER TABLE "T" ALTER COLUMN "status" SET DEFAULT 'a'`,
      ],
    )
    assert.deepEqual(
      sqlOf({ op: 'alterColumn', table: 'T', column: 'id', from: { type: 'integer' }, to: { type: 'boolean' } }, schema),
      ['ALTER TABLE "T" ALTER COLUMN "id" TYPE boolean USING "id"::boolean'],
    )
  })

  it('quotes every identifier and escapes every literal', () => {
    assert.equal(postgresCompiler.quoteIdentifier('a "b" c'), '"a ""b"" c"')
    assert.throws(() => postgresCompiler.quoteIdentifier('nul\0'))
    const weird: Table = {
      name: 'we"ird täble',
      columns: [{ name: 'select', type: 'string', length: 10, default: `it's \\ "x"`, comment: `o'k` }],
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
      comment: `it's`,
    }
    assert.deepEqual(sqlOf({ op: 'createTable', table: weird }, { tables: [], enums: [] }), [
      `CREATE TABLE "we""ird täble" (\n  "select" varchar(10) NOT NULL DEFAULT 'it''s \\ "x"'\n)`,
      `COMMENT ON TABLE "we""ird täble" IS 'it''s'`,
      `COMMENT ON COLUMN "we""ird täble"."select" IS 'o''k'`,
    ])
  })

  it('declares its capabilities', () => {
    // The reserved names (`names`) are tested with validate's refusals (test/schema/reserved-names).
    const { names: _names, ...flags } = postgresDialect.capabilities
    assert.deepEqual(flags, {
      transactionalDdl: true,
      nativeEnums: true,
      comments: true,
      sqliteOptions: false,
      virtualGeneratedColumns: false,
      functions: true,
      triggerFunctions: true,
      triggerNamesPerTable: true,
      rowLevelSecurity: true,
      grants: true,
      sequences: true,
      extensions: true,
      domains: true,
      customTypes: true,
      unloggedTables: true,
      tablesWithoutColumns: true,
      schemas: true,
      partitions: true,
      arrays: true,
    })
    assert.equal(postgresDialect.name, 'postgres')
  })
})

describe('postgres URL', () => {
  it('takes ?schema= out and passes every libpq parameter through untouched', () => {
    assert.deepEqual(parsePostgresUrl('postgres://u:p%40ss@h:5433/db?sslmode=require&schema=My%20App&application_name=x'), {
      connectionString: 'postgres://u:p%40ss@h:5433/db?sslmode=require&application_name=x',
      schema: 'My App',
    })
    assert.deepEqual(parsePostgresUrl('postgresql://h/db?schema=s'), { connectionString: 'postgresql://h/db', schema: 's' })
    assert.deepEqual(parsePostgresUrl('postgres://h/db'), { connectionString: 'postgres://h/db' })
    assert.throws(() => parsePostgresUrl('postgres://h/db?schema='), /needs a schema name/)
    assert.throws(() => parsePostgresUrl('mysql://h/db'), /not a PostgreSQL URL/)
  })
})
