import * as Args from '../cli/args'
import { StrataCommand } from '../base-command'
import { statusApp } from '../app-args'
import { redactUrl } from '../dialects'
import { status } from '../migrations/status'
import { statusMark, summaryLine } from '../output/format'

/**
 * Where the migration graph is not a plain chain: a merge migration names
 * what it merges, and a migration that does not follow the line above it
 * names the one it branches from.
 */
function graphNote(dependsOn: readonly string[], previous: string | undefined, name = ''): string {
  // With apps: a migration that depends on other apps' migrations says on which.
  const app = name.includes(':') ? name.slice(0, name.indexOf(':') + 1) : ''
  const others = app ? dependsOn.filter((d) => !d.startsWith(app)) : []
  if (others.length) return `  (after ${others.join(' + ')})`
  if (app && dependsOn.length === 1) return ''
  if (dependsOn.length > 1) return `  (merges ${dependsOn.join(' + ')})`
  if (dependsOn.length === 1 && dependsOn[0] !== previous) return `  (branch from ${dependsOn[0]})`
  return ''
}

export default class Status extends StrataCommand<typeof Status> {
  static override hiddenAliases = ['showmigrations']
  static override summary = 'List applied and pending migrations. Alias: showmigrations.'
  static override description =
    'List migrations as applied [X] or pending [ ], flag edited and missing ones and unmigrated schema changes. Exit 1 when anything is pending or wrong. Alias: showmigrations.'
  static override examples = [
    '<%= config.bin %> status',
    '<%= config.bin %> status --database production --json',
    '<%= config.bin %> status billing          # with apps: one app',
  ]
  static override args = {
    app: Args.string({ description: 'With apps: show this app only.' }),
  }

  async run(): Promise<void> {
    const project = this.project()
    const url = this.databaseUrl(project)
    const app = statusApp(project, this.args.app)
    const result = await status(project, url, app ? { app } : {})
    const p = this.palette()
    const lines = result.migrations.map((m, i) => {
      const when = m.appliedAt ? `  ${p.dim(m.appliedAt.slice(0, 16).replace('T', ' '))}` : ''
      const mark = statusMark(m.edited ? 'edited' : m.applied ? 'applied' : m.partial ? 'partial' : 'pending', p)
      const partial = m.partial
        ? `  ${p.yellow(`PARTLY APPLIED: ${m.partial.appliedOperations} of ${m.partial.operations} operations`)}` +
          (m.partial.appliedStatements ? ` and ${m.partial.appliedStatements} statement${m.partial.appliedStatements === 1 ? '' : 's'} of the next` : '') +
          (m.partial.resolution === 'migrate'
            ? ' (strata migrate completes it)'
            : ' (stopped at a failure: strata migrate --finish runs the rest, strata migrate --rollback reverses what ran)')
        : ''
      const squashed = m.replaces?.length ? `  (squashes ${m.replaces[0]} … ${m.replaces[m.replaces.length - 1]})` : ''
      return `${mark} ${m.name}${graphNote(m.dependsOn, result.migrations[i - 1]?.name, m.name)}${squashed}${when}${m.edited ? `  ${p.red('EDITED since it was applied')}` : ''}${partial}`
    })
    if (!result.migrations.length) lines.push('No migrations yet.')
    for (const m of result.missing) lines.push(`${statusMark('missing', p)} ${m.name}  applied ${m.appliedAt.slice(0, 16).replace('T', ' ')}, but its file is ${p.red('MISSING')}`)
    if (result.unmigratedChanges.length) {
      lines.push('', 'Schema changes not in any migration (run `strata make`):', ...result.unmigratedChanges.map((c) => `  ${summaryLine(c, p)}`))
    }
    if (result.drift) {
      lines.push('', `${p.yellow('drift:')} the database differs from the snapshot (strata diff --db)`, ...result.driftOperations.map((c) => `  ${summaryLine(c, p)}`))
    }
    this.emit({ ...result, database: redactUrl(result.database) }, [`Database: ${redactUrl(url)}`, ...lines])
    if (result.attention) this.setExitCode(1)
  }
}
