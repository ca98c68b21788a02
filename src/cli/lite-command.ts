/**
 * The light command base (issue 13, start-up): what oclif's `Command` does
 * around a strata command, for a command line src/cli/fast-parse.ts has
 * already understood, without loading oclif (its config, plugins, help,
 * parser and error modules are most of a small command's start-up).
 *
 * It mirrors @oclif/core v4 `lib/command.js` for what strata's commands use:
 * `_run` runs `init`, `run`, then `catch` on an error and `finally`; `parse`
 * returns the parsed flags, args and argv. strata's commands override
 * `catch` (src/base-command.ts), so errors are reported the same way on
 * both paths. The hooks oclif would run around it do nothing for these
 * commands (strata's only hook acts after `autocomplete`; the two plugins
 * register none for running commands).
 */
import { type Definitions, type Parsed, liteParse } from './fast-parse'

/** Swallow EPIPE on stdout (output piped to `head`), as oclif's command module does when loaded. */
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error && error.code === 'EPIPE') return
  throw error
})

/** What the light path gives a command as `this.config`. */
export interface LiteConfig {
  readonly bin: string
  readonly root: string
}

export abstract class LiteCommand {
  static id: string | undefined
  static flags: Definitions = {}
  static baseFlags: Definitions = {}
  static args: Definitions = {}
  static strict = true

  public id: string | undefined
  protected parsed = false

  constructor(
    public argv: string[],
    public config: LiteConfig,
  ) {
    this.id = this.ctor.id
  }

  get ctor(): typeof LiteCommand {
    return this.constructor as typeof LiteCommand
  }

  async _run(): Promise<unknown> {
    let err: unknown
    let result: unknown
    try {
      // As oclif: the variable that tells a re-executed CLI it was redirected.
      delete process.env[`${this.config.bin.toUpperCase()}_REDIRECTED`]
      await this.init()
      result = await this.run()
    } catch (error) {
      err = error
      await this.catch(error as Error)
    } finally {
      await this.finally(err as Error | undefined)
    }
    return result
  }

  async init(): Promise<void> {}

  abstract run(): Promise<unknown>

  async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    process.exitCode = process.exitCode ?? error.exitCode ?? 1
    throw error
  }

  async finally(_error: Error | undefined): Promise<unknown> {
    return undefined
  }

  protected async parse(options: { flags?: Definitions; baseFlags?: Definitions; args?: Definitions; strict?: boolean }): Promise<Parsed> {
    const parsed = await liteParse(this.argv, {
      flags: { ...options.baseFlags, ...options.flags },
      args: options.args ?? {},
      strict: options.strict ?? true,
    })
    if (!parsed) throw new Error(`strata: the light path was chosen for a command line it cannot parse: ${this.argv.join(' ')}`)
    this.parsed = true
    return parsed
  }
}
