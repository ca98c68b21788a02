/**
 * Errors the user can meet. Each has a stable `code`, an exit code (SPEC §5:
 * 1 a check found something, 2 invalid input, 3 database or migration
 * failure), structured `details` for `--json`, and an optional `cause`.
 */

/** A position in a source file, 1-based. */
export interface SourceLocation {
  readonly file: string
  readonly line: number
  readonly column: number
}

/** One problem found in an input file, reported as `file:line:col  error  message`. */
export interface Diagnostic {
  readonly file: string
  readonly line: number
  readonly column: number
  readonly severity: 'error' | 'warning'
  readonly message: string
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}`
}

export type ExitCode = 0 | 1 | 2 | 3

export class StrataError extends Error {
  readonly code: string
  readonly exitCode: ExitCode
  readonly details: Readonly<Record<string, unknown>>

  constructor(
    code: string,
    message: string,
    options: { exitCode?: ExitCode; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.exitCode = options.exitCode ?? 2
    this.details = options.details ?? {}
  }

  /** The `--json` form. */
  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.details }
  }
}

/** Schema, migration or config files that do not validate: every problem, each with its location. Exit 2. */
export class ValidationError extends StrataError {
  readonly diagnostics: readonly Diagnostic[]

  constructor(diagnostics: readonly Diagnostic[], summary?: string) {
    const errors = diagnostics.filter((d) => d.severity === 'error')
    super(
      'E_VALIDATION',
      summary ?? [...errors.map(formatDiagnostic), `${errors.length} error${errors.length === 1 ? '' : 's'}`].join('\n'),
      { exitCode: 2, details: { diagnostics } },
    )
    this.diagnostics = diagnostics
  }
}

/** A config file, a flag or an argument that cannot be used. Exit 2. */
export class UsageError extends StrataError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('E_USAGE', message, { exitCode: 2, details })
  }
}

/** Migration files that disagree with each other or with the snapshot. Exit 2. */
export class MigrationFileError extends StrataError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { exitCode: 2, details })
  }
}

/** A database statement failed while applying a migration. Exit 3; nothing of that migration is left. */
export class MigrationFailedError extends StrataError {
  constructor(
    message: string,
    details: { migration: string; operation?: number; operationKind?: string; sql?: string },
    cause?: unknown,
  ) {
    super('E_MIGRATION_FAILED', message, { exitCode: 3, details, cause })
  }
}

/** Cannot connect, lock timeout, or another database-side problem. Exit 3. */
export class DatabaseError extends StrataError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(code, message, { exitCode: 3, details, cause })
  }
}

/** The state of the database and the files disagree (edited or missing applied migration). Exit 3. */
export class HistoryError extends StrataError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { exitCode: 3, details })
  }
}

/**
 * A migration cannot be reversed: a `sql` operation without `down`, or a data
 * operation (insert, update, delete) whose reverse must be written by hand. Exit 2.
 */
export class IrreversibleError extends StrataError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('E_IRREVERSIBLE', message, { exitCode: 2, details })
  }
}
