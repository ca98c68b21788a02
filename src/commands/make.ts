import { relative } from 'node:path'
import * as Args from '../cli/args'
import * as Flags from '../cli/flags'
import { StrataCommand } from '../base-command'
import { UsageError } from '../errors'
import { dialectForUrl, redactUrl } from '../dialects'
import type { Finding } from '../lint/types'
import { makeMigration } from '../migrations/make'
import { cliResolver, parseDefaults } from '../prompt-resolver'
import { summaryLine } from '../output/format'
import { makeArgs } from '../app-args'
import { appsInDependencyOrder, loadAppsSchema } from '../migrations/app-schemas'
import type { Project } from '../project'

// What only --undo, --merge, --dry-run or a written migration's lint need
// is loaded when used (start-up of `make --check`, issue 13).
const lazy = {
  undo: () => require('../migrations/undo') as typeof import('../migrations/undo'),
  merge: () => require('../migrations/merge') as typeof import('../migrations/merge'),
  compile: () => require('../migrations/compile') as typeof import('../migrations/compile'),
  sqlFormat: () => require('../sql-format') as typeof import('../sql-format'),
  lint: () => require('../lint/lint') as typeof import('../lint/lint'),
  lintProject: () => require('../lint/lint-project') as typeof import('../lint/lint-project'),
  rules: () => require('../lint/rules') as typeof import('../lint/rules'),
}

/** The findings `make` prints: what the migration deletes, what cannot apply. */
const MAKE_FAMILIES = new Set(['destructive', 'data', 'ordering'])

export default class Make extends StrataCommand<typeof Make> {
  static override hiddenAliases = ['makemigrations']
  static override summary = 'Write the next migration. Alias: makemigrations.'
  static override description =
    'Diff the schema files against migrations/snapshot.json and write the next migration (with its down path) and the new snapshot. Alias: makemigrations.'
  static override examples = [
    '<%= config.bin %> make',
    '<%= config.bin %> make add_post_slug',
    '<%= config.bin %> make --check            # CI: exit 1 when the schema files have unmigrated changes',
    '<%= config.bin %> make --dry-run          # print the migration and its SQL, write nothing',
    '<%= config.bin %> make --empty backfill   # a blank migration for data or SQL',
    '<%= config.bin %> make --default posts.status=draft   # one-off value for a new NOT NULL column',
    '<%= config.bin %> make --merge            # a merge migration depending on both branches',
    '<%= config.bin %> make --undo             # remove the last migration if the database has not applied it',
    '<%= config.bin %> make billing invoices   # with apps: APP [NAME]; without APP every app with changes',
  ]
  static override args = {
    name: Args.string({ description: 'Words for the migration name (default: taken from the changes). With apps: APP.' }),
    words: Args.string({ description: 'With apps: words for the migration name.' }),
  }
  static override flags = {
    check: Flags.boolean({ description: 'Write nothing; exit 1 if there are changes.', exclusive: ['dry-run', 'empty', 'merge'] }),
    'dry-run': Flags.boolean({ description: 'Print the migration and its SQL; write nothing.', exclusive: ['merge'] }),
    empty: Flags.boolean({ description: 'Write a blank migration for data or SQL operations.', exclusive: ['merge'] }),
    undo: Flags.boolean({
      description: 'Remove the last migration and restore the snapshot, when the selected database has not applied it.',
      exclusive: ['check', 'dry-run', 'empty', 'merge'],
    }),
    merge: Flags.boolean({ description: 'Write a merge migration that depends on every branch head (no migration is renamed).' }),
    default: Flags.string({
      description: 'One-off value for existing rows of a new NOT NULL column without default: table.column=VALUE. Repeatable.',
      multiple: true,
    }),
    'no-input': Flags.boolean({ description: 'Never ask (renames become drop + add with a warning).' }),
    'allow-drop-all': Flags.boolean({ description: 'Write a migration that drops every table, or more than half of them (refused otherwise).' }),
  }

  async run(): Promise<void> {
    const project = this.project()
    const { app, name } = makeArgs(project, this.args.name, this.args.words)
    if (project.apps && !app && (this.flags.undo || this.flags.merge)) {
      throw new UsageError(`with apps, make --${this.flags.undo ? 'undo' : 'merge'} takes an APP (apps: ${project.apps.map((a) => a.name).join(', ')})`)
    }
    if (project.apps && !app) {
      if (this.flags.json) throw new UsageError('with apps, make --json takes an APP (one JSON document per run)')
      const apps = await loadAppsSchema(project)
      let changed = 0
      for (const each of appsInDependencyOrder(project, apps)) changed += (await this.makeOne(project, each, undefined, true)) ? 1 : 0
      if (!changed) this.emit({}, 'No changes detected.')
      return
    }
    await this.makeOne(project, app, name, false)
  }

