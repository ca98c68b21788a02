/**
 * Tables and enums in other PostgreSQL schemas (`billing.invoices`, issue 7
 * item 7): `validate` takes them for a project of PostgreSQL databases,
 * refuses them at the name's line for a project with a SQLite or MySQL
 * database (capabilities.schemas), and refuses a name with two dots
 * whatever the database.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

const FILES = {
  'schemas/app.yaml':
    'enums:\n  billing.status: [open, paid]\ntables:\n  customers:\n    columns:\n      name: text\n' +
    '  billing.invoices:\n    columns:\n      status: { type: enum, enum: billing.status }\n    relations:\n      customer: { belongsTo: customers }\n' +
    '  payments:\n    columns:\n      invoice_id: { type: bigint, references: billing.invoices.id }\n',
}

async function run(files: Record<string, string>, config: string, ...args: string[]) {
  const project = new TempProject({ ...files, 'strata.yaml': config })
  try {
    return { result: await runCli(args, { cwd: project.dir }), fingerprint: project.fingerprint() }
  } finally {
    project.cleanup()
  }
}

describe('validate: schema-qualified names', function () {
  this.timeout(60000)

  it('a PostgreSQL project takes billing.name tables and enums, foreign keys and enum columns across the schemas', async () => {
    const { result } = await run(FILES, 'databases:\n  default: postgres://postgres@127.0.0.1:5432/app\n', 'validate')
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /1 file, 3 tables: valid/)
  })

  for (const [dialect, url] of [['sqlite', 'sqlite:./db.sqlite3'], ['mysql', 'mysql://root@127.0.0.1:3306/app']] as const) {
    it(`${dialect}: each dotted name refused at its line, naming the database; make writes nothing`, async () => {
      const { result } = await run(FILES, `databases:\n  default: ${url}\n`, 'validate')
      assert.equal(result.code, 2, result.stdout + result.stderr)
      assert.match(result.stderr, new RegExp(`^schemas/app\\.yaml:2:3 +error +enum "billing\\.status" is in schema "billing", but database "default" \\(${dialect}\\) has no schemas \\(PostgreSQL only\\); name it without a dot$`, 'm'))
      assert.match(result.stderr, new RegExp(`^schemas/app\\.yaml:7:3 +error +table "billing\\.invoices" is in schema "billing", but database "default" \\(${dialect}\\) has no schemas`, 'm'))
      assert.doesNotMatch(result.stderr, /at .*\.js:\d+/)
      const made = await run(FILES, `databases:\n  default: ${url}\n`, 'make')
      assert.equal(made.result.code, 2)
      assert.equal(Object.keys(made.fingerprint).filter((f) => f.startsWith('migrations/')).length, 0)
    })
  }

  it('a name with two dots is refused on PostgreSQL too', async () => {
    const { result } = await run({ 'schemas/a.yaml': 'tables:\n  a.b.c:\n    columns:\n      n: integer\n' }, 'databases:\n  default: postgres://postgres@127.0.0.1:5432/app\n', 'validate')
    assert.equal(result.code, 2, result.stdout + result.stderr)
    assert.match(result.stderr, /^schemas\/a\.yaml:2:3 +error +table "a\.b\.c": the name has more than one dot \(write schema\.name\)$/m)
  })
})
