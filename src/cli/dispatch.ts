/**
 * The light path of bin/run.js (issue 13, start-up): run one of strata's
 * commands without loading oclif, when the command line is one that
 * src/cli/fast-parse.ts parses exactly as oclif would. Everything else
 * (help, --version with other words, an alias, completion, a parse error,
 * DEBUG output) goes to oclif as before: `dispatch` returns `undefined`
 * and bin/run.js runs oclif's `execute`.
 *
 * The command is found in oclif.manifest.json, as oclif finds it; its
 * module is loaded with the light base (src/cli/runtime.ts) and its own
 * flag definitions parsed again. Should that second parse give way (an
 * integer flag's value, which the manifest does not describe), the modules
 * loaded with the light base are dropped from the require cache and oclif
 * loads them again with its own. STRATA_LIGHT=0 turns the light path off.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Definitions, liteParse } from './fast-parse'
import type { LiteCommand } from './lite-command'
import { useLite } from './runtime'

interface ManifestCommand {
  readonly pluginType?: string
  readonly relativePath?: readonly string[]
  readonly flags: Definitions
  readonly args: Definitions
  readonly strict?: boolean
  readonly enableJsonFlag?: boolean
}

type LoadedCommand = Omit<typeof LiteCommand, 'prototype'> & (new (argv: string[], config: { bin: string; root: string }) => LiteCommand)

/** Commands that need oclif's config (the command list): always through oclif. */
const NEEDS_OCLIF = new Set(['__complete'])

function oclifDebugging(env: NodeJS.ProcessEnv): boolean {
  return Object.keys(env).some((key) => key === 'DEBUG' || key.startsWith('OCLIF_') || key === 'STRATA_DEBUG')
}

/**
 * Run `argv` on the light path and resolve when the command has finished,
 * or return `undefined` (nothing loaded, nothing run) for oclif to run it.
 */
export function dispatch(argv: readonly string[], root: string): Promise<void> | undefined {
  if (process.env.STRATA_LIGHT === '0' || oclifDebugging(process.env)) return undefined
  const id = argv[0]
  if (id === undefined || id.startsWith('-') || NEEDS_OCLIF.has(id)) return undefined
  let manifest: { commands: Record<string, ManifestCommand> }
  let bin: string
  try {
    manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))
    bin = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { oclif: { bin: string } }).oclif.bin
  } catch {
    return undefined
  }
  const entry = Object.prototype.hasOwnProperty.call(manifest.commands, id) ? manifest.commands[id] : undefined
  if (!entry || entry.pluginType !== 'core' || !entry.relativePath || entry.enableJsonFlag) return undefined
  const rest = argv.slice(1)
  const file = join(root, ...entry.relativePath)
  return liteParse(rest, { flags: entry.flags, args: entry.args, strict: entry.strict ?? true }).then(async (first) => {
    if (!first) return runOclif(root)
    useLite(true)
    let Loaded: LoadedCommand
    try {
      const module = require(file) as { default?: typeof Loaded }
      if (!module.default) throw new Error('no default export')
      Loaded = module.default
    } finally {
      useLite(false)
    }
    const spec = { flags: { ...Loaded.baseFlags, ...Loaded.flags }, args: Loaded.args ?? {}, strict: Loaded.strict ?? true }
    if (!(await liteParse(rest, spec))) {
      forgetLightModules(root)
      return runOclif(root)
    }
    Loaded.id = id
    await new Loaded(rest, { bin, root })._run()
  })
}

function runOclif(root: string): Promise<void> {
  return (require('@oclif/core/execute') as typeof import('@oclif/core/execute')).execute({ dir: join(root, 'bin') }).then(() => undefined)
}

/** Drop the modules whose classes were built on the light base, so that oclif loads them on its own. */
function forgetLightModules(root: string): void {
  const src = join(root, 'dist', 'src')
  const bound = [join(src, 'commands'), join(src, 'base-command.js'), join(src, 'cli', 'command.js')]
  for (const key of Object.keys(require.cache)) if (bound.some((prefix) => key.startsWith(prefix))) delete require.cache[key]
}
