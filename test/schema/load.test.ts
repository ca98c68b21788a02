import assert from 'node:assert/strict'
import { join } from 'node:path'
import { parseDocument } from 'yaml'
import { UsageError, ValidationError } from '../../src/errors'
import { loadSchemaFiles, loadSchemaSources } from '../../src/schema/load'

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'schemas')

/** `count` tables spread over files of 100, each with a few columns and a belongsTo to the next. */
function bigSchema(count: number): { file: string; content: string }[] {
  const files: { file: string; content: string }[] = []
  for (let f = 0; f * 100 < count; f++) {
    let text = 'tables:\n'
    for (let i = f * 100; i < Math.min(count, (f + 1) * 100); i++) {
      text += `  t${i}:\n    columns:\n      name: { type: string, length: 100, unique: true }\n      body: text\n      n: { type: integer, default: 3 }\n`
      text += `    relations:\n      parent: { belongsTo: t${(i + 1) % count}, nullable: true }\n`
    }
    files.push({ file: `schemas/part${String(f).padStart(3, '0')}.yaml`, content: text })
  }
  return files
}

describe('schema files: loading', () => {
  it('reads *.yaml and *.yml recursively, sorted, with paths relative to cwd', async () => {
    const loaded = await loadSchemaFiles('nested', { cwd: FIXTURES })
    assert.deepEqual(loaded.files, ['nested/a.yml', 'nested/more/b.yaml'])
    assert.deepEqual(loaded.schema.tables.map((t) => t.name), ['authors', 'books'])
  })

  it('reads the files a glob matches', async () => {
    const loaded = await loadSchemaFiles('nested/**/*.{yaml,yml}', { cwd: FIXTURES })
    assert.deepEqual(loaded.files, ['nested/a.yml', 'nested/more/b.yaml'])
    const both = await loadSchemaFiles('{nested,blog}/*.{yaml,yml}', { cwd: FIXTURES })
    assert.deepEqual(both.files, ['blog/accounts.yaml', 'blog/blog.yaml', 'nested/a.yml'])
  })

  it('reports a reference into a file the glob left out', async () => {
    await assert.rejects(loadSchemaFiles('nested/more/*.yaml', { cwd: FIXTURES }), (e: unknown) => {
      assert.ok(e instanceof ValidationError)
      assert.deepEqual(e.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}`), ['nested/more/b.yaml:4:28'])
      return true
    })
  })

  it('refuses a folder without schema files (an empty schema would drop every table)', async () => {
    await assert.rejects(loadSchemaFiles('empty', { cwd: FIXTURES }), (e: unknown) => {
      assert.ok(e instanceof UsageError)
      assert.match(e.message, /no schema files \(\*\.yaml, \*\.yml\) in "empty"/)
      assert.equal(e.exitCode, 2)
      return true
    })
  })

  it('names a missing folder in a UsageError', async () => {
    await assert.rejects(loadSchemaFiles('no-such-folder', { cwd: FIXTURES }), (e: unknown) => {
      assert.ok(e instanceof UsageError)
      assert.match(e.message, /schemas folder "no-such-folder" does not exist: run `strata init`/)
      assert.equal(e.exitCode, 2)
      return true
    })
  })

  it('does not depend on the order the files are given in', () => {
    const files = bigSchema(300)
    assert.deepEqual(loadSchemaSources(files), loadSchemaSources([...files].reverse()))
  })

  it('loads a 2,000-table schema in well under a second, and scales linearly', function () {
    this.timeout(120000)
    loadSchemaSources(bigSchema(10)) // compile the JSON Schema outside the measurement
    const time = (count: number): number => {
      const files = bigSchema(count)
      let best = Infinity
      for (let i = 0; i < 3; i++) {
        const started = process.hrtime.bigint()
        const loaded = loadSchemaSources(files)
        best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6)
        assert.equal(loaded.schema.tables.length, count)
      }
      return best
    }
    const small = time(500)
    const large = time(2000)
    // Quadratic work would make 4x the tables cost 16x; linear costs about 4x.
    assert.ok(large / small < 8, `500 tables: ${small.toFixed(0)} ms, 2000 tables: ${large.toFixed(0)} ms`)
    // The floor is the YAML parser itself. On an idle machine the whole load
    // takes a few hundred ms; on a loaded CI runner everything slows alike, so
    // the bound is one second or three times the bare parse, whichever is larger.
    const files = bigSchema(2000)
    let parse = Infinity
    for (let i = 0; i < 3; i++) {
      const started = process.hrtime.bigint()
      for (const f of files) parseDocument(f.content)
      parse = Math.min(parse, Number(process.hrtime.bigint() - started) / 1e6)
    }
    assert.ok(large < Math.max(1000, 3 * parse), `2000 tables took ${large.toFixed(0)} ms (bare YAML parse: ${parse.toFixed(0)} ms)`)
  })
})
