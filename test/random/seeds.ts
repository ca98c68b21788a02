/**
 * Which runs the randomized test makes: the regression seeds first
 * (test/random/regressions.json), then STRATA_RANDOM_SEED (a number, a
 * comma-separated list, or `random`) or the fixed default seeds, sharing
 * STRATA_RANDOM_STEPS (default 150) steps per dialect.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomSeed } from './prng'

export interface Regression {
  readonly seed: number
  readonly steps: number
  /** Default: every dialect. */
  readonly dialects?: readonly string[]
  /** What it caught, and the fix. */
  readonly note?: string
}

export interface PlannedRun {
  readonly seed: number
  readonly steps: number
  readonly regression?: string
}

/** The fixed seeds of a default run (CI): repeatable. */
export const DEFAULT_SEEDS = [20261121, 7]

export const DEFAULT_STEPS = 150

/** regressions.json sits next to this file's source (tests run from dist/test/random). */
export function regressionsPath(): string {
  return join(__dirname, '..', '..', '..', 'test', 'random', 'regressions.json')
}

export function readRegressions(): Regression[] {
  return JSON.parse(readFileSync(regressionsPath(), 'utf8')) as Regression[]
}

export function plannedRuns(dialect: string, env: NodeJS.ProcessEnv = process.env): PlannedRun[] {
  const regressions = readRegressions()
    .filter((r) => !r.dialects || r.dialects.includes(dialect))
    .map((r) => ({ seed: r.seed, steps: r.steps, regression: r.note ?? 'regression' }))
  const total = Number(env.STRATA_RANDOM_STEPS || DEFAULT_STEPS)
  if (!Number.isInteger(total) || total < 1) throw new Error(`STRATA_RANDOM_STEPS must be a positive integer, not "${env.STRATA_RANDOM_STEPS}"`)
  let seeds = DEFAULT_SEEDS
  const given = env.STRATA_RANDOM_SEED
  if (given === 'random') {
    seeds = [randomSeed()]
    console.log(`STRATA_RANDOM_SEED=random: ${dialect} uses seed ${seeds[0]}`)
  } else if (given) {
    seeds = given.split(',').map((s) => Number(s.trim()))
    if (seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new Error(`STRATA_RANDOM_SEED must be non-negative integers or "random", not "${given}"`)
  }
  const per = Math.ceil(total / seeds.length)
  return [...regressions, ...seeds.map((seed) => ({ seed, steps: per }))]
}
