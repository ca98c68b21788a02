/**
 * The generated validators (src/schema/generated/<kind>.ts) must be in
 * step with schemas/*.schema.json, and agree with ajv on valid and invalid
 * files; a stale one must be ignored rather than used.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { KINDS, generateValidatorModule, generatedValidatorPath } from '../../src/schema/generate-validators'
import { createAjv, jsonSchemaText, validateAgainst } from '../../src/schema/json-schema'
import { precompiledValidator } from '../../src/schema/standalone-validators'
import { parseYamlSource } from '../../src/schema/yaml-source'
import { BAD_SCHEMA_INPUTS } from './bad-inputs'

describe('schema files: precompiled JSON-Schema validators', () => {
  it('are generated from the current schemas (else run `npm run generate:validators`)', () => {
    for (const kind of KINDS) assert.equal(readFileSync(generatedValidatorPath(kind), 'utf8'), generateValidatorModule(kind), kind)
  })

  it('are used only for the schema text they were generated from', () => {
    assert.ok(precompiledValidator('schema-file', jsonSchemaText('schema-file')))
    assert.ok(precompiledValidator('migration-file', jsonSchemaText('migration-file')))
    // An edited schema text gets none (strata-config is not looked up before in this process).
    assert.equal(precompiledValidator('strata-config', jsonSchemaText('strata-config') + ' '), undefined)
  })

  it('agree with ajv on every bad input and on valid files', () => {
    const ajv = createAjv()
    const full = ajv.compile(JSON.parse(jsonSchemaText('schema-file')))
    const quick = precompiledValidator('schema-file', jsonSchemaText('schema-file'))!
    let compared = 0
    const valid = [
      'tables:\n  users:\n    columns:\n      id: { type: bigint, primaryKey: true, autoincrement: true }\n      email: { type: string, length: 320, unique: true }\n',
      'enums:\n  mood: [a, b]\ntables:\n  t:\n    columns:\n      m: { type: enum, enum: mood, default: a }\n    relations:\n      o: { belongsTo: t, nullable: true }\n      l: { manyToMany: t }\n',
    ]
    const texts = [...valid, ...BAD_SCHEMA_INPUTS.filter((b) => !b.encoding).flatMap((b) => Object.values(b.files))]
    for (const text of texts) {
      const parsed = parseYamlSource('x.yaml', text)
      if (!parsed.source) continue
      assert.equal(quick(parsed.source.value), full(parsed.source.value), text)
      compared++
    }
    assert.ok(compared > 20, `compared ${compared}`)
  })

  it('leave the error messages to ajv', () => {
    const { source } = parseYamlSource('x.yaml', 'tables:\n  users:\n    columns:\n      email: { type: strng }\n')
    const diagnostics = validateAgainst('schema-file', source!)
    assert.equal(diagnostics.length, 1)
    assert.equal(diagnostics[0]!.line, 4)
    assert.match(diagnostics[0]!.message, /strng/)
  })
})
