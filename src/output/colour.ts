/**
 * Whether to colour a stream, and the colours strata uses. One decision for
 * every command, in this order (https://no-color.org, https://force-color.org):
 *
 * 1. `--color` / `--no-color` on the command line;
 * 2. `NO_COLOR` set to anything but the empty string: no colour (it wins over FORCE_COLOR:
 *    a user's opt-out is never overridden by a tool's setting);
 * 3. `FORCE_COLOR` set and not empty: `0` or `false` no colour, any other value colour (also in a pipe);
 * 4. otherwise colour exactly when the stream is a terminal (and `TERM` is not `dumb`).
 */

/** What the decision looks at: the stream's `isTTY`, the environment, the flag. */
export interface ColourContext {
  readonly isTTY?: boolean
  readonly env?: Readonly<Record<string, string | undefined>>
  /** `--color` (true) or `--no-color` (false); undefined when neither was given. */
  readonly flag?: boolean
}

export function colourEnabled(context: ColourContext): boolean {
  if (context.flag !== undefined) return context.flag
  const env = context.env ?? process.env
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return !['0', 'false'].includes(env.FORCE_COLOR.toLowerCase())
  return Boolean(context.isTTY) && env.TERM !== 'dumb'
}

/** SGR sequences: colour on, colour off (https://en.wikipedia.org/wiki/ANSI_escape_code#SGR). */
const SGR = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
} as const

export type Style = keyof typeof SGR

/**
 * Colours as functions of text. When colour is off every function returns
 * its text unchanged, so callers never test `enabled` themselves:
 * `palette.red('error')`.
 */
export type Palette = { readonly enabled: boolean } & { readonly [S in Style]: (text: string) => string }

export function palette(enabled: boolean): Palette {
  const styles = Object.fromEntries(
    Object.entries(SGR).map(([name, [on, off]]) => [
      name,
      enabled ? (text: string) => (text === '' ? text : `\x1b[${on}m${text}\x1b[${off}m`) : (text: string) => text,
    ]),
  ) as { [S in Style]: (text: string) => string }
  return { enabled, ...styles }
}

/** A palette for a stream: `paletteFor(process.stderr, { flag })`. */
export function paletteFor(stream: { readonly isTTY?: boolean }, options: Omit<ColourContext, 'isTTY'> = {}): Palette {
  return palette(colourEnabled({ isTTY: stream.isTTY, ...options }))
}

/** Text without SGR and cursor sequences (for widths and for tests). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
}
