/**
 * Start-up (issue 13): `strata --version` answers without loading oclif, with
 * oclif's own text; the compile cache changes nothing a command prints, is
 * filled on the first run, and can be turned off.
 */
import { strict as assert } from 'node:assert'
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Config } from '@oclif/core'
import { BIN, runCli } from '../helpers/cli'
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

  it("a remembered resolution of a relative require is taken only while it is still Node's answer", () => {
    // A package of three modules with bin/compile-cache.js in it, run as strata's bin/run.js runs it.
    const pkg = join(cacheRoot, 'pkg')
    mkdirSync(join(pkg, 'bin'), { recursive: true })
    mkdirSync(join(pkg, 'lib'))
    writeFileSync(join(pkg, 'package.json'), '{ "name": "probe", "version": "1.0.0" }')
    copyFileSync(join(ROOT, 'bin', 'compile-cache.js'), join(pkg, 'bin', 'compile-cache.js'))
    writeFileSync(join(pkg, 'lib', 'a.js'), "module.exports = require('./b') + require('../lib/b')\n")
    writeFileSync(join(pkg, 'lib', 'b.js'), "module.exports = 'b.js '\n")
    const run = () =>
      execFileSync(process.execPath, ['-e', "require('./bin/compile-cache'); process.stdout.write(require('./lib/a'))"], { cwd: pkg, env: { ...process.env, TMPDIR: cacheRoot } }).toString()
    const remembered = () => {
      const [dir] = readdirSync(cacheRoot).filter((f) => f.startsWith('strata-resolve-'))
      return dir ? readdirSync(join(cacheRoot, dir)).flatMap((f) => JSON.parse(readFileSync(join(cacheRoot, dir, f), 'utf8')) as string[]) : []
    }
    assert.equal(run(), 'b.js b.js ')
    assert.deepEqual(remembered().sort(), [join(realpathSync(pkg), 'lib', 'a.js'), join(realpathSync(pkg), 'lib', 'b.js')])
    assert.equal(run(), 'b.js b.js ', 'from the remembered resolution')
    // A file named exactly as required comes first in Node's order: it is taken, not the remembered b.js.
    writeFileSync(join(pkg, 'lib', 'b'), "module.exports = 'b '\n")
    assert.equal(run(), 'b b ')
    rmSync(join(pkg, 'lib', 'b'))
    // b.js gone, a folder b/ with an index instead: Node's answer again.
    rmSync(join(pkg, 'lib', 'b.js'))
    mkdirSync(join(pkg, 'lib', 'b'))
    writeFileSync(join(pkg, 'lib', 'b', 'index.js'), "module.exports = 'index '\n")
    assert.equal(run(), 'index index ')
  })

  it('STRATA_COMPILE_CACHE=0 writes no cache', async () => {
    const result = await runCli(['validate'], { cwd: project.dir, env: { TMPDIR: cacheRoot, STRATA_COMPILE_CACHE: '0' } })
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(readdirSync(cacheRoot), [])
  })

  for (const args of [['validate'], ['status'], ['make', '--check']]) {
    it(`${args.join(' ')} does not load @oclif/core's index (nor semver), and prints what it printed`, async () => {
      const probe = join(cacheRoot, 'probe.js')
      writeFileSync(
        probe,
        "process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache).filter((f) => /@oclif[\\\\/]core[\\\\/]lib[\\\\/]index\\.js$|[\\\\/]semver[\\\\/]index\\.js$/.test(f))) + '\\n'))\n",
      )
      const plain = await runCli(args, { cwd: project.dir })
      const probed = await runCli(args, { cwd: project.dir, env: { NODE_OPTIONS: `--require=${probe}` } })
      const match = /\nLOADED (.*)\n$/.exec(probed.stderr)
      assert.ok(match, probed.stderr)
      assert.deepEqual(JSON.parse(match[1]!), [])
      assert.deepEqual({ ...probed, stderr: probed.stderr.slice(0, match.index) }, plain)
    })
  }

  it('validate, status and make --check load no module of oclif at all (the light path), and print what oclif prints', async function () {
    this.timeout(600000)
    const probe = join(cacheRoot, 'probe-lib.js')
    writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache).filter((f) => /@oclif[\\\\/]/.test(f) && !f.endsWith('package.json'))) + '\\n'))\n",
    )
    for (const args of [['validate'], ['status'], ['make', '--check'], ['make', '--check', '--json'], ['status', '--no-color', '-d', 'default']]) {
      const viaOclif = await runCli(args, { cwd: project.dir, env: { STRATA_LIGHT: '0' } })
      const probed = await runCli(args, { cwd: project.dir, env: { NODE_OPTIONS: `--require=${probe}` } })
      const match = /\nLOADED (.*)\n$/.exec(probed.stderr)
      assert.ok(match, probed.stderr)
      assert.deepEqual(JSON.parse(match[1]!), [], args.join(' '))
      assert.deepEqual({ ...probed, stderr: probed.stderr.slice(0, match.index) }, viaOclif, args.join(' '))
    }
  })

  it('the light path and oclif print the same for commands, their errors and what it leaves to oclif', async function () {
    // 24 runs of the CLI: more than the suite's minute on a busy machine.
    this.timeout(600000)
    await runCli(['make'], { cwd: project.dir })
    project.write({ 'schemas/bad.yaml': 'tables:\n  posts:\n    columns:\n      title: { type: strin }\n' })
    const lines = [
      ['validate'],
      ['validate', '--json'],
      ['sql', '0001'],
      ['sql', '0001', '--dialect', 'postgres'],
      ['sql'],
      ['status', '--database', 'nowhere'],
      ['make', '--check', '--dry-run'],
      ['make', '--bogus'],
      ['make', '--help'],
      ['migrate', '--lock-timeout', 'soon'],
      ['lint', '--all'],
      ['showmigrations'],
    ]
    for (const args of lines) {
      const light = await runCli(args, { cwd: project.dir })
      const oclif = await runCli(args, { cwd: project.dir, env: { STRATA_LIGHT: '0' } })
      assert.deepEqual(light, oclif, args.join(' '))
    }
  })

  it("warns as oclif's index does when the current folder is gone", () => {
    const gone = join(cacheRoot, 'gone')
    mkdirSync(gone)
    const run = (code: string) => spawnSync('sh', ['-c', `cd "${gone}" && rmdir "${gone}" && exec "${process.execPath}" ${code}`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    const strata = run(`"${BIN}" --help`)
    mkdirSync(gone)
    const oclif = run(`-e "require('${require.resolve('@oclif/core')}')"`)
    assert.equal(oclif.stderr, 'WARNING: current directory does not exist\n', 'what oclif prints')
    assert.ok(strata.stderr.startsWith(oclif.stderr), strata.stderr)
  })

  it("no module of strata imports a value from @oclif/core's index (only types: they leave no require)", () => {
    const offenders: string[] = []
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) walk(path)
        else if (entry.name.endsWith('.ts') && /^import (?!type )[^\n]*from '@oclif\/core'/m.test(readFileSync(path, 'utf8'))) offenders.push(path)
      }
    }
    walk(join(ROOT, 'src'))
    assert.deepEqual(offenders, [], "import from '@oclif/core/command', '/flags', '/args' instead")
  })
})
