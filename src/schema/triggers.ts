/**
 * Triggers in the model (see docs/OBJECTS.md). A trigger belongs to one
 * table; its body is SQL text per dialect: on SQLite the statements between
 * BEGIN and END, on PostgreSQL the PL/pgSQL body of a trigger function of
 * the trigger's name that strata creates and drops with it. `function`
 * (PostgreSQL) names a function managed elsewhere instead.
 */
import type { DialectSql, Schema } from './model'

export const TRIGGER_TIMINGS = ['before', 'after', 'instead of'] as const
export type TriggerTiming = (typeof TRIGGER_TIMINGS)[number]

export const TRIGGER_EVENTS = ['insert', 'update', 'delete', 'truncate'] as const
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number]

export interface Trigger {
  /** Unique schema-wide (SQLite's namespace; the PostgreSQL trigger function takes it too). */
  readonly name: string
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
