import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { jsonSchemaPath } from '../../src/paths'
import { validateAgainst } from '../../src/schema/json-schema'
import { COLUMN_TYPES, REFERENTIAL_ACTIONS } from '../../src/schema/model'
import { parseYamlSource } from '../../src/schema/yaml-source'

function validate(text: string): string[] {
  const { source } = parseYamlSource('s.yaml', text)
  assert.ok(source)
  return validateAgainst('schema-file', source).map((d) => `${d.line}:${d.column} ${d.message}`)
}

describe('schema files: JSON Schema validation', () => {
  const schema = JSON.parse(readFileSync(jsonSchemaPath('schema-file'), 'utf8'))

  it('is a draft-07 schema with an $id, and every property has a description', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#')
    assert.match(schema.$id, /schema-file\.schema\.json$/)
    const missing: string[] = []
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return
      const properties = (node as { properties?: Record<string, { description?: string; $ref?: string }> }).properties
      for (const [name, property] of Object.entries(properties ?? {})) {
        const described = property.description ?? (property.$ref ? resolve(property.$ref).description : undefined)
        if (!described) missing.push(`${path}/properties/${name}`)
      }
      for (const [key, value] of Object.entries(node)) walk(value, `${path}/${key}`)
    }
    const resolve = (ref: string): { description?: string } =>
      ref.slice(2).split('/').reduce((n: Record<string, unknown>, k) => n[k] as Record<string, unknown>, schema) as { description?: string }
    walk(schema, '#')
    assert.deepEqual(missing, [])
  })

  it('lists the model\'s column types and referential actions', () => {
    assert.deepEqual(schema.definitions.typeName.enum, [...COLUMN_TYPES])
    assert.deepEqual(schema.definitions.referentialAction.enum, [...REFERENTIAL_ACTIONS])
  })

  it('accepts the SPEC example', () => {
    const text = readFileSync(`${__dirname}/../../../test/fixtures/schemas/blog/accounts.yaml`, 'utf8')
    assert.deepEqual(validate(text), [])
  })

  it('collapses oneOf noise to the branch the value fits', () => {
    assert.deepEqual(
      validate('tables:\n  t:\n    columns:\n      a: { type: text, default: [1] }\n      b: { type: text, references: { table: u, onDelete: nothing } }\n'),
      [
        '4:33 column "t.a": default must be a string, a number, a boolean (true or false) or a map, got a list',
        '5:58 column "t.b": references.onDelete "nothing" is not one of cascade, restrict, set null, set default, no action',
      ],
    )
  })

  it('names the unknown key, suggests the close one, and lists allowed keys otherwise', () => {
    assert.deepEqual(validate('tables:\n  t:\n    relations:\n      r: { manyToMany: u, thru: x }\n      s: { belongTo: u }\n'), [
      '4:27 relation "t.r": unknown property "thru"; expected one of manyToMany, through, columns',
      '5:10 relation "t.s": missing required property "belongsTo"',
      '5:12 relation "t.s": unknown property "belongTo" (did you mean "belongsTo"?)',
    ])
  })

  it('reports every error of a file, sorted by position', () => {
    const found = validate('tables:\n  t:\n    columns:\n      a: { type: strng }\n      b: { type: text, nullable: 1 }\n    checks:\n      - { name: c }\nextra: 1\n')
    assert.deepEqual(found, [
      '4:18 column "t.a": type "strng" is not one of string, text, smallint, integer, bigint, boolean, float, double, decimal, date, time, timestamp, uuid, json, binary, enum, native',
      '5:34 column "t.b": nullable must be a boolean (true or false), got an integer (1)',
      '7:9 table "t": checks[0]: missing required property "expression"',
      '8:1 unknown property "extra"; expected one of tables, enums, views, triggers, functions, sequences, extensions, domains, types, grants, sql',
    ])
  })
})
