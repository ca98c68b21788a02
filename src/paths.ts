/** Files shipped with the package (JSON Schemas, strata's own migrations), found from the compiled code. */
import { existsSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'

let root: string | undefined

/** The package's root folder: the one holding package.json. */
export function packageRoot(): string {
  if (root) return root
  let dir = __dirname
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`strata: cannot find package.json above ${__dirname}`)
    dir = parent
  }
  root = dir
  return dir
}

/** The published JSON Schema for one kind of file. */
export function jsonSchemaPath(kind: 'schema-file' | 'migration-file' | 'strata-config'): string {
  return join(packageRoot(), 'schemas', `${kind}.schema.json`)
}

/**
 * The `$schema` reference for a file in `fromDir`: the path of the JSON
 * Schema of the strata that is running, relative to that folder
 * (`../node_modules/strata-migrate/schemas/schema-file.schema.json` when
 * strata is installed in the project), as yaml-language-server resolves it
 * (relative to the file, `/` separators, URI-encoded: the modeline ends at
 * the first space).
 */
export function schemaReference(kind: 'schema-file' | 'migration-file' | 'strata-config', fromDir: string): string {
  const path = relative(fromDir, jsonSchemaPath(kind)).split(sep).join('/')
  return encodeURI(path.startsWith('../') ? path : `./${path}`)
}

/** The yaml-language-server modeline (a YAML comment) that gives editors the JSON Schema of a file in `fromDir`. */
export function schemaModeline(kind: 'schema-file' | 'migration-file' | 'strata-config', fromDir: string): string {
  return `# yaml-language-server: $schema=${schemaReference(kind, fromDir)}`
}

// Compiled into dist/src/, so package.json is found from the root, not by a relative path.
export const STRATA_VERSION: string = require(join(packageRoot(), 'package.json')).version