  /** One migration (with apps: for `app`); returns whether there were changes. */
  private async makeOne(project: Project, app: string | undefined, name: string | undefined, quietWhenNone: boolean): Promise<boolean> {
    if (this.flags.undo) {
      const url = this.databaseUrl(project)
      const undone = await lazy.undo().undoLastMigration(project, url, process.cwd(), app)
      this.emit({ ...undone, database: redactUrl(url) }, [
        `Removed ${undone.removed[0]} (not applied to ${redactUrl(url)})`,
        ...(undone.written.length ? [`Restored ${undone.written.join(', ')}`] : undone.removed.slice(1).map((f) => `Removed ${f} (no migration left)`)),
      ])
      return true
    }
    const interactive = Boolean(process.stdin.isTTY) && !this.flags.json && !this.flags['no-input']
    const defaults = parseDefaults(this.flags.default ?? [])
    const base = cliResolver({ interactive, defaults })
    // Which one-off values the diff asked for: a --default naming any other column is a typo to report, not to ignore.
    const asked = new Set<string>()
    const resolver = {
      ...base,
      fillValue: (table: string, column: string, type: Parameters<typeof base.fillValue>[2]) => (asked.add(`${table}.${column}`), base.fillValue(table, column, type)),
      // A dropped NOT NULL column asks too: the value its reversal puts back.
      reversalValue: (table: string, column: string, type: Parameters<typeof base.fillValue>[2]) =>
        (asked.add(`${table}.${column}`), base.reversalValue ? base.reversalValue(table, column, type) : Promise.resolve(undefined)),
    }
    if (this.flags.merge) {
      const merged = await lazy.merge().mergeMigrations(project, { name, resolver, ...(app ? { app } : {}) })
      this.emit(merged, [
        `Wrote ${relative(process.cwd(), merged.written[0]!)}`,
        `  merges ${merged.merged.join(' + ')} (no migration renamed)`,
        ...merged.operations.map((s) => `  ${summaryLine(s, this.palette())}`),
      ])
      return true
    }
    const afterDiff = () => {
      const unused = Object.keys(defaults).filter((k) => !asked.has(k))
      if (unused.length) {
        throw new UsageError(
          `--default ${unused.join(', ')}: no NOT NULL column without a default, added or dropped, asks for a value there ` +
            `(asked: ${asked.size ? [...asked].join(', ') : 'none'}); nothing was written`,
        )
      }
    }
    const result = await makeMigration(project, {
      name,
      ...(app ? { app } : {}),
      check: this.flags.check,
      dryRun: this.flags['dry-run'],
      empty: this.flags.empty,
      allowDropAll: this.flags['allow-drop-all'],
      afterDiff,
      resolver,
    })
    for (const w of result.warnings) this.report('warning', w)
    const json = {
      changed: result.changed,
      migration: result.migration?.name ?? null,
      operations: result.summary,
      warnings: result.warnings,
      written: result.written,
    }
    const p = this.palette()
    if (!result.changed) {
      if (!quietWhenNone) this.emit(json, app ? `No changes detected in app ${app}.` : 'No changes detected.')
      return false
    }
    if (this.flags.check) {
      this.emit(json, [`Unmigrated changes (strata make${app ? ` ${app}` : ''} would write ${result.migration!.name}):`, ...result.summary.map((s) => `  ${summaryLine(s, p)}`)])
      this.setExitCode(1)
      return true
    }
    if (this.flags['dry-run']) {
      const dialect = dialectForUrl(this.databaseUrl(project))
      const compiled = lazy.compile().compileOperations(dialect.compiler, result.before, result.migration!.up)
      this.emit({ ...json, text: result.text, dialect: dialect.name, sql: compiled.flatMap((c) => c.statements.map((s) => s.sql)) }, [
        result.text!.trimEnd(),
        '',
        `-- SQL (${dialect.name})`,
        lazy.sqlFormat().formatCompiled(compiled),
      ])
      return true
    }
    // What the new migration deletes or cannot apply (with the selected
    // database when it exists: the rows involved), before anyone runs it.
    const names = (result.migrations ?? [result.migration!]).map((m) => (app ? `${app}:${m.name}` : m.name))
    let findings: Finding[] = []
    try {
      const lint = await lazy.lintProject().lintProject(project, { migrations: names, database: 'auto', url: this.databaseUrl(project), ...(result.state ? { state: result.state } : {}) })
      findings = lint.findings.filter((f) => MAKE_FAMILIES.has(lazy.rules().ruleByCode(f.code)?.family ?? ''))
    } catch (error) {
      // The migration is written; a database that cannot be read only means no counts.
      this.note(`note: the new migration was not linted (${error instanceof Error ? error.message : String(error)}); run \`strata lint\``)
    }
    for (const f of findings) this.note(lazy.lint().formatFinding(f))
    const wrote = result.written.filter((w) => !w.endsWith('snapshot.json')).map((w) => `Wrote ${relative(process.cwd(), w)}`)
    this.emit({ ...json, findings }, [...wrote, ...result.summary.map((s) => `  ${summaryLine(s, p)}`)])
    return true
  }
}
