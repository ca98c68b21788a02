/**
 * Key edits: foreign keys (belongsTo relations and `references` columns, with
 * every onDelete action the column allows) added, changed and dropped, and
 * primary key changes.
 */
import type { ReferentialAction } from '../../src/schema/model'
import { type EditContext, canDefer, canNotValid, findTable, mayReference, fresh, keyOf, keyValues, keysOf, primaryKeyColumns, referencers, relationColumn, rowsOf, keyable } from './context'
import { newRelation } from './edits-tables'
import type { GenColumn, GenTable } from './model'
import { DISTINCT_TYPES } from './values'

export function addRelation(ctx: EditContext): string | undefined {
  if (ctx.s.tables.length === 0) return undefined
  const t = ctx.rng.pick(ctx.s.tables)
  const r = newRelation(ctx, t, rowsOf(ctx, t))
  if (!r) return undefined
  const name = fresh(ctx.s, 'r')
  t.relations.push([name, r])
  return `${t.name}.${name} belongsTo ${r.belongsTo}${r.nullable ? ' (nullable)' : ''} onDelete ${r.onDelete ?? 'no action'}`
}

/**
 * A plain column with `references:`. `set default` only with a default that
 * is a key of the target, so that rows filled by it point somewhere.
 */
export function addReference(ctx: EditContext): string | undefined {
  if (ctx.s.tables.length < 1) return undefined
  const t = ctx.rng.pick(ctx.s.tables)
  const targets = ctx.s.tables.filter((x) => x !== t && keyOf(ctx.s, x.name) && mayReference(t, x))
  if (targets.length === 0) return undefined
  const target = ctx.rng.pick(targets)
  const key = keyOf(ctx.s, target.name)!
  const keys = target.origin === undefined ? [] : keysOf(ctx, target.name)
  const c: GenColumn = { ...(key.spec as Omit<GenColumn, 'references'>), references: { table: target.name } }
  const rows = rowsOf(ctx, t)
  const actions: ReferentialAction[] = ['cascade', 'restrict', 'no action', 'set null']
  if (keys.length > 0 && !c.enum && (ctx.caps.constraints?.referentialActions ?? ['set default']).includes('set default')) actions.push('set default')
  const action = ctx.rng.pick(actions)
  if (action === 'set default') c.default = keys[0]!
  if (action === 'set null' || (rows > 0 && keys.length === 0) || ctx.rng.chance(0.4)) c.nullable = true
  if (action !== 'no action' || ctx.rng.chance(0.3)) c.references!.onDelete = action
  if (canDefer(ctx, 'foreignKey') && ctx.rng.chance(0.2)) {
    c.references!.deferrable = true
    if (ctx.rng.chance(0.5)) c.references!.initiallyDeferred = true
  }
  if (canNotValid(ctx) && !t.partitioning && ctx.rng.chance(0.1)) c.references!.notValid = true
  const name = fresh(ctx.s, 'c')
  t.columns.push([name, c])
  return `${t.name}.${name} references ${target.name} onDelete ${action}`
}

/** Drop a relation (its column goes too), drop a column's reference (the column stays), or change an onDelete action. */
export function changeForeignKey(ctx: EditContext): string | undefined {
  const options: (() => string | undefined)[] = []
  for (const t of ctx.s.tables) {
    for (const [rn, r] of t.relations) {
      options.push(() => {
        t.relations = t.relations.filter(([n]) => n !== rn)
        const col = relationColumn(rn)
        t.unique = t.unique.filter((u) => !u.includes(col))
        t.indexes = t.indexes.filter((i) => !i.columns?.includes(col) && i.where?.column !== col)
        t.checks = t.checks.filter((k) => k.column !== col)
        return `drop relation ${t.name}.${rn}`
      })
      options.push(() => {
        const actions: ReferentialAction[] = ['cascade', 'restrict', 'no action', ...(r.nullable ? (['set null'] as const) : [])]
        r.onDelete = ctx.rng.pick(actions)
        return `relation ${t.name}.${rn} onDelete ${r.onDelete}`
      })
    }
    for (const [cn, c] of t.columns) {
      if (!c.references) continue
      options.push(() => {
        delete c.references
        return `drop reference of ${t.name}.${cn}`
      })
    }
  }
  return options.length ? ctx.rng.pick(options)() : undefined
}

/**
 * UNLOGGED on or off (PostgreSQL, `capabilities.unloggedTables`): only an
 * UNLOGGED table may reference an UNLOGGED one, so a table becomes UNLOGGED
 * when every table referencing it is, and logged when every table it
 * references is.
 */
