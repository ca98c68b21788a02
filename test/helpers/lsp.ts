/**
 * A minimal Language Server Protocol client over stdio
 * (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/):
 * Content-Length framed JSON-RPC, requests with ids, notifications, and
 * answers to the server's own requests (workspace/configuration).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'

type Message = { id?: number; method?: string; params?: any; result?: any; error?: any }

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams
  private buffer = Buffer.alloc(0)
  private nextId = 1
  private readonly pending = new Map<number, (m: Message) => void>()
  private readonly listeners: ((m: Message) => void)[] = []

  constructor(command: string, args: readonly string[], private readonly settings: unknown, cwd: string) {
    this.child = spawn(command, args, { cwd, stdio: 'pipe' })
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk))
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk])
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n')
      if (end < 0) return
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1])
      if (this.buffer.length < end + 4 + length) return
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString()) as Message
      this.buffer = this.buffer.subarray(end + 4 + length)
      if (message.method && message.id !== undefined) this.answer(message)
      else if (message.id !== undefined) this.pending.get(message.id)?.(message)
      else for (const l of [...this.listeners]) l(message)
    }
  }

  private answer(request: Message): void {
    const result = request.method === 'workspace/configuration' ? (request.params.items as unknown[]).map(() => this.settings) : null
    this.send({ id: request.id, result })
  }

  private send(message: Record<string, unknown>): void {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message })
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  }

  request<T = any>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result)))
      this.send({ id, method, params })
    })
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params })
  }

  /** The next notification of `method` whose params satisfy `accept`. */
  waitFor(method: string, accept: (params: any) => boolean, timeoutMs = 30000): Promise<any> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs)
      const listener = (m: Message) => {
        if (m.method === method && accept(m.params)) {
          clearTimeout(timer)
          this.listeners.splice(this.listeners.indexOf(listener), 1)
          resolve(m.params)
        }
      }
      this.listeners.push(listener)
    })
  }

  async close(): Promise<void> {
    await this.request('shutdown', null).catch(() => undefined)
    this.notify('exit', null)
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve()
      const timer = setTimeout(() => {
        this.child.kill()
        resolve()
      }, 3000)
      this.child.on('exit', () => {
        clearTimeout(timer)
        resolve()
      })
    })
  }
}
