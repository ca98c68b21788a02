/**
 * Names a database refuses or misreads (issue 7 item 10): `validate` refuses
 * them at file:line:col, naming the database, for the dialects of the
 * project's databases only (capabilities.names); strata's history table is
 * refused whatever the database.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

const SQLITE = 'databases:\n  default: sqlite:./db.sqlite3\n'
const POSTGRES = 'databases:\n  default: postgres://postgres@127.0.0.1:5432/app\n'

async function validate(files: Record<string, string>, config: string) {
  const project = new TempProject({ ...files, 'strata.yaml': config })
  try {
    return await runCli(['validate'], { cwd: project.dir })
  } finally {
    project.cleanup()
  }
}

describe('validate: names a database keeps for itself or folds', function () {
  this.timeout(60000)

  const CASES = {
    'schemas/a.yaml': 'tables:\n  Users:\n    columns:\n      email: text\n      Email: text\n',
    'schemas/b.yaml':
      'tables:\n  users:\n    columns:\n      name: text\n' +
      '  sqlite_stats:\n    columns:\n      n: integer\n' +
      '  _strata_new_users:\n    columns:\n      n: integer\n' +
      '  logs:\n    columns:\n      ctid: text\n      xmin: integer\n      oid: integer\n' +
      '    indexes:\n      - { name: sqlite_logs_oid, columns: [oid] }\n' +
      'enums:\n  mood__strata_new: [happy, sad]\n',
  }

  it('SQLite: tables and columns that differ only in case, sqlite_ and _strata_new_ names, each at its line', async () => {
    const r = await validate(CASES, SQLITE)
    assert.equal(r.code, 2, r.stdout + r.stderr)
    const lines = r.stderr.split('\n').filter((l) => l.includes(' error '))
    assert.match(r.stderr, /^schemas\/a\.yaml:5:7 +error +column "Users\.Email": differs only in case from column "Users\.email" \(schemas\/a\.yaml\), which is the same name on database "default" \(sqlite\)/m)
    assert.match(r.stderr, /^schemas\/b\.yaml:2:3 +error +table "users": differs only in case from table "Users" \(schemas\/a\.yaml\), which is the same name on database "default" \(sqlite\), as it compares names without case; rename one of them$/m)
    assert.match(r.stderr, /^schemas\/b\.yaml:5:3 +error +table "sqlite_stats": the name is reserved on database "default" \(sqlite\): SQLite keeps names starting sqlite_ for its own objects/m)
    assert.match(r.stderr, /^schemas\/b\.yaml:8:3 +error +table "_strata_new_users": the name is reserved on database "default" \(sqlite\): strata's SQLite table rebuild uses names starting _strata_new_/m)
    assert.match(r.stderr, /^schemas\/b\.yaml:17:17 +error +index "sqlite_logs_oid": the name is reserved on database "default" \(sqlite\)/m)
    // PostgreSQL's rules do not apply to a SQLite-only project.
    assert.doesNotMatch(r.stderr, /ctid|xmin|mood__strata_new/)
    assert.equal(lines.length, 5, r.stderr)
  })

  it('PostgreSQL: system column names and strata\'s temporary enum names; case and sqlite_ names are fine', async () => {
    const r = await validate(CASES, POSTGRES)
    assert.equal(r.code, 2, r.stdout + r.stderr)
    const lines = r.stderr.split('\n').filter((l) => l.includes(' error '))
    assert.match(r.stderr, /^schemas\/b\.yaml:13:7 +error +column "logs\.ctid": the name is reserved on database "default" \(postgres\): PostgreSQL gives every table a system column of this name/m)
    assert.match(r.stderr, /^schemas\/b\.yaml:14:7 +error +column "logs\.xmin": the name is reserved/m)
    assert.match(r.stderr, /^schemas\/b\.yaml:19:3 +error +enum "mood__strata_new": the name is reserved on database "default" \(postgres\): strata's change of an enum's values/m)
    // oid has not been a system column since PostgreSQL 12.
    assert.doesNotMatch(r.stderr, /"oid"/)
    assert.equal(lines.length, 3, r.stderr)
  })

  it('strata_migrations is refused on every database, in any case on SQLite', async () => {
    const files = { 'schemas/a.yaml': 'tables:\n  Strata_Migrations:\n    columns:\n      n: integer\n' }
    const sqlite = await validate(files, SQLITE)
    assert.equal(sqlite.code, 2, sqlite.stdout + sqlite.stderr)
    assert.match(sqlite.stderr, /^schemas\/a\.yaml:2:3 +error +table "Strata_Migrations": the name is reserved: strata keeps its migration history in a table of this name; choose another name$/m)
    const postgres = await validate(files, POSTGRES)
    assert.equal(postgres.code, 0, postgres.stdout + postgres.stderr)
    const exact = await validate({ 'schemas/a.yaml': 'tables:\n  strata_migrations:\n    columns:\n      n: integer\n' }, POSTGRES)
    assert.equal(exact.code, 2, exact.stdout + exact.stderr)
    assert.match(exact.stderr, /^schemas\/a\.yaml:2:3 +error +table "strata_migrations": the name is reserved/m)
  })
})
