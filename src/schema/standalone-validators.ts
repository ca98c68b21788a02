/**
 * The JSON-Schema validators generated at build time (ajv standalone code,
 * src/schema/generated/<kind>.ts, written by generate-validators.ts):
 * compiling the schema-file and migration-file schemas with ajv costs more
 * than reading a large project, in every process. Each generated validator
 * carries the sha256 of the schema text it was generated from, and is used
 * only while that text is unchanged: a stale one is ignored (ajv compiles
 * the schema as before), so it can never accept what the schema rejects.
 */
import { createHash } from 'node:crypto'
import type { JsonSchemaKind } from './json-schema'

/** A boolean validator (no error details: invalid input is validated again by ajv). */
export type PrecompiledValidator = (value: unknown) => boolean

const checked = new Map<JsonSchemaKind, PrecompiledValidator | undefined>()

export function schemaTextHash(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** The generated module of a kind: the validator, with the hash of its schema text. */
function load(kind: JsonSchemaKind): (PrecompiledValidator & { schemaHash?: string }) | undefined {
  try {
    // One module per kind, so that reading schema files does not load the migration-file validator.
    switch (kind) {
      case 'schema-file':
        return require('./generated/schema-file')
      case 'migration-file':
        return require('./generated/migration-file')
      case 'strata-config':
        return require('./generated/strata-config')
    }
  } catch {
    return undefined
  }
}

/** The generated validator for `kind` if it was generated from exactly `schemaText`, else undefined. */
export function precompiledValidator(kind: JsonSchemaKind, schemaText: string): PrecompiledValidator | undefined {
  if (checked.has(kind)) return checked.get(kind)
  const generated = load(kind)
  const validator = generated && generated.schemaHash === schemaTextHash(schemaText) ? generated : undefined
  checked.set(kind, validator)
  return validator
}
