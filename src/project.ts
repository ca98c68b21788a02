/**
 * A user's project: strata.yaml (optional; every key has a default), the
 * schemas folder, the migrations folder and the named databases.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { UsageError, ValidationError, type Diagnostic } from './errors'
import { validateAgainst } from './schema/json-schema'
import { parseYamlSource, type YamlSource } from './schema/yaml-source'

export const CONFIG_FILE = 'strata.yaml'
export const DEFAULT_DATABASE_URL = 'sqlite:./db.sqlite3'
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 60

/** One app of a project with several (strata.yaml `apps:`): its own schemas and migrations folders. */
export interface App {
  readonly name: string
  /** Absolute path of the app's schemas folder (or glob). */
  readonly schemas: string
  /** Absolute path of the app's migrations folder (its migration files and snapshot.json). */
  readonly migrations: string
}

export interface Project {
  /** The folder holding strata.yaml (or the working directory when there is none). */
  readonly root: string
  /** strata.yaml's path, when there is one. */
  readonly configFile?: string
  /** Absolute path of the schemas folder (or glob). */
  readonly schemas: string
  /** Absolute path of the migrations folder. */
  readonly migrations: string
  /** Named database URLs as written (`${VAR}` not yet expanded). */
  readonly databases: Readonly<Record<string, string>>
  readonly lockTimeoutMs: number
  /**
   * The apps, in the order strata.yaml lists them, when it declares any
   * (src/migrations/apps.ts); absent: the project is one app, made of
   * `schemas` and `migrations`.
   */
  readonly apps?: readonly App[]
  /**
   * `strata seed`: the folder of fixture files (default `seeds`) and the
   * databases it refuses to write to without --force (default `production`).
   */
  readonly seeds: { readonly folder: string; readonly refuse: readonly string[] }
  /** strata.yaml `grants: true`: strata manages grants (schema files' `grants:`). Default false. */
  readonly grants: boolean
  /** Where each key of strata.yaml is, for error messages. */
  readonly source?: YamlSource
}

export interface LoadProjectOptions {
  /** Path of strata.yaml; default: strata.yaml in `cwd`, if present. */
  readonly config?: string
  readonly cwd?: string
}

interface RawConfig {
  schemas?: string
  migrations?: string
  databases?: Record<string, string>
  lockTimeout?: number
  apps?: Record<string, { schemas?: string; migrations?: string } | null>
  seeds?: string | { folder?: string; refuse?: string[] }
  grants?: boolean
}

/** Read strata.yaml (when there is one) and apply the defaults. Throws ValidationError / UsageError. */
export function loadProject(options: LoadProjectOptions = {}): Project {
  const cwd = options.cwd ?? process.cwd()
  const configFile = options.config ? resolve(cwd, options.config) : join(cwd, CONFIG_FILE)
  if (options.config && !existsSync(configFile)) {
    throw new UsageError(`config file ${options.config} does not exist`)
  }
  let raw: RawConfig = {}
  let source: YamlSource | undefined
  const root = existsSync(configFile) ? resolve(configFile, '..') : cwd
  if (existsSync(configFile)) {
    const shown = relative(cwd, configFile) || CONFIG_FILE
    const parsed = parseYamlSource(shown, readFileSync(configFile))
    const diagnostics: Diagnostic[] = [...parsed.diagnostics]
    if (parsed.source) {
      source = parsed.source
      // An empty strata.yaml means "all defaults".
      if (parsed.source.value !== null && parsed.source.value !== undefined) {
        diagnostics.push(...validateAgainst('strata-config', parsed.source))
        raw = parsed.source.value as RawConfig
      }
    }
    if (!diagnostics.length && raw.apps && source) {
      for (const key of ['schemas', 'migrations'] as const) {
        if (raw[key] === undefined) continue
        diagnostics.push({
          file: relative(cwd, configFile) || CONFIG_FILE,
          ...source.locate([key]),
          severity: 'error',
          message: `"${key}" at the top level and "apps" together: with apps, each app has its own ${key} folder (apps: { NAME: { ${key}: … } })`,
        })
      }
    }
    if (diagnostics.length) throw new ValidationError(diagnostics)
  }
  if (source && raw.migrations !== undefined) checkMigrationsFolder(resolve(root, raw.migrations), raw.migrations, source, relative(cwd, configFile) || CONFIG_FILE)
  const apps = raw.apps
    ? Object.entries(raw.apps).map(([name, app]) => ({
        name,
        schemas: resolve(root, app?.schemas ?? join(name, 'schemas')),
        migrations: resolve(root, app?.migrations ?? join(name, 'migrations')),
      }))
    : undefined
  return {
    ...(apps ? { apps } : {}),
    root,
    ...(source ? { configFile, source } : {}),
    schemas: resolve(root, raw.schemas ?? 'schemas'),
    migrations: resolve(root, raw.migrations ?? 'migrations'),
    databases: raw.databases ?? {},
    lockTimeoutMs: (raw.lockTimeout ?? DEFAULT_LOCK_TIMEOUT_SECONDS) * 1000,
    seeds: seedsConfig(root, raw.seeds),
    grants: raw.grants === true,
  }
}

