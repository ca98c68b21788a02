/** Table edits: create (with keys, relations and constraints of its own), drop, rename (with the hint). */
import type { ReferentialAction } from '../../src/schema/model'
import { type EditContext, fresh, keyOf, mayReference, keysOf, referencers, relationColumn } from './context'
import { LENGTHS, newColumn } from './edits-columns'
import type { GenRelation, GenTable } from './model'

const ACTIONS: readonly ReferentialAction[] = ['cascade', 'restrict', 'set null', 'no action']

/** A belongsTo from `t` (with `rows` rows) to some table with a single-column key, or undefined. */
export function newRelation(ctx: EditContext, t: GenTable, rows: number): GenRelation | undefined {
  const targets = ctx.s.tables.filter((x) => keyOf(ctx.s, x.name) && mayReference(t, x))
  if (targets.length === 0) return undefined
  const target = ctx.rng.pick(targets)
  const self = target === t
  const r: GenRelation = { belongsTo: target.name }
  // A NOT NULL reference on rows that exist needs a row to point at; a self-reference is always nullable.
  const canFill = target.origin !== undefined && !self && keysOf(ctx, target.name).length > 0
  if (self || ctx.rng.chance(0.4) || (rows > 0 && !canFill)) r.nullable = true
  const action = ctx.rng.pick(ACTIONS)
  if (action !== 'set null' || r.nullable) {
    if (action !== 'no action' || ctx.rng.chance(0.3)) r.onDelete = action
  }
  // One-to-one: the fill would repeat one key on every row.
  if (ctx.rng.chance(0.15) && (rows <= 1 || r.nullable) && !t.partitioning) r.unique = true
  return r
}

export function createTable(ctx: EditContext): string | undefined {
  const { rng, s } = ctx
  const name = fresh(s, 't')
  const t: GenTable = { name, columns: [], unique: [], indexes: [], checks: [], relations: [] }
  const key = rng.weighted([['implicit', 6], ['id', 2], ['natural', 2], ['composite', 1], ['none', 1]] as const)
  if (key === 'none') t.noKey = true
  if (key === 'id') t.columns.push(['id', { type: rng.pick(['integer', 'bigint', 'smallint'] as const), primaryKey: true, autoincrement: true }])
  if (key === 'natural') t.columns.push([fresh(s, 'c'), { type: 'string', length: rng.pick(LENGTHS), primaryKey: true }])
  if (key === 'composite') {
    const a = fresh(s, 'c')
    const b = fresh(s, 'c')
    t.columns.push([a, { type: 'integer' }], [b, { type: 'string', length: 40 }])
    t.primaryKey = [a, b]
  }
  const n = rng.int(1, 4)
  for (let i = 0; i < n; i++) t.columns.push([fresh(s, 'c'), newColumn(ctx, 0)])
  s.tables.push(t)
  if (rng.chance(0.5)) {
    const r = newRelation(ctx, t, 0)
    if (r) t.relations.push([fresh(s, 'r'), r])
  }
  if (rng.chance(0.3)) t.comment = `table ${name}`
  return `create table ${name} (${key} key)`
}

/** Drop a table; tables that reference it lose the relation or the reference (in the same step, as a user must). */
export function dropTable(ctx: EditContext): string | undefined {
  if (ctx.s.tables.length === 0) return undefined
  const t = ctx.rng.pick(ctx.s.tables)
  for (const r of referencers(ctx.s, t.name)) {
    if (r.relation) {
      r.table.relations = r.table.relations.filter(([n]) => n !== r.relation)
      const col = relationColumn(r.relation)
      r.table.unique = r.table.unique.filter((u) => !u.includes(col))
      r.table.indexes = r.table.indexes.filter((i) => !i.columns?.includes(col))
    } else {
      const c = r.table.columns.find(([n]) => n === r.column)![1]
      delete c.references
    }
  }
  ctx.s.tables = ctx.s.tables.filter((x) => x !== t)
  return `drop table ${t.name}`
}

export function renameTable(ctx: EditContext): string | undefined {
  const candidates = ctx.s.tables.filter((t) => t.origin === t.name)
  if (candidates.length === 0) return undefined
  const t = ctx.rng.pick(candidates)
  const from = t.name
  const to = fresh(ctx.s, 't')
  for (const r of referencers(ctx.s, from)) {
    if (r.relation) r.table.relations.find(([n]) => n === r.relation)![1].belongsTo = to
    else r.table.columns.find(([n]) => n === r.column)![1].references!.table = to
  }
  t.name = to
  t.renamedFrom = from
  return `rename table ${from} -> ${to}`
}
