import assert from 'node:assert/strict'
import { parseYamlSource } from '../../src/schema/yaml-source'

const TEXT = `# comment
tables:
  posts:
    columns:
      title: { type: string, length: 200 }
      body: text
      empty:
    indexes:
      - columns: [title]
      - { expression: "lower(title)" }
`

describe('schema files: YAML with source positions', () => {
  const { source, diagnostics } = parseYamlSource('schemas/blog.yaml', TEXT)

  it('parses to plain values', () => {
    assert.deepEqual(diagnostics, [])
    assert.ok(source)
    assert.equal(source.file, 'schemas/blog.yaml')
    assert.deepEqual((source.value as { tables: { posts: { columns: object } } }).tables.posts.columns, {
      title: { type: 'string', length: 200 },
      body: 'text',
      empty: null,
    })
  })

  it('locates values, keys, sequence items and flow-map entries (1-based)', () => {
    assert.ok(source)
    assert.deepEqual(source.locate(['tables', 'posts', 'columns', 'title', 'type']), { line: 5, column: 22 })
    assert.deepEqual(source.locate(['tables', 'posts', 'columns', 'title', 'type'], { key: true }), { line: 5, column: 16 })
    assert.deepEqual(source.locate(['tables', 'posts', 'columns', 'body']), { line: 6, column: 13 })
    assert.deepEqual(source.locate(['tables', 'posts', 'columns', 'body'], { key: true }), { line: 6, column: 7 })
    assert.deepEqual(source.locate(['tables', 'posts', 'indexes', 1, 'expression']), { line: 10, column: 23 })
    assert.deepEqual(source.locate(['tables', 'posts', 'indexes', 0, 'columns', 0]), { line: 9, column: 19 })
    assert.deepEqual(source.locate([]), { line: 2, column: 1 })
  })

  it('falls back to the nearest existing ancestor', () => {
    assert.ok(source)
    assert.deepEqual(source.locate(['tables', 'posts', 'columns', 'title', 'default']), { line: 5, column: 14 })
    assert.deepEqual(source.locate(['tables', 'posts', 'columns', 'body', 'type']), { line: 6, column: 13 })
    assert.deepEqual(source.locate(['tables', 'posts', 'indexes', 7]), { line: 9, column: 7 })
    // A key without a value: the (empty) value's position, just after the colon.
    assert.deepEqual(source.locate(['tables', 'posts', 'columns', 'empty', 'type']), { line: 7, column: 13 })
  })

  it('follows aliases and strips a byte-order mark', () => {
    const { source: aliased } = parseYamlSource('a.yaml', Buffer.from('\ufeffbase: &b { type: text }\nother: *b\n', 'utf8'))
    assert.ok(aliased)
    assert.deepEqual(aliased.value, { base: { type: 'text' }, other: { type: 'text' } })
    assert.deepEqual(aliased.locate(['other', 'type']), { line: 1, column: 18 })
  })

  it('reports duplicate keys at the second key, including keys that collide once converted', () => {
    const { source: none, diagnostics: found } = parseYamlSource('a.yaml', 'a:\n  1: x\n  "1": y\n')
    assert.equal(none, undefined)
    assert.deepEqual(found, [{ file: 'a.yaml', line: 3, column: 3, severity: 'error', message: 'duplicate key "1": keys in a map must be unique' }])
  })

  it('refuses a billion-laughs file instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i)
      const name = String.fromCharCode(97 + i)
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`)
    }
    const started = Date.now()
    const { source: none, diagnostics: found } = parseYamlSource('lol.yaml', lines.join('\n'))
    assert.equal(none, undefined)
    assert.equal(found.length, 1)
    assert.match(found[0].message, /cannot expand aliases: Excessive alias count/)
    assert.ok(Date.now() - started < 5000)
  })

  it('reports several YAML documents in one file', () => {
    const { diagnostics: found } = parseYamlSource('a.yaml', 'tables: {}\n---\ntables: {}\n')
    assert.deepEqual(found.map((d) => [d.line, d.column, d.message]), [[2, 1, 'invalid YAML: the file holds several documents (---); a file holds one']])
  })
})