function toggleUnlogged(ctx: EditContext, t: GenTable): string | undefined {
  const others = (list: GenTable[]) => list.filter((x) => x !== t)
  if (!t.unlogged) {
    if (others(referencers(ctx.s, t.name).map((r) => r.table)).some((x) => !x.unlogged)) return undefined
    t.unlogged = true
  } else {
    const referenced = [...t.relations.map(([, r]) => r.belongsTo), ...t.columns.flatMap(([, c]) => (c.references ? [c.references.table] : []))]
    if (others(ctx.s.tables.filter((x) => referenced.includes(x.name))).some((x) => x.unlogged)) return undefined
    delete t.unlogged
  }
  return `${t.name} unlogged: ${Boolean(t.unlogged)}`
}

/**
 * SQLite table options: STRICT on or off (any table), WITHOUT ROWID on or off
 * (a table whose key is declared and has no autoincrement column). Nothing
 * changes on PostgreSQL, which must accept the edit all the same.
 */
export function changeTableOptions(ctx: EditContext): string | undefined {
  if (ctx.s.tables.length === 0) return undefined
  const t = ctx.rng.pick(ctx.s.tables)
  // A partitioned table holds no rows of its own: UNLOGGED is its partitions' (not generated).
  if (ctx.caps.unloggedTables && ctx.rng.chance(0.4)) return t.partitioning ? undefined : toggleUnlogged(ctx, t)
  if (ctx.rng.chance(0.5)) {
    t.strict = !t.strict
    if (!t.strict) delete t.strict
    return `${t.name} strict: ${Boolean(t.strict)}`
  }
  const declared = t.primaryKey !== undefined || t.columns.some(([, c]) => c.primaryKey)
  if (!t.withoutRowid && (!declared || t.noKey || t.columns.some(([, c]) => c.autoincrement))) return undefined
  t.withoutRowid = !t.withoutRowid
  if (!t.withoutRowid) delete t.withoutRowid
  return `${t.name} withoutRowid: ${Boolean(t.withoutRowid)}`
}

/**
 * Move the primary key of a table nothing references: from the implicit
 * `id` to declared columns whose rows are distinct and never NULL, between
 * such columns, or back to the implicit `id` (added with generated values).
 */
export function changePrimaryKey(ctx: EditContext): string | undefined {
  // A partitioned table keeps its key (it must hold the partition key).
  const free = ctx.s.tables.filter((t) => referencers(ctx.s, t.name).length === 0 && !t.partitioning)
  if (free.length === 0) return undefined
  const t = ctx.rng.pick(free)
  const current = primaryKeyColumns(t)
  const candidates = t.columns.filter(([n, c]) => DISTINCT_TYPES.has(c.type) && !c.derived && !c.references && keyable(ctx, c) && (current.includes(n) || keyValues(ctx, t, c)))
  const hasId = t.columns.some(([n]) => n === 'id')
  const choice = ctx.rng.pick(['implicit', 'single', 'composite', 'none'] as const)
  let next: string[] | undefined
  // A WITHOUT ROWID table needs a declared key without autoincrement.
  if ((choice === 'implicit' || choice === 'none') && t.withoutRowid) return undefined
  if (choice === 'none') {
    // Without its implicit id a table of no declared column would have none (see dropColumn).
    if (t.noKey || (t.columns.length === 0 && !ctx.caps.tablesWithoutColumns)) return undefined
    for (const [, c] of t.columns) {
      delete c.primaryKey
      if (c.autoincrement) delete c.autoincrement
    }
    delete t.primaryKey
    t.noKey = true
    return `primary key of ${t.name}: (${current.join(', ')}) -> none (primaryKey: false)`
  }
  if (choice === 'implicit' && !hasId) next = undefined
  else if (choice === 'single' && candidates.length > 0) next = [ctx.rng.pick(candidates)[0]]
  else if (choice === 'composite' && candidates.length > 1) next = ctx.rng.shuffle(candidates.map(([n]) => n)).slice(0, 2)
  else return undefined
  if ((next ?? ['id']).join() === current.join()) return undefined
  delete t.noKey
  for (const [, c] of t.columns) {
    delete c.primaryKey
    // autoincrement belongs to a single-column key.
    if (c.autoincrement) delete c.autoincrement
  }
  if (next) {
    for (const n of next) delete t.columns.find(([x]) => x === n)![1].nullable
    t.primaryKey = next
  } else delete t.primaryKey
  void findTable
  return `primary key of ${t.name}: (${current.join(', ')}) -> (${(next ?? ['id (implicit)']).join(', ')})`
}
