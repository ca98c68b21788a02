/**
 * The light path's parser (src/cli/fast-parse.ts) against oclif's own
 * (issue 13, start-up): on every command line it accepts, for every one of
 * strata's commands, it gives oclif's flags, args and argv exactly; the
 * command lines oclif answers with help or an error it leaves to oclif.
 * The light flag and argument definitions (src/cli/flags.ts, args.ts) are
 * the objects oclif builds.
 */
import { strict as assert } from 'node:assert'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import * as OclifArgs from '@oclif/core/args'
import * as OclifFlags from '@oclif/core/flags'
import { parse as oclifParse } from '@oclif/core/parser'
import * as LiteArgs from '../../src/cli/args'
import { type Definitions, liteParse } from '../../src/cli/fast-parse'
import * as LiteFlags from '../../src/cli/flags'
import { useLite } from '../../src/cli/runtime'

const COMMANDS = join(__dirname, '..', '..', 'src', 'commands')

interface CommandClass {
  flags?: Definitions
  baseFlags?: Definitions
  args?: Definitions
  strict?: boolean
}

function load(file: string): CommandClass {
  return (require(join(COMMANDS, file)) as { default: CommandClass }).default
}

/** What oclif's parser gives, or its error message. */
async function viaOclif(argv: string[], c: CommandClass): Promise<unknown> {
  try {
    const r = await oclifParse(argv, { flags: { ...c.baseFlags, ...c.flags } as never, args: (c.args ?? {}) as never, strict: c.strict ?? true })
    return { flags: r.flags, args: r.args, argv: r.argv }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

/** Command lines for a command: each flag alone and with values, arguments, and what oclif refuses. */
function samples(c: CommandClass): string[][] {
  const flags = { ...c.baseFlags, ...c.flags }
  const out: string[][] = [[], ['--help'], ['-h'], ['--bogus'], ['--'], ['-'], ['a', 'b', 'c', 'd'], ['x'], ['x', 'y'], ['--json', 'x'], ['x', '--json'], ['x', 'y', '--json'], ['x', 'y', 'z']]
  for (const [name, def] of Object.entries(flags)) {
    if (def.type === 'boolean') {
      out.push([`--${name}`], [`--${name}`, `--${name}`], [`--no-${name}`], [`--${name}=true`], ['x', `--${name}`])
    } else {
      const value = def.options?.[0] ?? '12'
      out.push([`--${name}`, value], [`--${name}=${value}`], [`--${name}`], [`--${name}`, '-x'], [`--${name}=`], [`--${name}`, 'v', `--${name}`, 'w'], [`--${name}`, 'v', 'p'], [`--${name}`, 'nope'], [`--${name}`, '-3'])
      if (def.char) out.push([`-${def.char}`, value], [`-${def.char}${value}`], [`-${def.char}`])
    }
    for (const other of def.exclusive ?? []) out.push([`--${name}`, `--${other}`])
  }
  return out
}

describe('light path parser', () => {
  for (const file of readdirSync(COMMANDS).filter((f) => f.endsWith('.js'))) {
    it(`${file.replace(/\.js$/, '')}: what it accepts, it parses as oclif does; what it gives way on, oclif refuses or it cannot model`, async () => {
      const c = load(file)
      let accepted = 0
      for (const argv of samples(c)) {
        const lite = await liteParse(argv, { flags: { ...c.baseFlags, ...c.flags }, args: c.args ?? {}, strict: c.strict ?? true })
        const oclif = await viaOclif(argv, c)
        if (lite === undefined) continue
        accepted++
        assert.deepEqual(lite, oclif, `${file} ${JSON.stringify(argv)}`)
      }
      assert.ok(accepted >= 1, `${file}: ${accepted} command lines accepted`)
    })
  }

  it('gives way on help, unknown flags, --, values starting with -, repeats, conflicts and a positional after a multiple flag', async () => {
    const make = load('make.js')
    const spec = { flags: { ...make.baseFlags, ...make.flags }, args: make.args ?? {}, strict: true }
    for (const argv of [['--help'], ['-h'], ['--bogus'], ['--', 'x'], ['--config', '-x'], ['--json', '--json'], ['--check', '--dry-run'], ['--default', 'a.b=1', 'name'], ['a', 'b', 'c'], ['--json=true']]) {
      assert.equal(await liteParse(argv, spec), undefined, JSON.stringify(argv))
    }
    const migrate = load('migrate.js')
    const m = { flags: { ...migrate.baseFlags, ...migrate.flags }, args: migrate.args ?? {}, strict: true }
    assert.equal(await liteParse(['--lock-timeout', 'soon'], m), undefined, 'not an integer')
    const sql = load('sql.js')
    assert.equal(await liteParse([], { flags: { ...sql.baseFlags, ...sql.flags }, args: sql.args ?? {}, strict: true }), undefined, 'a required argument missing')
  })

  it('the light definitions are the objects oclif builds', async () => {
    const cases: [string, (o: never) => unknown, (o: never) => unknown, Record<string, unknown>][] = [
      ['boolean', LiteFlags.boolean as never, OclifFlags.boolean as never, { description: 'd', allowNo: true, exclusive: ['x'], helpGroup: 'G' }],
      ['boolean', LiteFlags.boolean as never, OclifFlags.boolean as never, {}],
      ['string', LiteFlags.string as never, OclifFlags.string as never, { char: 'd', description: 'd', multiple: true, options: ['a'] }],
      ['string', LiteFlags.string as never, OclifFlags.string as never, {}],
      ['integer', LiteFlags.integer as never, OclifFlags.integer as never, { min: 1, description: 'd' }],
      ['arg string', LiteArgs.string as never, OclifArgs.string as never, { description: 'd', required: true }],
    ]
    for (const [what, lite, oclif, options] of cases) {
      useLite(true)
      let light: Record<string, unknown>
      try {
        light = lite(options as never) as Record<string, unknown>
      } finally {
        useLite(false)
      }
      const real = oclif(options as never) as Record<string, unknown>
      const { parse: lp, integer, ...l } = light
      const { parse: rp, ...r } = real
      assert.deepEqual(l, r, what)
      assert.equal(typeof lp, typeof rp)
      assert.equal(integer, what === 'integer' ? true : undefined)
      for (const input of what === 'integer' ? ['12', '5'] : what.includes('boolean') ? [true, false] : ['v', '']) {
        assert.deepEqual(await (lp as (i: unknown, c: unknown, o: unknown) => Promise<unknown>)(input, undefined, real), await (rp as (i: unknown, c: unknown, o: unknown) => Promise<unknown>)(input, undefined, real))
      }
    }
  })
})
