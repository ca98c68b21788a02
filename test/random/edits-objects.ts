/**
 * Views and triggers (and, where `capabilities.triggerFunctions` has them, the
 * trigger functions of the schema's `functions:`): views over one table or
 * over a table joined to the table one of its relations points at, created,
 * replaced (other columns, a join added or removed) and dropped; AFTER INSERT
 * triggers that upper-case a column of the new row, created, pointed at
 * another column (a body trigger is replaced; a trigger executing a function
 * keeps it, and the function is replaced in place) and dropped. What the
 * other edits take away from them (a dropped column, table or relation, a
 * table without a key) is taken from them by `reconcileObjects`.
 */
import { type EditContext, fresh } from './context'
import type { GenColumn, GenSchema, GenTable, GenTrigger, GenView } from './model'
import type { Rng } from './prng'

const STRINGS = new Set(['string', 'text'])

function someColumns(rng: Rng, columns: GenColumn[], max: number): GenColumn[] {
  return rng.shuffle([...columns]).slice(0, rng.int(1, Math.min(max, columns.length)))
}

/** Columns of `t` a view may select (declared ones; the joined table's `id`s would clash, so it gives none). */
function selectable(t: GenTable, joined: boolean): GenColumn[] {
  return t.columns.filter(([n]) => !(joined && n === 'id')).map(([, c]) => c)
}

/** A join to the table a relation of `t` points at (with a declared column to select), or undefined. */
function someJoin(ctx: EditContext, t: GenTable): GenView['join'] {
  const options = t.relations.flatMap(([, r]) => {
    const target = ctx.s.tables.find((x) => x.name === r.belongsTo)
    const columns = target ? selectable(target, true) : []
    return columns.length ? [{ relation: r, columns }] : []
  })
  if (options.length === 0) return undefined
  const { relation, columns } = ctx.rng.pick(options)
  return { relation, columns: someColumns(ctx.rng, columns, 2) }
}

export function createView(ctx: EditContext): string | undefined {
  const tables = ctx.s.tables.filter((t) => t.columns.length > 0)
  if (tables.length === 0) return undefined
  const t = ctx.rng.pick(tables)
  const v: GenView = { name: fresh(ctx.s, 'v'), table: t, columns: someColumns(ctx.rng, selectable(t, false), 3) }
  if (ctx.rng.chance(0.4)) {
    const join = someJoin(ctx, t)
    if (join) v.join = join
  }
  ;(ctx.s.views ??= []).push(v)
  return `create view ${v.name} over ${t.name}${v.join ? ` joined to ${v.join.relation.belongsTo}` : ''}`
}

export function replaceView(ctx: EditContext): string | undefined {
  if (!ctx.s.views?.length) return undefined
  const v = ctx.rng.pick(ctx.s.views)
  const choice = ctx.rng.pick(['columns', 'columns', 'join'] as const)
  if (choice === 'join') {
    if (v.join) delete v.join
    else {
      const join = someJoin(ctx, v.table)
      if (!join) return undefined
      v.join = join
    }
    return `replace view ${v.name}: ${v.join ? 'joined' : 'no join'}`
  }
  const next = someColumns(ctx.rng, selectable(v.table, false), 3)
  if (next.length === v.columns.length && next.every((c, i) => c === v.columns[i])) return undefined
  v.columns = next
  return `replace view ${v.name}: other columns`
}

export function dropView(ctx: EditContext): string | undefined {
  if (!ctx.s.views?.length) return undefined
  const v = ctx.rng.pick(ctx.s.views)
  ctx.s.views = ctx.s.views.filter((x) => x !== v)
  return `drop view ${v.name}`
}

/** String and text columns a trigger may upper-case: no keys (the UPDATE goes through the key), not generated. */
function triggerColumns(t: GenTable): GenColumn[] {
  const key = new Set([...(t.primaryKey ?? []), ...t.columns.filter(([, c]) => c.primaryKey).map(([n]) => n)])
  return t.columns
    .filter(([n, c]) => STRINGS.has(c.type) && !c.references && !c.enum && !c.values && !c.generated && !key.has(n) && !c.unique && !t.unique.some((u) => u.includes(n)))
    .map(([, c]) => c)
}

