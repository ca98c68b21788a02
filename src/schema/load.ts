/**
 * Schema files to one canonical Schema: parse (YAML with positions), validate
 * (JSON Schema), resolve (shorthands, implicit keys, relations), check
 * (meaning). Any error anywhere: one ValidationError with all of them.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { ensureCacheDir } from '../cache-dir'
import { STRATA_VERSION } from '../paths'
import { UsageError, ValidationError } from '../errors'
import type { Diagnostic } from '../errors'
import { canonicalLines, canonicalSchema, parseCanonicalLines } from './canonical'
import type { ProjectSettings, TargetDatabase } from './check-capabilities'
import type { Rename } from './draft'
import { findSchemaFiles } from './files'
import type { RenameHints, Schema } from './model'
import type { YamlSource } from './yaml-source'

// What reading and checking schema files needs is loaded only when a file
// is read (start-up of status, validate and make --check while the
// whole-set cache holds the files; issue 13).
const stages = {
  check: () => require('./check') as typeof import('./check'),
  capabilities: () => require('./check-capabilities') as typeof import('./check-capabilities'),
  names: () => require('./check-names') as typeof import('./check-names'),
  schemaNames: () => require('./check-schemas') as typeof import('./check-schemas'),
  jsonSchema: () => require('./json-schema') as typeof import('./json-schema'),
  origins: () => require('./origins') as typeof import('./origins'),
  resolve: () => require('./resolve') as typeof import('./resolve'),
  yaml: () => require('./yaml-source') as typeof import('./yaml-source'),
}

/** The schema files' desired state. */
export interface LoadedSchema {
  /** Canonical (see canonicalSchema). */
  readonly schema: Schema
  /** `renamedFrom` hints, for the diff. */
  readonly hints: RenameHints
  /** The files read, as given in diagnostics (relative to cwd), sorted. */
  readonly files: readonly string[]
  readonly warnings: readonly Diagnostic[]
}

/**
 * Load every `*.yaml` / `*.yml` under the folder `schemas` (recursively,
 * sorted), or the files a glob matches; paths in diagnostics are relative to
 * `cwd` (default `process.cwd()`). A folder without schema files, or a
 * missing one, is a UsageError. Throws ValidationError with every diagnostic
 * of every file when anything is wrong.
 */
export async function loadSchemaFiles(
  schemas: string,
  options: { cwd?: string; cache?: string; databases?: readonly TargetDatabase[]; settings?: ProjectSettings } = {},
): Promise<LoadedSchema> {
  const cwd = options.cwd ?? process.cwd()
  const files = await findSchemaFiles(schemas, cwd)
  if (!files.length) {
    // An empty folder is far more often a wrong `schemas:` path than an empty
    // database: as an empty schema, `make` would drop every table.
    const shown = relative(cwd, resolve(cwd, schemas)) || schemas
    throw new UsageError(
      `no schema files (*.yaml, *.yml) in "${shown}": check schemas: in strata.yaml; ` +
        'to describe a database without tables, write a file holding `tables: {}`',
      { schemas },
    )
  }
  const contents = await Promise.all(files.map(async (f) => ({ file: f.display, content: await readFile(f.path) })))
  const databases = options.databases ?? []
  const settings = options.settings ?? {}
  if (!options.cache || process.env.STRATA_CACHE === '0') return loadSchemaSources(contents, databases, undefined, settings)
  return cachedLoad(options.cache, contents, databases, settings)
}

/** The whole-set cache file's layout (part of its name). */
const CACHE_FORMAT = 'set3'

/**
 * The loaded schema of exactly these files, from the cache folder when a
 * load of the same names and bytes by the same strata version is recorded
 * there (the result depends on nothing else); otherwise loaded and recorded.
 * Only successful loads are recorded: files with errors are read again, and
 * report them again.
 */
function cachedLoad(
  dir: string,
  contents: readonly { file: string; content: Buffer }[],
  databases: readonly TargetDatabase[],
  settings: ProjectSettings,
): LoadedSchema {
  const hash = createHash('sha256').update(STRATA_VERSION).update(`\0${CACHE_FORMAT}`)
  // The capability checks depend on the project's databases too.
  hash.update('\0').update(JSON.stringify(databases.map((d) => [d.dialect, d.capabilities])))
  hash.update('\0').update(JSON.stringify(settings))
  for (const { file, content } of [...contents].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    hash.update('\0').update(file).update('\0').update(String(content.length)).update('\0').update(content)
  }
  const path = join(dir, `schema-${hash.digest('hex').slice(0, 24)}.json`)
  try {
    const text = readFileSync(path, 'utf8')
    const cut = text.indexOf('\n')
    const rest = JSON.parse(text.slice(0, cut)) as Omit<LoadedSchema, 'schema'>
    const schema = parseCanonicalLines(text.slice(cut + 1))
    if (rest && Array.isArray(rest.files) && Array.isArray(schema.tables)) return { ...rest, schema }
  } catch {
    // Not recorded (or unreadable): load.
  }
  const loaded = loadSchemaSources(contents, databases, new FileCache(join(dir, FILES_DIR), contents.length), settings)
  try {
    ensureCacheDir(dir)
    for (const old of readdirSync(dir)) if (old.startsWith('schema-') && old.endsWith('.json')) rmSync(join(dir, old), { force: true })
    const tmp = `${path}.${process.pid}.tmp`
    // The rest on the first line, then the schema as canonical lines: read back, it is canonical as it is.
    const { schema, ...rest } = loaded
    writeFileSync(tmp, `${JSON.stringify(rest)}\n${canonicalLines(schema)}`)
    renameSync(tmp, path)
  } catch {
    // No cache this time.
  }
  return loaded
}

