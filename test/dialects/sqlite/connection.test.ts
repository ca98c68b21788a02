import assert from 'node:assert/strict'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Connection } from '../../../src/dialects/dialect'
import { sqlitePath } from '../../../src/dialects/sqlite/sqlite-connection'
import { sqliteDialect } from '../../../src/dialects/sqlite/sqlite-dialect'
import { DatabaseError, StrataError } from '../../../src/errors'
import { CASES } from '../cases'
import { schemaJson, setUpCase } from '../harness'
import { freshPath, openFresh } from './helpers'

describe('sqlite connection', () => {
  const open: Connection[] = []
  const track = (c: Connection) => (open.push(c), c)
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close()
  })

  it('reads sqlite: URLs relative to the working directory, absolute, and in memory', () => {
    assert.equal(sqlitePath('sqlite::memory:'), ':memory:')
    assert.equal(sqlitePath('sqlite:/abs/db.sqlite3'), '/abs/db.sqlite3')
    assert.equal(sqlitePath('sqlite:///abs/db.sqlite3'), '/abs/db.sqlite3')
    assert.equal(sqlitePath('sqlite:./db.sqlite3'), join(process.cwd(), 'db.sqlite3'))
    assert.equal(sqlitePath('sqlite:data/db.sqlite3'), join(process.cwd(), 'data', 'db.sqlite3'))
  })

  it('refuses a database whose folder does not exist (exit 3, E_CONNECT)', async () => {
    const url = `sqlite:${join(freshPath(), 'missing', 'db.sqlite3')}`
    await assert.rejects(sqliteDialect.connect(url), (error: unknown) => {
      assert.ok(error instanceof DatabaseError)
      assert.equal(error.code, 'E_CONNECT')
      assert.equal(error.exitCode, 3)
      assert.match(error.message, /does not exist/)
      return true
    })
  })

  it('mustExist: a missing file is E_NO_DATABASE and is not created; a missing folder is still E_CONNECT', async () => {
    const dir = freshPath()
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'db.sqlite3')
    await assert.rejects(sqliteDialect.connect(`sqlite:${file}`, { mustExist: true }), (error: unknown) => {
      assert.ok(error instanceof DatabaseError)
      assert.equal(error.code, 'E_NO_DATABASE')
      assert.equal(error.message, `SQLite database ${file} does not exist`)
      return true
    })
    assert.equal(existsSync(file), false)
    await assert.rejects(sqliteDialect.connect(`sqlite:${join(dir, 'missing', 'db.sqlite3')}`, { mustExist: true }), (error: unknown) => {
      assert.ok(error instanceof DatabaseError)
      assert.equal(error.code, 'E_CONNECT')
      return true
    })
    await assert.rejects(sqliteDialect.connect('sqlite::memory:', { mustExist: true }), (error: unknown) => error instanceof DatabaseError && error.code === 'E_NO_DATABASE')
    writeFileSync(file, '')
    await (await sqliteDialect.connect(`sqlite:${file}`, { mustExist: true })).close()
  })

  it('opens an in-memory database, with foreign keys on outside migrations', async () => {
    const c = track(await sqliteDialect.connect('sqlite::memory:'))
    assert.deepEqual(await c.query('PRAGMA foreign_keys'), [{ foreign_keys: 1 }])
    assert.deepEqual(await c.query('CREATE TABLE "t" ("a" INTEGER)'), [])
    assert.deepEqual(await c.query('INSERT INTO "t" VALUES (?)', [true]), [])
    assert.deepEqual(await c.query('SELECT a FROM "t"'), [{ a: 1 }])
    assert.equal(await c.tableExists('t'), true)
    assert.equal(await c.tableExists('T2'), false)
  })

  it('a failing statement inside transaction() leaves schema and rows as they were', async () => {
    const c = track(await openFresh())
    await setUpCase(c, CASES.addColumn)
    const schema = await c.introspect()
    await assert.rejects(
      c.transaction(async () => {
        await c.query('ALTER TABLE "users" ADD COLUMN "x" TEXT')
        await c.query('CREATE TABLE "other" ("a" TEXT)')
        await c.query(`UPDATE "users" SET "bio" = 'changed'`)
        await c.query('INSERT INTO "nope" VALUES (1)')
      }),
      /no such table: nope/,
    )
    assert.deepEqual(schemaJson(await c.introspect()), schemaJson(schema))
    assert.deepEqual(await c.query('SELECT bio FROM "users" ORDER BY id'), [{ bio: null }, { bio: 'likes \\ and "quotes"' }])
    assert.deepEqual(await c.query('PRAGMA foreign_keys'), [{ foreign_keys: 1 }])
    // The connection is usable again.
    await c.transaction(async () => c.query(`UPDATE "users" SET "bio" = 'ok' WHERE "id" = 1`))
    assert.deepEqual(await c.query('SELECT bio FROM "users" WHERE id = 1'), [{ bio: 'ok' }])
  })

  it('checks foreign keys before COMMIT and rolls back on a violation', async () => {
    const c = track(await openFresh())
    await setUpCase(c, CASES.dropForeignKey)
    await assert.rejects(
      c.transaction(async () => {
        // Foreign keys are off inside: the statement itself succeeds.
        await c.query(`UPDATE "posts" SET "author_id" = 99 WHERE "title" = 'Hello'`)
      }),
      (error: unknown) => {
        assert.ok(error instanceof DatabaseError)
        assert.equal(error.code, 'E_FOREIGN_KEY')
        assert.match(error.message, /row \d+ of "posts" references a missing row of "users"/)
        return true
      },
    )
    assert.deepEqual(await c.query(`SELECT author_id FROM "posts" ORDER BY author_id`), [{ author_id: 1 }, { author_id: 2 }])
  })

  it('refuses a nested transaction', async () => {
    const c = track(await openFresh())
    await assert.rejects(
      c.transaction(() => c.transaction(async () => 1)),
      (error: unknown) => error instanceof StrataError && error.code === 'E_NESTED_TRANSACTION',
    )
    assert.equal(await c.transaction(async () => 2), 2)
  })

  it('a second writer waits for BEGIN IMMEDIATE, then fails with E_LOCK_TIMEOUT', async () => {
    const path = freshPath()
    const first = track(await sqliteDialect.connect(`sqlite:${path}`))
    const second = track(await sqliteDialect.connect(`sqlite:${path}`, { lockTimeoutMs: 300 }))
    await first.query('CREATE TABLE "t" ("a" INTEGER)')
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const holding = first.transaction(async () => {
      await first.query('INSERT INTO "t" VALUES (1)')
      await held
    })
    const started = Date.now()
    await assert.rejects(second.transaction(async () => second.query('INSERT INTO "t" VALUES (2)')), (error: unknown) => {
      assert.ok(error instanceof DatabaseError)
      assert.equal(error.code, 'E_LOCK_TIMEOUT')
      assert.equal(error.exitCode, 3)
      assert.match(error.message, /another strata migrate \(or another writer\)/)
      return true
    })
    assert.ok(Date.now() - started >= 250, 'waited for the busy timeout')
    release()
    await holding
    // Once the lock is free the second connection writes.
    await second.transaction(async () => second.query('INSERT INTO "t" VALUES (2)'))
    assert.deepEqual(await second.query('SELECT a FROM "t" ORDER BY a'), [{ a: 1 }, { a: 2 }])
  })

  it('introspection leaves out strata_migrations, sqlite internals and excluded tables', async () => {
    const c = track(await openFresh())
    await setUpCase(c, CASES.dropTable)
    await c.query('CREATE TABLE "strata_migrations" ("name" TEXT PRIMARY KEY)')
    await c.query('CREATE TABLE "seq" ("id" INTEGER PRIMARY KEY AUTOINCREMENT)') // creates sqlite_sequence
    const names = (await c.introspect({ exclude: ['tags'] })).tables.map((t) => t.name)
    assert.deepEqual(names, ['seq', 'users'])
  })
})
