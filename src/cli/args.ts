/**
 * Argument definitions for strata's commands: oclif's (`@oclif/core/args`)
 * normally; on the light path (src/cli/runtime.ts) the same plain object
 * oclif builds for a string argument (lib/args.js, v4), without loading it.
 */
import type * as OclifArgs from '@oclif/core/args'
import { isLite } from './runtime'

export const string = ((options: Record<string, unknown> = {}) =>
  isLite()
    ? { parse: async (input: string) => input, ...options, input: [], type: 'option' }
    : (require('@oclif/core/args') as typeof OclifArgs).string(options as never)) as unknown as typeof OclifArgs.string
