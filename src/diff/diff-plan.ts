/**
 * The order of the diff's output. Operations are collected by phase and
 * sorted once, so that the list applies in sequence to the model
 * (apply.ts checks that every object exists) and to a real database:
 *
 * renames first; then everything that would block a later step is removed
 * (foreign keys, then dropped tables, then indexes / uniques / checks on
 * columns about to change); enums are created before the tables that use
 * them; tables, columns, alterations, primary keys; column drops after the
 * primary key moved off them; new constraints on the final columns; foreign
 * keys last, when every target and its key exist; enums dropped once nothing
 * uses them.
 */
import type { Operation } from './operations'

export const PHASE = {
  // Views and triggers that change or stand on something that changes go
  // first (triggers, then views, dependents before what they use) and come
  // back last (diff-objects.ts).
  // Policies (diff-policies.ts): dropped before anything they use changes,
  // created once everything they use is there.
  dropPolicy: -3,
  // Raw sql objects (diff-sql-objects.ts): dropped before everything, created
  // after everything; `first` ones created before the tables and, when
  // removed, dropped after them.
  dropSql: -4,
  // A schema (diff-schemas.ts) before everything, a table moved into it too;
  // dropped after everything.
  createSchema: -3.95,
  // Grants (diff-grants.ts): revoked before their object is dropped or
  // renamed, granted once every object is there.
  revokeEarly: -3.5,
  dropTrigger: -2,
  dropView: -1,
  // Raw sql objects that views depend on (an aggregate): dropped once the
  // views over them are gone, created before the views (diff-sql-objects.ts).
  dropSqlAfterViews: -0.75,
  // Functions (diff-functions.ts): dropped once nothing over them is left,
  // created before the tables, or after them when their signature names one.
  dropFunction: -0.5,
  renameTable: 0,
  // A sequence OWNED BY a column goes before its table (diff-sequences.ts),
  // so the reversed list re-creates it after the table.
  dropOwnedSequence: 3.9,
  // Checks and indexes whose SQL text names a column renamed here: dropped
  // while that name still exists, so that the `down` list (reversed)
  // re-creates them after the column has its old name back.
  dropRenamedExpression: 1,
  renameColumn: 2,
  dropForeignKey: 3,
  dropTable: 4,
  dropConstraint: 5,
  // Extensions first (their types may be used by everything after), then
  // enums, domains, composite / range types and standalone sequences, all
  // before the functions and tables that use them (diff-extensions.ts,
  // diff-domains.ts, diff-custom-types.ts, diff-sequences.ts).
  createExtension: 5.5,
  createSqlFirst: 5.55,
  alterExtension: 5.6,
  createEnum: 6,
  createDomain: 6.1,
  alterDomain: 6.2,
  createType: 6.3,
  // After the enums and domains a new attribute may use.
  alterType: 6.35,
  createSequence: 6.4,
  createFunction: 6.5,
  createTable: 7,
  addColumn: 8,
  alterColumn: 9,
  primaryKey: 10,
  // OWNED BY may move to a column added here, or off one dropped next.
  alterSequence: 10.5,
  dropColumn: 11,
  addConstraint: 12,
  addForeignKey: 13,
  createOwnedSequence: 13.2,
  createFunctionAfterTables: 13.3,
  replaceFunction: 13.4,
  createSqlBeforeViews: 13.45,
  createView: 13.5,
  createTrigger: 13.6,
  setRowLevelSecurity: 13.65,
  alterPolicy: 13.7,
  createPolicy: 13.7,
  // Dropped in the reverse order of creation, once no column uses them.
  dropSequence: 13.7,
  dropType: 13.8,
  dropDomain: 13.9,
  grant: 13.95,
  createSql: 13.97,
  dropEnum: 14,
  dropSqlFirst: 14.4,
  dropExtension: 14.5,
  dropSchema: 14.6,
} as const

export type Phase = (typeof PHASE)[keyof typeof PHASE]

interface Planned {
  readonly phase: Phase
  readonly key: string
  readonly op: Operation
}

/**
 * Operations keyed by phase and by the table (or enum) they touch. Within one
 * phase and key, operations keep the order they were added in; phases whose
 * order is a dependency order (create / drop table) use one empty key.
 */
export class Plan {
  private readonly items: Planned[] = []

  add(phase: Phase, key: string, op: Operation): void {
    this.items.push({ phase, key, op })
  }

  /** The operations, sorted by phase then key (Array.prototype.sort is stable). */
  operations(): Operation[] {
    return [...this.items]
      .sort((a, b) => a.phase - b.phase || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((p) => p.op)
  }
}

/**
 * Kahn's topological sort with a sorted ready list, so the order is the same
 * on every run. `dependsOn(n)` lists the names that must come before `n`
 * (names outside `names` are ignored). On a cycle, the smallest remaining
 * name is taken anyway, after `onCycle(name, unmet)` was told which of its
 * dependencies are not placed yet (the caller breaks those edges).
 */
export function dependencyOrder(
  names: readonly string[],
  dependsOn: (name: string) => readonly string[],
  onCycle: (name: string, unmet: string[]) => void,
): string[] {
  const inSet = new Set(names)
  const pending = new Map<string, Set<string>>()
  const dependents = new Map<string, string[]>()
  for (const name of names) {
    const deps = new Set(dependsOn(name).filter((d) => d !== name && inSet.has(d)))
    pending.set(name, deps)
    for (const d of deps) {
      const list = dependents.get(d)
      if (list) list.push(name)
      else dependents.set(d, [name])
    }
  }
  const ready = names.filter((n) => pending.get(n)!.size === 0).sort()
  const remaining = new Set(names)
  const out: string[] = []
  const place = (name: string): void => {
    remaining.delete(name)
    out.push(name)
    for (const m of dependents.get(name) ?? []) {
      const deps = pending.get(m)!
      deps.delete(name)
      if (deps.size === 0 && remaining.has(m)) insertSorted(ready, m)
    }
  }
  while (remaining.size > 0) {
    const next = ready.shift()
    if (next !== undefined) {
      if (remaining.has(next)) place(next)
      continue
    }
    const stuck = [...remaining].sort()[0]!
    onCycle(stuck, [...pending.get(stuck)!].sort())
    pending.get(stuck)!.clear()
    place(stuck)
  }
  return out
}

function insertSorted(list: string[], value: string): void {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (list[mid]! < value) lo = mid + 1
    else hi = mid
  }
  list.splice(lo, 0, value)
}
