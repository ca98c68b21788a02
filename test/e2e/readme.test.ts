/** The README's quickstart, run as written (but for `npm install`, which the test run has done). */
import { strict as assert } from 'node:assert'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
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

describe('README session', function () {
  this.timeout(120000)

  /** Times, dates and the project folder vary from run to run. */
  const normalise = (text: string, dir: string) =>
    text
      .split(dir)
      .join('/home/ann/blog')
      .replace(/\b\d+(\.\d+)? (ms|s|min \d+ s)\b/g, '<time>')
      .replace(/\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b/g, '<date>')
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
      .trimEnd()

  it('every command prints what the README shows', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const block = /<!-- session[^>]*-->\s*```console\n([\s\S]*?)```/.exec(readme)?.[1]
    assert.ok(block, 'README has a session block')
    const steps: { command: string; expected: string[] }[] = []
    for (const line of block.trimEnd().split('\n')) {
      if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: [] })
      else steps[steps.length - 1]!.expected.push(line)
    }
    assert.ok(steps.length >= 10)
    const dir = mkdtempSync(join(tmpdir(), 'strata-readme-'))
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(ROOT, 'bin')}:${process.env.PATH}`, NO_COLOR: '1' }
      delete env.STRATA_DATABASE_URL
      delete env.FORCE_COLOR
      for (const step of steps) {
        const out = spawnSync('bash', ['-c', `${step.command} 2>&1`], { cwd: dir, env, encoding: 'utf8' })
        assert.equal(normalise(out.stdout, dir), normalise(step.expected.join('\n'), dir), `$ ${step.command}`)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
