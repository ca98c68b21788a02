/**
 * The base of every strata command: the common flags (--config, --database,
 * --json), the project, and one place that turns errors into exit codes
 * (SPEC §5: 0 success, 1 a check found something, 2 invalid input, 3
 * database or migration failure) and into `--json` output.
 */
import { Command } from './cli/command'
import * as Flags from './cli/flags'
import type { Interfaces } from '@oclif/core'
import { type Diagnostic, StrataError, UsageError, ValidationError } from './errors'
import { type Palette, paletteFor } from './output/colour'
import { type Severity, diagnosticLine, prefixed } from './output/format'
import { freshLine } from './output/live-line'
import { type Project, loadProject, resolveDatabaseUrl } from './project'

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof StrataCommand)['baseFlags'] & T['flags']>
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

export abstract class StrataCommand<T extends typeof Command> extends Command {
  static override baseFlags = {
    config: Flags.string({ description: 'Path of strata.yaml (default: ./strata.yaml).', helpGroup: 'GLOBAL' }),
    database: Flags.string({
      char: 'd',
      description: 'A database name from strata.yaml, or a URL (sqlite:PATH, postgres://…). Default: STRATA_DATABASE_URL, else `default`.',
      helpGroup: 'GLOBAL',
    }),
    json: Flags.boolean({ description: 'Machine-readable output on stdout, nothing else there.', helpGroup: 'GLOBAL' }),
    color: Flags.boolean({
      description: 'Colour the output (default: on a terminal, unless NO_COLOR is set; FORCE_COLOR=1 forces it). --no-color turns it off.',
      allowNo: true,
      helpGroup: 'GLOBAL',
    }),
  }

  protected flags!: CommandFlags<T>
  protected args!: CommandArgs<T>
  /** Every positional argument as given (for commands with `strict = false` that take a list, like `erd TABLES…`). */
  protected positional!: string[]

  public override async init(): Promise<void> {
    await super.init()
    const { args, flags, argv } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof StrataCommand).baseFlags,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = flags as CommandFlags<T>
    this.args = args as CommandArgs<T>
    this.positional = argv as string[]
  }

  /** strata.yaml and its defaults. */
  protected project(): Project {
    return loadProject({ config: this.flags.config })
  }

  /** The URL of the database the user picked. */
  protected databaseUrl(project: Project): string {
    if (this.flags.database !== undefined && this.flags.database.trim() === '') {
      throw new UsageError('--database is empty: give a name from strata.yaml or a URL (sqlite:PATH, postgres://…)')
    }
    return resolveDatabaseUrl(project, this.flags.database)
  }

  /** Print a result: `human` lines normally, `json` as one document with --json. */
  protected emit(json: unknown, human: string | readonly string[]): void {
    if (this.flags.json) {
      process.stdout.write(JSON.stringify(json, null, 2) + '\n')
      return
    }
    const text = typeof human === 'string' ? human : human.join('\n')
    if (text) process.stdout.write(text + '\n')
  }

  /**
   * The colours of stdout or stderr: `this.palette().green('+')`. Honours
   * --color / --no-color, NO_COLOR, FORCE_COLOR and whether the stream is a
   * terminal (src/output/colour.ts); every function is the identity when
   * colour is off.
   */
  protected palette(stream: 'stdout' | 'stderr' = 'stdout'): Palette {
    const flag = this.flags?.color ?? (process.argv.includes('--no-color') ? false : process.argv.includes('--color') ? true : undefined)
    return paletteFor(stream === 'stdout' ? process.stdout : process.stderr, { flag })
  }

  /** A note for a person (stderr, so stdout stays clean for --json and pipes). */
  protected note(message: string): void {
    if (this.flags?.json) return
    freshLine()
    process.stderr.write(message + '\n')
  }

  /** `warning: …` (or `error:`, `info:`) on stderr, the label coloured; nothing under --json. */
  protected report(severity: Severity, message: string): void {
    this.note(prefixed(severity, message, this.palette('stderr')))
  }

  protected printDiagnostics(diagnostics: readonly Diagnostic[]): void {
    freshLine()
    const p = this.palette('stderr')
    for (const d of diagnostics) process.stderr.write(diagnosticLine(d, p) + '\n')
  }

  /** Exit with a code without an error message (a check that found something). */
  protected setExitCode(code: 0 | 1 | 2 | 3): void {
    process.exitCode = code
  }

  protected override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    const json = this.flags?.json ?? process.argv.includes('--json')
    // An error starts on a fresh line, never after a progress counter.
    freshLine()
    const p = this.palette('stderr')
    if (error instanceof StrataError) {
      if (json) {
        process.stdout.write(JSON.stringify({ error: error.toJSON() }, null, 2) + '\n')
      } else if (error instanceof ValidationError) {
        this.printDiagnostics(error.diagnostics)
        const count = error.diagnostics.filter((d) => d.severity === 'error').length
        process.stderr.write(`${count} error${count === 1 ? '' : 's'}; nothing was written\n`)
      } else {
        process.stderr.write(prefixed('error', error.message, p) + '\n')
      }
      process.exitCode = error.exitCode
      return
    }
    // oclif's own exits (this.exit) and parse errors (unknown flag, missing argument): invalid input, exit 2.
    if (error.oclif?.exit !== undefined && error.message.startsWith('EEXIT')) {
      process.exitCode = error.oclif.exit
      return
    }
    if (error.oclif || error.name === 'CLIError' || /Parse|Args|Flag/.test(error.constructor?.name ?? '')) {
      if (json) process.stdout.write(JSON.stringify({ error: { code: 'E_USAGE', message: error.message } }, null, 2) + '\n')
      else process.stderr.write(`${prefixed('error', error.message, p)}\nSee \`strata ${this.id ?? ''} --help\`.\n`)
      process.exitCode = 2
      return
    }
    // Anything else is a strata bug or an unexpected failure: say so, exit 3.
    if (json) process.stdout.write(JSON.stringify({ error: { code: 'E_UNEXPECTED', message: error.message } }, null, 2) + '\n')
    else process.stderr.write(prefixed('error', error.stack ?? error.message, p) + '\n')
    process.exitCode = 3
  }
}
