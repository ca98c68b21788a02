/**
 * The diff of composite and range types (PostgreSQL): created before the
 * tables and dropped after them. A composite type that only loses fields
 * and gains new ones after those it keeps (same order, same types) is
 * altered in place (`alterType`: ALTER TYPE DROP / ADD ATTRIBUTE, which
 * PostgreSQL does under the columns using it). Any other change is a drop
 * and create, which PostgreSQL refuses while a column uses the type, so the
 * diff refuses it then too, naming the columns.
 */
import { UsageError } from '../errors'
import { canonicalCustomType, equalData } from '../schema/canonical'
import { type CustomType, customTypesOf } from '../schema/custom-types'
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
    if (next && alteredInPlace(type, next)) {
      plan.add(PHASE.alterType, name, { op: 'alterType', name, from: type, to: next })
      continue
    }
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

/** Can `from` become `to` by ALTER TYPE DROP / ADD ATTRIBUTE (the attributes kept: same order, same types, before every new one)? */
export function alteredInPlace(from: CustomType, to: CustomType): boolean {
  if (!from.composite || !to.composite) return false
  const old = new Map(from.composite.map((f) => [f.name, f.type]))
  const kept = to.composite.filter((f) => old.has(f.name))
  if (kept.some((f) => old.get(f.name) !== f.type)) return false
  if (to.composite.slice(0, kept.length).some((f) => !old.has(f.name))) return false
  const order = from.composite.filter((f) => kept.some((k) => k.name === f.name)).map((f) => f.name)
  return order.every((n, i) => kept[i]!.name === n)
}

/**
 * The tables with a column of a composite type that loses an attribute here
 * (the views and triggers over them are recreated around the change: a view
 * may select the attribute, which PostgreSQL then refuses to drop).
 */
export function tablesOfAlteredTypes(source: Schema, target: Schema): Set<string> {
  const after = new Map(customTypesOf(target).map((t) => [t.name, canonicalCustomType(t)]))
  const out = new Set<string>()
  for (const type of customTypesOf(source)) {
    const next = after.get(type.name)
    if (!next?.composite || !type.composite) continue
    const has = new Set(next.composite.map((f) => f.name))
    if (!type.composite.some((f) => !has.has(f.name))) continue
    for (const column of columnsOfType(source, type.name)) out.add(column.split('.')[0]!)
  }
  return out
}
