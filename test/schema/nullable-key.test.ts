/**
 * validate and SQLite's nullable key columns (capability nullableKeyColumns):
 * `nullable: true` on a primary key column is taken for a SQLite project in
 * an ordinary rowid table, and refused, at its `nullable`, in a STRICT or
 * WITHOUT ROWID table, for the rowid itself, and for a project with a
 * database that makes key columns NOT NULL.
 * https://www.sqlite.org/lang_createtable.html#the_primary_key
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

const SQLITE = 'databases:\n  default: sqlite:./db.sqlite3\n'
const POSTGRES = 'databases:\n  default: postgres://postgres@127.0.0.1:5432/app\n'

const table = (options: string, key = '{ type: text, primaryKey: true, nullable: true }') => `tables:\n  items:\n${options}    columns:\n      code: ${key}\n      qty: integer\n`

async function validate(schema: string, config: string) {
  const project = new TempProject({ 'schemas/app.yaml': schema, 'strata.yaml': config })
  try {
    return await runCli(['validate'], { cwd: project.dir })
  } finally {
    project.cleanup()
  }
}

describe('validate: nullable primary key columns (SQLite only)', function () {
  this.timeout(60000)

  it('takes a nullable key column in an ordinary rowid table for a SQLite project', async () => {
    const r = await validate(table(''), SQLITE)
    assert.equal(r.code, 0, r.stdout + r.stderr)
  })

  it('refuses it for a project with a PostgreSQL database, at nullable', async () => {
    const r = await validate(table(''), POSTGRES)
    assert.equal(r.code, 2, r.stdout + r.stderr)
    assert.match(r.stderr, /^schemas\/app\.yaml:4:\d+ +error +column "items\.code": a primary key column cannot be nullable on database "default" \(postgres\), which makes key columns NOT NULL/m)
  })

  it('refuses it in a STRICT table, in a WITHOUT ROWID table and for the autoincrement key, even on SQLite', async () => {
    for (const [schema, reason] of [
      [table('    strict: true\n'), /in a STRICT table/],
      [table('    withoutRowid: true\n'), /in a WITHOUT ROWID table/],
      [table('', '{ type: integer, primaryKey: true, autoincrement: true, nullable: true }'), /that is the autoincrement key/],
    ] as const) {
      const r = await validate(schema, SQLITE)
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, new RegExp(`^schemas/app\\.yaml:\\d+:\\d+ +error +column "items\\.code": a primary key column cannot be nullable ${reason.source}`, 'm'))
    }
  })
})
