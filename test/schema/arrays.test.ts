/** validate and array columns: refused at the key where the database has no arrays (unless spelled for it), array literal defaults checked; the SQLite compiler refuses by name. */
import { strict as assert } from 'node:assert'
import { sqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

async function validate(project: TempProject, config: string) {
  project.write({ 'strata.yaml': config })
  return runCli(['validate'], { cwd: project.dir })
}

const SQLITE = 'databases:\n  default: sqlite:./db.sqlite3\n'
const POSTGRES = 'databases:\n  default: postgres://postgres@127.0.0.1:5432/app\n'

describe('validate: array columns', function () {
  this.timeout(60000)

  it('refuses an array column for a project with a SQLite database, at array:; takes it with native.sqlite, and on PostgreSQL', async () => {
    const project = new TempProject({ 'schemas/app.yaml': "tables:\n  posts:\n    columns:\n      tags: { type: text, array: true, default: '{}' }\n" })
    try {
      const refused = await validate(project, SQLITE)
      assert.equal(refused.code, 2, refused.stdout + refused.stderr)
      assert.match(
        refused.stderr,
        /^schemas\/app\.yaml:4:27 +error +column "posts\.tags" is an array \(text\[\]\), which database "default" \(sqlite\) does not have \(arrays are PostgreSQL only\); remove array, or give the column native\.sqlite to store it there$/m,
      )
      assert.equal((await validate(project, POSTGRES)).code, 0)
      project.write({ 'schemas/app.yaml': "tables:\n  posts:\n    columns:\n      tags: { type: text, array: true, native: { sqlite: TEXT }, default: '{}' }\n" })
      const spelled = await validate(project, SQLITE)
      assert.equal(spelled.code, 0, spelled.stdout + spelled.stderr)
    } finally {
      project.cleanup()
    }
  })

  it("refuses a default that is not an array literal, at the default", async () => {
    const project = new TempProject({ 'schemas/app.yaml': 'tables:\n  posts:\n    columns:\n      scores: { type: integer, array: 2, default: 3 }\n' })
    try {
      const r = await validate(project, POSTGRES)
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /^schemas\/app\.yaml:4:\d+ +error +column "posts\.scores": default 3 does not fit type integer\[\]\[\]: expected an array literal as a string, '\{\}' or '\{1,2\}'$/m)
    } finally {
      project.cleanup()
    }
  })

  it('the SQLite compiler refuses an array column by name', () => {
    const table = { name: 'posts', columns: [{ name: 'tags', type: 'text' as const, array: 1 }], uniques: [], indexes: [], foreignKeys: [], checks: [] }
    assert.throws(() => sqliteDialect.compiler.compile({ op: 'createTable', table }, { tables: [], enums: [] }), /column "tags" is an array \(text\[\]\): SQLite has no array types \(arrays are PostgreSQL only\); give the column native\.sqlite to store it there/)
  })
})
