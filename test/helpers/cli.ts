/** Run the real `strata` binary in a child process and capture what it prints. */
import { strict as assert } from 'node:assert'
import { spawn } from 'node:child_process'
import { join } from 'node:path'

export const BIN = join(__dirname, '..', '..', '..', 'bin', 'run.js')

export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string | undefined>; input?: string } = { cwd: process.cwd() },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env }
    delete env.STRATA_DATABASE_URL
    if (options.env && 'STRATA_DATABASE_URL' in options.env) env.STRATA_DATABASE_URL = options.env.STRATA_DATABASE_URL
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: env as NodeJS.ProcessEnv })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
    child.stdin.end(options.input ?? '')
  })
}

/** `run`, but the test fails, showing what the command printed, unless it exits 0. */
export function succeeding(run: (...args: string[]) => Promise<CliResult>): (...args: string[]) => Promise<CliResult> {
  return async (...args) => {
    const result = await run(...args)
    assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
    return result
  }
}
