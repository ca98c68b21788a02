/**
 * Views and triggers from validated schema files into the model, with their
 * meaning checked (names, the table a trigger is on, its columns, a body or
 * a function) and every problem located at its YAML node.
 */
import type { TableDraft } from './draft'
import { indexFromRaw } from './index-options'
import type { Index } from './model'
import type { Origin, Origins, Reporter } from './origins'
import type { RawFile, RawIndex } from './raw'
import { type Trigger, sortEvents, triggerDbName, triggerFunctionName } from './triggers'
import type { View } from './views'
import type { YamlSource } from './yaml-source'
import { identifierProblem } from './check'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

function viewIndex(view: string, item: RawIndex): Index {
  // `concurrently` does not apply: a view's indexes are built with it.
  const { concurrently: _concurrently, ...index } = indexFromRaw(view, item)
  return index
}

/** The views and triggers of every file; tables must already be resolved (for the checks). */
export function resolveObjects(
  sources: readonly YamlSource[],
  tables: ReadonlyMap<string, TableDraft>,
  enums: ReadonlySet<string>,
  report: Reporter,
  /** Where each trigger is defined, for the capability check (check-capabilities.ts). */
  origins?: Origins,
  /** The names of the files' `sql` objects, which a view's `dependsOn` may name. */
  sqlObjects: ReadonlySet<string> = new Set(),
): { views: View[]; triggers: Trigger[] } {
  const views = new Map<string, { view: View; origin: Origin }>()
  const triggers = new Map<string, { trigger: Trigger; origin: Origin }>()
  for (const source of sources) {
    const file = source.value as RawFile
    for (const [name, raw] of Object.entries(file.views ?? {})) {
      const origin: Origin = { source, path: ['views', name] }
      const other = views.get(name)
      if (other) {
        report.error(origin, `view "${name}": already defined (${other.origin.source.file}); a view is defined in one file`, { key: true })
        continue
      }
      if (tables.has(name) || enums.has(name)) {
        report.error(origin, `view "${name}": a table or type has the same name; views share their namespace`, { key: true })
      }
      const view: Mutable<View> = { name, query: raw.query }
      if (raw.columns) view.columns = [...raw.columns]
      if (raw.checkOption !== undefined) view.checkOption = raw.checkOption
      if (raw.mysql !== undefined) view.mysql = { ...raw.mysql }
      if (raw.materialized) view.materialized = true
      if (raw.withData === false) view.withData = false
      if (raw.withData !== undefined && !raw.materialized) {
        report.error(origin, `view "${name}": withData is for a materialized view (a plain view holds no data)`, { sub: ['withData'], key: true })
      }
      if (raw.indexes?.length) {
        if (!raw.materialized) report.error(origin, `view "${name}": only a materialized view can have indexes`, { sub: ['indexes'], key: true })
        view.indexes = raw.indexes.map((i) => viewIndex(name, i))
      }
      if (raw.checkOption !== undefined && raw.materialized) {
        report.error(origin, `view "${name}": a materialized view has no check option`, { sub: ['checkOption'], key: true })
      }
      if (raw.dependsOn?.length) view.dependsOn = [...raw.dependsOn].sort()
      views.set(name, { view, origin })
    }
  }
  for (const source of sources) {
    const file = source.value as RawFile
    for (const [name, raw] of Object.entries(file.triggers ?? {})) {
      const origin: Origin = { source, path: ['triggers', name] }
      const other = triggers.get(name)
      if (other) {
        report.error(origin, `trigger "${name}": already defined (${other.origin.source.file}); trigger names are unique across the schema`, { key: true })
        continue
      }
      const events = sortEvents(typeof raw.events === 'string' ? [raw.events] : raw.events)
      const trigger: Mutable<Trigger> = { name, table: raw.table, timing: raw.timing, events }
      if (raw.name !== undefined && raw.name !== name) trigger.dbName = raw.name
      if (raw.of?.length) trigger.of = [...raw.of]
      if (raw.forEach === 'statement') trigger.forEach = 'statement'
      if (raw.when !== undefined) trigger.when = raw.when
      if (raw.body !== undefined) trigger.body = raw.body
      if (raw.function !== undefined) trigger.function = raw.function
      if (raw.args?.length) trigger.args = [...raw.args]
      checkTrigger(trigger, origin, tables, new Set(views.keys()), report)
      // Every database refuses two triggers of one name on one table.
      const twin = [...triggers.values()].find((t) => t.trigger.table === trigger.table && triggerDbName(t.trigger) === triggerDbName(trigger))
      if (twin) {
        report.error(origin, `trigger "${name}": trigger "${twin.trigger.name}" (${twin.origin.source.file}) has the same name "${triggerDbName(trigger)}" on table "${trigger.table}"; give one another name:`, { key: true })
      }
      const named = trigger.dbName !== undefined ? identifierProblem(trigger.dbName) : undefined
      if (named) report.error(origin, `trigger "${name}": name "${trigger.dbName}": ${named}`, { sub: ['name'] })
      const fn = trigger.body !== undefined ? triggerFunctionName(trigger) : undefined
      const sharing = fn === undefined ? undefined : [...triggers.values()].find((t) => t.trigger.body !== undefined && triggerFunctionName(t.trigger) === fn)
      if (sharing) {
        report.error(origin, `trigger "${name}": its trigger function "${fn}" (PostgreSQL) is also trigger "${sharing.trigger.name}"'s; rename one of them`, { key: true })
      }
      origins?.set(trigger, origin)
      triggers.set(name, { trigger, origin })
    }
  }
  for (const { view, origin } of views.values()) {
    view.dependsOn?.forEach((d, i) => {
      if (!tables.has(d) && !views.has(d) && !sqlObjects.has(d)) {
        report.error(origin, `view "${view.name}": dependsOn "${d}" is not a table, view or sql object of the schema`, { sub: ['dependsOn', i] })
      }
    })
  }
  return { views: [...views.values()].map((v) => v.view), triggers: [...triggers.values()].map((t) => t.trigger) }
}

function checkTrigger(trigger: Trigger, origin: Origin, tables: ReadonlyMap<string, TableDraft>, views: ReadonlySet<string>, report: Reporter): void {
  const subject = `trigger "${trigger.name}"`
  const table = tables.get(trigger.table)
  if (!table && !views.has(trigger.table)) {
    report.error(origin, `${subject}: table "${trigger.table}" is not a table or view of the schema`, { sub: ['table'] })
  }
  if (!table && views.has(trigger.table) && trigger.timing !== 'instead of') {
    report.error(origin, `${subject}: a trigger on view "${trigger.table}" must be "instead of"`, { sub: ['timing'] })
  }
  if (trigger.of && !trigger.events.includes('update')) {
    report.error(origin, `${subject}: "of" lists columns for UPDATE OF, but the events do not include update`, { sub: ['of'], key: true })
  }
  trigger.of?.forEach((c, i) => {
    if (table && !table.columnsByName.has(c)) report.error(origin, `${subject}: column "${c}" is not a column of table "${table.name}"`, { sub: ['of', i] })
  })
  if (trigger.body === undefined && trigger.function === undefined) {
    report.error(origin, `${subject}: give a body (or, on PostgreSQL, a function)`, { key: true })
  }
  if (trigger.body !== undefined && trigger.function !== undefined) {
    report.error(origin, `${subject}: give a body or a function, not both`, { sub: ['function'], key: true })
  }
  if (trigger.args !== undefined && trigger.function === undefined) {
    report.error(origin, `${subject}: args are passed to a function; give function: (PostgreSQL), or read the values in the body`, { sub: ['args'], key: true })
  }
}
