import assert from 'node:assert/strict'
import { applyOperation } from '../../../src/diff/apply'
import type { Operation } from '../../../src/diff/operations'
import { sqliteCompiler } from '../../../src/dialects/sqlite/sqlite-compiler'
import { MigrationFileError } from '../../../src/errors'
import type { Schema } from '../../../src/schema/model'
import { CASES, type CaseName } from '../cases'
import { SQLITE_SQL } from './expected-sql'

const compileAll = (before: Schema, ops: readonly Operation[]) => {
  let schema = before
  const out = []
  for (const op of ops) {
    out.push(...sqliteCompiler.compile(op, schema))
    schema = applyOperation(schema, op)
  }
  return out
}

describe('sqlite compiler', () => {
  describe('expected SQL of the shared cases', () => {
    for (const name of Object.keys(CASES) as CaseName[]) {
      it(name, () => {
        const c = CASES[name]
        const expected = SQLITE_SQL[name]
        if ('refused' in expected) {
          assert.throws(() => sqliteCompiler.compile(c.up, c.before), expected.refused)
          return
        }
        assert.deepEqual(
          sqliteCompiler.compile(c.up, c.before).map((s) => s.sql),
          expected.up,
          'up',
        )
        assert.deepEqual(compileAll(applyOperation(c.before, c.up), c.down).map((s) => s.sql), expected.down, 'down')
      })
    }
  })

  it('binds data values as parameters, booleans as 0/1', () => {
    const before = CASES.delete.before
    assert.deepEqual(sqliteCompiler.compile(CASES.delete.up, before), [
      { sql: 'DELETE FROM "posts" WHERE "published" = ?', params: [0] },
    ])
    assert.deepEqual(sqliteCompiler.compile(CASES.update.up, CASES.update.before), [
      {
        sql: 'UPDATE "users" SET "display_name" = ?, "bio" = ? WHERE "id" = ? AND "bio" IS NULL',
        params: ['Ann B', 'new', 1],
      },
    ])
    const [insert] = sqliteCompiler.compile(CASES.insert.up, CASES.insert.before)
    assert.deepEqual(insert?.params, [3, 'cy@example.com', 'Cy \\ "the" \'one\'', null, 'editor'])
  })

  it('quotes identifiers, doubling inner double quotes', () => {
    assert.equal(sqliteCompiler.quoteIdentifier('a"b'), '"a""b"')
    assert.equal(sqliteCompiler.quoteIdentifier('select'), '"select"')
    assert.equal(sqliteCompiler.quoteIdentifier('Straße 1'), '"Straße 1"')
  })

  it('splits a raw SQL script into statements, keeping trigger bodies whole', () => {
    const script = `CREATE TABLE "a" (x TEXT DEFAULT ';'); -- a comment; with a semicolon
      CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = CASE WHEN x = ';' THEN 'y' END; DELETE FROM a WHERE 0; END;
      INSERT INTO a VALUES ('z')`
    const statements = sqliteCompiler.compile({ op: 'sql', up: { sqlite: script, postgres: 'SELECT 1' } }, { tables: [], enums: [] })
    assert.deepEqual(
      statements.map((s) => s.sql),
      [
        `CREATE TABLE "a" (x TEXT DEFAULT ';')`,
        `-- a comment; with a semicolon
      CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = CASE WHEN x = ';' THEN 'y' END; DELETE FROM a WHERE 0; END`,
        `INSERT INTO a VALUES ('z')`,
      ],
    )
  })

  it('refuses SQL that gives nothing for SQLite', () => {
    const empty: Schema = { tables: [], enums: [] }
    assert.throws(() => sqliteCompiler.compile({ op: 'sql', up: { postgres: 'SELECT 1' } }, empty), MigrationFileError)
    const native: Operation = {
      op: 'createTable',
      table: {
        name: 't',
        columns: [{ name: 'v', type: 'native', native: { postgres: 'tsvector' } }],
        uniques: [],
        indexes: [],
        foreignKeys: [],
        checks: [],
      },
    }
    assert.throws(() => sqliteCompiler.compile(native, empty), /native\.sqlite/)
  })

  it('adds a column in place only when ALTER TABLE ADD COLUMN allows it', () => {
    const before = CASES.addColumn.before
    const add = (column: object, fill?: string): string[] =>
      sqliteCompiler
        .compile({ op: 'addColumn', table: 'users', column: { name: 'c', type: 'text', ...column }, ...(fill && { fill }) }, before)
        .map((s) => s.sql)
    assert.deepEqual(add({ default: 'x' }), [`ALTER TABLE "users" ADD COLUMN "c" TEXT NOT NULL DEFAULT 'x'`])
    // NOT NULL without default, an expression default, or a fill: rebuild.
    assert.match(add({})[0]!, /^CREATE TABLE "_strata_new_users"/)
    assert.match(add({ default: { expr: 'now' } })[0]!, /^CREATE TABLE "_strata_new_users"/)
    assert.match(add({}, 'f')[1]!, /SELECT .*'f' FROM "users"$/)
  })

  it('drops a column through a rebuild when a CHECK or another table uses it', () => {
    const users = CASES.addColumn.before.tables[0]!
    const withoutUnique: Schema = { ...CASES.addColumn.before, tables: [{ ...users, uniques: [] }] }
    // users.email is used by the CHECK users_email_has_at.
    assert.match(sqliteCompiler.compile({ op: 'dropColumn', table: 'users', column: 'email' }, withoutUnique)[0]!.sql, /^CREATE TABLE/)
    // users.display_name is used by nothing once its index is gone.
    const noIndex: Schema = { ...withoutUnique, tables: [{ ...users, indexes: [] }] }
    assert.equal(
      sqliteCompiler.compile({ op: 'dropColumn', table: 'users', column: 'display_name' }, noIndex)[0]!.sql,
      'ALTER TABLE "users" DROP COLUMN "display_name"',
    )
    // ... unless a foreign key of another table references it.
    const referenced: Schema = {
      ...noIndex,
      tables: [
        ...noIndex.tables,
        {
          name: 'notes',
          columns: [{ name: 'author', type: 'string' }],
          uniques: [],
          indexes: [],
          checks: [],
          foreignKeys: [{ name: 'notes_author_fkey', columns: ['author'], references: { table: 'users', columns: ['display_name'] } }],
        },
      ],
    }
    assert.match(sqliteCompiler.compile({ op: 'dropColumn', table: 'users', column: 'display_name' }, referenced)[0]!.sql, /^CREATE TABLE/)
  })

  it('maps renamed enum values while copying', () => {
    const statements = sqliteCompiler.compile(
      { op: 'alterEnum', name: 'users_role', from: ['admin', 'editor', 'reader'], to: ['admin', 'writer', 'reader'], renamed: { editor: 'writer' } },
      CASES.alterEnumAdd.before,
    )
    assert.match(statements[1]!.sql, /CASE "role" WHEN 'editor' THEN 'writer' ELSE "role" END/)
  })
})
