import { relative } from 'node:path'
import * as Args from '../cli/args'
import * as Flags from '../cli/flags'
import { statusApp } from '../app-args'
import { findApp } from '../migrations/apps'
import { StrataCommand } from '../base-command'
import { redactUrl } from '../dialects'
import { UsageError } from '../errors'
import { introspectDatabase } from '../migrations/introspect'
import { PASSWORD_VARIABLE } from '../migrations/introspect-config'
import { formatReport, unrunnableWarning } from '../migrations/introspect-report'
import { formatDuration } from '../output/format'
import { LiveLine } from '../output/live-line'

export default class Introspect extends StrataCommand<typeof Introspect> {
  static override hiddenAliases = ['inspectdb', 'pull']
  static override summary = 'Adopt an existing database. Aliases: inspectdb, pull.'
  static override description =
    'Read a live database (--database) and start the project from it: schema files (one per table), a baseline migration 0001_baseline, the snapshot, the baseline recorded as applied in that database, and strata.yaml naming the database (unless there is one). Prints what it read by object kind: modelled, kept as native types or raw SQL, not kept. Refuses (exit 2, nothing written) when the project already has migrations or schema files. Aliases: inspectdb, pull.'
  static override examples = [
    '<%= config.bin %> introspect',
    '<%= config.bin %> introspect -d postgres://localhost/shop',
    '<%= config.bin %> introspect --single-file   # everything in schemas/schema.yaml',
    '<%= config.bin %> introspect --schema billing,audit   # also the tables and enums of two other PostgreSQL schemas',
    '<%= config.bin %> introspect legacy          # with apps: into app legacy\'s folders (baseline legacy:0001_baseline)',
  ]
  static override args = {
    app: Args.string({ description: 'With apps: the app whose schemas and migrations folders take the database (required then).' }),
  }
  static override flags = {
    'single-file': Flags.boolean({ description: 'Write one schemas/schema.yaml instead of one file per table.' }),
    strict: Flags.boolean({ description: 'Refuse (exit 1, nothing written) when the database holds anything the schema files would not keep.' }),
    schema: Flags.string({
      description: 'PostgreSQL: other schemas to read besides the connection\'s own, comma-separated; their tables and enums are named schema.name.',
      helpValue: 'NAME,NAME',
    }),
  }

  async run(): Promise<void> {
    const project = this.project()
    const url = this.databaseUrl(project)
    const app = statusApp(project, this.args.app)
    // On a terminal, the phase being worked on is shown on a live line, and each finished phase keeps one line.
    const line = new LiveLine(process.stderr, !this.flags.json)
    let current = ''
    const result = await introspectDatabase(project, url, {
      ...(app ? { app } : {}),
      singleFile: this.flags['single-file'],
      strict: this.flags.strict,
      ...(this.flags.schema ? { schemas: schemaList(this.flags.schema) } : {}),
      onProgress: (event) => {
        if (!line.live) return
        if (event.type === 'phase') {
          current = `${event.phase}: ${event.detail}`
          line.update(`${current}…`)
        } else {
          line.clear()
          process.stderr.write(`${current} (${formatDuration(event.durationMs)})\n`)
        }
      },
    })
    for (const w of result.warnings) this.report('warning', w)
    for (const u of result.unrunnable) this.report('warning', unrunnableWarning(u).replace(/^WARNING: /, ''))
    const shown = (p: string) => relative(process.cwd(), p) || p
    const schemaFiles = result.written.length - 2
    const modelled = result.report.modelled
    const config = result.config
      ? [
          `Wrote ${shown(result.config.path)} with this database as default, so the next command needs no -d` +
            (result.config.password ? ` (its password is read from $${PASSWORD_VARIABLE})` : ''),
        ]
      : []
    this.emit(
      { ...result, database: redactUrl(result.database), written: result.written.map(shown), ...(result.config ? { config: { ...result.config, path: shown(result.config.path) } } : {}) },
      [
        `Read ${result.tables} table${result.tables === 1 ? '' : 's'} and ${result.enums} enum${result.enums === 1 ? '' : 's'} from ${redactUrl(url)} in ${Math.round(result.readMs)} ms`,
        `Wrote ${schemaFiles} schema file${schemaFiles === 1 ? '' : 's'} under ${shown(app ? findApp(project, app).schemas : project.schemas)}, ${shown(result.written[result.written.length - 2]!)} and the snapshot`,
        `Recorded ${app ? `${app}:` : ''}${result.migration} as applied (nothing was run)`,
        ...config,
        'By kind:',
        ...formatReport(result.report.byKind),
        `Kept: ${modelled.tables} tables, ${modelled.columns} columns, ${modelled.indexes} indexes, ${modelled.constraints} constraints, ${modelled.enums} enums modelled; ` +
          `${result.report.raw.length} kept as native types or raw SQL; ${result.report.notKept.length} not kept`,
      ],
    )
  }
}

/** `--schema a,b`: the names, each once, none empty. */
function schemaList(value: string): string[] {
  const names = value.split(',').map((s) => s.trim())
  if (names.some((n) => n === '')) throw new UsageError(`--schema "${value}": an empty schema name; write --schema NAME,NAME`)
  return [...new Set(names)]
}
