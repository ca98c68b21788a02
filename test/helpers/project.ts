/** Temporary strata projects on disk for tests. */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'

export class TempProject {
  readonly dir: string

  constructor(files: Record<string, string> = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'strata-test-'))
    mkdirSync(join(this.dir, 'schemas'))
    mkdirSync(join(this.dir, 'migrations'))
    this.write(files)
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts)
  }

  write(files: Record<string, string | Buffer>): void {
    for (const [name, content] of Object.entries(files)) {
      const path = join(this.dir, name)
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, content)
    }
  }

  read(name: string): string {
    return readFileSync(join(this.dir, name), 'utf8')
  }

  exists(name: string): boolean {
    return existsSync(join(this.dir, name))
  }

  remove(name: string): void {
    rmSync(join(this.dir, name), { force: true, recursive: true })
  }

  /** Replace all schema files with these. */
  setSchemas(files: Record<string, string>): void {
    rmSync(join(this.dir, 'schemas'), { recursive: true, force: true })
    mkdirSync(join(this.dir, 'schemas'))
    this.write(Object.fromEntries(Object.entries(files).map(([k, v]) => [join('schemas', k), v])))
  }

  /** The migration files of `folder` (default: migrations), snapshot left out. */
  migrationFiles(folder = 'migrations'): string[] {
    return readdirSync(join(this.dir, folder)).filter((f) => f !== 'snapshot.json').sort()
  }

  /**
   * A fingerprint of every file (path and content hash), to prove nothing was
   * written. strata's local cache folder (.strata/, refreshed by any read) is
   * not part of the project and is left out.
   */
  fingerprint(): Record<string, string> {
    const out: Record<string, string> = {}
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry)
        if (dir === this.dir && entry === '.strata') continue
        if (statSync(path).isDirectory()) walk(path)
        else out[relative(this.dir, path)] = createHash('sha1').update(readFileSync(path)).digest('hex')
      }
    }
    walk(this.dir)
    return out
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}
