/** The schema-file cache (issue 13): the same files give the same result from the cache; an edit or an error is never served from it. */
import { strict as assert } from 'node:assert'
import { readdirSync } from 'node:fs'
import { ValidationError } from '../../src/errors'
import { loadSchemaFiles, schemaParseCounter } from '../../src/schema/load'
import { TempProject } from '../helpers/project'

const A = 'tables:\n  people:\n    columns:\n      email: { type: string, length: 100 }\n'

describe('schema-file cache', () => {
  let project: TempProject
  beforeEach(() => (project = new TempProject({ 'schemas/a.yaml': A })))
  afterEach(() => project.cleanup())
  const load = () => loadSchemaFiles(project.path('schemas'), { cwd: project.dir, cache: project.path('.strata') })
  const cached = () => readdirSync(project.path('.strata')).filter((f) => f.startsWith('schema-'))

  it('records a load and gives the same result from it', async () => {
    const first = await load()
    assert.equal(cached().length, 1)
    const second = await load()
    assert.deepEqual(second, first)
    assert.deepEqual(await loadSchemaFiles(project.path('schemas'), { cwd: project.dir }), first, 'as without the cache')
  })

  it('an edited file is loaded again, and the old record replaced', async () => {
    await load()
    project.write({ 'schemas/a.yaml': A.replace('length: 100', 'length: 200') })
    const edited = await load()
    assert.equal(edited.schema.tables[0]!.columns.find((c) => c.name === 'email')!.length, 200)
    assert.equal(cached().length, 1)
  })

  it('files with an error are not recorded and report it every time', async () => {
    await load()
    project.write({ 'schemas/b.yaml': 'tables:\n  pets:\n    columns:\n      owner: { type: strin }\n' })
    for (let i = 0; i < 2; i++) await assert.rejects(load(), (e: unknown) => e instanceof ValidationError && /b\.yaml/.test(e.diagnostics[0]!.file))
  })

  describe('per file', () => {
    const FILES = 6
    const file = (i: number, extra = '') =>
      `tables:\n  t${i}:\n    columns:\n      name: { type: string, length: 50 }\n` +
      extra +
      (i > 0 ? `    relations:\n      parent: { belongsTo: t${i - 1}, nullable: true }\n` : '')
    const files = () => Object.fromEntries(Array.from({ length: FILES }, (_, i) => [`schemas/f${i}.yaml`, file(i)]))
    const parsed = async (work: () => Promise<unknown>) => {
      schemaParseCounter.files = 0
      schemaParseCounter.located = 0
      const result = await work()
      return { result, parsed: schemaParseCounter.files, located: schemaParseCounter.located }
    }
    const uncached = () => loadSchemaFiles(project.path('schemas'), { cwd: project.dir })
    const failure = async (work: () => Promise<unknown>) => {
      try {
        await work()
      } catch (error) {
        assert.ok(error instanceof ValidationError, String(error))
        return error.diagnostics
      }
      return assert.fail('the load must fail')
    }

    beforeEach(() => {
      project.cleanup()
      project = new TempProject(files())
    })

    it('editing one file parses only that file, and gives what a load without the cache gives', async () => {
      assert.equal((await parsed(load)).parsed, FILES)
      project.write({ 'schemas/f3.yaml': file(3, '      added: { type: integer, nullable: true }\n') })
      const edited = await parsed(load)
      assert.equal(edited.parsed, 1, 'only the edited file')
      assert.deepEqual(edited.result, await uncached())
      assert.ok((edited.result as Awaited<ReturnType<typeof load>>).schema.tables.find((t) => t.name === 't3')!.columns.some((c) => c.name === 'added'))
      // A file added: only that one.
      project.write({ 'schemas/f9.yaml': 'tables:\n  other:\n    columns:\n      x: { type: integer }\n' })
      assert.equal((await parsed(load)).parsed, 1)
    })

    it('a reference to a table removed from another file is still caught, with the same error', async () => {
      await load()
      project.write({ 'schemas/f2.yaml': 'tables:\n  renamed:\n    columns:\n      name: { type: string, length: 50 }\n' })
      const cached = await parsed(() => failure(load))
      assert.equal(cached.parsed, 1, 'f3.yaml, which names t2, came from the cache')
      assert.equal(cached.located, 1, 'and was read again only to place the error')
      const expected = await failure(uncached)
      assert.deepEqual(cached.result, expected)
      assert.ok(expected.some((d) => d.file.endsWith('f3.yaml') && d.severity === 'error' && /t2/.test(d.message)), JSON.stringify(expected))
      // Again: errors are not recorded.
      assert.deepEqual(await failure(load), expected)
    })

    it('a table defined in two files is still caught, with the same error and position', async () => {
      await load()
      project.write({ 'schemas/f5.yaml': file(5) + file(1).replace('tables:\n', '') })
      const cached = await parsed(() => failure(load))
      assert.equal(cached.parsed, 1)
      const expected = await failure(uncached)
      assert.deepEqual(cached.result, expected)
      assert.ok(expected.some((d) => /table "t1": defined in both .*f1\.yaml and .*f5\.yaml/.test(d.message) && d.line > 1), JSON.stringify(expected))
    })

    it('a file with an error is parsed every time; the others stay recorded', async () => {
      await load()
      project.write({ 'schemas/f4.yaml': file(4).replace('type: string', 'type: strin') })
      for (let i = 0; i < 2; i++) {
        const run = await parsed(() => failure(load))
        assert.equal(run.parsed, 1)
        assert.deepEqual(run.result, await failure(uncached))
      }
    })
  })
})
