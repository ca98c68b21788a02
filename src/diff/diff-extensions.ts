/**
 * The diff of extensions (PostgreSQL): created first and dropped last of
 * all (their types and functions may be used by anything), altered in place
 * (ALTER EXTENSION … UPDATE TO / SET SCHEMA) when the pinned version or the
 * schema changes.
 */
import { equalData } from '../schema/canonical'
import { extensionsOf } from '../schema/extensions'
import type { Schema } from '../schema/model'
import { PHASE, type Plan } from './diff-plan'

export function planExtensions(source: Schema, target: Schema, plan: Plan): void {
  const before = new Map(extensionsOf(source).map((e) => [e.name, e]))
  const after = new Map(extensionsOf(target).map((e) => [e.name, e]))
  for (const [name, extension] of before) {
    const next = after.get(name)
    if (!next) plan.add(PHASE.dropExtension, '', { op: 'dropExtension', name })
    else if (!equalData(next, extension)) plan.add(PHASE.alterExtension, name, { op: 'alterExtension', name, from: extension, to: next })
  }
  for (const [name, extension] of after) if (!before.has(name)) plan.add(PHASE.createExtension, name, { op: 'createExtension', extension })
}
