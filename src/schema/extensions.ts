/**
 * Extensions in the model (PostgreSQL; docs/OBJECTS.md): the name, the
 * schema its objects go in when not the current one, and the version when
 * pinned. The objects an extension creates (its types, functions,
 * operators) are its own: never modelled one by one, never reported as not
 * kept (pg_depend deptype 'e').
 * https://www.postgresql.org/docs/current/sql-createextension.html
 */
import type { Schema } from './model'
import type { Origin, Origins, Reporter } from './origins'
import type { RawFile } from './raw'
import type { YamlSource } from './yaml-source'

export interface Extension {
  readonly name: string
  /** SCHEMA; absent: the current schema. */
  readonly schema?: string
  /** VERSION, pinned; absent: the default version, whatever the server ships. */
  readonly version?: string
}

export function extensionsOf(schema: Schema): readonly Extension[] {
  return schema.extensions ?? []
}

export function findExtension(schema: Schema, name: string): Extension | undefined {
  return schema.extensions?.find((e) => e.name === name)
}

/** The `extensions:` of every file (one definition per name), located. */
export function resolveExtensions(sources: readonly YamlSource[], origins: Origins, report: Reporter): Extension[] {
  const out = new Map<string, { extension: Extension; origin: Origin }>()
  for (const source of sources) {
    const file = source.value as RawFile
    for (const [name, raw] of Object.entries(file.extensions ?? {})) {
      const origin: Origin = { source, path: ['extensions', name] }
      const other = out.get(name)
      if (other) {
        report.error(origin, `extension "${name}": already defined (${other.origin.source.file}); an extension is declared in one file`, { key: true })
        continue
      }
      if (name === 'plpgsql') report.error(origin, 'extension "plpgsql": every PostgreSQL database has it; leave it out', { key: true })
      const extension: { -readonly [K in keyof Extension]: Extension[K] } = { name }
      if (raw?.schema !== undefined) extension.schema = raw.schema
      if (raw?.version !== undefined) extension.version = raw.version
      origins.set(extension, origin)
      out.set(name, { extension, origin })
    }
  }
  return [...out.values()].map((e) => e.extension)
}
