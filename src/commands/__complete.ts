import { Command } from '../cli/command'
import { type CommandInfo, completions } from '../completion/values'

/**
 * The shell completion scripts ask this for the values of the word being
 * completed: `strata __complete -- migrate 00` prints `0001_initial`, … one
 * per line. Hidden; its output is for scripts.
 */
export default class Complete extends Command {
  static override hidden = true
  static override strict = false
  static override description = 'Print completion candidates for the words after `strata` (used by the completion scripts).'

  async run(): Promise<void> {
    const words = this.argv[0] === '--' ? this.argv.slice(1) : this.argv
    const commands = this.config.commands as unknown as CommandInfo[]
    const values = await completions(words.length ? words : [''], commands)
    if (values.length) process.stdout.write(values.join('\n') + '\n')
  }
}
