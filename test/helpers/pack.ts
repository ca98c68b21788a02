/**
 * strata as `npm pack` publishes it, installed into a fresh project the way
 * a user installs it (`npm install ./strata-migrate-X.tgz`), offline.
 *
 * Offline, npm can resolve version ranges only with registry metadata, which
 * an `npm ci`-populated cache does not hold; it can install exact versions
 * from the cache by their integrity. So the fresh project gets a lockfile:
 * the tarball, and strata's runtime dependencies at the exact versions of
 * this repository's package-lock.json (which is what `npm install ./tgz`
 * resolves to today). `npm ci --offline` then installs it from the cache.
 *
 * better-sqlite3's install script would compile it from source when no
 * prebuilt binary can be downloaded (minutes, and impossible offline), so
 * scripts are not run and the native module this repository already built
 * (the same version, same Node.js) is copied in.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export const ROOT = join(__dirname, '..', '..', '..')

/** `npm pack` of this repository into `dir` (no scripts: dist/ is already built by the test run). Returns the tarball's path. */
export function packTarball(dir: string): string {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' })
  const file = out.trim().split('\n').pop()!
  return join(dir, file)
}

/** The files in a tarball (`package/…`). */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean)
}

/** Install the tarball into a new project in `dir` (package.json, lockfile, npm ci --offline). */
export function installTarball(tarball: string, dir: string): void {
  mkdirSync(dir, { recursive: true })
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'))
  const spec = `file:${tarball}`
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`
  const packages: Record<string, unknown> = {
    '': { name: 'app', version: '1.0.0', dependencies: { [pkg.name]: spec } },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: spec,
      integrity,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  }
  for (const [path, entry] of Object.entries(lock.packages as Record<string, { dev?: boolean; name?: string; version: string; resolved?: string }>)) {
    if (path === '' || entry.dev) continue
    // The tarball's registry URL, so that npm finds it in the cache without asking for the package's metadata.
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
    const resolved = entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`
    packages[path] = { ...entry, resolved }
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, dependencies: { [pkg.name]: spec } }, null, 2) + '\n')
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2) + '\n')
  execFileSync('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' })
  // The native module, built once for this repository.
  const built = join(dirname(require.resolve('better-sqlite3/package.json')), 'build')
  const target = join(dir, 'node_modules', 'better-sqlite3')
  const ours = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')).version
  const theirs = JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')).version
  if (ours !== theirs) throw new Error(`better-sqlite3 ${ours} installed, ${theirs} built here: cannot reuse the native module`)
  if (!existsSync(join(built, 'Release', 'better_sqlite3.node'))) throw new Error(`no built better-sqlite3 under ${built}`)
  cpSync(join(built, 'Release', 'better_sqlite3.node'), join(target, 'build', 'Release', 'better_sqlite3.node'))
}
