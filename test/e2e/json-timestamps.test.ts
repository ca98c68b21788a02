/** `--json` timestamps: ISO 8601 in UTC on every dialect, whatever the session's time zone. */
import { strict as assert } from 'node:assert'
import { isoUtc } from '../../src/migrations/history'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { TARGETS, type TargetDatabase } from './targets'

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

describe('isoUtc', () => {
  it('turns the forms databases print into ISO 8601 UTC', () => {
    assert.equal(isoUtc('2026-12-01 20:49:25.414+00'), '2026-12-01T20:49:25.414Z')
    assert.equal(isoUtc('2026-12-02 02:19:25.414123+05:30'), '2026-12-01T20:49:25.414Z')
    assert.equal(isoUtc('2026-12-01 15:49:25-05'), '2026-12-01T20:49:25.000Z')
    assert.equal(isoUtc('2026-12-01T20:49:25.414Z'), '2026-12-01T20:49:25.414Z')
    assert.equal(isoUtc('2026-12-01 20:49:25.4'), '2026-12-01T20:49:25.400Z', 'no zone: UTC, as strata writes it')
    assert.equal(isoUtc(new Date(Date.UTC(2026, 11, 1, 20, 49, 25, 414))), '2026-12-01T20:49:25.414Z')
    assert.equal(isoUtc('yesterday'), 'yesterday')
  })
})

for (const target of Object.values(TARGETS)) {
  target.describe(`--json timestamps on ${target.dialect}`, function () {
    this.timeout(120000)
    let project: TempProject
    let db: TargetDatabase
    beforeEach(async () => {
      project = new TempProject({ 'schemas/app.yaml': 'tables:\n  notes:\n    columns:\n      body: text\n' })
      db = await target.create(project)
    })
    afterEach(async () => {
      await db?.drop()
      project?.cleanup()
    })

    it('status --json gives appliedAt as ISO 8601 UTC, also in a session time zone other than UTC', async () => {
      const env = { STRATA_DATABASE_URL: db.url }
      // PostgreSQL prints timestamptz in the session's zone: make it one with a half-hour offset.
      if (target.dialect === 'postgres') await db.exec(`ALTER DATABASE "${decodeURIComponent(new URL(db.url).pathname.slice(1))}" SET timezone = 'Asia/Kolkata'`)
      assert.equal((await runCli(['make'], { cwd: project.dir, env })).code, 0)
      const before = Date.now()
      const migrated = await runCli(['migrate'], { cwd: project.dir, env })
      assert.equal(migrated.code, 0, migrated.stderr)
      const after = Date.now()
      const status = await runCli(['status', '--json'], { cwd: project.dir, env })
      assert.equal(status.code, 0, status.stdout + status.stderr)
      const doc = JSON.parse(status.stdout)
      const appliedAt: string = doc.migrations[0].appliedAt
      assert.match(appliedAt, ISO_UTC)
      const at = Date.parse(appliedAt)
      assert.ok(at >= before - 1000 && at <= after + 1000, `${appliedAt} is when it was applied`)
      const text = await runCli(['status'], { cwd: project.dir, env })
      assert.ok(text.stdout.includes(`[X] 0001_initial  ${appliedAt.slice(0, 16).replace('T', ' ')}`), text.stdout)
    })
  })
}
