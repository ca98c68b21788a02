/**
 * Batched apply (issue 13) on every dialect's database: a migration's
 * parameterless statements reach the database in a few `runBatch` calls,
 * not one query each; when a statement inside a batch fails, the error still
 * names the migration, the operation and the SQL, and nothing of the
 * migration is left.
 */
import { strict as assert } from 'node:assert'
import type { Connection, Dialect } from '../../src/dialects/dialect'
import { dialectForUrl } from '../../src/dialects'
import { fixedResolver } from '../../src/diff/rename'
import { MigrationFailedError } from '../../src/errors'
import { makeMigration } from '../../src/migrations/make'
import { migrate } from '../../src/migrations/migrator'
import { loadProject } from '../../src/project'
import { TempProject } from '../helpers/project'
import { TARGETS, type TargetDatabase } from './targets'

const TABLES = 40

function schema(extra: (i: number) => string = () => ''): string {
  let text = 'tables:\n'
  for (let i = 1; i <= TABLES; i++) {
    text += `  t${i}:\n    columns:\n      email: { type: string, length: 100 }\n${extra(i)}`
  }
  return text
}

/** The real dialect, with its connections counting their calls. */
function counting(real: Dialect): { dialect: Dialect; calls: { query: number; runBatch: number; batchFailed: number } } {
  const calls = { query: 0, runBatch: 0, batchFailed: 0 }
  const dialect: Dialect = {
    ...real,
    async connect(url, options) {
      const connection = await real.connect(url, options)
      return new Proxy(connection, {
        get(target, key) {
          const value = Reflect.get(target, key, target) as unknown
          if (key === 'query') return (...args: Parameters<Connection['query']>) => (calls.query++, target.query(...args))
          if (key === 'runBatch') {
            return async (statements: readonly string[]) => {
              calls.runBatch++
              try {
                await target.runBatch(statements)
              } catch (error) {
                calls.batchFailed++
                throw error
              }
            }
          }
          return typeof value === 'function' ? value.bind(target) : value
        },
      })
    },
  }
  return { dialect, calls }
}

// Batching is of statements inside one transaction. Where DDL commits by
// itself (MySQL), each DDL statement runs alone and is recorded as it commits
// (see test/e2e/partial.test.ts), so there is nothing to batch.
for (const target of Object.values(TARGETS).filter((t) => t.transactionalDdl)) {
  target.describe(`batched apply on ${target.dialect}`, function () {
    this.timeout(120000)
    let project: TempProject
    let db: TargetDatabase

    beforeEach(async () => {
      project = new TempProject({ 'schemas/app.yaml': schema() })
      db = await target.create(project)
    })
    afterEach(async () => {
      await db.drop()
      project.cleanup()
    })

    it(`creates ${TABLES} tables with a few batches instead of a query per statement`, async () => {
      const strata = loadProject({ cwd: project.dir })
      await makeMigration(strata, { name: 'initial', cwd: project.dir, resolver: fixedResolver() })
      const { dialect, calls } = counting(dialectForUrl(db.url))
      const result = await migrate(strata, db.url, { cwd: project.dir, dialect })
      const statements = result.steps[0]!.statements.length
      assert.ok(statements >= TABLES, `${statements} statements`)
      assert.equal(calls.runBatch, 1, 'one batch for the whole migration')
      assert.equal(calls.batchFailed, 0)
      assert.ok(calls.query < 15, `${calls.query} single queries (history and bookkeeping only)`)
      const tables = (await db.tables()).filter((t) => /^t\d+$/.test(t))
      assert.equal(tables.length, TABLES)
    })

    it('a statement failing inside a batch is named with its migration, operation and SQL; nothing is left', async () => {
      const strata = loadProject({ cwd: project.dir })
      await makeMigration(strata, { name: 'initial', cwd: project.dir, resolver: fixedResolver() })
      await migrate(strata, db.url, { cwd: project.dir })
      await db.exec("INSERT INTO t25 (id, email) VALUES (1, 'a@x'), (2, 'a@x')")
      const before = await db.dump()
      // Every table gets a new column and an index; t25's email becomes
      // unique, which its rows refuse (make writes the unique before the indexes).
      project.setSchemas({
        'app.yaml': schema(() => `      note: { type: string, length: 20, nullable: true }\n    indexes:\n      - { columns: [note] }\n`).replace(
          '  t25:\n    columns:\n      email: { type: string, length: 100 }',
          '  t25:\n    columns:\n      email: { type: string, length: 100, unique: true }',
        ),
      })
      const made = await makeMigration(loadProject({ cwd: project.dir }), { name: 'notes', cwd: project.dir, resolver: fixedResolver() })
      const ops = made.migration!.up
      const failing = ops.findIndex((op) => op.op === 'addUnique')
      assert.ok(failing > 0 && failing < ops.length - 1, `the failing operation (${failing + 1} of ${ops.length}) is inside the batch`)
      const { dialect, calls } = counting(dialectForUrl(db.url))
      const error = await migrate(strata, db.url, { cwd: project.dir, dialect }).then(
        () => assert.fail('migrate should fail'),
        (e: unknown) => e,
      )
      assert.ok(error instanceof MigrationFailedError, String(error))
      assert.equal(calls.batchFailed, 1, 'the failure came from a batch')
      assert.match(error.message, new RegExp(`migration 0002_notes failed \\(up\\), operation ${failing + 1} \\(addUnique\\)`))
      assert.match(error.message, /UNIQUE constraint failed|could not create unique index/)
      // One statement of that operation (SQLite rebuilds the table, PostgreSQL adds a constraint), not the batch.
      assert.match(error.message, /\n {2}SQL: [^\n]*"(_strata_new_)?t25"[^\n]*\n {2}The migration/)
      assert.match(error.message, /rolled back/)
      assert.deepEqual(error.details, {
        migration: '0002_notes',
        operation: failing + 1,
        operationKind: 'addUnique',
        sql: (error.details as { sql: string }).sql,
      })
      assert.deepEqual(await db.dump(), before, 'no column was added anywhere')
      assert.deepEqual(
        (await db.rows("SELECT name FROM strata_migrations WHERE name NOT LIKE 'strata:%'")).map((r) => r.name),
        ['0001_initial'],
      )
    })
  })
}
