/**
 * `strata lint`: run the rules over migrations, each operation against the
 * schema just before it; with a database connection, also the data rules,
 * which count rows in the live database. Findings a migration file or
 * strata.yaml suppresses (`lint: { ignore: [CODE, …], reason }`) are
 * reported apart, with their reason.
 */
import { schemasOf } from '../schema/qualified'
import { quoteTableName } from '../dialects/dialect'
import { applyAll, applyOperation } from '../diff/apply'
import { invert } from '../diff/invert'
import type { Operation } from '../diff/operations'
import type { Connection, Dialect } from '../dialects/dialect'
import { UsageError } from '../errors'
import type { Schema } from '../schema/model'
import type { YamlSource } from '../schema/yaml-source'
import { DATA_RULES, STATIC_RULES, ruleByCode } from './rules'
import type { DataContext, Finding, OperationContext, RawFinding } from './types'

/** A migration to lint: its operations and, when it comes from a file, where it is. */
export interface LintSubject {
  readonly name: string
  readonly up: readonly Operation[]
  readonly down: readonly Operation[] | null
  readonly file?: string
  readonly source?: YamlSource
  /** The schema before the migration. */
  readonly before: Schema
  /** Not yet applied to the connected database: the data rules count its rows. Default true. */
  readonly pending?: boolean
}

export interface LintSettings {
  /** Codes (or rule names) not reported. */
  readonly ignore: readonly string[]
  readonly reason?: string
}

export interface LintOptions {
  /** Whose rules apply (lock rules, enum values) and whose SQL counts rows. */
  readonly dialect: Dialect
  /** With a connection, the data rules run against the live database. */
  readonly connection?: Connection
  /** strata.yaml's `lint:`. */
  readonly project?: LintSettings
}

export interface SuppressedFinding extends Finding {
  /** Where the suppression is: `migration` file or `project` (strata.yaml). */
  readonly suppressedBy: 'migration' | 'project'
  readonly reason?: string
}

export interface LintReport {
  readonly findings: readonly Finding[]
  readonly suppressed: readonly SuppressedFinding[]
  /** The data rules ran (a database was used). */
  readonly database: boolean
  readonly errors: number
  readonly warnings: number
}

/** The `lint:` map of a parsed migration file or strata.yaml, checked: unknown codes are a located error. */
export function lintSettingsOf(source: YamlSource | undefined, path: readonly (string | number)[] = ['lint']): LintSettings | undefined {
  let value: unknown = source?.value
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined
  if (!value || typeof value !== 'object') return undefined
  const raw = value as { ignore?: unknown; reason?: unknown }
  const ignore = Array.isArray(raw.ignore) ? raw.ignore.filter((c): c is string => typeof c === 'string') : []
  for (const [i, code] of ignore.entries()) {
    if (!ruleByCode(code)) {
      const at = source!.locate([...path, 'ignore', i])
      throw new UsageError(`${source!.file}:${at.line}:${at.column}  lint.ignore: "${code}" is not a lint rule (see docs/LINT.md, or \`strata lint --rules\`)`)
    }
  }
  return { ignore, ...(typeof raw.reason === 'string' ? { reason: raw.reason } : {}) }
}

function ignores(settings: LintSettings | undefined, f: Finding): boolean {
  return Boolean(settings?.ignore.some((c) => c === f.code || c === f.rule))
}

function located(subject: LintSubject, direction: 'up' | 'down', index: number): { line?: number; column?: number } {
  if (!subject.source) return {}
  try {
    const at =
      direction === 'up' || subject.down
        ? subject.source.locate([direction, index])
        : subject.source.locate(['up', Math.max(0, subject.up.length - 1 - index)])
    return { line: at.line, column: at.column }
  } catch {
    return {}
  }
}

function asList(found: RawFinding | RawFinding[] | undefined): RawFinding[] {
  return found === undefined ? [] : Array.isArray(found) ? found : [found]
}

