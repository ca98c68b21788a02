/**
 * The sample-database corpus (test/fixtures/corpus, issue 7): each public
 * sample is loaded into a fresh database with the database's own driver,
 * adopted by the real `strata introspect`, and its baseline migrated into a
 * second, empty database; the two are then compared with the dialect's own
 * catalog queries (catalog.ts). Whatever strata does not keep must be named,
 * exactly, by introspect (and make `--strict` exit 1); the comparison then
 * expects the rebuilt database to differ from the original in those items
 * only, as each sample's `rebuilt` says.
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

export const CORPUS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus')

/** A database the corpus test loads a sample into, driven with its own driver. */
export interface CorpusDatabase {
  readonly url: string
  exec(sql: string): Promise<void>
  /** The catalog, read with the database's own queries. */
  catalog(): Promise<Record<string, unknown>>
  drop(): Promise<void>
}

export interface CorpusSample {
  /** The fixture's file name under test/fixtures/corpus. */
  readonly fixture: string
  /** What introspect reports, by kind (`  table  11 modelled`), at least these lines. */
  readonly report: readonly RegExp[]
  /**
   * Every `not kept` warning introspect prints, exactly (without the
   * `warning: not kept: ` prefix), in any order. Empty: `--strict` adopts it.
   */
  readonly notKept: readonly string[]
  /**
   * The original's catalog as the rebuilt database must have it: the
   * original's, changed only where strata says it does not keep something.
   * Identity when nothing is reported.
   */
  readonly rebuilt?: (catalog: Record<string, unknown>) => Record<string, unknown>
}

/** A copy of plain data (catalog rows), to change for `rebuilt`. */
export function copyOf<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/** The `not kept` warnings of introspect's stderr, without their prefix, sorted. */
export function notKeptWarnings(stderr: string): string[] {
  return stderr
    .split('\n')
    .flatMap((line) => (line.startsWith('warning: not kept: ') ? [line.slice('warning: not kept: '.length)] : []))
    .sort()
}

/**
 * The corpus suite for one sample: adopt, check, rebuild, compare.
 * `create` makes an empty database of the dialect.
 */
export function describeSample(sample: CorpusSample, create: () => Promise<CorpusDatabase>): void {
  describe(sample.fixture, function () {
    this.timeout(300000)
    let original: CorpusDatabase
    let project: TempProject

    before(async () => {
      original = await create()
      await original.exec(readFileSync(join(CORPUS, sample.fixture), 'utf8'))
      project = new TempProject()
    })
    after(async () => {
      project?.cleanup()
      await original?.drop()
    })

    it(sample.notKept.length ? 'introspect --strict refuses, naming what is not kept; introspect adopts the rest' : 'introspect --strict adopts all of it', async () => {
      const strict = await runCli(['introspect', '--strict', '-d', original.url], { cwd: project.dir })
      let report = strict.stdout
      if (sample.notKept.length === 0) {
        assert.equal(strict.code, 0, strict.stdout + strict.stderr)
        assert.match(strict.stdout, /; 0 not kept$/m)
        assert.deepEqual(notKeptWarnings(strict.stderr), [])
      } else {
        assert.equal(strict.code, 1, strict.stdout + strict.stderr)
        const n = sample.notKept.length
        assert.match(strict.stderr, new RegExp(`--strict: .* holds ${n} things? the schema files would not keep, so nothing was written`))
        for (const item of sample.notKept) assert.ok(strict.stderr.includes(`  ${item}\n`), `--strict names ${item}:\n${strict.stderr}`)
        assert.deepEqual(project.migrationFiles(), [], '--strict wrote nothing')
        const plain = await runCli(['introspect', '-d', original.url], { cwd: project.dir })
        assert.equal(plain.code, 0, plain.stdout + plain.stderr)
        assert.deepEqual(notKeptWarnings(plain.stderr), [...sample.notKept].sort())
        assert.match(plain.stdout, new RegExp(`; ${n} not kept$`, 'm'))
        report = plain.stdout
      }
      for (const line of sample.report) assert.match(report, line)
    })

    it('make --check and diff --db find nothing right after', async () => {
      const m = await runCli(['make', '--check'], { cwd: project.dir })
      assert.equal(m.code, 0, m.stdout + m.stderr)
      assert.match(m.stdout, /No changes detected/)
      const d = await runCli(['diff', '--db', '-d', original.url], { cwd: project.dir })
      assert.equal(d.code, 0, d.stdout + d.stderr)
      assert.equal(d.stdout, '')
    })

    it('the baseline rebuilds it in an empty database, catalog to catalog', async () => {
      const copy = await create()
      try {
        const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
        assert.equal(m.code, 0, m.stdout + m.stderr)
        const written = await original.catalog()
        const expected = sample.rebuilt ? sample.rebuilt(copyOf(written)) : written
        const built = await copy.catalog()
        for (const key of new Set([...Object.keys(expected), ...Object.keys(built)])) assert.deepEqual(built[key], expected[key], `catalog: ${key}`)
        const d = await runCli(['diff', '--db', '-d', copy.url], { cwd: project.dir })
        assert.equal(d.code, 0, d.stdout + d.stderr)
        const z = await runCli(['migrate', 'zero', '-d', copy.url], { cwd: project.dir })
        assert.equal(z.code, 0, z.stdout + z.stderr)
      } finally {
        await copy.drop()
      }
    })
  })
}
