import * as Args from '../cli/args'
import * as Flags from '../cli/flags'
import { StrataCommand } from '../base-command'
import { dialectByName, redactUrl } from '../dialects'
import { DIALECT_NAMES, type DialectName } from '../dialects/dialect'
import { formatFinding } from '../lint/lint'
import { lintProject } from '../lint/lint-project'
import { RULES } from '../lint/rules'

export default class Lint extends StrataCommand<typeof Lint> {
  static override description =
    'Check migrations for destructive changes, lossy casts, lock risks and ordering problems; with a database, count the rows that would be lost or make a migration fail. Exit 1 on errors.'
  static override examples = [
    '<%= config.bin %> lint                    # the migrations the selected database has not applied',
    '<%= config.bin %> lint 0003 0004',
    '<%= config.bin %> lint --all --dialect postgres',
    '<%= config.bin %> lint -d production --db  # counts rows; fails if the database cannot be reached',
    '<%= config.bin %> lint --rules             # every rule and its code',
  ]
  static override strict = false
  static override args = {
    migration: Args.string({ description: 'Migrations to lint: names, numbers or paths (default: those not yet applied).' }),
  }
  static override flags = {
    all: Flags.boolean({ description: 'Lint every migration, applied or not.' }),
    db: Flags.boolean({
      description: 'Count rows in the selected database (default: when it exists and answers). --no-db: never connect.',
      allowNo: true,
    }),
    dialect: Flags.string({ description: 'Apply the rules of this dialect (default: that of the selected database).', options: [...DIALECT_NAMES] }),
    rules: Flags.boolean({ description: 'List every rule (code, severity, what it catches) and exit.' }),
  }

  async run(): Promise<void> {
    if (this.flags.rules) {
      this.emit(
        { rules: RULES },
        RULES.map((r) => `${r.code}  ${r.severity.padEnd(7)}  ${r.name.padEnd(32)}  ${r.catches}`),
      )
      return
    }
    const project = this.project()
    const url = this.databaseUrl(project)
    const { argv } = await this.parse(Lint)
    const report = await lintProject(project, {
      migrations: argv as string[],
      all: this.flags.all,
      database: this.flags.db === true ? 'required' : this.flags.db === false ? 'none' : 'auto',
      url,
      ...(this.flags.dialect ? { dialect: dialectByName(this.flags.dialect as DialectName) } : {}),
    })
    const lines: string[] = []
    for (const f of report.findings) lines.push(formatFinding(f))
    for (const s of report.suppressed) {
      lines.push(`${s.file ?? s.migration}:${s.line ?? 1}:${s.column ?? 1}  suppressed  ${s.code}  by the ${s.suppressedBy === 'migration' ? 'migration file' : 'project (strata.yaml)'}${s.reason ? `: ${s.reason}` : ''}`)
    }
    const scope = report.migrations.length
      ? `${report.migrations.length} migration${report.migrations.length === 1 ? '' : 's'} (${report.migrations[0]}${report.migrations.length > 1 ? ` … ${report.migrations[report.migrations.length - 1]}` : ''})`
      : 'no migrations'
    const db = report.database ? `rows counted in ${redactUrl(url)}` : 'no database: rows not counted'
    lines.push(`${scope}, ${report.dialect} rules, ${db}: ${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}`)
    this.emit({ ...report, ...(report.databaseSkipped ? { databaseSkipped: report.databaseSkipped } : {}) }, lines)
    if (report.errors > 0) this.setExitCode(1)
  }
}
