import { StrataCommand } from '../base-command'
import { join } from 'node:path'
import { CACHE_DIR } from '../cache-dir'
import { projectDatabases } from '../project-databases'
import { loadSchemaFiles } from '../schema/load'
import { loadAppsSchema } from '../migrations/app-schemas'

export default class Validate extends StrataCommand<typeof Validate> {
  static override summary = 'Check the schema files; every error as file:line:col.'
  static override description =
    'Check the schema files: JSON Schema, then meaning (types, references, defaults, names). Reports every error as file:line:col; exit 2 when there is one.'
  static override examples = ['<%= config.bin %> validate', '<%= config.bin %> validate --json']

  async run(): Promise<void> {
    const project = this.project()
    // With apps, every app's schema files together (a foreign key may reference another app's table).
    const loaded = project.apps
      ? (await loadAppsSchema(project)).loaded
      : await loadSchemaFiles(project.schemas, { cache: join(project.root, CACHE_DIR), databases: projectDatabases(project), settings: { grants: project.grants } })
    if (!this.flags.json) this.printDiagnostics(loaded.warnings)
    const tables = loaded.schema.tables.length
    this.emit(
      { valid: true, files: loaded.files, tables, enums: loaded.schema.enums.length, warnings: loaded.warnings },
      `${loaded.files.length} file${loaded.files.length === 1 ? '' : 's'}, ${tables} table${tables === 1 ? '' : 's'}: valid`,
    )
  }
}
