/**
 * Generated names longer than PostgreSQL's 63 bytes are cut between code
 * points (issue 7 item 10): an emoji at the cut point is kept whole or left
 * out, never halved into a lone UTF-16 surrogate (which SQLite would store
 * as invalid UTF-8 in sqlite_master, and which then shows as drift). Real
 * CLI, SQLite file and PostgreSQL server, names read with the databases' own
 * catalog queries.
 */
import { strict as assert } from 'node:assert'
import { createHash } from 'node:crypto'
import { fitIdentifier, headOfBytes } from '../../src/schema/naming'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { ALL_TARGETS, type TargetDatabase } from './targets'

// 51 bytes, then a 4-byte emoji: the name of an index over column `c` is
// 66 bytes, cut to 54 bytes plus `_` and 8 hex digits. A cut by UTF-16 code
// units stopped after the emoji's first half (51 + 3 bytes as UTF-8's
// replacement counts it = 54).
const TABLE = `${'a'.repeat(51)}😀zzzzz`
const INDEX = fitIdentifier(`${TABLE}_c_idx`)
const PKEY = fitIdentifier(`${TABLE}_pkey`)

describe('generated names: cut on code points', function () {
  it('never ends in half a surrogate pair, and stays within 63 bytes of UTF-8', () => {
    const hash = createHash('sha1').update(`${TABLE}_c_idx`).digest('hex').slice(0, 8)
    assert.equal(INDEX, `${'a'.repeat(51)}_${hash}`)
    assert.equal(headOfBytes(`${'a'.repeat(50)}😀😀`, 54), `${'a'.repeat(50)}😀`)
    for (let n = 40; n < 64; n++) {
      const name = fitIdentifier(`${'x'.repeat(n)}😀é😀${'y'.repeat(20)}`)
      assert.ok(Buffer.byteLength(name) <= 63, name)
      assert.ok(!/[\uD800-\uDFFF]/u.test(name.replace(/[\u{10000}-\u{10FFFF}]/gu, '')), `lone surrogate in ${JSON.stringify(name)}`)
      assert.equal(Buffer.from(name).toString(), name)
    }
  })
})

for (const target of [ALL_TARGETS.sqlite, ALL_TARGETS.postgres]) {
  target.describe(`a generated name with an emoji at the cut point, on ${target.dialect}`, function () {
    this.timeout(120000)
    let project: TempProject
    let db: TargetDatabase
    beforeEach(async () => {
      project = new TempProject({ 'schemas/app.yaml': `tables:\n  "${TABLE}":\n    columns:\n      c: integer\n    indexes:\n      - columns: [c]\n` })
      db = await target.create(project)
    })
    afterEach(async () => {
      await db.drop()
      project.cleanup()
    })

    it('migrate stores the name as valid UTF-8, diff --db finds nothing, migrate zero drops it', async () => {
      const env = { STRATA_DATABASE_URL: db.url }
      const make = await runCli(['make', 'initial'], { cwd: project.dir, env })
      assert.equal(make.code, 0, make.stderr)
      const m = await runCli(['migrate'], { cwd: project.dir, env })
      assert.equal(m.code, 0, m.stderr)
      const stored =
        target.dialect === 'sqlite'
          ? await db.rows(`SELECT hex(CAST(name AS BLOB)) AS hex FROM sqlite_master WHERE type = 'index' AND tbl_name = '${TABLE}'`)
          : await db.rows(`SELECT encode(convert_to(indexname, 'UTF8'), 'hex') AS hex FROM pg_indexes WHERE tablename = '${TABLE}'`)
      // PostgreSQL's primary key is an index too (SQLite's INTEGER PRIMARY KEY is the rowid).
      const expected = target.dialect === 'sqlite' ? [INDEX] : [INDEX, PKEY]
      assert.deepEqual(
        stored.map((r) => String(r.hex).toLowerCase()).sort(),
        expected.map((n) => Buffer.from(n, 'utf8').toString('hex')).sort(),
      )
      const d = await runCli(['diff', '--db'], { cwd: project.dir, env })
      assert.equal(d.code, 0, d.stdout + d.stderr)
      const z = await runCli(['migrate', 'zero'], { cwd: project.dir, env })
      assert.equal(z.code, 0, z.stderr)
    })
  })
}
