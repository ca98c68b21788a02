/**
 * Which app owns each object of a project with apps. A table, enum, view,
 * trigger, function, sequence, extension, domain, type, raw `sql` object and
 * grant belongs to the app whose migration created it (a table rename carries
 * it along); a policy belongs to its table's app. An app's part of a schema
 * is then what it owns; `make APP` replaces that part with its files' objects
 * and keeps every other app's.
 *
 * Every kind the schema model holds is listed here, so an object of an app's
 * files is never left out of its migrations without a word (`KindsCovered`
 * fails to compile when the model gains a list this file does not place).
 */
import type { Operation } from '../diff/operations'
import { type Grant, grantKey } from '../schema/grants'
import type { Schema } from '../schema/model'
import type { Policy } from '../schema/policies'
import { sqlObjectDependencies } from '../schema/sql-objects'
import { dependenciesOf } from '../schema/views'
import type { MigrationFile } from './migration-file'
import { splitName } from './apps'

/** The schema's lists of named objects an app owns by name, with the kind that keys them (`view:NAME`). */
export const OWNED_KINDS = {
  enums: 'enum',
  views: 'view',
  triggers: 'trigger',
  functions: 'function',
  sequences: 'sequence',
  extensions: 'extension',
  domains: 'domain',
  types: 'type',
  sql: 'sql',
} as const satisfies Partial<Record<keyof Schema, string>>

type OwnedList = keyof typeof OWNED_KINDS
/** Tables (renamed in place), policies (their table's), grants (keyed by grantKey) are placed apart. */
type KindsCovered = Exclude<keyof Schema, OwnedList | 'tables' | 'policies' | 'grants'>
// Compiles only while every list of Schema is placed above.
const kindsCovered: [KindsCovered] extends [never] ? true : never = true
void kindsCovered

/** The owner key of an object of a list (`function:with_tax`); grants by grantKey. */
export function ownerKey(kind: string, name: string): string {
  return `${kind}:${name}`
}

/** What an operation creates, as an owner key, or what it drops (`dropped`). */
function owned(op: Operation): { created?: string; dropped?: string } {
  switch (op.op) {
    case 'createTable':
      return { created: ownerKey('table', op.table.name) }
    case 'dropTable':
      return { dropped: ownerKey('table', op.name) }
    case 'createEnum':
      return { created: ownerKey('enum', op.name) }
    case 'dropEnum':
      return { dropped: ownerKey('enum', op.name) }
    case 'createView':
      return { created: ownerKey('view', op.view.name) }
    case 'dropView':
      return { dropped: ownerKey('view', op.name) }
    case 'createTrigger':
      return { created: ownerKey('trigger', op.trigger.name) }
    case 'dropTrigger':
      return { dropped: ownerKey('trigger', op.name) }
    case 'createFunction':
      return { created: ownerKey('function', op.function.name) }
    case 'dropFunction':
      return { dropped: ownerKey('function', op.name) }
    case 'createSequence':
      return { created: ownerKey('sequence', op.sequence.name) }
    case 'dropSequence':
      return { dropped: ownerKey('sequence', op.name) }
    case 'createExtension':
      return { created: ownerKey('extension', op.extension.name) }
    case 'dropExtension':
      return { dropped: ownerKey('extension', op.name) }
    case 'createDomain':
      return { created: ownerKey('domain', op.domain.name) }
    case 'dropDomain':
      return { dropped: ownerKey('domain', op.name) }
    case 'createType':
      return { created: ownerKey('type', op.type.name) }
    case 'dropType':
      return { dropped: ownerKey('type', op.name) }
    case 'createSql':
      return { created: ownerKey('sql', op.object.name) }
    case 'dropSql':
      return { dropped: ownerKey('sql', op.name) }
    case 'grant':
      return { created: ownerKey('grant', grantKey(op.grant)) }
    default:
      return {}
  }
}

