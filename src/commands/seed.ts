import * as Flags from '../cli/flags'
import { StrataCommand } from '../base-command'
import { UsageError } from '../errors'
import { seed } from '../migrations/seed'

export default class Seed extends StrataCommand<typeof Seed> {
  static override hiddenAliases = ['loaddata']
  static override summary = 'Load fixture rows from the seeds folder into a development database. Alias: loaddata.'
  static override description =
    'Load the rows of seeds/*.yaml (table name -> list of rows) into the database, separately from migrations: each row is matched by its primary key, inserted when missing and updated when present, so running it again changes nothing and an edited fixture updates its rows. Tables are filled in foreign-key order, in one transaction. Refuses the databases that seeds.refuse in strata.yaml names (default: production) unless --force.'
  static override examples = [
    '<%= config.bin %> seed',
    '<%= config.bin %> seed --database staging --force --json',
  ]
  static override flags = {
    force: Flags.boolean({ description: 'Seed a database that seeds.refuse in strata.yaml names (default: production).' }),
  }

  async run(): Promise<void> {
    const project = this.project()
    if (this.flags.database !== undefined && this.flags.database.trim() === '') {
      throw new UsageError('--database is empty: give a name from strata.yaml or a URL (sqlite:PATH, postgres://…)')
    }
    const result = await seed(project, { database: this.flags.database, force: this.flags.force })
    const width = Math.max(0, ...result.tables.map((t) => t.table.length))
    const lines = result.files.length
      ? [
          `Seeded ${result.database} from ${result.files.join(', ')}`,
          ...result.tables.map((t) => `  ${t.table.padEnd(width)}  ${t.inserted} inserted, ${t.updated} updated, ${t.unchanged} unchanged`),
        ]
      : [`No seed files in ${project.seeds.folder}: nothing to load.`]
    this.emit(result, lines)
  }
}
