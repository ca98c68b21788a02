import { Flags } from '@oclif/core'
import { StrataCommand } from '../base-command'
import { UsageError } from '../errors'
import { rebuildSnapshot } from '../migrations/undo'

export default class Snapshot extends StrataCommand<typeof Snapshot> {
  static override description =
    'Check migrations/snapshot.json against the replay of the migrations, or rebuild it from them (--rebuild): a deleted or conflicted snapshot is never a dead end.'
  static override examples = [
    '<%= config.bin %> snapshot             # exit 1 when the snapshot differs from the replay of the migrations',
    '<%= config.bin %> snapshot --rebuild   # write it from the migrations',
  ]
  static override flags = {
    rebuild: Flags.boolean({ description: 'Write the snapshot from the replay of the migrations.' }),
  }

  async run(): Promise<void> {
    const project = this.project()
    if (project.apps) throw new UsageError('strata snapshot does not take apps yet: every command that reads an app checks its snapshot against the replay of the migrations')
    const result = rebuildSnapshot(project, { check: !this.flags.rebuild })
    if (this.flags.rebuild) {
      this.emit(result, result.changed ? `Wrote ${result.written.join(', ')} from the migrations` : 'The snapshot already equals the replay of the migrations.')
      return
    }
    this.emit(result, result.changed ? 'The snapshot differs from the replay of the migrations: `strata snapshot --rebuild` rewrites it.' : 'The snapshot equals the replay of the migrations.')
    if (result.changed) this.setExitCode(1)
  }
}