/** Lint migrations, each against the schema before it (`subject.before`). */
export async function lintMigrations(subjects: readonly LintSubject[], options: LintOptions): Promise<LintReport> {
  const findings: Finding[] = []
  const suppressed: SuppressedFinding[] = []
  const schemas = [...new Set(subjects.flatMap((s) => schemasOf(s.before)))]
  const live = options.connection && subjects.some((s) => s.pending !== false) ? await options.connection.introspect({ schemas }) : undefined
  const rowCounts = new Map<string, number>()
  const filled = async (table: string): Promise<boolean> => {
    if (!options.connection || !live) return true
    if (!live.tables.some((t) => t.name === table)) return false
    if (!rowCounts.has(table)) {
      const rows = await options.connection.query(`SELECT count(*) AS n FROM ${quoteTableName(options.dialect.compiler, table)}`)
      rowCounts.set(table, Number(rows[0]?.n ?? 0))
    }
    return rowCounts.get(table)! > 0
  }
  for (const subject of subjects) {
    const own = lintSettingsOf(subject.source)
    const report = (raw: RawFinding, direction: 'up' | 'down', index: number, op: Operation) => {
      const finding: Finding = {
        code: raw.rule.code,
        rule: raw.rule.name,
        severity: raw.rule.severity,
        migration: subject.name,
        ...(subject.file ? { file: subject.file } : {}),
        ...located(subject, direction, index),
        direction,
        operation: index + 1,
        operationKind: op.op,
        message: raw.message,
        instead: raw.instead ?? raw.rule.instead,
        ...(raw.rows !== undefined ? { rows: raw.rows, examples: raw.examples ?? [] } : {}),
      }
      if (ignores(own, finding)) suppressed.push({ ...finding, suppressedBy: 'migration', ...(own?.reason ? { reason: own.reason } : {}) })
      else if (ignores(options.project, finding)) suppressed.push({ ...finding, suppressedBy: 'project', ...(options.project?.reason ? { reason: options.project.reason } : {}) })
      else findings.push(finding)
    }
    const start = subject.before
    const lists: ['up' | 'down', readonly Operation[], Schema][] = [['up', subject.up, start]]
    // Only the end states here (applyAll: the same states and errors, in linear time).
    const after = applyAll(start, subject.up)
    let down: readonly Operation[] | undefined
    try {
      down = subject.down ?? (subject.up.some((o) => o.op === 'sql' && o.down === undefined) ? undefined : invert(start, subject.up))
      // A hand-written down that does not fit the schema is left to `migrate` to report.
      applyAll(after, down ?? [])
    } catch {
      down = undefined
    }
    if (down) lists.push(['down', down, after])
    for (const [direction, ops, first] of lists) {
      let current = first
      for (const [index, op] of ops.entries()) {
        const ctx: OperationContext = { op, index, before: current, start: first, ops, direction, dialect: options.dialect.lint }
        for (const rule of STATIC_RULES) {
          // The down path drops what up created, by design: only the rules about reversing look at it.
          if (direction === 'down' && rule.info.family !== 'reversibility') continue
          for (const raw of asList(rule.check(ctx))) {
            if (raw.onlyIfFilled && !(await filled(raw.onlyIfFilled))) continue
            report(raw, direction, index, op)
          }
        }
        if (direction === 'up' && subject.pending !== false && options.connection && live) {
          const data: DataContext = { ...ctx, connection: options.connection, compiler: options.dialect.compiler, live }
          for (const rule of DATA_RULES) {
            let found: RawFinding[] = []
            try {
              found = asList(await rule.check(data))
            } catch {
              // A query the database refuses (a CHECK written for another
              // dialect, say): the rule cannot count here; the others still run.
              found = []
            }
            for (const raw of found) report(raw, direction, index, op)
          }
        }
        current = applyOperation(current, op)
      }
    }
  }
  return {
    findings,
    suppressed,
    database: Boolean(options.connection),
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  }
}

/** `file:line:col  severity  CODE  migration op N (kind): message`, then the advice. */
export function formatFinding(f: Finding): string {
  const where = f.file ? `${f.file}:${f.line ?? 1}:${f.column ?? 1}` : f.migration
  const op = `${f.direction === 'down' ? 'down ' : ''}operation ${f.operation} (${f.operationKind})`
  return `${where}  ${f.severity}  ${f.code}  ${f.migration} ${op}: ${f.message}\n    instead: ${f.instead}`
}