export function createTrigger(ctx: EditContext): string | undefined {
  const tables = ctx.s.tables.filter((t) => !t.noKey && triggerColumns(t).length > 0)
  if (tables.length === 0) return undefined
  const t = ctx.rng.pick(tables)
  const g: GenTrigger = { name: fresh(ctx.s, 'tr'), column: ctx.rng.pick(triggerColumns(t)), ...(ctx.caps.triggerFunctions && ctx.rng.chance(0.5) ? { viaFunction: true } : {}) }
  // Where triggers are named per table, the database name of another table's
  // trigger when this table has none of it (chosen without the rng, so that
  // the seeds' edit sequences stay what they were).
  if (ctx.caps.triggerNamesPerTable) {
    const mine = new Set((t.triggers ?? []).map((x) => x.dbName ?? x.name))
    const shared = ctx.s.tables.filter((x) => x !== t).flatMap((x) => x.triggers ?? []).map((x) => x.dbName ?? x.name).find((n) => !mine.has(n))
    if (shared !== undefined) g.dbName = shared
  }
  ;(t.triggers ??= []).push(g)
  return `create trigger ${g.name}${g.dbName !== undefined ? ` (named ${g.dbName})` : ''} on ${t.name}${g.viaFunction ? ' (executing a function)' : ''}`
}

/** Point a trigger at another column, or (where functions exist) move its body between its own function and a `functions:` entry. */
export function changeTrigger(ctx: EditContext): string | undefined {
  const all = ctx.s.tables.flatMap((t) => (t.triggers ?? []).map((g) => [t, g] as const))
  if (all.length === 0) return undefined
  const [t, g] = ctx.rng.pick(all)
  if (ctx.caps.triggerFunctions && ctx.rng.chance(0.3)) {
    if (g.viaFunction) delete g.viaFunction
    else g.viaFunction = true
    return `trigger ${g.name}: ${g.viaFunction ? 'executes a function' : 'has a body'}`
  }
  const others = triggerColumns(t).filter((c) => c !== g.column)
  if (others.length === 0) return undefined
  g.column = ctx.rng.pick(others)
  return `trigger ${g.name} on ${t.name}: another column`
}

export function dropTrigger(ctx: EditContext): string | undefined {
  const all = ctx.s.tables.flatMap((t) => (t.triggers ?? []).map((g) => [t, g] as const))
  if (all.length === 0) return undefined
  const [t, g] = ctx.rng.pick(all)
  t.triggers = t.triggers!.filter((x) => x !== g)
  return `drop trigger ${g.name}`
}

/**
 * What the other edits took from views and triggers, taken from them as a
 * user would: a column dropped (from the view, or the trigger goes), a table
 * or relation gone (the view, or its join), a trigger's column no longer a
 * plain string or its table without a key (the trigger goes).
 */
export function reconcileObjects(s: GenSchema): void {
  const has = (t: GenTable, c: GenColumn) => t.columns.some(([, x]) => x === c)
  const views: GenView[] = []
  for (const v of s.views ?? []) {
    if (!s.tables.includes(v.table)) continue
    v.columns = v.columns.filter((c) => has(v.table, c))
    if (v.join) {
      const r = v.join.relation
      const target = s.tables.find((x) => x.name === r.belongsTo)
      const kept = target && v.table.relations.some(([, x]) => x === r) ? v.join.columns.filter((c) => has(target, c)) : []
      if (kept.length) v.join.columns = kept
      else delete v.join
    }
    if (v.columns.length > 0 || v.join) views.push(v)
  }
  s.views = views
  for (const t of s.tables) {
    if (!t.triggers) continue
    const allowed = t.noKey ? [] : triggerColumns(t)
    t.triggers = t.triggers.filter((g) => allowed.includes(g.column))
  }
}
