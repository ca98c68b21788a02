/** strata's own YAML writer: what it writes, the `yaml` package reads back as the same value. */
import { strict as assert } from 'node:assert'
import { parse } from 'yaml'
import { emitYamlDocument, yamlScalar } from '../../src/schema/yaml-emit'

const AWKWARD = [
  'true', 'False', 'null', 'NULL', '~', 'yes', 'No', 'on', 'OFF', 'y', '', ' ', 'a b', ' lead', 'trail ', 'a: b', 'a #b', '#x',
  '-', '- x', '? x', '[x]', '{x}', 'a,b', "it's", 'say "hi"', 'back\\slash', 'line\nbreak', 'tab\there', 'é', '日本', '0', '007',
  '1e5', '0x1F', '0o17', '.inf', '-.inf', '.nan', '1_000', '12:30', '2026-11-20', '@at', '`tick`', '*star', '&amp', '!bang', '%pct',
  '|pipe', '>gt', "'single'", 'status = \'published\'', 'lower(email)', 'email LIKE \'%@%\'', '0002_post_tags', '0002', '1.5',
]

describe('migrations: the YAML writer', () => {
  it('writes every awkward string so that YAML reads the same string back', () => {
    for (const text of AWKWARD) {
      assert.deepEqual(parse(`v: ${yamlScalar(text)}`), { v: text }, JSON.stringify(text))
      assert.deepEqual(parse(`v: [ ${yamlScalar(text)} ]`), { v: [text] }, `in a flow list: ${JSON.stringify(text)}`)
      assert.deepEqual(parse(`v: { ${yamlScalar(text)}: ${yamlScalar(text)} }`), { v: { [text]: text } }, `as a key: ${JSON.stringify(text)}`)
    }
  })

  it('writes numbers, booleans and null as themselves', () => {
    const value = { a: 0, b: -1.5, c: 1e21, d: true, e: false, f: null, g: 12345678901234 }
    assert.deepEqual(parse(emitYamlDocument(value)), value)
  })

  it('round-trips nested documents in block and flow style, and keeps operations in block style', () => {
    const long = 'x'.repeat(120)
    const doc = {
      name: '0003_things',
      dependsOn: '0002_post_tags',
      up: [
        { dropTable: 'users' },
        { createTable: { name: 't', columns: [{ name: 'id', type: 'bigint', primaryKey: true }, { name: long, type: 'text', default: { sql: "a ' b" } }], unique: [['a', 'b']] } },
        { insert: { table: 'weird "t"', rows: [{ 'col: x': "it's", n: null, m: [] }, { 'col: x': AWKWARD.join('|') }] } },
        { sql: { up: 'UPDATE a SET b = 1;\nUPDATE c SET d = 2', down: '' } },
      ],
      down: [],
      nested: [[1, [2, [3]]], [long, [long]], {}],
    }
    const text = emitYamlDocument(doc, { header: ' header', keepBlock: (path) => path.length <= 2 && (path[0] === 'up' || path[0] === 'down') })
    assert.deepEqual(parse(text), doc)
    assert.match(text, /^# header\nname: 0003_things\ndependsOn: 0002_post_tags\nup:\n {2}- dropTable: users\n {2}- createTable:\n/)
    assert.match(text, /^down: \[\]$/m)
  })
})
