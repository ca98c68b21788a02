/**
 * The diff of PostgreSQL schemas (schema/qualified.ts): a schema that the
 * target's names are in and the source's are not is created before
 * everything (createSchema), one the source's names are in and the
 * target's are not is dropped after everything (dropSchema).
 */
import type { Schema } from '../schema/model'
import { schemasOf } from '../schema/qualified'
import { PHASE, type Plan } from './diff-plan'

export function planSchemas(source: Schema, target: Schema, plan: Plan): void {
  const before = new Set(schemasOf(source))
  const after = new Set(schemasOf(target))
  for (const name of after) if (!before.has(name)) plan.add(PHASE.createSchema, name, { op: 'createSchema', name })
  for (const name of before) if (!after.has(name)) plan.add(PHASE.dropSchema, '', { op: 'dropSchema', name })
}
