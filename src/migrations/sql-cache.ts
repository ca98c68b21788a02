/**
 * `strata sql`'s printed output, remembered under `.strata/sql/` (issue 13:
 * `sql 0001` of a 2,000-table project printed from the file's bytes without
 * parsing and compiling its 7,000 operations again).
 *
 * The key is everything the output is computed from: strata's build (its
 * version and when its manifest was built, so that a rebuilt checkout never
 * reads an older build's SQL), the dialect and the database URL or
 * --dialect it was chosen by, the direction, STRATA_LOCK_BUDGET (which
 * decides the split notice), and the name and sha256 of the bytes of every
 * migration file up to and including this one, in order (the schema before
 * it is the replay of those files). Only a read that the history cache or a
 * full read verified gets here, and only the output of a run that succeeded
 * is written; anything unexpected is a miss.
 */
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { CACHE_DIR, ensureCacheDir } from '../cache-dir'
import { STRATA_VERSION, packageRoot } from '../paths'
import type { Project } from '../project'
import { writeFileAtomic } from './atomic'

/** The printed forms of one `strata sql` run: with --json and without. */
export interface SqlOutput {
  readonly json: string
  readonly human: string
}

const FORMAT = 1
/** Outputs kept per project (the newest by modification time). */
const KEEP = 16

/** strata's build: its version and when its manifest was built (a rebuilt checkout is another build). */
export function buildStamp(): string {
  let built = ''
  try {
    built = String(statSync(join(packageRoot(), 'oclif.manifest.json')).mtimeMs)
  } catch {}
  return `${STRATA_VERSION}\0${built}`
}

/** The key of an output, from what it is computed from (see the module comment). */
export function sqlOutputKey(parts: {
  readonly dialect: string
  readonly chosenBy: string
  readonly down: boolean
  readonly files: readonly { readonly name: string; readonly path: string }[]
}): string | undefined {
  const hash = createHash('sha256').update(`${FORMAT}\0${buildStamp()}\0${parts.dialect}\0${parts.chosenBy}\0${parts.down}\0${process.env.STRATA_LOCK_BUDGET ?? ''}`)
  try {
    for (const f of parts.files) hash.update('\0').update(f.name).update('\0').update(createHash('sha256').update(readFileSync(f.path)).digest('hex'))
  } catch {
    return undefined
  }
  return hash.digest('hex').slice(0, 32)
}

function folder(project: Project): string {
  return join(project.root, CACHE_DIR, 'sql')
}

/** The recorded output of one form (--json or not), or undefined. */
export function readSqlOutput(project: Project, key: string, form: keyof SqlOutput): string | undefined {
  try {
    const text = readFileSync(join(folder(project), `${key}.${form === 'json' ? 'json' : 'sql'}`), 'utf8')
    // Written whole (atomically) with its last newline: anything else is not an output.
    return text.endsWith('\n') ? text : undefined
  } catch {
    return undefined
  }
}

/** Record both forms of an output; the oldest beyond the newest KEEP are removed. Never fails the command. */
export function writeSqlOutput(project: Project, key: string, output: SqlOutput): void {
  try {
    const dir = folder(project)
    ensureCacheDir(join(project.root, CACHE_DIR))
    ensureCacheDir(dir)
    writeFileAtomic(join(dir, `${key}.json`), output.json)
    writeFileAtomic(join(dir, `${key}.sql`), output.human)
    const entries = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => ({ key: f.slice(0, -4), at: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => b.at - a.at)
    for (const old of entries.slice(KEEP)) for (const ext of ['sql', 'json']) rmSync(join(dir, `${old.key}.${ext}`), { force: true })
  } catch {
    // A cache that cannot be written is only slower next time.
  }
}
