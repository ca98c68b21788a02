/**
 * Applying the operations on objects that are not tables (views, triggers)
 * to the model. Pure, like apply.ts, which calls these.
 */
import type { Schema } from '../schema/model'
import { findTable } from '../schema/model'
import { findTrigger, triggersOf } from '../schema/triggers'
import { findView, viewsOf } from '../schema/views'
import type { CreateTrigger, CreateView, DropTrigger, DropView } from './operations'

/** Thrown as apply.ts's ApplyError (passed in to avoid an import cycle). */
type Fail = (message: string) => never

export function applyObjectOperation(schema: Schema, op: CreateView | DropView | CreateTrigger | DropTrigger, fail: Fail): Schema {
  switch (op.op) {
    case 'createView': {
      const name = op.view.name
      if (findView(schema, name)) fail(`view "${name}" already exists`)
      if (findTable(schema, name)) fail(`view "${name}": a table has the same name`)
      return { ...schema, views: [...viewsOf(schema), op.view] }
    }
    case 'dropView': {
      if (!findView(schema, op.name)) fail(`view "${op.name}" does not exist`)
      const trigger = triggersOf(schema).find((t) => t.table === op.name)
      if (trigger) fail(`view "${op.name}" still has trigger "${trigger.name}"`)
      return withViews(schema, viewsOf(schema).filter((v) => v.name !== op.name))
    }
    case 'createTrigger': {
      const { name, table } = op.trigger
      if (findTrigger(schema, name)) fail(`trigger "${name}" already exists`)
      if (!findTable(schema, table) && !findView(schema, table)) fail(`trigger "${name}": table "${table}" does not exist`)
      return { ...schema, triggers: [...triggersOf(schema), op.trigger] }
    }
    case 'dropTrigger': {
      if (!findTrigger(schema, op.name)) fail(`trigger "${op.name}" does not exist`)
      const triggers = triggersOf(schema).filter((t) => t.name !== op.name)
      const out: { -readonly [K in keyof Schema]: Schema[K] } = { ...schema, triggers }
      if (triggers.length === 0) delete out.triggers
      return out
    }
  }
}

function withViews(schema: Schema, views: Schema['views']): Schema {
  const out: { -readonly [K in keyof Schema]: Schema[K] } = { ...schema, views }
  if (!views?.length) delete out.views
  return out
}

/** A table renamed: triggers on it follow (the database moves them with the table). */
export function renameTableInObjects(schema: Schema, from: string, to: string): Schema {
  if (!schema.triggers?.some((t) => t.table === from)) return schema
  return { ...schema, triggers: schema.triggers.map((t) => (t.table === from ? { ...t, table: to } : t)) }
}

/** A trigger on a table about to be dropped (the database would drop it silently; the model refuses). */
export function triggerOn(schema: Schema, table: string): string | undefined {
  return triggersOf(schema).find((t) => t.table === table)?.name
}
