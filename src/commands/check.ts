import * as Flags from '../cli/flags'
import { StrataCommand } from '../base-command'
import { type ProofResult, type ProofStep, proveMigrations } from '../check/prove'
import { dialectByName, dialectForUrl } from '../dialects'
import { DIALECT_NAMES, type DialectName, type ScratchDatabase } from '../dialects/dialect'
import { UsageError } from '../errors'
import { formatDuration, prefixed, summaryLine } from '../output/format'

const PHASE_LABEL: Record<ProofStep['phase'], string> = { forward: 'forward', backward: 'back to zero', again: 'forward again' }

export default class Check extends StrataCommand<typeof Check> {
  static override summary = 'Prove the migrations on a throw-away database before they reach a real one.'
  static override description =
    'Apply every migration from zero on a scratch database of the dialect, reverse them back to zero, apply them again, and compare the schema ' +
    'after every step with the one the migrations give (the snapshot at the end). SQLite: in memory. PostgreSQL: a scratch database created on the ' +
    'selected server and dropped afterwards, or the embedded PostgreSQL (PGlite) when no PostgreSQL database is selected or with --embedded. ' +
    'MySQL: a scratch database on the selected server. With --data, sample rows go into every table before each step. ' +
    'Exit 0 when proven, 1 when a step fails (named, with the operation and SQL), 2 on bad input.'
  static override examples = [
    '<%= config.bin %> check                          # on the dialect of the selected database',
    '<%= config.bin %> check --dialect postgres       # a SQLite project proven on PostgreSQL, no server needed',
    '<%= config.bin %> check -d staging --data        # scratch database on the staging server, tables filled',
    '<%= config.bin %> check --embedded --json',
  ]
  static override flags = {
    dialect: Flags.string({
      description: 'Prove on this dialect (default: that of the selected database). PostgreSQL without a selected PostgreSQL database: the embedded one.',
      options: [...DIALECT_NAMES],
    }),
    embedded: Flags.boolean({ description: 'Never use a server: SQLite in memory, PostgreSQL embedded (PGlite). MySQL has no embedded engine.' }),
    data: Flags.boolean({ description: 'Insert sample rows into every table before each step, so that migrations that fail only on filled tables fail here.' }),
  }

  async run(): Promise<void> {
    const project = this.project()
    // The selected database names the dialect and, for a server dialect, the server.
    // With --dialect and no -d, a default that cannot be resolved (an unset ${VAR}) is simply not used.
    let url: string | undefined
    try {
      url = this.databaseUrl(project)
    } catch (error) {
      if (this.flags.database !== undefined || this.flags.dialect === undefined) throw error
    }
    const selected = url !== undefined ? dialectForUrl(url) : undefined
    const dialect = this.flags.dialect ? dialectByName(this.flags.dialect as DialectName) : selected
    if (!dialect) throw new UsageError('no database selected: pass --dialect or --database')
    const server = !this.flags.embedded && url !== undefined && selected?.name === dialect.name ? url : undefined

    const json = this.flags.json
    const out = (line: string) => {
      if (!json) process.stdout.write(line + '\n')
    }
    const p = this.palette()
    let scratch: ScratchDatabase | undefined
    let interrupted = false
    let width = 0
    // Ctrl-C (or a kill) while proving: the scratch database is removed before exiting; a second one exits at once.
    const onSignal = (signal: NodeJS.Signals) => {
      if (interrupted) process.exit(130)
      interrupted = true
      process.stderr.write(`\n${signal}: removing the scratch database…\n`)
      if (scratch) void scratch.dispose().finally(() => process.exit(130))
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    let result: ProofResult
    try {
      result = await proveMigrations(project, {
        dialect,
        ...(server !== undefined ? { url: server } : {}),
        data: this.flags.data,
        onScratch: (s, names) => {
          scratch = s
          width = Math.max(0, ...names.map((n) => n.length))
          if (interrupted) void s.dispose().finally(() => process.exit(130))
          out(`Proving on ${s.version}: ${s.description}${this.flags.data ? ', with sample rows before each step' : ''}`)
        },
        onStep: (step) => {
          const mark = step.ok ? p.green('ok') : p.bold(p.red('FAILED'))
          const rows = step.rowsInserted !== undefined ? p.dim(`  (${step.rowsInserted} sample rows)`) : ''
          out(`  ${PHASE_LABEL[step.phase].padEnd(13)}  ${step.direction === 'up' ? 'apply  ' : 'reverse'}  ${step.migration.padEnd(width)}  ${mark}${rows}  ${p.dim(formatDuration(step.durationMs))}`)
        },
      })
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
    for (const g of result.gaps) {
      this.report('warning', `no sample rows went into ${g.table} before ${g.migration} (${PHASE_LABEL[g.phase]}): ${g.reason}`)
    }
    const lines: string[] = []
    const removed = result.scratch.kind === 'server' ? ` The scratch database ${result.scratch.name} was dropped.` : ''
    if (result.failure) {
      const f = result.failure
      const verb = f.direction === 'up' ? 'apply' : 'reverse'
      const what =
        f.kind === 'schema'
          ? `${f.migration}, ${f.direction === 'up' ? 'applied' : 'reversed'} (${PHASE_LABEL[f.phase]})`
          : `${f.migration} failed to ${verb} (${PHASE_LABEL[f.phase]})`
      lines.push('')
      if (f.kind === 'failed' && f.reason !== undefined && f.operation !== undefined) {
        lines.push(prefixed('error', `${what}: operation ${f.operation} (${f.operationKind}): ${f.reason.split('\n').join('\n  ')}`, p))
        if (f.sql !== undefined) lines.push(`  SQL: ${f.sql}`)
      } else if (f.kind === 'schema') {
        lines.push(prefixed('error', `${what}: the database differs from the schema the migrations give ${f.direction === 'up' ? 'after' : 'before'} it:`, p))
        for (const d of f.differences ?? []) lines.push(`  ${summaryLine(d, p)}`)
      } else {
        lines.push(prefixed('error', `${what}: ${f.message}`, p))
      }
      lines.push(`Not proven on ${result.scratch.version}.${removed}`)
    } else if (result.migrations === 0) {
      lines.push(`Nothing to prove: there are no migrations.${removed}`)
    } else {
      lines.push(
        `Proven on ${result.scratch.version}: ${result.migrations} migration${result.migrations === 1 ? '' : 's'} applied from zero, reversed to zero and applied again; ` +
          `the schema matched the migrations after every step and the snapshot at the end.${removed}`,
      )
    }
    this.emit(result, lines)
    if (result.failure) this.setExitCode(1)
  }
}
