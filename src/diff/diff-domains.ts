/**
 * The diff of domains (PostgreSQL). The default, NOT NULL and the checks
 * change in place (ALTER DOMAIN); a new base type or collation is a drop
 * and a create, which PostgreSQL refuses while a column uses the domain, so
 * the diff refuses it then too, naming the columns.
 * Domains are created before the tables (after the enums and extensions
 * their base type may be) and dropped after them.
 */
import { UsageError } from '../errors'
import { canonicalDomain, equalData } from '../schema/canonical'
import { columnsOfType, domainsOf } from '../schema/domains'
import type { Schema } from '../schema/model'
import { PHASE, type Plan } from './diff-plan'

export function planDomains(source: Schema, target: Schema, plan: Plan): void {
  const before = new Map(domainsOf(source).map((d) => [d.name, canonicalDomain(d)]))
  const after = new Map(domainsOf(target).map((d) => [d.name, canonicalDomain(d)]))
  const dropped = new Set<string>()
  for (const [name, domain] of before) {
    const next = after.get(name)
    if (next && equalData(next, domain)) continue
    if (next && next.type === domain.type && next.collation === domain.collation) {
      plan.add(PHASE.alterDomain, name, { op: 'alterDomain', name, from: domain, to: next })
      continue
    }
    if (next) {
      const users = [...new Set([...columnsOfType(source, name), ...columnsOfType(target, name)])]
      if (users.length) {
        throw new UsageError(
          `domain "${name}": its base type or collation changes (${domain.type} -> ${next.type}), which means a new domain, ` +
            `but ${users.join(', ')} use${users.length === 1 ? 's' : ''} it; give the new one another name and move the columns to it`,
          { domain: name, columns: users },
        )
      }
    }
    dropped.add(name)
    plan.add(PHASE.dropDomain, '', { op: 'dropDomain', name })
  }
  for (const [name, domain] of after) {
    if (before.has(name) && !dropped.has(name)) continue
    plan.add(PHASE.createDomain, name, { op: 'createDomain', domain })
  }
}
