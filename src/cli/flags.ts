/**
 * Flag definitions for strata's commands: oclif's own (`@oclif/core/flags`)
 * normally; on the light path (src/cli/runtime.ts) the same plain objects
 * built here, since loading oclif's flags module loads its help renderer.
 * The objects are those oclif builds (lib/flags.js, v4): `parse`, the
 * options given, `allowNo` and `type` for a boolean; `input`, `multiple`
 * and `type: 'option'` for a string or an integer.
 */
import type * as OclifFlags from '@oclif/core/flags'
import { isLite } from './runtime'

const oclif = (): typeof OclifFlags => require('@oclif/core/flags') as typeof OclifFlags

type Options = Record<string, unknown> & { multiple?: boolean; allowNo?: boolean; min?: number; max?: number }

function option(options: Options, parse: (input: string, context: unknown, opts: Options) => Promise<unknown>): unknown {
  return { parse, ...options, input: [], multiple: Boolean(options.multiple ?? false), type: 'option' }
}

export const boolean = ((options: Options = {}) =>
  isLite()
    ? { parse: async (b: boolean) => b, ...options, allowNo: Boolean(options.allowNo), type: 'boolean' }
    : oclif().boolean(options as never)) as unknown as typeof OclifFlags.boolean

export const string = ((options: Options = {}) =>
  isLite() ? option(options, async (input) => input) : oclif().string(options as never)) as unknown as typeof OclifFlags.string

/** An integer; on the light path its value is checked as oclif checks it (lite-parse gives way to oclif on anything else). */
export const integer = ((options: Options = {}) =>
  isLite()
    ? { ...(option(options, async (input) => Number.parseInt(input, 10)) as object), integer: true }
    : oclif().integer(options as never)) as unknown as typeof OclifFlags.integer
