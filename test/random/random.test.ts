/**
 * The randomized round-trip proof: seeded sequences of schema edits, made
 * into migrations and applied to SQLite and PostgreSQL with rows in the
 * tables; after every step the live schema equals the snapshot and the rows
 * are kept; at the end, down to zero and up again. See test/random/README.md.
 */
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import type { Dialect, SqlCompiler } from '../../src/dialects/dialect'
import { dialectByName } from '../../src/dialects'
import { DATA_OPERATION_KINDS, OPERATION_KINDS, type Operation } from '../../src/diff/operations'
import { describePostgres } from '../helpers/postgres'
import { RandomRunError, type RunSummary, randomRun } from './runner'
import { DEFAULT_STEPS, plannedRuns } from './seeds'
import { type TargetFactory, postgresTarget, sqliteTarget } from './targets'

// Dates and timestamps come back from PostgreSQL as Date objects: read them in UTC.
process.env.TZ = 'UTC'

function report(name: string, seed: number, summary: RunSummary): void {
  const ops = Object.entries(summary.operations).sort().map(([k, n]) => `${k} ${n}`).join(', ')
  console.log(`    ${name} seed ${seed}: ${summary.migrations} migrations, ${summary.rows} rows; operations: ${ops}`)
  for (const note of summary.downToZeroNotes) console.log(`    migrate zero: ${note}`)
  if (summary.rejected.length) console.log(`    generator: ${summary.rejected.length} rejected step(s), first:\n${summary.rejected[0]}`)
}

/** Operation kinds seen per dialect, over all its runs. */
const seen = new Map<string, Set<string>>()

async function run(name: string, target: TargetFactory, seed: number, steps: number): Promise<void> {
  try {
    const summary = await randomRun({ seed, steps, target })
    report(name, seed, summary)
    const kinds = seen.get(name) ?? new Set<string>()
    for (const k of Object.keys(summary.operations)) kinds.add(k)
    seen.set(name, kinds)
    assert.deepEqual(summary.rejected, [], 'the generator wrote schema files the loader rejected (a generator bug)')
  } catch (error) {
    if (error instanceof RandomRunError) console.error(`\n${error.message}\n`)
    throw error
  }
}

function describeRuns(name: string, target: TargetFactory): void {
  const runs = plannedRuns(name)
  for (const planned of runs) {
    const title = planned.regression
      ? `regression: seed ${planned.seed}, ${planned.steps} steps (${planned.regression})`
      : `seed ${planned.seed}, ${planned.steps} steps`
    it(title, () => run(name, target, planned.seed, planned.steps))
  }
  // A full run (the default budget or more) must have met every operation the diff can produce.
  if (runs.filter((r) => !r.regression).reduce((n, r) => n + r.steps, 0) >= DEFAULT_STEPS) {
    it('the runs made every kind of schema operation', function () {
      if (!seen.has(name)) this.skip() // the runs were filtered out (mocha -g)
      const schemaKinds = OPERATION_KINDS.filter((k) => !DATA_OPERATION_KINDS.includes(k))
      assert.deepEqual(schemaKinds.filter((k) => !seen.get(name)!.has(k)), [], 'operation kinds no run produced')
    })
  }
}

/** A compiler that forgets the defaults of the columns of every table it creates. */
function forgettingDefaults(real: Dialect): Dialect {
  const compiler: SqlCompiler = {
    quoteIdentifier: (n) => real.compiler.quoteIdentifier(n),
    compile(op: Operation, before) {
      if (op.op !== 'createTable') return real.compiler.compile(op, before)
      const columns = op.table.columns.map(({ default: _dropped, ...c }) => c)
      return real.compiler.compile({ ...op, table: { ...op.table, columns } }, before)
    },
  }
  return { ...real, compiler, connect: (url, o) => real.connect(url, o) }
}

async function assertCaught(target: TargetFactory, real: Dialect): Promise<void> {
  const failure = await randomRun({ seed: 20261121, steps: 40, target, dialect: forgettingDefaults(real) }).then(
    () => undefined,
    (error: unknown) => error,
  )
  assert.ok(failure instanceof RandomRunError, `the run with a compiler that forgets defaults should fail, got: ${String(failure)}`)
  rmSync(failure.projectDir, { recursive: true, force: true })
  assert.match(failure.reason, /the live schema differs from the snapshot/)
  assert.match(failure.reason, /table "\w+" columns "\w+" default: snapshot .+, database \(none\)/)
  assert.match(failure.message, /reproduce: STRATA_RANDOM_SEED=20261121/)
}

describe('random round trip: sqlite', function () {
  this.timeout(15 * 60_000)
  describeRuns('sqlite', sqliteTarget)
  it('catches a compiler that forgets column defaults', () => assertCaught(sqliteTarget, dialectByName('sqlite')))
})

describePostgres('random round trip: postgres', function () {
  this.timeout(15 * 60_000)
  describeRuns('postgres', postgresTarget)
  it('catches a compiler that forgets column defaults', () => assertCaught(postgresTarget, dialectByName('postgres')))
})
