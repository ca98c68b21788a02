/**
 * Triggers in the model (see docs/OBJECTS.md). A trigger belongs to one
 * table; its body is SQL text per dialect: on SQLite the statements between
 * BEGIN and END, on PostgreSQL the PL/pgSQL body of a trigger function that
 * strata creates and drops with it (triggerFunctionName). `function`
 * (PostgreSQL) names a function managed elsewhere instead, with `args`.
 *
 * `name` is the key of the schema files, unique across the schema; the
 * database's name is `dbName` when it differs (triggerDbName). PostgreSQL
 * names triggers per table, so Pagila's 14 triggers `last_updated` are
 * keyed `actor_last_updated`, `film_last_updated` … with `dbName:
 * last_updated`; SQLite and MySQL name them per schema, and `validate`
 * refuses two of one database name there (capability triggerNamesPerTable).
 * https://www.postgresql.org/docs/current/sql-createtrigger.html
 */
import type { DialectSql, Schema } from './model'

export const TRIGGER_TIMINGS = ['before', 'after', 'instead of'] as const
export type TriggerTiming = (typeof TRIGGER_TIMINGS)[number]

export const TRIGGER_EVENTS = ['insert', 'update', 'delete', 'truncate'] as const
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number]

export interface Trigger {
  /** The key in the schema files: unique schema-wide, what operations name the trigger by. */
  readonly name: string
  /** The name in the database when it is not `name` (schema files' `name:`); absent otherwise. */
  readonly dbName?: string
  /** The table (or, for `instead of`, the view) it fires on. */
  readonly table: string
  readonly timing: TriggerTiming
  /** In the order insert, update, delete, truncate. */
  readonly events: readonly TriggerEvent[]
  /** `UPDATE OF` these columns. */
  readonly of?: readonly string[]
  /** `statement` (PostgreSQL only); absent means FOR EACH ROW. */
  readonly forEach?: 'statement'
  /** `WHEN (…)` condition, SQL text as written. */
  readonly when?: DialectSql
  /** The body per dialect (see above). */
  readonly body?: DialectSql
  /** PostgreSQL: an existing trigger function to execute instead of `body`. */
  readonly function?: string
  /** PostgreSQL: the arguments passed to `function` (`EXECUTE FUNCTION f('a', 'b')`, pg_trigger.tgargs); absent: none. */
  readonly args?: readonly string[]
}

/** The trigger's name in the database. */
export function triggerDbName(trigger: Trigger): string {
  return trigger.dbName ?? trigger.name
}

/**
 * The name of the PostgreSQL trigger function strata makes for a trigger's
 * `body`: the key when the database name is the key (so a project without
 * `name:` keeps its functions' names), else `<table>_<name>` (the table
 * without its schema), which the introspector recognises in the catalog
 * whatever the key was. validate refuses two triggers, or a trigger and a
 * function, that would share one.
 */
export function triggerFunctionName(trigger: Trigger): string {
  if (trigger.dbName === undefined) return trigger.name
  const table = trigger.table.slice(trigger.table.lastIndexOf('.') + 1)
  return `${table}_${trigger.dbName}`
}

/**
 * `live` with its triggers keyed as in `expected` where both have a trigger
 * of one table and database name: the database stores no key, so the
 * introspector makes one (its name, or `<table>_<name>` when several tables
 * have a trigger of the name), and drift must compare the trigger a file
 * keys `guard` with the live one it reads as `touch`.
 */
export function rekeyTriggers<S extends Schema>(live: S, expected: Schema): S {
  const wanted = new Map(triggersOf(expected).map((t) => [`${t.table}\u0000${triggerDbName(t)}`, t.name]))
  const triggers = triggersOf(live)
  if (triggers.length === 0 || wanted.size === 0) return live
  const taken = new Set(triggers.map((t) => t.name))
  let changed = false
  const out = triggers.map((t): Trigger => {
    const key = wanted.get(`${t.table}\u0000${triggerDbName(t)}`)
    if (key === undefined || key === t.name || taken.has(key)) return t
    taken.delete(t.name)
    taken.add(key)
    changed = true
    const { dbName: _d, ...rest } = t
    const dbName = triggerDbName(t)
    return dbName === key ? { ...rest, name: key } : { ...rest, name: key, dbName }
  })
  return changed ? { ...live, triggers: out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) } : live
}

export function triggersOf(schema: Schema): readonly Trigger[] {
  return schema.triggers ?? []
}

export function findTrigger(schema: Schema, name: string): Trigger | undefined {
  return schema.triggers?.find((t) => t.name === name)
}

/** Events in their canonical order. */
export function sortEvents(events: readonly TriggerEvent[]): TriggerEvent[] {
  return TRIGGER_EVENTS.filter((e) => events.includes(e))
}
