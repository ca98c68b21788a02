/**
 * One randomized run against one database: for each step, write the schema
 * files, make the migration and migrate (the library, not the CLI), check
 * that the live schema equals the snapshot and that the rows inserted so far
 * are still there, insert a few more. At the end: migrate to zero (only the
 * history table is left) and forward again (the same live schema as before).
 */
import assert from 'node:assert/strict'
import type { Connection, Dialect, DialectCapabilities } from '../../src/dialects/dialect'
import { StrataError } from '../../src/errors'
import { fixedResolver } from '../../src/diff/rename'
import { makeMigration } from '../../src/migrations/make'
import { readHistory } from '../../src/migrations/history'
import { migrate } from '../../src/migrations/migrator'
import { readMigrationState } from '../../src/migrations/state'
import { loadProject } from '../../src/project'
import { schemasEquivalent } from '../../src/schema/canonical'
import { EMPTY_SCHEMA, type Schema } from '../../src/schema/model'
import { TempProject } from '../helpers/project'
import { schemaDifferences } from './compare'
import { type Expected, applyToExpected, assertExpectedRows, assertGeneratedValues, assertViewsAnswer, insertRows, readFacts } from './data'
import { EMPTY_GEN_SCHEMA, type Step, nextStep, settle } from './generator'
import { schemaText } from './model'
import { Rng } from './prng'
import type { Target, TargetFactory } from './targets'

export interface RunOptions {
  readonly seed: number
  readonly steps: number
  readonly target: TargetFactory
  /** A dialect to migrate with instead of the URL's (a deliberately broken one, in tests). */
  readonly dialect?: Dialect
}

export interface RunSummary {
  readonly steps: number
  readonly migrations: number
  readonly rows: number
  /** Edit kinds applied, with counts. */
  readonly kinds: Readonly<Record<string, number>>
  /** Operation kinds in the migrations, with counts. */
  readonly operations: Readonly<Record<string, number>>
  /** Steps the loader rejected (generator bugs), with the loader's message. */
  readonly rejected: readonly string[]
  /** How the way down to zero went (see downToZero). */
  readonly downToZeroNotes: readonly string[]
  /** What the target's dialect can hold (which operation kinds the run could meet). */
  readonly capabilities: DialectCapabilities
}

/** A failed run: everything needed to reproduce and read it. */
export class RandomRunError extends Error {
  constructor(
    readonly seed: number,
    readonly step: number,
    readonly target: string,
    readonly reason: string,
    readonly detail: string,
    /** The project folder, kept for reading. */
    readonly projectDir: string,
  ) {
    super(
      `random run failed: ${target}, seed ${seed}, step ${step}: ${reason}\n` +
        `reproduce: STRATA_RANDOM_SEED=${seed} STRATA_RANDOM_STEPS=${step} (add it to test/random/regressions.json once fixed)\n${detail}`,
    )
  }
}

function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1
}

async function assertLiveEqualsSnapshot(target: Target, snapshot: Schema, context: string): Promise<Schema> {
  const connection = await target.dialect.connect(target.url)
  try {
    const live = await target.live(connection)
    const expected = await target.expected(snapshot, live)
    if (!schemasEquivalent(live, expected)) {
      const lines = schemaDifferences(expected, live)
      assert.fail(`${context}: the live schema differs from the snapshot:\n  ${lines.slice(0, 30).join('\n  ')}`)
    }
    return live
  } finally {
    await connection.close()
  }
}

/**
 * Reverse everything. A down path can be impossible with the rows the run
 * inserted after the up: the inverse of dropping a NOT NULL column without
 * default (or of making a column nullable, once NULLs were inserted) has no
 * value for the rows, the inverse of dropping a foreign key meets values
 * that point nowhere; on any database (Django's reverse of RemoveField fails
 * the same way). So the first failure empties the tables and carries on from
 * where the failed migration left the database (each migration is atomic;
 * where DDL is not transactional, MySQL, the failed one may be partially
 * applied, and is then rolled back with `migrate --rollback`, the documented
 * way out, once the tables are empty); with empty tables every down must work, and a second failure is a bug.
 */
async function downToZero(
  zero: (onDone: () => void) => Promise<unknown>,
  rollback: () => Promise<unknown>,
  connection: Connection,
  target: Target,
): Promise<string[]> {
  let reversed = 0
  try {
    await zero(() => reversed++)
    return [`all migrations reversed with their rows`]
  } catch (error) {
    if (!(error instanceof StrataError)) throw error
    const withRows = reversed
    await target.emptyTables(connection, await target.live(connection))
    // With the tables empty: a reversal stopped halfway is rolled back by the
    // inverses of its up (adding a foreign key, say), which the rows may refuse.
    // A migration that failed at its first statement has nothing to roll back.
    const partial = (await readHistory(connection)).some((a) => a.appliedOperations !== undefined)
    if (!target.dialect.capabilities.transactionalDdl && partial) await rollback()
    await zero(() => reversed++)
    return [
      `${withRows} migrations reversed with their rows, then one the rows made impossible (tables emptied, ${reversed - withRows} more reversed): ` +
        error.message.split('\n')[0]!.slice(0, 200),
    ]
  }
}

