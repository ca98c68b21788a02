/** The README's quickstart, run as written (but for `npm install`, which the test run has done). */
import { strict as assert } from 'node:assert'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { listTables } from '../helpers/sqlite-inspect'

const ROOT = join(__dirname, '..', '..', '..')

describe('README quickstart', function () {
  this.timeout(60000)

  it('creates a SQLite database from the example schema', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const block = /<!-- quickstart[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(readme)?.[1]
    assert.ok(block, 'README has a quickstart block')
    const lines = block.split('\n').filter((l) => l.trim() && !l.startsWith('npm install'))
    assert.ok(lines.some((l) => l.startsWith('strata migrate')))
    const script = ['set -euo pipefail', ...lines, 'pwd'].join('\n')
    const env = { ...process.env }
    delete env.STRATA_DATABASE_URL
    const out = execFileSync('bash', ['-c', script], { cwd: ROOT, env, encoding: 'utf8' })
    const project = out.trim().split('\n').pop()!
    assert.match(out, /Wrote migrations\/0001_initial\.yaml/)
    assert.match(out, /\[X\] 0001_initial/)
    assert.deepEqual(listTables(join(project, 'db.sqlite3')), ['strata_migrations', 'users'])
  })
})
