/**
 * The shapes strata prints in, coloured through a Palette: summary lines of
 * operations (`+` adds, `-` drops, `~` changes, `!` raw SQL), status marks,
 * diagnostic severities, durations and counts. Commands call these so that
 * every command colours the same thing the same way.
 */
import type { Palette } from './colour'

/** `+ table users` green, `- column …` red, `~ …` yellow, `! sql` magenta: the mark and the rest. */
export function summaryLine(line: string, p: Palette): string {
  const mark = line[0]
  const colour = mark === '+' ? p.green : mark === '-' ? p.red : mark === '~' ? p.yellow : mark === '!' ? p.magenta : undefined
  if (!colour || line[1] !== ' ') return line
  return colour(mark!) + line.slice(1)
}

export type StatusMark = 'applied' | 'pending' | 'missing' | 'edited' | 'partial'

/** `[X]` green, `[ ]` yellow, `[?]` red; `edited` is red text. */
export function statusMark(mark: StatusMark, p: Palette): string {
  switch (mark) {
    case 'applied':
      return p.green('[X]')
    case 'pending':
      return p.yellow('[ ]')
    case 'missing':
      return p.red('[?]')
    case 'edited':
      return p.red('[X]')
    case 'partial':
      return p.yellow('[~]')
  }
}

export type Severity = 'error' | 'warning' | 'info'

/** `error` bold red, `warning` yellow, `info` cyan. */
export function severityLabel(severity: Severity, p: Palette, text: string = severity): string {
  if (severity === 'error') return p.bold(p.red(text))
  if (severity === 'warning') return p.yellow(text)
  return p.cyan(text)
}

/** The `error:` / `warning:` prefix of a message on stderr. */
export function prefixed(severity: Severity, message: string, p: Palette): string {
  return `${severityLabel(severity, p, `${severity}:`)} ${message}`
}

/** `1,234`: digits grouped by thousands, the same on every locale. */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** `12 ms`, `1.2 s`, `35 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 10000) return `${(ms / 1000).toFixed(1)} s`
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  return `${Math.floor(s / 60)} min ${s % 60} s`
}

/** `1 migration`, `2 migrations`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : many}`
}

/** `schemas/a.yaml:3:7  error  message`, with the severity coloured (the form of errors.ts formatDiagnostic). */
export function diagnosticLine(d: { file: string; line: number; column: number; severity: Severity; message: string }, p: Palette): string {
  return `${d.file}:${d.line}:${d.column}  ${severityLabel(d.severity, p)}  ${d.message}`
}
