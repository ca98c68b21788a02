/**
 * One line of a terminal that is redrawn in place (`\r`, then erase to the
 * end of the line): progress counters. Only on a terminal; in a pipe, a file
 * or under `--json` a LiveLine writes nothing at all.
 *
 * Whatever else is printed while a live line is on the screen must start on a
 * fresh line: call `freshLine()` first (the base command does before it
 * prints an error), or `line.clear()`.
 */

/** The part of a stream a LiveLine uses (process.stderr, or a test double). */
export interface LiveStream {
  readonly isTTY?: boolean
  readonly columns?: number
  write(text: string): unknown
}

/** Carriage return, then erase from the cursor to the end of the line (ECMA-48 EL 0). */
const REDRAW = '\r\x1b[K'

const active = new Set<LiveLine>()

export class LiveLine {
  private shown = false

  /**
   * @param stream where to draw; nothing is drawn unless it is a terminal.
   * @param enabled false forces it off (for `--json`).
   */
  constructor(
    private readonly stream: LiveStream = process.stderr,
    enabled = true,
  ) {
    this.live = enabled && Boolean(stream.isTTY)
  }

  /** Whether this line draws anything (a terminal, not --json). */
  readonly live: boolean

  /** Replace the line's text; cut to the terminal's width so it never wraps (a wrapped line cannot be redrawn). */
  update(text: string): void {
    if (!this.live) return
    const width = (this.stream.columns || 80) - 1
    this.stream.write(REDRAW + (text.length > width ? text.slice(0, Math.max(0, width - 1)) + '…' : text))
    this.shown = true
    active.add(this)
  }

  /** Erase the line, leaving the cursor at its start. */
  clear(): void {
    if (!this.shown) return
    this.stream.write(REDRAW)
    this.shown = false
    active.delete(this)
  }
}

/** Erase every live line on the screen, so that what is printed next starts on a fresh line. */
export function freshLine(): void {
  for (const line of [...active]) line.clear()
}
