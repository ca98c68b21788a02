/**
 * The command lines of a project with apps (Django's shape): `migrate [APP]
 * [MIGRATION]`, `status [APP]`, `sql APP MIGRATION`, `make [APP] [NAME]`,
 * `squash APP FROM TO`. Without apps every command keeps its own shape, and
 * an APP argument is refused.
 */
import { UsageError } from './errors'
import type { Project } from './project'
import { findApp } from './migrations/apps'

function appNames(project: Project): string {
  return (project.apps ?? []).map((a) => a.name).join(', ')
}

const isApp = (project: Project, name: string | undefined): boolean => name !== undefined && (project.apps ?? []).some((a) => a.name === name)

/**
 * `migrate [APP] [MIGRATION]` as the migrator's target: undefined (all),
 * `zero`, a migration, `APP:` (the app to its head), `APP:zero` or
 * `APP:MIGRATION`.
 */
export function migrateTarget(project: Project, first?: string, second?: string): string | undefined {
  if (!project.apps) {
    if (second !== undefined) throw new UsageError(`migrate takes one TARGET ("${first} ${second}": this project declares no apps in strata.yaml)`)
    return first
  }
  if (first === undefined) return undefined
  if (second === undefined) {
    if (isApp(project, first)) return `${first}:`
    if (first === 'zero' || first.includes(':')) return first
    throw new UsageError(`"${first}" is not an app of this project (apps: ${appNames(project)}): give APP, APP MIGRATION, APP zero or zero`)
  }
  findApp(project, first)
  return `${first}:${second}`
}

/** `sql APP MIGRATION` (or `sql APP:MIGRATION`); without apps `sql MIGRATION`. */
export function migrationRef(project: Project, first: string, second?: string, command = 'sql'): string {
  if (!project.apps) {
    if (second !== undefined) throw new UsageError(`${command} takes one MIGRATION ("${first} ${second}": this project declares no apps in strata.yaml)`)
    return first
  }
  if (second === undefined) {
    if (first.includes(':')) return first
    throw new UsageError(`${command}: give APP MIGRATION (apps: ${appNames(project)})`)
  }
  findApp(project, first)
  return `${first}:${second}`
}

/** `status [APP]`: the app to show, or all. */
export function statusApp(project: Project, first?: string): string | undefined {
  if (first === undefined) return undefined
  return findApp(project, first).name
}

/** `make [APP] [NAME]`: with apps the first word is an app; without, it is the name. */
export function makeArgs(project: Project, first?: string, second?: string): { app?: string; name?: string } {
  if (!project.apps) {
    if (second !== undefined) throw new UsageError(`make takes one NAME ("${first} ${second}": this project declares no apps in strata.yaml)`)
    return first === undefined ? {} : { name: first }
  }
  if (first === undefined) return {}
  if (!isApp(project, first)) throw new UsageError(`"${first}" is not an app of this project (apps: ${appNames(project)}): give make APP [NAME]`)
  return { app: first, ...(second !== undefined ? { name: second } : {}) }
}

/** `squash [APP] FROM TO`. */
export function squashArgs(project: Project, first: string, second: string, third?: string): { from: string; to: string; app?: string } {
  if (!project.apps) {
    if (third !== undefined) throw new UsageError(`squash takes FROM TO ("${first}" is not an app: this project declares no apps in strata.yaml)`)
    return { from: first, to: second }
  }
  if (third === undefined) throw new UsageError(`squash: give APP FROM TO (apps: ${appNames(project)})`)
  findApp(project, first)
  return { app: first, from: `${first}:${second}`, to: `${first}:${third}` }
}