export async function randomRun(options: RunOptions): Promise<RunSummary> {
  const target = await options.target()
  const project = new TempProject()
  const rng = new Rng(options.seed)
  const kinds: Record<string, number> = {}
  const operations: Record<string, number> = {}
  const rejected: string[] = []
  const expected: Expected = new Map()
  const serial = { next: 1 }
  let rows = 0
  let gen = EMPTY_GEN_SCHEMA
  let files: Record<string, string> = {}
  let snapshot: Schema = EMPTY_SCHEMA
  let stepNo = 0
  let step: Step | undefined
  let migrationText = ''
  const downToZeroNotes: string[] = []
  let failed = false
  const cwd = project.dir
  try {
    const strata = loadProject({ cwd })
    const connection = await target.dialect.connect(target.url)
    try {
      for (stepNo = 1; stepNo <= options.steps; stepNo++) {
        step = undefined
        migrationText = ''
        const facts = await readFacts(connection, snapshot)
        step = nextStep(settle(gen), rng, facts, target.dialect.capabilities, target.dialect.compiler.quoteIdentifier, target.collations)
        rejected.push(...step.rejected)
        for (const e of step.edits) count(kinds, e.split(':')[0]!)
        project.setSchemas(step.files)
        const made = await makeMigration(strata, { resolver: fixedResolver({ fills: step.fills }), name: `step ${stepNo}`, cwd, allowDropAll: true })
        if (made.changed) {
          migrationText = made.text ?? ''
          for (const op of made.migration!.up) count(operations, op.op)
          await migrate(strata, target.url, { cwd, ...(options.dialect ? { dialect: options.dialect } : {}) })
          const state = readMigrationState(strata, cwd)
          await assertLiveEqualsSnapshot(target, state.schema, `after migration ${made.migration!.name}`)
          applyToExpected(expected, made.before, made.migration!.up)
          snapshot = state.schema
          await assertExpectedRows(connection, snapshot, expected)
          await assertGeneratedValues(connection, snapshot)
          await assertViewsAnswer(connection, step.gen)
        }
        rows += await insertRows(connection, snapshot, expected, rng, serial)
        gen = step.gen
        files = step.files
      }
      stepNo = options.steps + 1
      step = undefined
      const state = readMigrationState(strata, cwd)
      const before = await assertLiveEqualsSnapshot(target, state.schema, 'before migrate zero')
      downToZeroNotes.push(
        ...(await downToZero(
          (onDone) =>
            migrate(strata, target.url, {
              cwd,
              target: 'zero',
              onProgress: (e) => e.type === 'done' && onDone(),
              ...(options.dialect ? { dialect: options.dialect } : {}),
            }),
          () => migrate(strata, target.url, { cwd, resolve: 'rollback', ...(options.dialect ? { dialect: options.dialect } : {}) }),
          connection,
          target,
        )),
      )
      const empty = await target.live(connection)
      assert.deepEqual(schemaDifferences(EMPTY_SCHEMA, empty), [], 'after migrate zero: only the history table is left')
      assert.ok(await connection.tableExists('strata_migrations'), 'after migrate zero: the history table is still there')
      // The schemas strata created for the run's tables and enums are dropped with the last object in each.
      if (target.otherSchemas) assert.deepEqual(await target.otherSchemas(connection), [], 'after migrate zero: no schema is left but the default one')
      await migrate(strata, target.url, { cwd, ...(options.dialect ? { dialect: options.dialect } : {}) })
      const again = await target.live(connection)
      assert.deepEqual(schemaDifferences(before, again), [], 'migrating forward again from zero gives the same live schema')
      return { steps: options.steps, migrations: state.migrations.length, rows, kinds, operations, rejected, downToZeroNotes, capabilities: target.dialect.capabilities }
    } finally {
      await connection.close()
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    const detail = [
      step ? `edits: ${step.edits.join('; ')}` : '',
      step ? `fills: ${JSON.stringify(step.fills)}` : '',
      `--- schema before:\n${schemaText(files)}`,
      step ? `--- schema after:\n${schemaText(step.files)}` : '',
      migrationText ? `--- migration:\n${migrationText}` : '',
      `--- the project (schema files, every migration) is kept in ${project.dir}`,
    ]
      .filter(Boolean)
      .join('\n')
    failed = true
    throw new RandomRunError(options.seed, Math.min(stepNo, options.steps), target.name, (stepNo > options.steps ? 'after the last step (migrate zero and back): ' : '') + reason, detail, project.dir)
  } finally {
    if (failed || process.env.STRATA_RANDOM_KEEP) console.log(`    project kept in ${project.dir}`)
    else project.cleanup()
    await target.dispose()
  }
}
