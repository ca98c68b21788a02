import * as Args from '../cli/args'
import * as Flags from '../cli/flags'
import { statusApp } from '../app-args'
import { StrataCommand } from '../base-command'
import { rebuildSnapshot } from '../migrations/undo'

export default class Snapshot extends StrataCommand<typeof Snapshot> {
  static override description =
    'Check migrations/snapshot.json against the replay of the migrations, or rebuild it from them (--rebuild): a deleted or conflicted snapshot is never a dead end. With apps: every app\'s snapshot, or APP\'s.'
  static override examples = [
    '<%= config.bin %> snapshot             # exit 1 when the snapshot differs from the replay of the migrations',
    '<%= config.bin %> snapshot --rebuild   # write it from the migrations',
    '<%= config.bin %> snapshot billing --rebuild   # with apps: one app\'s snapshot',
  ]
  static override args = {
    app: Args.string({ description: 'With apps: this app\'s snapshot only (default: every app\'s).' }),
  }
  static override flags = {
    rebuild: Flags.boolean({ description: 'Write the snapshot from the replay of the migrations.' }),
  }

  async run(): Promise<void> {
    const project = this.project()
    const app = statusApp(project, this.args.app)
    const result = rebuildSnapshot(project, { check: !this.flags.rebuild, ...(app ? { app } : {}) })
    if (this.flags.rebuild) {
      this.emit(result, result.changed ? `Wrote ${result.written.join(', ')} from the migrations` : 'The snapshot already equals the replay of the migrations.')
      return
    }
    this.emit(result, result.changed ? 'The snapshot differs from the replay of the migrations: `strata snapshot --rebuild` rewrites it.' : 'The snapshot equals the replay of the migrations.')
    if (result.changed) this.setExitCode(1)
  }
}
