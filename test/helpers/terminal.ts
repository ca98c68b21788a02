/** Running the CLI under a pseudo-terminal, and reading what a terminal would show. */
import { spawn } from 'node:child_process'
import { BIN } from './cli'

/**
 * Run strata under a pseudo-terminal (util-linux `script`): stdin, stdout and
 * stderr are all a TTY. Returns the raw bytes the terminal received.
 */
export function runOnTerminal(
  cwd: string,
  args: readonly string[],
  env: Record<string, string | undefined> = { NO_COLOR: '1' },
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
    const childEnv: Record<string, string | undefined> = { ...process.env, COLUMNS: '120', ...env }
    delete childEnv.STRATA_DATABASE_URL
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: childEnv as NodeJS.ProcessEnv })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, output }))
  })
}

/**
 * The lines a terminal shows after receiving `raw`: carriage return moves to
 * the start of the line, ESC [ K erases to its end, other escape sequences
 * (colours) take no room.
 */
export function screen(raw: string): string[] {
  const lines: string[] = ['']
  let col = 0
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!
    if (ch === '\x1b') {
      const m = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(raw.slice(i))
      if (m) {
        if (m[2] === 'K') lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, col)
        i += m[0].length - 1
      }
      continue
    }
    if (ch === '\r') col = 0
    else if (ch === '\n') {
      lines.push('')
      col = 0
    } else {
      const line = lines[lines.length - 1]!.padEnd(col)
      lines[lines.length - 1] = line.slice(0, col) + ch + line.slice(col + 1)
      col++
    }
  }
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}
