/**
 * The harness most end-to-end suites share: a fresh project and a fresh
 * database of one target for every test, and the CLI run in the project
 * against that database.
 */
import type { CliResult } from '../helpers/cli'
import { runCli, succeeding } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import type { Target, TargetDatabase } from './targets'

export interface ProjectOn {
  /** This test's project (valid inside a test or hook). */
  readonly project: TempProject
  /** This test's database (valid inside a test or hook). */
  readonly db: TargetDatabase
  /** `strata ARGS` in the project, with STRATA_DATABASE_URL set to the database. */
  cli(...args: string[]): Promise<CliResult>
  /** The same, failing the test unless it exits 0. */
  ok(...args: string[]): Promise<CliResult>
}

/**
 * Call inside a `describe`: registers the beforeEach that makes the project
 * and database and the afterEach that drops the database, then removes the
 * project (the database first: PostgreSQL roles' privileges go with it).
 */
export function projectOn(target: Target): ProjectOn {
  let project: TempProject | undefined
  let db: TargetDatabase | undefined
  beforeEach(async () => {
    project = new TempProject()
    db = await target.create(project)
  })
  afterEach(async () => {
    await db?.drop()
    project?.cleanup()
    project = db = undefined
  })
  const cli = (...args: string[]) => runCli(args, { cwd: on.project.dir, env: { STRATA_DATABASE_URL: on.db.url } })
  const on: ProjectOn = {
    get project() {
      if (!project) throw new Error('projectOn: no project outside a test')
      return project
    },
    get db() {
      if (!db) throw new Error('projectOn: no database outside a test')
      return db
    },
    cli,
    ok: succeeding(cli),
  }
  return on
}