/**
 * The same from in-memory files (tests, and the YAML-to-model path).
 * `databases`: the project's databases, whose dialects' capabilities the
 * schema must fit (see check-capabilities.ts).
 */
export function loadSchemaSources(
  files: readonly { file: string; content: string | Buffer }[],
  databases: readonly TargetDatabase[] = [],
  cache?: FileCache,
  settings: ProjectSettings = {},
): LoadedSchema {
  const sorted = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const diagnostics: Diagnostic[] = []
  const sources: YamlSource[] = []
  for (const { file, content } of sorted) {
    const recorded = cache?.get(file, content)
    if (recorded) {
      sources.push(recorded)
      continue
    }
    schemaParseCounter.files++
    const parsed = stages.yaml().parseYamlSource(file, content)
    diagnostics.push(...parsed.diagnostics)
    if (!parsed.source) continue
    const problems = stages.jsonSchema().validateAgainst('schema-file', parsed.source)
    diagnostics.push(...problems)
    if (problems.length === 0) {
      sources.push(parsed.source)
      // Before resolution reads it; only a file that parsed and validated without a word.
      if (parsed.diagnostics.length === 0) cache?.put(content, parsed.source.value)
    }
  }
  cache?.prune()
  // The meaning of files is only checked once they all have the right shape:
  // a table missing from a broken file would otherwise be reported as missing everywhere.
  const { Reporter, sortDiagnostics } = stages.origins()
  if (diagnostics.some((d) => d.severity === 'error')) throw new ValidationError(sortDiagnostics(diagnostics))

  const report = new Reporter()
  const resolution = stages.resolve().resolveSources(sources, report)
  // Index names per table only when every database keeps them so (MySQL); one schema-wide namespace otherwise.
  stages.check().checkSchema(resolution, report, { indexNamesPerTable: databases.length > 0 && databases.every((d) => d.capabilities.indexNamespace === 'table') })
  stages.capabilities().checkCapabilities(resolution, report, databases, settings)
  stages.names().checkNames(resolution, report, databases)
  stages.schemaNames().checkSchemaNames(resolution, report, databases)
  const all = sortDiagnostics([...diagnostics, ...report.diagnostics])
  if (all.some((d) => d.severity === 'error')) throw new ValidationError(all)
  return {
    schema: canonicalSchema(resolution.schema),
    hints: renameHints(resolution.renames),
    files: sorted.map((f) => f.file),
    warnings: all.filter((d) => d.severity === 'warning'),
  }
}

/**
 * Counts for tests: how many schema files the loads since the last reset
 * parsed (read as YAML and validated), and how many recorded files were read
 * again only to locate a diagnostic.
 */
export const schemaParseCounter = { files: 0, located: 0 }

const FILES_DIR = 'parsed'

/**
 * The second level of the schema cache: each schema file's parsed and
 * validated value, keyed by the sha256 of strata's version and the file's
 * bytes (its name is not part of it: the value does not hold it). Only a
 * file that parsed and validated with no diagnostic at all is recorded, so a
 * file with an error or a warning is always read again and says it again.
 * Resolution and every check across files still run on all of them: a
 * recorded file skips the YAML reader and the JSON Schema, nothing else.
 * Positions for a diagnostic are found by reading that one file again, on
 * the first `locate` (a warning about a recorded file, say).
 */
export class FileCache {
  private readonly used = new Set<string>()
  private wrote = false

  /** `dir`: the folder of entries; `files`: how many files the project has (for pruning). */
  constructor(
    private readonly dir: string,
    private readonly files: number,
  ) {}

  private key(content: string | Buffer): string {
    return createHash('sha256').update(STRATA_VERSION).update('\0').update(content).digest('hex').slice(0, 32)
  }

  /** The recorded source of these bytes, shown as `file`; undefined when none is recorded. */
  get(file: string, content: string | Buffer): YamlSource | undefined {
    const key = this.key(content)
    this.used.add(key)
    let value: unknown
    try {
      value = deserialize(readFileSync(join(this.dir, `${key}.v8`)))
    } catch {
      return undefined
    }
    let parsed: YamlSource | undefined
    return {
      file,
      value,
      locate(path, options) {
        if (!parsed) {
          schemaParseCounter.located++
          parsed = stages.yaml().parseYamlSource(file, content).source
        }
        return parsed ? parsed.locate(path, options) : { line: 1, column: 1 }
      },
    }
  }

  /** Record the validated value of these bytes (best effort). */
  put(content: string | Buffer, value: unknown): void {
    const key = this.key(content)
    this.used.add(key)
    try {
      const bytes = serialize(value)
      ensureCacheDir(dirname(this.dir))
      mkdirSync(this.dir, { recursive: true })
      const path = join(this.dir, `${key}.v8`)
      const tmp = `${path}.${process.pid}.tmp`
      writeFileSync(tmp, bytes)
      renameSync(tmp, path)
      this.wrote = true
    } catch {
      // No cache this time.
    }
  }

  /** After a load that recorded something: entries of files no longer there go once they outnumber the project's files (room for a branch switch back). */
  prune(): void {
    if (!this.wrote) return
    try {
      const names = readdirSync(this.dir)
      if (names.length <= 2 * this.files + 16) return
      for (const name of names) if (!this.used.has(name.replace(/\.v8$/, ''))) rmSync(join(this.dir, name), { force: true })
    } catch {
      // Nothing to prune.
    }
  }
}

function renameHints(renames: readonly Rename[]): RenameHints {
  const tables: Record<string, string> = {}
  const columns: Record<string, Record<string, string>> = {}
  for (const rename of renames) {
    if (rename.kind === 'table') tables[rename.table] = rename.from
    else (columns[rename.table] ??= {})[rename.column as string] = rename.from
  }
  return { tables, columns }
}
