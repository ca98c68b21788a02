/**
 * The table rebuild keeps rows and indexes, and the foreign keys of OTHER
 * tables keep pointing at the rebuilt table (SQLite 3.26+ would rewrite them
 * to a renamed copy; strata drops the old table instead).
 */
import assert from 'node:assert/strict'
import type { Connection } from '../../../src/dialects/dialect'
import type { Schema, Table } from '../../../src/schema/model'
import { CASES } from '../cases'
import { runOperations, schemaJson, setUpCase } from '../harness'
import { openFresh, rejects } from './helpers'

describe('sqlite table rebuild', () => {
  let connection: Connection
  afterEach(() => connection?.close())

  it('rebuilding a referenced table keeps the referencing rows, their foreign key and its cascade', async () => {
    connection = await openFresh()
    const c = CASES.renameColumnReferenced // users + posts(author_id -> users.id ON DELETE CASCADE)
    await setUpCase(connection, c)
    // Two rebuilds of users: a new CHECK, then a type change.
    const after = await runOperations(connection, c.before, [
      { op: 'addCheck', table: 'users', check: { name: 'users_name_check', expression: "display_name <> ''" } },
      { op: 'alterColumn', table: 'users', column: 'display_name', from: { type: 'string' }, to: { type: 'text' } },
    ])
    const fks = await connection.query(`SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('posts')`)
    assert.deepEqual(fks, [{ table: 'users', from: 'author_id', to: 'id', on_delete: 'CASCADE' }])
    const [posts] = await connection.query(`SELECT sql FROM sqlite_master WHERE name = 'posts'`)
    assert.match(String(posts?.sql), /REFERENCES "users" \("id"\)/)
    const leftovers = await connection.query(`SELECT name FROM sqlite_master WHERE name LIKE '%strata_new%'`)
    assert.deepEqual(leftovers, [])
    // Rows and indexes of the rebuilt table.
    assert.deepEqual(await connection.query(`SELECT id, display_name FROM "users" ORDER BY id`), [
      { id: 1, display_name: 'Ann' },
      { id: 2, display_name: "Bob O'Brien" },
    ])
    const indexes = await connection.query(`SELECT name FROM pragma_index_list('users') WHERE origin = 'c'`)
    assert.deepEqual(indexes, [{ name: 'users_display_name_idx' }])
    assert.deepEqual(schemaJson(await connection.introspect()), schemaJson(after))
    // The foreign key still works: a child without parent is rejected, a delete cascades.
    await rejects(
      connection,
      `INSERT INTO "posts" ("id", "author_id", "title", "body") VALUES ('x', 99, 't', 'b')`,
      [],
      /FOREIGN KEY constraint failed/,
    )
    await connection.query(`DELETE FROM "users" WHERE "id" = 1`)
    assert.deepEqual(await connection.query(`SELECT author_id FROM "posts"`), [{ author_id: 2 }])
  })

  it('rebuilds a self-referencing table with its foreign key intact', async () => {
    connection = await openFresh()
    const employees: Table = {
      name: 'employees',
      columns: [
        { name: 'id', type: 'bigint', autoincrement: true },
        { name: 'manager_id', type: 'bigint', nullable: true },
        { name: 'name', type: 'string', length: 20 },
      ],
      primaryKey: { name: 'employees_pkey', columns: ['id'] },
      uniques: [],
      indexes: [{ name: 'employees_manager_id_idx', columns: ['manager_id'] }],
      foreignKeys: [
        { name: 'employees_manager_id_fkey', columns: ['manager_id'], references: { table: 'employees', columns: ['id'] }, onDelete: 'cascade' },
      ],
      checks: [],
    }
    const before: Schema = { tables: [employees], enums: [] }
    await runOperations(connection, { tables: [], enums: [] }, [{ op: 'createTable', table: employees }])
    await runOperations(connection, before, [
      { op: 'insert', table: 'employees', rows: [{ id: 1, manager_id: null, name: 'Boss' }, { id: 2, manager_id: 1, name: 'Worker' }] },
    ])
    const after = await runOperations(connection, before, [
      { op: 'alterColumn', table: 'employees', column: 'name', from: { type: 'string', length: 20 }, to: { type: 'string', length: 100 } },
    ])
    assert.deepEqual(schemaJson(await connection.introspect()), schemaJson(after))
    await rejects(connection, `INSERT INTO "employees" ("manager_id", "name") VALUES (42, 'x')`, [], /FOREIGN KEY constraint failed/)
    await connection.query(`DELETE FROM "employees" WHERE "id" = 1`)
    assert.deepEqual(await connection.query(`SELECT count(*) AS n FROM "employees"`), [{ n: 0 }])
  })

  it('a NOT NULL change without fill on a table holding NULLs fails and leaves the table whole', async () => {
    connection = await openFresh()
    const c = CASES.alterColumnNotNull
    await setUpCase(connection, c)
    await assert.rejects(
      runOperations(connection, c.before, [{ ...c.up, fill: undefined }]),
      /NOT NULL constraint failed: _strata_new_users\.bio/,
    )
    assert.deepEqual(schemaJson(await connection.introspect()), schemaJson(c.before))
    assert.deepEqual(await connection.query(`SELECT id, bio FROM "users" ORDER BY id`), [
      { id: 1, bio: null },
      { id: 2, bio: 'likes \\ and "quotes"' },
    ])
  })
})
