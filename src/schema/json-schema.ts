/**
 * JSON-Schema validation of parsed YAML files (schema files, migration files,
 * strata.yaml) with ajv, every error mapped back to `file:line:col`.
 */
import { readFileSync } from 'node:fs'
import type Ajv from 'ajv'
import type { ValidateFunction } from 'ajv'
import type { Diagnostic } from '../errors'
import { jsonSchemaPath } from '../paths'
import { collapseErrors, describeError } from './ajv-errors'
import type { BranchValidator } from './ajv-errors'
import { precompiledValidator } from './standalone-validators'
import type { YamlSource } from './yaml-source'

export type JsonSchemaKind = 'schema-file' | 'migration-file' | 'strata-config'

let ajv: Ajv | undefined

/** A compiled schema and, for each of its sub-schema objects, its JSON pointer (to validate oneOf branches alone). */
interface Compiled {
  readonly validate: ValidateFunction
  readonly id: string
  readonly pointers: Map<unknown, string>
  readonly branches: Map<string, ValidateFunction>
}
const compiled = new Map<JsonSchemaKind, Compiled>()

/**
 * The ajv instance with strata's options. Strict about unknown keywords
 * (typos in our own schemas), lenient about `required` inside oneOf
 * branches, which is how "exactly one of" is written. `source: true` keeps
 * the generated code, for generate-validators.ts.
 */
export function createAjv(options: { source?: boolean; lean?: boolean } = {}): Ajv {
  // ajv is loaded on first use: commands that read no file never pay for it.
  const AjvClass = (require('ajv') as typeof import('ajv')).default
  const instance = new AjvClass({
    // `lean` (the boolean-only generated validators): stop at the first
    // error and keep no details; whether a value is valid is the same.
    allErrors: !options.lean,
    verbose: !options.lean,
    strict: true,
    strictRequired: false,
    strictTypes: false,
    strictTuples: false,
    allowUnionTypes: true,
    ...(options.source ? { code: { source: true } } : {}),
  })
  // Annotation keyword: the message shown when a oneOf/anyOf of its schema fails.
  instance.addKeyword({ keyword: 'x-message', schemaType: 'string' })
  return instance
}

function getAjv(): Ajv {
  ajv ??= createAjv()
  return ajv
}

/** The JSON text of a kind's schema, read once per process. */
const schemaTexts = new Map<JsonSchemaKind, string>()
export function jsonSchemaText(kind: JsonSchemaKind): string {
  let text = schemaTexts.get(kind)
  if (text === undefined) {
    text = readFileSync(jsonSchemaPath(kind), 'utf8')
    schemaTexts.set(kind, text)
  }
  return text
}

function compiledFor(kind: JsonSchemaKind): Compiled {
  let entry = compiled.get(kind)
  if (!entry) {
    const schema = JSON.parse(jsonSchemaText(kind)) as { $id?: string }
    const validate = getAjv().compile(schema)
    const pointers = new Map<unknown, string>()
    const walk = (node: unknown, pointer: string): void => {
      if (!node || typeof node !== 'object') return
      pointers.set(node, pointer)
      for (const [key, value] of Object.entries(node)) walk(value, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`)
    }
    walk(schema, '#')
    entry = { validate, id: schema.$id ?? kind, pointers, branches: new Map() }
    compiled.set(kind, entry)
  }
  return entry
}

/** A validator for one oneOf/anyOf branch, found by the identity of the branch array in the schema. */
function branchValidator(entry: Compiled): BranchValidator {
  return (alternatives, index) => {
    const pointer = entry.pointers.get(alternatives)
    if (pointer === undefined) throw new Error('strata: a oneOf/anyOf of the JSON Schema was not found by identity')
    const ref = `${entry.id}${pointer}/${index}`
    let validate = entry.branches.get(ref)
    if (!validate) {
      validate = getAjv().compile({ $ref: ref })
      entry.branches.set(ref, validate)
    }
    return validate
  }
}

/**
 * Validate against `schemas/<kind>.schema.json`, all errors, each mapped to
 * the YAML node behind ajv's `instancePath`, with a readable message. Valid
 * files are checked by the precompiled validator when it matches the schema
 * file; otherwise the schema is compiled once per process.
 */
export function validateAgainst(kind: JsonSchemaKind, source: YamlSource): Diagnostic[] {
  // The validators generated at build time answer valid files without
  // compiling anything; an invalid file is validated again by ajv, whose
  // errors (and oneOf branch validators) give the messages.
  const precompiled = precompiledValidator(kind, jsonSchemaText(kind))
  if (precompiled && precompiled(source.value)) return []
  const entry = compiledFor(kind)
  if (entry.validate(source.value)) return []
  const errors = collapseErrors(entry.validate.errors ?? [], branchValidator(entry))
  const seen = new Set<string>()
  const out: Diagnostic[] = []
  for (const error of errors) {
    const { path, key, message } = describeError(error)
    const { line, column } = source.locate(path, { key })
    const text = `${line}:${column}:${message}`
    if (seen.has(text)) continue
    seen.add(text)
    out.push({ file: source.file, line, column, severity: 'error', message })
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column)
}
