/**
 * Start-up (issue 13): `strata --version` answers without loading oclif, with
 * oclif's own text; the compile cache changes nothing a command prints, is
 * filled on the first run, and can be turned off.
 */
import { strict as assert } from 'node:assert'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Config } from '@oclif/core'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

const ROOT = join(__dirname, '..', '..', '..')

describe('start-up', function () {
  this.timeout(60000)
  let project: TempProject
  let cacheRoot: string
  beforeEach(() => {
    project = new TempProject({ 'schemas/app.yaml': 'tables:\n  people:\n    columns:\n      email: { type: string, length: 100 }\n' })
    cacheRoot = mkdtempSync(join(tmpdir(), 'strata-cache-test-'))
  })
  afterEach(() => {
    project.cleanup()
    rmSync(cacheRoot, { recursive: true, force: true })
  })

  it('--version prints what oclif prints for it', async () => {
    const config = await Config.load(ROOT)
    const result = await runCli(['--version'], { cwd: project.dir })
    assert.equal(result.code, 0)
    assert.equal(result.stdout, `${config.userAgent}\n`)
  })

  it('the compile cache fills on the first run and gives the same output after', async () => {
    const env = { TMPDIR: cacheRoot }
    const first = await runCli(['make', '--check'], { cwd: project.dir, env })
    const entries = readdirSync(cacheRoot).filter((f) => f.startsWith('strata-compile-cache-'))
    assert.equal(entries.length, 1, 'one cache folder')
    const files = readdirSync(join(cacheRoot, entries[0]!))
    assert.ok(files.length > 50, `${files.length} modules cached`)
    const second = await runCli(['make', '--check'], { cwd: project.dir, env })
    assert.deepEqual(second, first)
    assert.equal(first.code, 1, 'make --check finds the new table')
    assert.deepEqual(readdirSync(join(cacheRoot, entries[0]!)).sort(), files.sort(), 'nothing new to cache')
  })

  it('STRATA_COMPILE_CACHE=0 writes no cache', async () => {
    const result = await runCli(['validate'], { cwd: project.dir, env: { TMPDIR: cacheRoot, STRATA_COMPILE_CACHE: '0' } })
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(readdirSync(cacheRoot), [])
  })
})
