import * as Args from '../cli/args'
import * as Flags from '../cli/flags'
import { StrataCommand } from '../base-command'
import { dialectForUrl, redactUrl } from '../dialects'
import { formatFinding } from '../lint/lint'
import { type ProjectLintReport, lintProject } from '../lint/lint-project'
import { migrate } from '../migrations/migrator'
import { readMigrationState } from '../migrations/state'
import { migrateFromTemplate, templatesEnabled } from '../migrations/template'
import { migrateTarget } from '../app-args'
import { MigrateProgress } from '../output/migrate-progress'

export default class Migrate extends StrataCommand<typeof Migrate> {
  static override summary = 'Apply pending migrations, or move to a target.'
  static override description =
    'Apply pending migrations, or move to TARGET forward or backward (`zero` reverses all). Each migration runs in one transaction with its history row.'
  static override examples = [
    '<%= config.bin %> migrate',
    '<%= config.bin %> migrate 0002            # forward or back to 0002_…',
    '<%= config.bin %> migrate zero            # reverse everything',
    '<%= config.bin %> migrate --dry-run       # print the SQL it would run',
    '<%= config.bin %> migrate 0003 --fake     # record as applied without running it',
    '<%= config.bin %> migrate -d production --lock-timeout 10',
    '<%= config.bin %> migrate --finish        # MySQL: run the rest of a migration that stopped partway',
    '<%= config.bin %> migrate --rollback      # MySQL: reverse the statements of that migration that ran',
    '<%= config.bin %> migrate billing 0002    # with apps: APP MIGRATION (dependents in other apps are reversed first)',
  ]
  static override args = {
    target: Args.string({ description: 'Migration name, number or path, or zero. Default: the last migration. With apps: APP.' }),
    migration: Args.string({ description: "With apps: the APP's migration to move to (name, number or path), or zero." }),
  }
  static override flags = {
    fake: Flags.boolean({ description: 'Record (or remove) history rows without running SQL.' }),
    'dry-run': Flags.boolean({ description: 'Print the SQL that would run; change nothing.' }),
    'lock-timeout': Flags.integer({ description: 'Seconds to wait for another migrate to finish (default 60).', min: 0, max: 2147483 }),
    force: Flags.boolean({ description: 'Apply even when `strata lint` finds errors in the migrations to apply.' }),
    finish: Flags.boolean({
      description: 'A migration stopped partway (MySQL: DDL commits by itself) is finished: its remaining statements run, then migrate goes on.',
      exclusive: ['rollback', 'fake'],
    }),
    rollback: Flags.boolean({
      description: 'A migration stopped partway (MySQL) is reversed: the statements that ran are undone, last first; nothing else runs.',
      exclusive: ['finish', 'fake'],
    }),
  }

  async run(): Promise<void> {
    const project = this.project()
    const url = this.databaseUrl(project)
    const target = migrateTarget(project, this.args.target, this.args.migration)
    const lockSeconds = this.flags['lock-timeout']
    const dryRun = this.flags['dry-run']
    // Each migration's line is printed as it finishes, with a live operation counter meanwhile on a terminal.
    const progress = new MigrateProgress({
      out: process.stdout,
      err: process.stderr,
      palette: this.palette('stdout'),
      quiet: this.flags.json || dryRun,
      fake: this.flags.fake,
    })
    const state = readMigrationState(project)
    // A new database from a template of exactly these migrations (template.ts), when there is one.
    const plain = !this.flags.fake && !dryRun && !this.flags.finish && !this.flags.rollback && target === undefined && templatesEnabled()
    const dialect = plain ? dialectForUrl(url) : undefined
    const isNew = plain && dialect?.templates?.isNew(url) === true
    if (isNew) {
      const copied = await migrateFromTemplate(project, url, dialect!, state, {
        ...(lockSeconds !== undefined ? { lockTimeoutMs: lockSeconds * 1000 } : {}),
        onProgress: progress.onProgress,
        statements: this.flags.json,
      })
      if (copied) {
        const lint = copied.lint as ProjectLintReport | undefined
        for (const f of lint?.findings ?? []) this.note(formatFinding(f))
        this.note(`(created as a copy of the template of these migrations in .strata/templates/${copied.key}.db; STRATA_TEMPLATES=0 runs their SQL instead)`)
        const lines = [progress.summary(redactUrl(url))]
        this.emit({ ...copied.result, database: redactUrl(copied.result.database), template: copied.key, ...(lint ? { lint } : {}) }, lines)
        return
      }
    }
    // The lint gate: error-level findings on what is about to be applied stop
    // the run before anything is touched (SPEC §5), unless --force.
    const lint = this.flags.fake || this.flags.rollback ? undefined : await lintProject(project, { database: 'required', url, state, upTo: target?.endsWith(':zero') ? 'zero' : target?.endsWith(':') ? undefined : target })
    for (const f of lint?.findings ?? []) this.note(formatFinding(f))
    if (lint && lint.errors > 0 && !this.flags.force) {
      this.emit({ database: redactUrl(url), steps: [], lint, stopped: true }, [])
      this.note(`${lint.errors} lint error${lint.errors === 1 ? '' : 's'}: nothing was applied (fix them, suppress them with lint: { ignore: [...], reason } in the migration, or pass --force)`)
      this.setExitCode(1)
      return
    }
    let result
    try {
      result = await migrate(project, url, {
        target,
        state,
        fake: this.flags.fake,
        ...(isNew && lint && lint.errors === 0 ? { recordTemplate: { lint } } : {}),
        dryRun,
        ...(lockSeconds !== undefined ? { lockTimeoutMs: lockSeconds * 1000 } : {}),
        onProgress: progress.onProgress,
        ...(this.flags.finish ? { resolve: 'finish' as const } : this.flags.rollback ? { resolve: 'rollback' as const } : {}),
      })
    } catch (error) {
      progress.failed()
      throw error
    }
    const lines: string[] = []
    if (dryRun) {
      for (const s of result.steps) {
        lines.push(`-- ${s.direction === 'up' ? 'apply' : 'reverse'} ${s.migration}${s.nonTransactional ? ' (not atomic)' : ''}${s.parts ? ` (in ${s.parts} transactions)` : ''}`)
        lines.push(...s.statements.map((q) => (q.endsWith(';') ? q : `${q};`)))
      }
      if (!result.steps.length) lines.push('-- Nothing to do.')
    } else {
      lines.push(result.steps.length ? progress.summary(redactUrl(url)) : 'Nothing to do: the database is up to date.')
    }
    this.emit({ ...result, database: redactUrl(result.database), ...(lint ? { lint } : {}) }, lines)
  }
}
