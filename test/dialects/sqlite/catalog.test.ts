/**
 * What the SQLite compiler creates, checked in SQLite's own catalog (PRAGMA
 * table_info / index_list / foreign_key_list, sqlite_master), not through
 * strata's introspector; and the inserts its constraints must reject.
 */
import assert from 'node:assert/strict'
import type { Connection } from '../../../src/dialects/dialect'
import { afterUp, rejects } from './helpers'

const one = async (c: Connection, sql: string, params: unknown[] = []) => (await c.query(sql, params))[0]!

describe('sqlite catalog after compile', () => {
  let connection: Connection
  afterEach(() => connection?.close())

  it('creates every portable type with the declared type, affinity and constraints', async () => {
    ;({ connection } = await afterUp('createTableAllTypes'))
    const info = await connection.query(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('everything')`)
    const byName = Object.fromEntries(info.map((r) => [r.name, r]))
    assert.deepEqual(byName.id, { name: 'id', type: 'INTEGER', notnull: 1, dflt_value: null, pk: 1 })
    assert.equal(byName.a_string.type, 'VARCHAR(20)')
    assert.equal(byName.a_string.dflt_value, "'it''s'")
    assert.equal(byName.a_text.dflt_value, "'back\\slash'")
    assert.equal(byName.a_boolean.dflt_value, '1')
    assert.equal(byName.a_decimal.type, 'DECIMAL(10,2)')
    assert.equal(byName.a_timestamptz.type, 'TEXT')
    assert.equal(byName.a_json.notnull, 0)
    assert.equal(byName.a_binary.type, 'BLOB')

    const indexes = await connection.query(`SELECT name, "unique", origin, partial FROM pragma_index_list('everything') ORDER BY name`)
    assert.deepEqual(indexes, [
      { name: 'everything_a_date_idx', unique: 0, origin: 'c', partial: 0 },
      { name: 'everything_lower_a_text_idx', unique: 1, origin: 'c', partial: 1 },
      { name: 'sqlite_autoindex_everything_1', unique: 1, origin: 'u', partial: 0 },
    ])
    const fks = await connection.query(`SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list('everything')`)
    assert.deepEqual(fks, [{ table: 'users', from: 'owner_id', to: 'id', on_update: 'CASCADE', on_delete: 'SET NULL' }])
    const { sql } = await one(connection, `SELECT sql FROM sqlite_master WHERE name = 'everything'`)
    assert.match(String(sql), /CONSTRAINT "everything_a_smallint_check" CHECK \(a_smallint < 100\)/)

    // Defaults, the rowid alias, and TEXT affinity for values that look like numbers.
    await connection.query(`INSERT INTO "everything" ("a_json", "a_time") VALUES (?, ?)`, ['123', '10:00'])
    const row = await one(
      connection,
      `SELECT id, rowid AS r, a_string, a_text, a_boolean, a_uuid, a_date, a_timestamptz, an_enum, typeof(a_json) AS json_type FROM "everything"`,
    )
    assert.equal(row.id, 1)
    assert.equal(row.r, 1)
    assert.equal(row.a_string, "it's")
    assert.equal(row.a_text, 'back\\slash')
    assert.equal(row.a_boolean, 1)
    assert.match(String(row.a_uuid), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    assert.match(String(row.a_date), /^\d{4}-\d{2}-\d{2}$/)
    assert.match(String(row.a_timestamptz), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    assert.equal(row.an_enum, 'editor')
    assert.equal(row.json_type, 'text')
  })

  it('rejects rows that break NOT NULL, UNIQUE, CHECK, enum CHECK and FOREIGN KEY', async () => {
    ;({ connection } = await afterUp('createTableAllTypes'))
    const insertUser = `INSERT INTO "users" ("email", "display_name", "role") VALUES (?, ?, ?)`
    await rejects(connection, `INSERT INTO "users" ("display_name") VALUES ('x')`, [], /NOT NULL constraint failed: users\.email/)
    await rejects(connection, insertUser, ['ann@example.com', 'x', 'admin'], /UNIQUE constraint failed: users\.email/)
    await rejects(connection, insertUser, ['no-at-sign', 'x', 'admin'], /CHECK constraint failed: users_email_has_at/)
    await rejects(connection, insertUser, ['z@example.com', 'x', 'superuser'], /CHECK constraint failed/)
    await rejects(connection, `INSERT INTO "everything" ("owner_id") VALUES (99)`, [], /FOREIGN KEY constraint failed/)
    await rejects(connection, `INSERT INTO "everything" ("a_smallint") VALUES (100)`, [], /CHECK constraint failed: everything_a_smallint_check/)
    await connection.query(insertUser, ['z@example.com', 'Zed', 'editor'])
    // ON DELETE SET NULL from the compiled foreign key.
    await connection.query(`INSERT INTO "everything" ("owner_id") VALUES (1)`)
    await connection.query(`DELETE FROM "users" WHERE "id" = 1`)
    assert.equal((await one(connection, `SELECT owner_id FROM "everything"`)).owner_id, null)
  })

  it('enforces constraints added by a rebuild', async () => {
    ;({ connection } = await afterUp('addCheck'))
    await rejects(connection, `UPDATE "users" SET "display_name" = '' WHERE "id" = 1`, [], /CHECK constraint failed: users_display_name_check/)
    await connection.close()
    ;({ connection } = await afterUp('addUnique'))
    await rejects(connection, `UPDATE "users" SET "display_name" = 'Ann' WHERE "id" = 2`, [], /UNIQUE constraint failed: users\.display_name/)
    await connection.close()
    ;({ connection } = await afterUp('alterColumnNotNull'))
    await rejects(connection, `UPDATE "users" SET "bio" = NULL WHERE "id" = 2`, [], /NOT NULL constraint failed: users\.bio/)
    await connection.close()
    ;({ connection } = await afterUp('addForeignKey'))
    await rejects(connection, `UPDATE "posts" SET "author_id" = 99`, [], /FOREIGN KEY constraint failed/)
    const fks = await connection.query(`SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('posts')`)
    assert.deepEqual(fks, [{ table: 'users', from: 'author_id', to: 'id', on_delete: 'CASCADE' }])
    await connection.close()
    ;({ connection } = await afterUp('alterPrimaryKey'))
    const pk = await connection.query(`SELECT name FROM pragma_table_info('memberships') WHERE pk > 0 ORDER BY pk`)
    assert.deepEqual(pk.map((r) => r.name), ['user_id', 'group_name'])
    await connection.query(`INSERT INTO "memberships" ("user_id", "group_name") VALUES (1, 'other')`)
    await rejects(connection, `INSERT INTO "memberships" ("user_id", "group_name") VALUES (1, 'staff')`, [], /UNIQUE constraint failed/)
  })

  it('changes the enum CHECK of every column of an altered enum', async () => {
    ;({ connection } = await afterUp('alterEnumAdd'))
    await connection.query(`UPDATE "users" SET "role" = 'guest' WHERE "id" = 2`)
    await connection.close()
    ;({ connection } = await afterUp('alterEnumRemove'))
    await rejects(connection, `UPDATE "users" SET "role" = 'editor' WHERE "id" = 2`, [], /CHECK constraint failed/)
  })

  it('keeps partial and expression indexes as written', async () => {
    ;({ connection } = await afterUp('addIndexExpression'))
    await rejects(connection, `UPDATE "users" SET "email" = 'ANN@example.com' WHERE "id" = 2`, [], /UNIQUE constraint failed/)
    const { sql } = await one(connection, `SELECT sql FROM sqlite_master WHERE name = 'users_email_lower_key'`)
    assert.equal(sql, 'CREATE UNIQUE INDEX "users_email_lower_key" ON "users" (lower(email))')
  })
})
