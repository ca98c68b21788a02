/**
 * Schema files to one canonical Schema: parse (YAML with positions), validate
 * (JSON Schema), resolve (shorthands, implicit keys, relations), check
 * (meaning). Any error anywhere: one ValidationError with all of them.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { ensureCacheDir } from '../cache-dir'
import { STRATA_VERSION } from '../paths'
import { UsageError, ValidationError } from '../errors'
import type { Diagnostic } from '../errors'
import { canonicalSchema } from './canonical'
import { checkSchema } from './check'
import { checkCapabilities, type TargetDatabase } from './check-capabilities'
import { checkNames } from './check-names'
import type { Rename } from './draft'
import { findSchemaFiles } from './files'
import { validateAgainst } from './json-schema'
import type { RenameHints, Schema } from './model'
import { Reporter, sortDiagnostics } from './origins'
import { resolveSources } from './resolve'
import { parseYamlSource } from './yaml-source'
import type { YamlSource } from './yaml-source'

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
  options: { cwd?: string; cache?: string; databases?: readonly TargetDatabase[] } = {},
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
  if (!options.cache || process.env.STRATA_CACHE === '0') return loadSchemaSources(contents, databases)
  return cachedLoad(options.cache, contents, databases)
}

/**
 * The loaded schema of exactly these files, from the cache folder when a
 * load of the same names and bytes by the same strata version is recorded
 * there (the result depends on nothing else); otherwise loaded and recorded.
 * Only successful loads are recorded: files with errors are read again, and
 * report them again.
 */
function cachedLoad(dir: string, contents: readonly { file: string; content: Buffer }[], databases: readonly TargetDatabase[]): LoadedSchema {
  const hash = createHash('sha256').update(STRATA_VERSION)
  // The capability checks depend on the project's databases too.
  hash.update('\0').update(JSON.stringify(databases.map((d) => [d.dialect, d.capabilities])))
  for (const { file, content } of [...contents].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    hash.update('\0').update(file).update('\0').update(String(content.length)).update('\0').update(content)
  }
  const path = join(dir, `schema-${hash.digest('hex').slice(0, 24)}.json`)
  try {
    const hit = JSON.parse(readFileSync(path, 'utf8')) as LoadedSchema
    if (hit && hit.schema && Array.isArray(hit.files)) return { ...hit, schema: canonicalSchema(hit.schema) }
  } catch {
    // Not recorded (or unreadable): load.
  }
  const loaded = loadSchemaSources(contents, databases)
  try {
    ensureCacheDir(dir)
    for (const old of readdirSync(dir)) if (old.startsWith('schema-') && old.endsWith('.json')) rmSync(join(dir, old), { force: true })
    const tmp = `${path}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(loaded))
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
): LoadedSchema {
  const sorted = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const diagnostics: Diagnostic[] = []
  const sources: YamlSource[] = []
  for (const { file, content } of sorted) {
    const parsed = parseYamlSource(file, content)
    diagnostics.push(...parsed.diagnostics)
    if (!parsed.source) continue
    const problems = validateAgainst('schema-file', parsed.source)
    diagnostics.push(...problems)
    if (problems.length === 0) sources.push(parsed.source)
  }
  // The meaning of files is only checked once they all have the right shape:
  // a table missing from a broken file would otherwise be reported as missing everywhere.
  if (diagnostics.some((d) => d.severity === 'error')) throw new ValidationError(sortDiagnostics(diagnostics))

  const report = new Reporter()
  const resolution = resolveSources(sources, report)
  checkSchema(resolution, report)
  checkCapabilities(resolution, report, databases)
  checkNames(resolution, report, databases)
  const all = sortDiagnostics([...diagnostics, ...report.diagnostics])
  if (all.some((d) => d.severity === 'error')) throw new ValidationError(all)
  return {
    schema: canonicalSchema(resolution.schema),
    hints: renameHints(resolution.renames),
    files: sorted.map((f) => f.file),
    warnings: all.filter((d) => d.severity === 'warning'),
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
