/**
 * What strata shows on a terminal and in a pipe: a live operation counter
 * redrawn in place and one line per migration under a pseudo-terminal;
 * no control characters in a pipe; colour as NO_COLOR, FORCE_COLOR and
 * --no-color say; errors on a fresh line.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { runOnTerminal, screen } from '../helpers/terminal'

/** A schema of n tables, so that 0001_initial has n operations. */
function manyTables(n: number): string {
  let out = 'tables:\n'
  for (let i = 1; i <= n; i++) out += `  t${String(i).padStart(3, '0')}:\n    columns:\n      a: integer\n`
  return out
}

async function ok(project: TempProject, args: string[], env?: Record<string, string | undefined>) {
  const result = await runCli(args, { cwd: project.dir, ...(env ? { env } : {}) })
  assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
  return result
}

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/

describe('terminal output', function () {
  this.timeout(120000)
  let project: TempProject
  beforeEach(async () => {
    project = new TempProject({ 'schemas/app.yaml': manyTables(120) })
    await ok(project, ['make'])
    project.write({ 'schemas/more.yaml': 'tables:\n  extra:\n    columns:\n      b: text\n' })
    await ok(project, ['make', 'extra'])
  })
  afterEach(() => project.cleanup())

  it('on a terminal: a live operation counter, then a single line per migration and a total', async () => {
    const result = await runOnTerminal(project.dir, ['migrate'])
    assert.equal(result.code, 0, result.output)
    // The counter was drawn (then redrawn in place and erased).
    assert.match(result.output, /\r\x1b\[K0001_initial {2}\d+\/120 operations {2}\d+ s/)
    assert.match(result.output, /\r\x1b\[K0002_extra {2}\d+\/1 operations {2}\d+ s/)
    const shown = screen(result.output).map((l) => l.trimEnd())
    assert.equal(shown.length, 3, shown.join('\n'))
    assert.match(shown[0]!, /^Applied 0001_initial in \d+(\.\d)? m?s$/)
    assert.match(shown[1]!, /^Applied 0002_extra in \d+(\.\d)? m?s$/)
    assert.match(shown[2]!, /^2 migrations on sqlite:.*db\.sqlite3 in \d+(\.\d)? m?s$/)
  })

  it('on a terminal, an error starts on a fresh line after the failed migration', async () => {
    project.write({
      'migrations/0003_broken.yaml':
        'name: 0003_broken\ndependsOn: 0002_extra\nup:\n  - sql: { up: "INSERT INTO no_such_table VALUES (1)", down: "SELECT 1" }\n',
    })
    const result = await runOnTerminal(project.dir, ['migrate'])
    assert.equal(result.code, 3, result.output)
    const shown = screen(result.output).map((l) => l.trimEnd())
    const failed = shown.findIndex((l) => /^Failed 0003_broken after \d+/.test(l))
    assert.ok(failed > 0, shown.join('\n'))
    assert.match(shown[failed + 1]!, /^error: migration 0003_broken failed \(up\), operation 1 \(sql\)/)
    assert.ok(!shown.some((l) => l.includes('operations') && l.includes('error')), shown.join('\n'))
  })

  it('in a pipe: the same lines, no counter, no control characters', async () => {
    const result = await ok(project, ['migrate'], { NO_COLOR: undefined })
    assert.doesNotMatch(result.stdout + result.stderr, CONTROL)
    const lines = result.stdout.trimEnd().split('\n')
    assert.equal(lines.length, 3, result.stdout)
    assert.match(lines[0]!, /^Applied 0001_initial in /)
    assert.match(lines[1]!, /^Applied 0002_extra in /)
    assert.match(lines[2]!, /^2 migrations on /)
    assert.equal(result.stderr, '')
    const back = await ok(project, ['migrate', 'zero'], { NO_COLOR: undefined })
    assert.doesNotMatch(back.stdout + back.stderr, CONTROL)
    assert.match(back.stdout, /^Reversed 0002_extra in .*\nReversed 0001_initial in .*\n2 migrations on /)
  })

  it('under --json on a terminal: one JSON document, no counter', async () => {
    const result = await runOnTerminal(project.dir, ['migrate', '--json'])
    assert.equal(result.code, 0, result.output)
    assert.doesNotMatch(result.output, /operations {2}\d+ s|\x1b/)
    const doc = JSON.parse(result.output.replace(/\r\n/g, '\n'))
    assert.deepEqual(doc.steps.map((s: { migration: string }) => s.migration), ['0001_initial', '0002_extra'])
  })

  it('colour: on a terminal by default, FORCE_COLOR in a pipe, never with NO_COLOR or --no-color', async () => {
    project.write({ 'schemas/more.yaml': 'tables:\n  extra:\n    columns:\n      b: text\n      c: { type: text, nullable: true }\n' })
    const plain = (await runCli(['make', '--check'], { cwd: project.dir, env: { NO_COLOR: undefined } })).stdout
    assert.match(plain, /^ {2}\+ column extra\.c: text null$/m)
    assert.doesNotMatch(plain, /\x1b/)
    const forced = (await runCli(['make', '--check'], { cwd: project.dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })).stdout
    assert.match(forced, /^ {2}\x1b\[32m\+\x1b\[39m column extra\.c: text null$/m)
    const flagged = (await runCli(['make', '--check', '--no-color'], { cwd: project.dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })).stdout
    assert.doesNotMatch(flagged, /\x1b/)
    const noColor = (await runCli(['make', '--check'], { cwd: project.dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } })).stdout
    assert.doesNotMatch(noColor, /\x1b/)
    const tty = await runOnTerminal(project.dir, ['status'], { NO_COLOR: undefined })
    assert.match(tty.output, /\x1b\[33m\[ \]\x1b\[39m 0001_initial/)
    assert.match(tty.output, /\x1b\[32m\+\x1b\[39m column extra\.c/)
    const ttyNo = await runOnTerminal(project.dir, ['status', '--no-color'], { NO_COLOR: undefined })
    assert.doesNotMatch(ttyNo.output, /\x1b\[3\dm/)
    const error = await runCli(['sql', '0099'], { cwd: project.dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })
    assert.equal(error.code, 2)
    assert.match(error.stderr, /^\x1b\[1m\x1b\[31merror:\x1b\[39m\x1b\[22m migration "0099" not found/)
  })
})
