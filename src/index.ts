/**
 * strata as a library: the same functions the CLI uses.
 *
 * ```ts
 * import { loadProject, resolveDatabaseUrl, makeMigration, migrate, status, fixedResolver } from 'strata-migrate'
 * const project = loadProject()
 * await makeMigration(project, { resolver: fixedResolver() })
 * await migrate(project, resolveDatabaseUrl(project))
 * ```
 */
export { loadProject, resolveDatabaseUrl, type Project, type LoadProjectOptions } from './project'
export { loadSchemaFiles, loadSchemaSources, type LoadedSchema } from './schema/load'
export { makeMigration, type MakeOptions, type MakeResult } from './migrations/make'
export { mergeMigrations, type MergeOptions, type MergeResult } from './migrations/merge'
export { migrate, type MigrateOptions, type MigrateResult, type MigrateEvent } from './migrations/migrator'
export { status, type StatusResult, type MigrationStatus } from './migrations/status'
export { readMigrationState, type MigrationState } from './migrations/state'
export { diff } from './diff/diff'
export { invert } from './diff/invert'
export { applyOperations } from './diff/apply'
export { fixedResolver, type DiffResolver, type DiffResult } from './diff/rename'
export type { Operation, OperationKind } from './diff/operations'
export type { Schema, Table, Column, Index, ForeignKey, Check, Unique, PrimaryKey, Enum } from './schema/model'
export { dialectByName, dialectForUrl } from './dialects'
export type { Dialect, Connection, Statement, DialectName } from './dialects/dialect'
export * from './errors'
export { detectDrift, type DriftResult } from './migrations/drift'
export { seed, type SeedOptions, type SeedResult, type SeedTableResult } from './migrations/seed'
export { diffFiles, diffDatabase, type SchemaDiffResult } from './migrations/schema-diff'
export { introspectDatabase, type IntrospectOptions, type IntrospectResult, type IntrospectEvent } from './migrations/introspect'
export { renderSchemaFiles, renderSchemaYaml, type RenderedFile } from './schema/render'
