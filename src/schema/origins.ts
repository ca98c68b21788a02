/**
 * Where each part of the resolved model came from, so that checks on the
 * model can point at the YAML node behind it, and the collector of
 * diagnostics shared by resolution and checks.
 */
import type { Diagnostic } from '../errors'
import type { YamlSource } from './yaml-source'

export type YamlPath = readonly (string | number)[]

/** A YAML node: its file and its path in that file. */
export interface Origin {
  readonly source: YamlSource
  readonly path: YamlPath
}

/** Model object (table, column, constraint, enum) to the node it was resolved from. */
export type Origins = WeakMap<object, Origin>

export interface ReportOptions {
  /** Path below the origin's node; falls back to the nearest existing node. */
  readonly sub?: YamlPath
  /** Point at the key rather than the value (names). */
  readonly key?: boolean
}

/** Collects diagnostics, each located at a YAML node. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = []

  error(origin: Origin, message: string, options: ReportOptions = {}): void {
    this.add('error', origin, message, options)
  }

  warn(origin: Origin, message: string, options: ReportOptions = {}): void {
    this.add('warning', origin, message, options)
  }

  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length
  }

  private add(severity: Diagnostic['severity'], origin: Origin, message: string, options: ReportOptions): void {
    const path = options.sub ? [...origin.path, ...options.sub] : origin.path
    const { line, column } = origin.source.locate(path, { key: options.key })
    this.diagnostics.push({ file: origin.source.file, line, column, severity, message })
  }
}

/** Sorted by file, line and column (stable for equal positions). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
  )
}
