import * as Args from '../cli/args'
import * as Flags from '../cli/flags'
import { statusApp } from '../app-args'
import { StrataCommand } from '../base-command'
import { UsageError } from '../errors'
import { redactUrl } from '../dialects'
import { diffDatabase, diffFiles } from '../migrations/schema-diff'
import type { Palette } from '../output/colour'
import { summaryLine } from '../output/format'

/** Colours for a unified diff, as git prints it. */
function colourize(patch: string, p: Palette): string {
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('Index:')) return p.bold(line)
      if (line.startsWith('@@')) return p.cyan(line)
      if (line.startsWith('+')) return p.green(line)
      if (line.startsWith('-')) return p.red(line)
      return line
    })
    .join('\n')
}

export default class Diff extends StrataCommand<typeof Diff> {
  static override summary = 'Show schema changes or drift against the snapshot.'
  static override description =
    'Show the schema difference as a unified diff of the two schemas in schema-file form, then the operations: the schema files vs migrations/snapshot.json, or with --db the live database vs the snapshot (drift). Prints nothing and exits 0 when they agree; exit 1 when they differ.'
  static override examples = [
    '<%= config.bin %> diff                    # schema files vs the snapshot (what `strata make` would write)',
    '<%= config.bin %> diff --db               # the database vs the snapshot: changes made by hand',
    '<%= config.bin %> diff --db -d production --json',
    '<%= config.bin %> diff billing             # with apps: one app\'s files (default: every app\'s)',
  ]
  static override args = {
    app: Args.string({ description: 'With apps: compare this app\'s schema files only (default: every app\'s). Not with --db: a database holds every app.' }),
  }
  static override flags = {
    db: Flags.boolean({ description: 'Compare the live database (--database) with the snapshot instead of the schema files.' }),
  }

  async run(): Promise<void> {
    const project = this.project()
    const url = this.flags.db ? this.databaseUrl(project) : undefined
    const app = statusApp(project, this.args.app)
    if (app && url !== undefined) throw new UsageError(`diff --db compares the whole database, every app's part: drop ${app}`)
    const result = url === undefined ? await diffFiles(project, app ? { app } : {}) : await diffDatabase(project, url)
    if (url !== undefined && result.unapplied.length > 0) {
      this.note(
        `note: ${result.unapplied.length} migration${result.unapplied.length === 1 ? ' is' : 's are'} not applied to ${redactUrl(url)} ` +
          `(${result.unapplied.join(', ')}); the snapshot includes ${result.unapplied.length === 1 ? 'it' : 'them'}, so the difference does too`,
      )
    }
    if (result.unchecked?.length) {
      this.note(
        `note: strata has no record of what sql ${result.unchecked.map((n) => `"${n}"`).join(', ')} made in ${redactUrl(url!)} ` +
          '(applied by an older strata, by hand from `strata sql`, or with --fake), so a hand change to it is not checked; reverse and apply it again to record it',
      )
    }
    if (this.flags.json) {
      this.emit({ drift: result.drift, operations: result.operations, diff: result.diff, unapplied: result.unapplied, ...(result.unchecked?.length ? { unchecked: result.unchecked } : {}) }, [])
    } else if (result.drift) {
      const p = this.palette()
      const heading = url === undefined ? 'Changes in the schema files not in any migration:' : `Differences of ${redactUrl(url)} from the snapshot:`
      this.emit(null, [colourize(result.diff, p).trimEnd(), '', heading, ...result.operations.map((o) => `  ${summaryLine(o, p)}`)])
    }
    if (result.drift) this.setExitCode(1)
  }
}
