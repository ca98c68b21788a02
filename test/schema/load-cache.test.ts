/** The schema-file cache (issue 13): the same files give the same result from the cache; an edit or an error is never served from it. */
import { strict as assert } from 'node:assert'
import { readdirSync } from 'node:fs'
import { ValidationError } from '../../src/errors'
import { loadSchemaFiles } from '../../src/schema/load'
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
})
