/** Files shipped with the package (JSON Schemas, strata's own migrations), found from the compiled code. */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

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

// Compiled into dist/src/, so package.json is found from the root, not by a relative path.
export const STRATA_VERSION: string = require(join(packageRoot(), 'package.json')).version
