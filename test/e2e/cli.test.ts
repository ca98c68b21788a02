/** The command line itself: help, Django's aliases, usage errors. */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

describe('the strata command line', function () {
  this.timeout(120000)
  let project: TempProject
  before(async () => {
    project = new TempProject({ 'schemas/app.yaml': 'tables:\n  people:\n    columns:\n      name: string\n' })
    assert.equal((await runCli(['make'], { cwd: project.dir })).code, 0)
  })
  after(() => project.cleanup())

  it('--help lists every command, with their aliases named', async () => {
    const help = await runCli(['--help'], { cwd: project.dir })
    assert.equal(help.code, 0)
    for (const command of ['init', 'validate', 'make', 'sql', 'status', 'migrate']) assert.match(help.stdout, new RegExp(`^  ${command}\\s`, 'm'))
    assert.match(help.stdout, /Alias: makemigrations/)
  })

  it("Django's names are aliases", async () => {
    const make = await runCli(['makemigrations', '--check'], { cwd: project.dir })
    assert.equal(make.code, 0, make.stderr)
    const sql = await runCli(['sqlmigrate', '1'], { cwd: project.dir })
    assert.equal(sql.code, 0, sql.stderr)
    assert.match(sql.stdout, /CREATE TABLE "people"/)
    const status = await runCli(['showmigrations'], { cwd: project.dir })
    assert.equal(status.code, 1, status.stderr)
    assert.match(status.stdout, /\[ \] 0001_initial/)
  })

  it('an unknown command, an unknown flag and a bad flag value exit 2', async () => {
    for (const args of [['frobnicate'], ['migrate', '--fast'], ['migrate', '--lock-timeout', 'soon'], ['sql'], ['sql', '1', '--dialect', 'oracle']]) {
      const result = await runCli(args, { cwd: project.dir })
      assert.equal(result.code, 2, `strata ${args.join(' ')}: ${result.stdout}${result.stderr}`)
      assert.ok(result.stderr.length > 0)
    }
  })
})
