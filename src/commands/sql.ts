import * as Args from '../cli/args'
import * as Flags from '../cli/flags'
import { StrataCommand } from '../base-command'
import { dialectByName, dialectForUrl } from '../dialects'
import { DIALECT_NAMES, type DialectName } from '../dialects/dialect'
import { UsageError } from '../errors'
import { compileOperations, downOperations } from '../migrations/compile'
import { findMigrationIndex, readMigrationState } from '../migrations/state'
import { formatCompiled } from '../sql-format'
import { migrationRef } from '../app-args'
import type { Operation } from '../diff/operations'
import type { Dialect } from '../dialects/dialect'
import type { Schema } from '../schema/model'
import { planParts } from '../migrations/parts'
import { readSqlOutput, sqlOutputKey, writeSqlOutput } from '../migrations/sql-cache'

/**
 * Will migrate split this migration (a dialect with a lock model)? Offline,
 * so with the server's default settings, or STRATA_LOCK_BUDGET when set.
 */
function splitNotice(
  dialect: Dialect,
  up: readonly Operation[],
  before: Schema,
): { parts: { from: number; to: number; locks: number }[]; reason: string } | undefined {
  if (!dialect.locks) return undefined
  const env = Number(process.env.STRATA_LOCK_BUDGET)
  const budget = Number.isInteger(env) && env > 0 ? env : dialect.locks.defaultBudget
  const why = Number.isInteger(env) && env > 0 ? 'STRATA_LOCK_BUDGET' : dialect.locks.defaultBudgetReason
  const plan = planParts(dialect.locks, up, before, budget)
  if (plan.parts.length <= 1) return undefined
  return {
    parts: plan.parts.map((p) => ({ from: p.from + 1, to: p.to, locks: p.locks })),
    reason:
      `it needs about ${plan.locks} locks and one transaction may hold ${budget} (${why}); ` +
      `migrate decides from the server's own settings, and splits only when they are too small`,
  }
}

export default class Sql extends StrataCommand<typeof Sql> {
  static override hiddenAliases = ['sqlmigrate']
  static override summary = "Print a migration's SQL. Alias: sqlmigrate."
  static override description = 'Print the SQL of one migration for a dialect, without connecting to a database. Alias: sqlmigrate.'
  static override examples = [
    '<%= config.bin %> sql 0002_post_tags',
    '<%= config.bin %> sql 2 --dialect postgres',
    '<%= config.bin %> sql 0002 --down',
    '<%= config.bin %> sql billing 0002        # with apps: APP MIGRATION',
  ]
  static override args = {
    migration: Args.string({ description: 'Name (0002_post_tags), number (0002 or 2) or path. With apps: APP.', required: true }),
    appMigration: Args.string({ description: "With apps: the APP's migration (name, number or path)." }),
  }
  static override flags = {
    dialect: Flags.string({ description: 'SQL dialect (default: that of the selected database).', options: [...DIALECT_NAMES] }),
    down: Flags.boolean({ description: 'The reverse path.' }),
  }

  async run(): Promise<void> {
    const project = this.project()
    const state = readMigrationState(project)
    const ref = migrationRef(project, this.args.migration, this.args.appMigration)
    const index = findMigrationIndex(state.migrations, ref)
    if (index === undefined) throw new UsageError(`migration "${ref}" not found in ${state.migrations.length ? 'the migrations folder' : 'an empty migrations folder'}`)
    const migration = state.migrations[index]!
    const url = this.flags.dialect ? undefined : this.databaseUrl(project)
    const dialect = this.flags.dialect ? dialectByName(this.flags.dialect as DialectName) : dialectForUrl(url!)
    // The output from the same files, dialect and direction, when printed before (src/migrations/sql-cache.ts).
    const key =
      project.apps || state.files
        ? undefined
        : sqlOutputKey({ dialect: dialect.name, chosenBy: this.flags.dialect ?? `url:${url}`, down: Boolean(this.flags.down), files: state.migrations.slice(0, index + 1) })
    const cached = key ? readSqlOutput(project, key, this.flags.json ? 'json' : 'human') : undefined
    if (cached) {
      process.stdout.write(cached)
      return
    }
    const compiled = this.flags.down
      ? compileOperations(dialect.compiler, state.states[index + 1]!, downOperations(migration, state.states[index]!))
      : compileOperations(dialect.compiler, state.states[index]!, migration.up)
    const nonTransactional = compiled.some((c) => c.statements.some((s) => s.transactional === false))
    const split = !nonTransactional && !(this.flags.down && migration.down) ? splitNotice(dialect, migration.up, state.states[index]!) : undefined
    const json = {
        migration: migration.name,
        dialect: dialect.name,
        direction: this.flags.down ? 'down' : 'up',
        transactional: !nonTransactional,
        ...(split ? { parts: split.parts, partsReason: split.reason } : {}),
        operations: compiled.map((c) => ({
          op: c.operation.op,
          statements: c.statements.map((s) => ({ sql: s.sql, ...(s.params?.length ? { params: s.params } : {}), transactional: s.transactional !== false })),
        })),
      }
    const human = [
        `-- ${migration.name} (${this.flags.down ? 'down' : 'up'}, ${dialect.name})`,
        nonTransactional && !dialect.capabilities.transactionalDdl
          ? `-- Not atomic: ${dialect.name} commits each DDL statement by itself. Each statement is recorded in the history table as it ` +
            'commits; a failure leaves the migration partially applied until `strata migrate --finish` or `strata migrate --rollback`.'
          : nonTransactional
          ? '-- Not atomic: statements marked below run outside a transaction; the others run in transactions around them.'
          : split
            ? `-- Runs in ${split.parts.length} transactions of whole operations, each recorded in the history table: ${split.reason}.`
            : '-- Runs in one transaction, with its history row.',
        formatCompiled(compiled),
      ]
    if (key) writeSqlOutput(project, key, { json: JSON.stringify(json, null, 2) + '\n', human: human.join('\n') + '\n' })
    this.emit(json, human)
  }
}
