import { Args, Flags } from '@oclif/core'
import { StrataCommand } from '../base-command'
import { redactUrl } from '../dialects'
import { migrate } from '../migrations/migrator'

export default class Migrate extends StrataCommand<typeof Migrate> {
  static override description =
    'Apply pending migrations, or move to TARGET forward or backward (`zero` reverses all). Each migration runs in one transaction with its history row.'
  static override examples = [
    '<%= config.bin %> migrate',
    '<%= config.bin %> migrate 0002            # forward or back to 0002_…',
    '<%= config.bin %> migrate zero            # reverse everything',
    '<%= config.bin %> migrate --dry-run       # print the SQL it would run',
    '<%= config.bin %> migrate 0003 --fake     # record as applied without running it',
    '<%= config.bin %> migrate -d production --lock-timeout 10',
  ]
  static override args = {
    target: Args.string({ description: 'Migration name, number or path, or zero. Default: the last migration.' }),
  }
  static override flags = {
    fake: Flags.boolean({ description: 'Record (or remove) history rows without running SQL.' }),
    'dry-run': Flags.boolean({ description: 'Print the SQL that would run; change nothing.' }),
    'lock-timeout': Flags.integer({ description: 'Seconds to wait for another migrate to finish (default 60).', min: 0 }),
  }

  async run(): Promise<void> {
    const project = this.project()
    const url = this.databaseUrl(project)
    const progress = !this.flags.json && Boolean(process.stderr.isTTY)
    const lockSeconds = this.flags['lock-timeout']
    const result = await migrate(project, url, {
      target: this.args.target,
      fake: this.flags.fake,
      dryRun: this.flags['dry-run'],
      ...(lockSeconds !== undefined ? { lockTimeoutMs: lockSeconds * 1000 } : {}),
      onProgress: (event) => {
        if (!progress) return
        if (event.type === 'start') process.stderr.write(`${event.direction === 'up' ? 'Applying' : 'Reversing'} ${event.migration}…`)
        else if (event.type === 'done') process.stderr.write(` done (${Math.round(event.durationMs)} ms)\n`)
        else process.stderr.write(` skipped: ${event.reason}\n`)
      },
    })
    const lines: string[] = []
    if (this.flags['dry-run']) {
      for (const s of result.steps) {
        lines.push(`-- ${s.direction === 'up' ? 'apply' : 'reverse'} ${s.migration}${s.nonTransactional ? ' (not atomic)' : ''}`)
        lines.push(...s.statements.map((q) => (q.endsWith(';') ? q : `${q};`)))
      }
      if (!result.steps.length) lines.push('-- Nothing to do.')
    } else {
      for (const s of result.steps) {
        lines.push(`${s.direction === 'up' ? 'Applied' : 'Reversed'} ${s.migration}${this.flags.fake ? ' (fake)' : ''} in ${Math.round(s.durationMs)} ms`)
      }
      lines.push(result.steps.length ? `${result.steps.length} migration${result.steps.length === 1 ? '' : 's'} on ${redactUrl(url)}` : 'Nothing to do: the database is up to date.')
    }
    this.emit({ ...result, database: redactUrl(result.database) }, lines)
  }
}
