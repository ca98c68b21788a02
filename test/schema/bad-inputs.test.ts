import assert from 'node:assert/strict'
import { ValidationError } from '../../src/errors'
import { loadSchemaSources } from '../../src/schema/load'
import { BAD_SCHEMA_INPUTS } from './bad-inputs'

describe('schema files: bad inputs', () => {
  it('has a corpus of at least 35 cases, each expecting at least one error', () => {
    assert.ok(BAD_SCHEMA_INPUTS.length >= 35)
    for (const c of BAD_SCHEMA_INPUTS) assert.ok(c.expected.length > 0, c.name)
  })

  for (const c of BAD_SCHEMA_INPUTS) {
    it(`reports: ${c.name}`, () => {
      const files = Object.entries(c.files).map(([file, text]) => ({ file, content: Buffer.from(text, c.encoding ?? 'utf8') }))
      let error: unknown
      try {
        loadSchemaSources(files)
      } catch (e) {
        error = e
      }
      assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`)
      const actual = error.diagnostics.map((d) => ({ file: d.file, line: d.line, column: d.column, message: d.message }))
      assert.equal(actual.length, c.expected.length, `diagnostics:\n${actual.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('\n')}`)
      c.expected.forEach((expected, i) => {
        const got = actual[i]
        assert.deepEqual({ file: got.file, line: got.line, column: got.column }, { file: expected.file, line: expected.line, column: expected.column }, got.message)
        assert.ok(got.message.includes(expected.message), `"${got.message}" should contain "${expected.message}"`)
      })
      assert.ok(error.diagnostics.every((d) => d.severity === 'error'))
      assert.match(error.message, new RegExp(`${c.expected.length} errors?$`))
    })
  }
})
