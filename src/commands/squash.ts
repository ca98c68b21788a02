import * as Args from '../cli/args'
import * as Flags from '../cli/flags'
import { StrataCommand } from '../base-command'
import { squashMigrations } from '../migrations/squash'
import { squashArgs } from '../app-args'
import { summaryLine } from '../output/format'

export default class Squash extends StrataCommand<typeof Squash> {
  static override hiddenAliases = ['squashmigrations']
  static override summary = 'Squash a range of migrations into one. Alias: squashmigrations.'
  static override description =
    'Write one migration equivalent to the migrations FROM..TO, its operations optimised, listing the migrations it replaces. ' +
    'A database that applied none of them applies it; one that applied all records it as applied; one that applied some applies the rest of them. ' +
    'Once every database has it applied, the replaced files can be deleted. Alias: squashmigrations.'
  static override examples = [
    '<%= config.bin %> squash 0001 0010',
    '<%= config.bin %> squash 0002_posts 0005_tags --name posts_and_tags',
    '<%= config.bin %> squash billing 0001 0004   # with apps: APP FROM TO',
  ]
  static override args = {
    from: Args.string({ description: 'First migration of the range: name, number or path.', required: true }),
    to: Args.string({ description: 'Last migration of the range: name, number or path.', required: true }),
    last: Args.string({ description: 'With apps: squash APP FROM TO (the app first).' }),
  }
  static override flags = {
    name: Flags.string({ description: 'Words for the squashed migration\'s name (default: squashed_NNNN_ and the last one\'s words).' }),
    'dry-run': Flags.boolean({ description: 'Print what would be written; write nothing.' }),
  }

  async run(): Promise<void> {
    const project = this.project()
    const range = squashArgs(project, this.args.from, this.args.to, this.args.last)
    const result = await squashMigrations(project, { ...range, name: this.flags.name, dryRun: this.flags['dry-run'] })
    const p = this.palette()
    const head = this.flags['dry-run'] ? `Would write ${result.migration}.yaml` : `Wrote ${result.written[0]}`
    this.emit(result, [
      head,
      `  replaces ${result.replaces[0]} … ${result.replaces[result.replaces.length - 1]} (${result.replaces.length} migrations, ${result.operationsBefore} operations → ${result.operations})`,
      ...result.summary.map((s) => `  ${summaryLine(s, p)}`),
      'Keep the replaced files until every database has applied it (strata status shows it); then they can be deleted.',
    ])
  }
}
