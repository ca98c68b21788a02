/**
 * What `strata migrate` shows while it works: one line per migration once it
 * is done (`Applied 0001_initial in 12 ms`), and on a terminal, while a
 * migration runs, a live counter of its operations that is redrawn in place:
 *
 *     0001_initial  1,234/5,193 operations  12 s
 *
 * The counter goes to stderr and is drawn only on a terminal; the finished
 * lines go to stdout as each migration finishes; under `--json` nothing is
 * printed (the command prints one document at the end).
 */
import { performance } from 'node:perf_hooks'
import type { MigrateEvent } from '../migrations/migrator'
import type { Palette } from './colour'
import { formatCount, formatDuration, plural } from './format'
import { LiveLine, type LiveStream } from './live-line'

export interface MigrateProgressOptions {
  /** Finished lines (process.stdout). */
  readonly out: { write(text: string): unknown }
  /** The live counter (process.stderr). */
  readonly err: LiveStream
  /** Colours of `out`. */
  readonly palette: Palette
  /** --json: print nothing. */
  readonly quiet?: boolean
  /** --fake: `(fake)` after each name. */
  readonly fake?: boolean
  /** Redraw at most this often as operations finish (default 100 ms); the seconds are redrawn every second regardless. */
  readonly redrawMs?: number
}

export class MigrateProgress {
  private readonly line: LiveLine
  private current: { migration: string; total: number; done: number; started: number } | undefined
  private lastDraw = 0
  private timer: NodeJS.Timeout | undefined
  private count = 0
  private readonly started = performance.now()

  constructor(private readonly options: MigrateProgressOptions) {
    this.line = new LiveLine(options.err, !options.quiet)
  }

  /** The migrator's onProgress callback. */
  readonly onProgress = (event: MigrateEvent): void => {
    switch (event.type) {
      case 'start':
        this.current = { migration: event.migration, total: event.operations ?? 0, done: 0, started: performance.now() }
        this.draw()
        if (this.line.live) {
          this.timer = setInterval(() => this.draw(), 1000)
          this.timer.unref()
        }
        break
      case 'operation':
        if (!this.current) return
        this.current.done = event.done
        this.current.total = event.total
        if (performance.now() - this.lastDraw >= (this.options.redrawMs ?? 100)) this.draw()
        break
      case 'done':
        this.stop()
        this.count++
        this.print(`${event.direction === 'up' ? this.options.palette.green('Applied') : this.options.palette.yellow('Reversed')} ${event.migration}${this.options.fake ? ' (fake)' : ''} in ${formatDuration(event.durationMs)}`)
        break
      case 'split':
        this.line.clear()
        this.print(`${this.options.palette.dim(`${event.migration} in ${plural(event.parts, 'transaction')}:`)} ${event.reason}`)
        this.draw()
        break
      case 'part':
        this.line.clear()
        this.print(
          `  part ${event.part} of ${event.parts} ${event.direction === 'up' ? 'committed' : 'reversed'}: ` +
            `${formatCount(event.appliedOperations)} of ${formatCount(event.operations)} operations applied`,
        )
        this.draw()
        break
      case 'skip':
        this.stop()
        this.print(`${this.options.palette.dim('Skipped')} ${event.migration}: ${event.reason}`)
        break
    }
  }

  /** The migration that was running failed: its line says so, and the error that follows starts on a fresh line. */
  failed(): void {
    const current = this.current
    this.stop()
    if (current) {
      this.print(`${this.options.palette.red('Failed')} ${current.migration} after ${formatDuration(performance.now() - current.started)}`)
    }
  }

  /** The total at the end: `2 migrations on sqlite:db.sqlite3 in 45 ms`. */
  summary(database: string): string {
    return `${plural(this.count, 'migration')} on ${database} in ${formatDuration(performance.now() - this.started)}`
  }

  private draw(): void {
    const c = this.current
    if (!c || !this.line.live) return
    this.lastDraw = performance.now()
    const seconds = Math.floor((this.lastDraw - c.started) / 1000)
    this.line.update(`${c.migration}  ${formatCount(c.done)}/${formatCount(c.total)} operations  ${seconds} s`)
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    this.line.clear()
    this.current = undefined
  }

  private print(text: string): void {
    if (!this.options.quiet) this.options.out.write(text + '\n')
  }
}
