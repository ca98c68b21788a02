/**
 * The class strata's commands extend: oclif's `Command`, or, when bin/run.js
 * has chosen the light path for this process (src/cli/runtime.ts), the light
 * base of src/cli/lite-command.ts, which runs the same `init`/`run`/`catch`
 * without loading oclif. Chosen when this module is first loaded.
 */
import type { Command as OclifCommand } from '@oclif/core/command'
import { isLite } from './runtime'

export const Command: typeof OclifCommand = isLite()
  ? (require('./lite-command') as typeof import('./lite-command')).LiteCommand as unknown as typeof OclifCommand
  : (require('@oclif/core/command') as typeof import('@oclif/core/command')).Command
