/**
 * The schema files of a project with apps: every app's files are loaded
 * together (a foreign key may reference another app's table), and each
 * object is the app's whose files declare it (a generated join table is the
 * app of the table declaring the relation: the one its first foreign key
 * references; a policy its table's; see app-ownership.ts). `make APP` then diffs the
 * database's whole schema against the same schema with the app's part
 * replaced by what its files say.
 */
import { readFile } from 'node:fs/promises'
import { UsageError } from '../errors'
import type { App, Project } from '../project'
import { findSchemaFiles } from '../schema/files'
import { type LoadedSchema, loadSchemaSources } from '../schema/load'
import type { Schema } from '../schema/model'
import { declaredGrantKeys } from '../schema/resolve-grants'
import { parseYamlSource } from '../schema/yaml-source'
import { projectDatabases } from '../project-databases'
import { OWNED_KINDS, joinSchemas, ownerKey, ownership, pickSchema } from './app-ownership'
import type { MigrationState } from './state'

export interface AppsSchema {
  /** Every app's files, loaded as one schema. */
  readonly loaded: LoadedSchema
  /** `table:NAME`, `view:NAME`, `function:NAME`, `grant:KEY` … (app-ownership.ts) to the app whose files declare it. */
  readonly declared: ReadonlyMap<string, string>
}

const KINDS: Readonly<Record<string, string>> = { tables: 'table', ...OWNED_KINDS }

export async function loadAppsSchema(project: Project, cwd = process.cwd()): Promise<AppsSchema> {
  const contents: { file: string; content: Buffer }[] = []
  const declared = new Map<string, string>()
  for (const app of project.apps as readonly App[]) {
    const files = await findSchemaFiles(app.schemas, cwd)
    if (!files.length) throw new UsageError(`app ${app.name}: no schema files (*.yaml, *.yml) in "${app.schemas}": check its schemas: in strata.yaml`)
    for (const f of files) {
      const content = await readFile(f.path)
      contents.push({ file: f.display, content })
      const value = parseYamlSource(f.display, content).source?.value as Record<string, unknown> | null | undefined
      if (!value || typeof value !== 'object') continue
      for (const [key, kind] of Object.entries(KINDS)) {
        const group = value[key]
        if (group && typeof group === 'object' && !Array.isArray(group)) for (const name of Object.keys(group)) declared.set(ownerKey(kind, name), app.name)
      }
      for (const key of declaredGrantKeys(value)) declared.set(ownerKey('grant', key), app.name)
    }
  }
  const loaded = loadSchemaSources(contents, projectDatabases(project), undefined, { grants: project.grants })
  // Generated tables (manyToMany join tables): the app of the table whose relation made them.
  for (const t of loaded.schema.tables) {
    if (declared.has(`table:${t.name}`)) continue
    const first = t.foreignKeys?.[0]?.references.table
    const app = first && declared.get(`table:${first}`)
    if (app) declared.set(`table:${t.name}`, app)
  }
  return { loaded, declared }
}

/**
 * What the database's schema should be after `make APP`: the current
 * schema (the replay of every app's migrations) with the app's part
 * replaced by its files' objects.
 */
export function appTarget(state: MigrationState, apps: AppsSchema, app: string): Schema {
  const owner = ownership(state.migrations)
  const key = ownerKey
  const keep = (kind: string, name: string) => apps.declared.get(key(kind, name)) !== app && (owner.get(key(kind, name)) !== app || apps.declared.has(key(kind, name)))
  const mine = (kind: string, name: string) => apps.declared.get(key(kind, name)) === app
  const target = joinSchemas(pickSchema(state.schema, keep), pickSchema(apps.loaded.schema, mine))
  // A foreign key to a table no migration has created yet: that app's make comes first.
  const tables = new Set(target.tables.map((t) => t.name))
  for (const t of target.tables) {
    if (!mine('table', t.name)) continue
    for (const fk of t.foreignKeys ?? []) {
      if (tables.has(fk.references.table)) continue
      const other = apps.declared.get(key('table', fk.references.table))
      throw new UsageError(
        `app ${app}: table "${t.name}" references "${fk.references.table}"${other ? ` of app ${other}, which no migration creates yet: run \`strata make ${other}\` first (or \`strata make\` for every app)` : ', which no app declares'}`,
      )
    }
  }
  return target
}

/**
 * The apps in an order where an app whose tables reference another app's
 * comes after it (strata.yaml's order otherwise).
 */
export function appsInDependencyOrder(project: Project, apps: AppsSchema): string[] {
  const names = (project.apps ?? []).map((a) => a.name)
  const needs = new Map(names.map((n) => [n, new Set<string>()]))
  for (const t of apps.loaded.schema.tables) {
    const app = apps.declared.get(`table:${t.name}`)
    if (!app) continue
    for (const fk of t.foreignKeys ?? []) {
      const other = apps.declared.get(`table:${fk.references.table}`)
      if (other && other !== app) needs.get(app)?.add(other)
    }
  }
  const out: string[] = []
  while (out.length < names.length) {
    const next = names.find((n) => !out.includes(n) && [...needs.get(n)!].every((d) => out.includes(d))) ?? names.find((n) => !out.includes(n))!
    out.push(next)
  }
  return out
}
