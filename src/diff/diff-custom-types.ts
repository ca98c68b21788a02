/**
 * The diff of composite and range types (PostgreSQL): created before the
 * tables and dropped after them. A changed type is dropped and created
 * again, which PostgreSQL refuses while a column uses it, so the diff
 * refuses it then too, naming the columns.
 */
import { UsageError } from '../errors'
import { canonicalCustomType, equalData } from '../schema/canonical'
import { customTypesOf } from '../schema/custom-types'
import { columnsOfType } from '../schema/domains'
import type { Schema } from '../schema/model'
import { PHASE, type Plan } from './diff-plan'

export function planCustomTypes(source: Schema, target: Schema, plan: Plan): void {
  const before = new Map(customTypesOf(source).map((t) => [t.name, canonicalCustomType(t)]))
  const after = new Map(customTypesOf(target).map((t) => [t.name, canonicalCustomType(t)]))
  const dropped = new Set<string>()
  for (const [name, type] of before) {
    const next = after.get(name)
    if (next && equalData(next, type)) continue
    if (next) {
      const users = [...new Set([...columnsOfType(source, name), ...columnsOfType(target, name)])]
      if (users.length) {
        throw new UsageError(
          `type "${name}": its definition changes, which means dropping and creating it, but ${users.join(', ')} ` +
            `use${users.length === 1 ? 's' : ''} it; give the new one another name and move the columns to it`,
          { type: name, columns: users },
        )
      }
    }
    dropped.add(name)
    plan.add(PHASE.dropType, '', { op: 'dropType', name })
  }
  for (const [name, type] of after) {
    if (before.has(name) && !dropped.has(name)) continue
    plan.add(PHASE.createType, name, { op: 'createType', type })
  }
}