/**
 * `migrations:` naming a file, or a folder that cannot be read (permissions,
 * a symlink loop): a located error at the key, before any command reads or
 * writes there. A folder that does not exist yet is fine (`make` creates it).
 */
function checkMigrationsFolder(path: string, written: string, source: YamlSource, file: string): void {
  let problem: string | undefined
  try {
    readdirSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return
    problem =
      code === 'ENOTDIR'
        ? `the migrations folder "${written}" is a file, not a folder: set migrations: to a folder`
        : `the migrations folder "${written}" cannot be read (${code ?? (error as Error).message}): check its permissions, or set migrations: to another folder`
  }
  if (problem === undefined) return
  const at = source.locate(['migrations'])
  throw new ValidationError([{ file, line: at.line, column: at.column, severity: 'error', message: problem }])
}

function seedsConfig(root: string, raw: RawConfig['seeds']): Project['seeds'] {
  const folder = typeof raw === 'string' ? raw : (raw?.folder ?? 'seeds')
  const refuse = typeof raw === 'string' ? undefined : raw?.refuse
  return { folder: resolve(root, folder), refuse: refuse ?? ['production'] }
}

function looksLikeUrl(value: string): boolean {
  return /^(sqlite|postgres|postgresql|mysql|mariadb):/i.test(value)
}

/**
 * The URL of the database to use: `--database NAME|URL`, else
 * STRATA_DATABASE_URL, else `databases.default`, else `sqlite:./db.sqlite3`.
 * `${VAR}` is read from the environment; a relative SQLite path is relative
 * to the project root.
 */
export function resolveDatabaseUrl(project: Project, database?: string, env: NodeJS.ProcessEnv = process.env): string {
  let url: string
  let name: string | undefined
  if (database && looksLikeUrl(database)) {
    url = database
  } else if (database) {
    name = database
    const configured = project.databases[database]
    if (configured === undefined) {
      const known = Object.keys(project.databases)
      throw new UsageError(
        `database "${database}" is not in ${project.configFile ? relative(process.cwd(), project.configFile) || CONFIG_FILE : CONFIG_FILE}` +
          (known.length ? ` (known: ${known.join(', ')})` : ' (it has no databases)') +
          '; pass a name from it or a URL (sqlite:PATH, postgres://…, mysql://…)',
      )
    }
    url = configured
  } else if (env.STRATA_DATABASE_URL) {
    url = env.STRATA_DATABASE_URL
  } else {
    name = 'default'
    url = project.databases.default ?? DEFAULT_DATABASE_URL
  }
  url = url.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, variable: string) => {
    const value = env[variable]
    if (value === undefined || value === '') {
      const where = name && project.source ? project.source.locate(['databases', name]) : undefined
      const at = where ? `${relative(process.cwd(), project.configFile!) || CONFIG_FILE}:${where.line}:${where.column}  ` : ''
      throw new UsageError(`${at}database "${name ?? database}": environment variable ${variable} is not set`)
    }
    return value
  })
  return absoluteSqlitePath(url, project.root)
}

/** `sqlite:./db.sqlite3` becomes `sqlite:/project/db.sqlite3`; other URLs are unchanged. */
function absoluteSqlitePath(url: string, root: string): string {
  const match = /^sqlite:(.*)$/i.exec(url)
  if (!match) return url
  const path = match[1]!
  if (path === ':memory:' || path === '' || isAbsolute(path)) return url
  return `sqlite:${resolve(root, path)}`
}
