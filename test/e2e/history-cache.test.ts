/**
 * Content-addressed history (issue 13): with 1,000 migrations recorded in
 * `.strata/`, `make --check` parses none of them; a new migration is the only
 * one parsed; an edited migration is still caught exactly as without the
 * record, and a comment-only edit is still accepted.
 */
import { strict as assert } from 'node:assert'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fixedResolver } from '../../src/diff/rename'
import { MigrationFileError } from '../../src/errors'
import { parseCounter } from '../../src/migrations/history-cache'
import { makeMigration } from '../../src/migrations/make'
import { readMigrations } from '../../src/migrations/migration-file'
import { replay, snapshotFromStates, writeSnapshot } from '../../src/migrations/snapshot'
import { readMigrationState } from '../../src/migrations/state'
import { loadProject } from '../../src/project'
import { lintProject } from '../../src/lint/lint-project'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

const COUNT = 1000

function schemaWith(columns: number): string {
  let text = 'tables:\n  t:\n    columns:\n      email: { type: string, length: 100 }\n'
  for (let i = 2; i <= columns; i++) text += `      c${i}: { type: integer, nullable: true }\n`
  return text
}

const pad = (n: number) => String(n).padStart(4, '0')

describe('content-addressed history', function () {
  this.timeout(120000)
  let project: TempProject
  const check = () => makeMigration(loadProject({ cwd: project.dir }), { check: true, cwd: project.dir, resolver: fixedResolver() })
  const parsedBy = async <T>(work: () => T | Promise<T>): Promise<{ result: T; parsed: number }> => {
    parseCounter.files = 0
    const result = await work()
    return { result, parsed: parseCounter.files }
  }

  before(async () => {
    project = new TempProject({ 'schemas/app.yaml': schemaWith(1) })
    const strata = loadProject({ cwd: project.dir })
    await makeMigration(strata, { name: 'step 1', cwd: project.dir, resolver: fixedResolver() })
    // 999 more, written directly (one make each would take minutes), then the snapshot they give.
    for (let i = 2; i <= COUNT; i++) {
      project.write({
        [`migrations/${pad(i)}_step_${i}.yaml`]:
          `name: ${pad(i)}_step_${i}\ndependsOn: ${i === 2 ? '0001_step_1' : `${pad(i - 1)}_step_${i - 1}`}\nup:\n` +
          `  - addColumn: { table: t, column: { name: c${i}, type: integer, nullable: true } }\n`,
      })
    }
    const migrations = readMigrations(strata.migrations, project.dir)
    writeSnapshot(strata.migrations, snapshotFromStates(migrations, replay(migrations)))
    project.write({ 'schemas/app.yaml': schemaWith(COUNT) })
  })
  after(() => project.cleanup())

  it(`the first read parses all ${COUNT} files and records them; make --check then parses none`, async () => {
    const first = await parsedBy(check)
    assert.equal(first.result.changed, false)
    assert.equal(first.parsed, COUNT)
    assert.ok(existsSync(project.path('.strata', '.gitignore')), 'the cache folder ignores itself')
    const second = await parsedBy(check)
    assert.equal(second.result.changed, false)
    assert.equal(second.parsed, 0, 'no migration file parsed')
    // The CLI agrees.
    const cli = await runCli(['make', '--check'], { cwd: project.dir })
    assert.equal(cli.code, 0, cli.stderr)
    assert.match(cli.stdout, /No changes/)
  })

  it('a new migration is the only file parsed, and is recorded after', async () => {
    project.write({ 'schemas/app.yaml': schemaWith(COUNT + 1) })
    const made = await parsedBy(() => makeMigration(loadProject({ cwd: project.dir }), { name: 'one more', cwd: project.dir, resolver: fixedResolver() }))
    assert.equal(made.result.changed, true)
    assert.equal(made.parsed, 0)
    const next = await parsedBy(check)
    assert.equal(next.result.changed, false)
    assert.equal(next.parsed, 1, 'only the new migration')
    assert.equal((await parsedBy(check)).parsed, 0)
  })

  it('the states of recorded migrations are replayed when asked for, and equal the full read', async () => {
    parseCounter.files = 0
    const state = readMigrationState(loadProject({ cwd: project.dir }), project.dir)
    assert.equal(state.states[COUNT + 1], state.schema, 'the last state is known')
    assert.equal(parseCounter.files, 0)
    // The state before the newest migration: from the record before it, replaying that one migration alone.
    const beforeLast = state.states[COUNT]!
    assert.equal(parseCounter.files, 1, 'only the newest migration parsed')
    assert.deepEqual(beforeLast.tables[0]!.columns.map((c) => c.name).slice(-1), [`c${COUNT}`])
    const middle = state.states[500]!
    assert.equal(parseCounter.files, COUNT + 1, 'the recorded migrations, parsed and replayed on demand')
    assert.deepEqual(middle.tables[0]!.columns.map((c) => c.name).slice(-1), ['c500'])
    assert.equal(state.states.length, COUNT + 2)
    assert.equal(state.migrations[499]!.up.length, 1)
  })

  it('an edited migration is caught as without the record; a comment-only edit is accepted', async () => {
    const file = project.path('migrations', `0500_step_500.yaml`)
    const original = readFileSync(file, 'utf8')
    writeFileSync(file, `# reviewed\n${original}`)
    const commented = await parsedBy(check)
    assert.equal(commented.result.changed, false)
    assert.equal(commented.parsed, COUNT + 1, 'a changed file: the full read')
    assert.equal((await parsedBy(check)).parsed, 0, 'recorded again')

    writeFileSync(file, original.replace('type: integer', 'type: bigint'))
    const error = await check().then(
      () => assert.fail('the edit must be caught'),
      (e: unknown) => e,
    )
    assert.ok(error instanceof MigrationFileError, String(error))
    assert.equal(error.code, 'E_SNAPSHOT_MISMATCH')
    assert.match(error.message, /0500_step_500\.yaml does not replay to the schema recorded in .*snapshot\.json when it was made: it was edited by hand/)
    // Again, and through the CLI: still caught (nothing was recorded from the failed read).
    const cli = await runCli(['make', '--check'], { cwd: project.dir })
    assert.notEqual(cli.code, 0)
    assert.match(cli.stderr, /0500_step_500\.yaml does not replay/)
    writeFileSync(file, original)
    assert.equal((await check()).changed, false)
  })

  it('an edited snapshot is caught as without the record', async () => {
    const path = project.path('migrations', 'snapshot.json')
    const original = readFileSync(path, 'utf8')
    writeFileSync(path, original.replace('"c999"', '"c999x"'))
    await assert.rejects(check(), (e: unknown) => e instanceof MigrationFileError && e.code === 'E_SNAPSHOT_MISMATCH')
    writeFileSync(path, original)
    assert.equal((await check()).changed, false)
  })

  it('a new migration removed again (the snapshot restored, as make --undo does) is read from the earlier record, parsing nothing', async () => {
    const snapshot = project.path('migrations', 'snapshot.json')
    const before = readFileSync(snapshot, 'utf8')
    assert.equal((await parsedBy(check)).parsed, 0)
    project.write({ 'schemas/app.yaml': schemaWith(COUNT + 2) })
    const made = await makeMigration(loadProject({ cwd: project.dir }), { name: 'and another', cwd: project.dir, resolver: fixedResolver() })
    assert.equal((await parsedBy(check)).parsed, 1, 'the new migration, recorded after')
    rmSync(made.written[0]!)
    writeFileSync(snapshot, before)
    project.write({ 'schemas/app.yaml': schemaWith(COUNT + 1) })
    const back = await parsedBy(check)
    assert.equal(back.result.changed, false)
    assert.equal(back.parsed, 0, 'the record before the new migration still holds')
    // Edited while gone from the newest record: still caught.
    const file = project.path('migrations', '0400_step_400.yaml')
    const original = readFileSync(file, 'utf8')
    writeFileSync(file, original.replace('type: integer', 'type: bigint'))
    await assert.rejects(check(), (e: unknown) => e instanceof MigrationFileError && e.code === 'E_SNAPSHOT_MISMATCH')
    writeFileSync(file, original)
  })

  it("the state make hands to its lint equals a fresh read of the folder, and reads no recorded file", async () => {
    const strata = loadProject({ cwd: project.dir })
    const before = readFileSync(project.path('migrations', 'snapshot.json'), 'utf8')
    project.write({ 'schemas/app.yaml': schemaWith(COUNT + 1).replace(/\n {6}c2: .*\n/, '\n') })
    const made = await makeMigration(strata, { name: 'drop c2', cwd: project.dir, resolver: fixedResolver() })
    assert.ok(made.state, 'make returns the state')
    const url = `sqlite:${project.path('none.sqlite3')}`
    const handed = await parsedBy(() => lintProject(strata, { migrations: [made.migration!.name], database: 'none', url, cwd: project.dir, state: made.state }))
    assert.equal(handed.parsed, 0)
    const fresh = await lintProject(strata, { migrations: [made.migration!.name], database: 'none', url, cwd: project.dir })
    assert.deepEqual(handed.result, fresh)
    assert.ok(fresh.findings.some((f) => f.code === 'DS102'), 'the dropped column is found')
    assert.equal(made.state.states.length, COUNT + 3)
    assert.deepEqual(made.state.states[COUNT + 2], readMigrationState(strata, project.dir).schema)
    rmSync(made.written[0]!)
    writeFileSync(project.path('migrations', 'snapshot.json'), before)
    project.write({ 'schemas/app.yaml': schemaWith(COUNT + 1) })
  })
})