/** The app that owns each object at the end of `migrations` (in order); `''` for a migration without an app. */
export function ownership(migrations: readonly MigrationFile[]): Map<string, string> {
  const owner = new Map<string, string>()
  for (const m of migrations) {
    const app = splitName(m.name).app ?? ''
    for (const op of m.up) {
      if (op.op === 'renameTable') {
        // The table keeps its app, whichever app's migration renames it.
        const was = owner.get(ownerKey('table', op.from))
        owner.delete(ownerKey('table', op.from))
        owner.set(ownerKey('table', op.to), was ?? app)
        continue
      }
      const { created, dropped } = owned(op)
      // A grant added to by another app's migration stays with the app that granted first.
      if (created && !(created.startsWith('grant:') && owner.has(created))) owner.set(created, app)
      if (dropped) owner.delete(dropped)
    }
  }
  return owner
}

/**
 * The objects of `schema` for which `take(kind, name)` holds: tables, every
 * owned list, policies with their table, grants by grantKey. Lists left
 * empty are absent, as in the model.
 */
export function pickSchema(schema: Schema, take: (kind: string, name: string) => boolean): Schema {
  const tables = schema.tables.filter((t) => take('table', t.name))
  const kept = new Set(tables.map((t) => t.name))
  const out: Record<string, unknown> = { tables, enums: schema.enums.filter((e) => take('enum', e.name)) }
  for (const [list, kind] of Object.entries(OWNED_KINDS) as [OwnedList, string][]) {
    if (list === 'enums') continue
    const items = (schema[list] as readonly { name: string }[] | undefined)?.filter((o) => take(kind, o.name))
    if (items?.length) out[list] = items
  }
  const policies = schema.policies?.filter((p) => kept.has(p.table))
  if (policies?.length) out.policies = policies
  const grants = schema.grants?.filter((g) => take('grant', grantKey(g)))
  if (grants?.length) out.grants = grants
  return out as unknown as Schema
}

/**
 * `a` and `b` together: every list of both, `a`'s objects first (the order
 * of raw `sql` objects is their creation order, so the other apps' come
 * before the app's own).
 */
export function joinSchemas(a: Schema, b: Schema): Schema {
  const out: Record<string, unknown> = { tables: [...a.tables, ...b.tables], enums: [...a.enums, ...b.enums] }
  for (const list of [...Object.keys(OWNED_KINDS), 'policies', 'grants'] as (keyof Schema)[]) {
    if (list === 'enums') continue
    const items = [...((a[list] as readonly unknown[] | undefined) ?? []), ...((b[list] as readonly unknown[] | undefined) ?? [])]
    if (!items.length) continue
    // The model's lists are sorted (policies by table, then name; grants by key); raw sql objects keep their order.
    const sortKey = (o: unknown): string =>
      list === 'grants' ? grantKey(o as Grant) : list === 'policies' ? `${(o as Policy).table}\u0000${(o as Policy).name}` : (o as { name: string }).name
    out[list] = list === 'sql' ? items : items.sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0))
  }
  return out as unknown as Schema
}

/** The part of `schema` that belongs to `app`. */
export function appSchema(schema: Schema, owner: ReadonlyMap<string, string>, app: string): Schema {
  return pickSchema(schema, (kind, name) => owner.get(ownerKey(kind, name)) === app)
}

/**
 * The names of other objects an operation makes something use (`schema`:
 * the schema it leads to): the tables a foreign key references, what a view
 * or raw `sql` object depends on, a trigger's table and function.
 */
export function namesUsed(op: Operation, schema: Schema): string[] {
  switch (op.op) {
    case 'createTable':
      return (op.table.foreignKeys ?? []).map((fk) => fk.references.table)
    case 'addForeignKey':
      return [op.foreignKey.references.table]
    case 'createView':
      return dependenciesOf(op.view, schema)
    case 'createSql':
      return sqlObjectDependencies(op.object, schema)
    case 'createTrigger':
      return [op.trigger.table, ...(op.trigger.function ? [op.trigger.function] : [])]
    default:
      return []
  }
}

/** The operation drops a whole object (which another app's objects may have used until their own migrations). */
export function dropsObject(op: Operation): boolean {
  return owned(op).dropped !== undefined
}
