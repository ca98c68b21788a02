/**
 * Fuzzing the input path: seeded mutations of a valid multi-file project
 * (byte flips, truncation, deep nesting, NUL, invalid UTF-8, alias bombs, BOM,
 * CRLF, duplicated and swapped lines). Every run either succeeds or fails with
 * a located error (exit 2: file:line:col), never another exception. Most run
 * in-process through the library (load, diff, compile for every dialect); a
 * sample runs through the real CLI, which must exit 0 or 2, print no stack
 * trace, and write nothing into migrations/ when it fails.
 * STRATA_FUZZ_RUNS raises the in-process count (default 320).
 */
import { strict as assert } from 'node:assert'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fixedResolver } from '../../src/diff/rename'
import { diff } from '../../src/diff/diff'
import { dialectByName } from '../../src/dialects'
import { DIALECT_NAMES } from '../../src/dialects/dialect'
import { StrataError, ValidationError } from '../../src/errors'
import { compileOperations } from '../../src/migrations/compile'
import { loadSchemaSources } from '../../src/schema/load'
import { EMPTY_SCHEMA } from '../../src/schema/model'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { MUTATIONS, mutate, rng } from './mutate'

const FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'schemas', 'blog')
const FILES = Object.fromEntries(readdirSync(FIXTURE).map((f) => [`schemas/${f}`, readFileSync(join(FIXTURE, f))]))
const RUNS = Number(process.env.STRATA_FUZZ_RUNS ?? 320)
const CLI_RUNS = Number(process.env.STRATA_FUZZ_CLI_RUNS ?? 12)

/** The project after mutation `i` of seed `seed`: one file, one mutation kind. */
function mutated(seed: number): { files: Record<string, Buffer>; what: string } {
  const random = rng(seed)
  const names = Object.keys(FILES)
  const name = names[Math.floor(random() * names.length)]!
  const kind = MUTATIONS[seed % MUTATIONS.length]!
  return { files: { ...FILES, [name]: mutate(FILES[name]!, kind, random) }, what: `seed ${seed}: ${kind} of ${name}` }
}

const LOCATED = /^schemas\/\S+:\d+:\d+ {2}(error|warning) {2}/

describe('fuzz: mutated schema files end in success or a located error', function () {
  this.timeout(120000)

  it(`${RUNS} seeded mutations through the library: load, diff and compile succeed or throw a located ValidationError`, async () => {
    const outcomes: Record<string, number> = { ok: 0, located: 0 }
    for (let seed = 1; seed <= RUNS; seed++) {
      const { files, what } = mutated(seed)
      try {
        const loaded = loadSchemaSources(Object.entries(files).map(([file, content]) => ({ file, content })))
        const { operations } = await diff(EMPTY_SCHEMA, loaded.schema, { hints: loaded.hints, resolver: fixedResolver() })
        for (const name of DIALECT_NAMES) {
          try {
            compileOperations(dialectByName(name).compiler, EMPTY_SCHEMA, operations)
          } catch (error) {
            // A dialect refusing what it cannot build (MySQL: partial indexes) names the object: a refusal, not a crash.
            if (!(error instanceof StrataError && error.exitCode === 2)) throw error
          }
        }
        outcomes.ok!++
      } catch (error) {
        if (error instanceof ValidationError) {
          assert.ok(error.diagnostics.length > 0, `${what}: a ValidationError without diagnostics`)
          for (const d of error.diagnostics) {
            assert.ok(d.file.startsWith('schemas/') && d.line >= 1 && d.column >= 1, `${what}: unlocated diagnostic ${JSON.stringify(d)}`)
          }
          outcomes.located!++
        } else if (error instanceof StrataError && error.exitCode === 2) {
          assert.match(error.message, /schemas\/\S+:\d+:\d+/, `${what}: exit-2 error without a location: ${error.message}`)
          outcomes.located!++
        } else {
          assert.fail(`${what}: ${error instanceof Error ? error.stack : String(error)}`)
        }
      }
    }
    assert.equal(outcomes.ok! + outcomes.located!, RUNS)
    assert.ok(outcomes.located! > RUNS / 3, `most mutations break the files (${JSON.stringify(outcomes)})`)
  })

  it(`${CLI_RUNS} of them through the real CLI: exit 0 or 2, file:line:col on 2, no stack trace, nothing written into migrations/ on failure`, async () => {
    for (let k = 0; k < CLI_RUNS; k++) {
      const seed = 1 + Math.floor((k * RUNS) / CLI_RUNS)
      const { files, what } = mutated(seed)
      const project = new TempProject()
      try {
        project.write(files)
        const result = await runCli(['make', '--no-input'], { cwd: project.dir })
        assert.ok(result.code === 0 || result.code === 2, `${what}: exit ${result.code}\n${result.stderr}`)
        assert.doesNotMatch(result.stderr, /\n\s+at .*:\d+:\d+\)?\n/, `${what}: stack trace\n${result.stderr}`)
        if (result.code === 2) {
          assert.ok(result.stderr.split('\n').some((l) => LOCATED.test(l)), `${what}: no file:line:col in\n${result.stderr}`)
          assert.deepEqual(project.migrationFiles(), [], `${what}: wrote into migrations/`)
          assert.ok(!project.exists('migrations/snapshot.json'), `${what}: wrote the snapshot`)
        }
      } finally {
        project.cleanup()
      }
    }
  })
})
