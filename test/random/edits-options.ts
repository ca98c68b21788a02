/**
 * Constraint and index attributes besides those of edits-attributes.ts, each
 * only where the dialect's capabilities have it: DEFERRABLE (INITIALLY
 * DEFERRED) unique constraints added, their timing changed, dropped; MATCH
 * FULL on `references:` foreign keys and NO INHERIT on checks turned on and
 * off; indexes by the other methods of core PostgreSQL (spgist over strings,
 * gist and gin over `to_tsvector('simple', …)`) and with operator classes
 * that are not the type's default (`text_pattern_ops`,
 * `varchar_pattern_ops`, gin `jsonb_path_ops`).
 */
import { type EditContext, canDefer, distinctValues, fresh, hasMethod, keyable } from './context'
import type { GenColumn, GenIndex, GenSchema, GenTable } from './model'
import { DISTINCT_TYPES } from './values'

const STRINGS = new Set(['string', 'text'])

/** Columns whose values may be a unique key (as addUnique takes them). */
function uniqueCandidates(ctx: EditContext, t: GenTable): GenColumn[] {
  return t.columns.filter(([, c]) => DISTINCT_TYPES.has(c.type) && !c.derived && !c.references && keyable(ctx, c) && distinctValues(ctx, t, c)).map(([, c]) => c)
}

/** A table that is not partitioned (whose keys must hold the partition key, edits-partitions.ts). */
function plainTables(s: GenSchema): GenTable[] {
  return s.tables.filter((t) => !t.partitioning)
}

/** A DEFERRABLE unique constraint over one or two columns whose rows are distinct. */
export function addDeferredUnique(ctx: EditContext): string | undefined {
  if (!canDefer(ctx, 'unique')) return undefined
  const tables = plainTables(ctx.s).filter((t) => uniqueCandidates(ctx, t).length > 0)
  if (tables.length === 0) return undefined
  const t = ctx.rng.pick(tables)
  const candidates = uniqueCandidates(ctx, t)
  const columns = ctx.rng.shuffle([...candidates]).slice(0, ctx.rng.chance(0.3) ? 2 : 1)
  const u = { name: fresh(ctx.s, 'u'), columns, ...(ctx.rng.chance(0.5) ? { initiallyDeferred: true } : {}) }
  ;(t.deferredUniques ??= []).push(u)
  return `deferrable unique ${u.name} on ${t.name}${u.initiallyDeferred ? ' initially deferred' : ''}`
}

type Option = () => string

/**
 * One change of a constraint attribute: a deferrable unique's INITIALLY
 * DEFERRED toggled or the constraint dropped; MATCH FULL of a `references:`
 * foreign key toggled; NO INHERIT of a check toggled (not on a partitioned
 * table: PostgreSQL refuses NO INHERIT there).
 */
export function changeConstraintOption(ctx: EditContext): string | undefined {
  const options: Option[] = []
  const matchFull = ctx.caps.constraints?.matchFull !== false
  const noInherit = ctx.caps.constraints?.noInherit !== false
  for (const t of ctx.s.tables) {
    for (const u of t.deferredUniques ?? []) {
      options.push(() => {
        if (u.initiallyDeferred) delete u.initiallyDeferred
        else u.initiallyDeferred = true
        return `unique ${u.name} on ${t.name} initially deferred: ${Boolean(u.initiallyDeferred)}`
      })
      options.push(() => {
        t.deferredUniques = t.deferredUniques!.filter((x) => x !== u)
        return `drop deferrable unique ${u.name} on ${t.name}`
      })
    }
    for (const [cn, c] of t.columns) {
      const r = c.references
      if (!r || !matchFull) continue
      options.push(() => {
        if (r.match) delete r.match
        else r.match = 'full'
        return `foreign key ${t.name}.${cn} match full: ${Boolean(r.match)}`
      })
    }
    if (!noInherit || t.partitioning) continue
    for (const k of t.checks) {
      options.push(() => {
        if (k.noInherit) delete k.noInherit
        else k.noInherit = true
        return `check on ${t.name}.${k.column} no inherit: ${Boolean(k.noInherit)}`
      })
    }
  }
  return options.length ? ctx.rng.pick(options)() : undefined
}

/** The non-default btree operator class for pattern matching on a string column (varchar or text on PostgreSQL). */
function patternOps(c: GenColumn): string {
  return c.type === 'string' && c.length !== undefined ? 'varchar_pattern_ops' : 'text_pattern_ops'
}

/**
 * An index by another method or with an operator class: spgist over a
 * string column, gist or gin over `to_tsvector('simple', "c")` (an
 * expression index), gin `jsonb_path_ops` over a json column, btree
 * `text_pattern_ops` / `varchar_pattern_ops` over a string column. Always
 * named (two alike on one column would share a generated name).
 */
export function addMethodIndex(ctx: EditContext): string | undefined {
  if (ctx.s.tables.length === 0) return undefined
  const t = ctx.rng.pick(ctx.s.tables)
  const opclasses = ctx.caps.indexes?.operatorClasses !== false
  const kinds: (() => GenIndex | undefined)[] = []
  const strings = t.columns.filter(([, c]) => STRINGS.has(c.type) && keyable(ctx, c))
  const jsons = t.columns.filter(([, c]) => c.type === 'json')
  if (strings.length && hasMethod(ctx, 'spgist')) kinds.push(() => ({ columns: [ctx.rng.pick(strings)[0]], method: 'spgist' }))
  if (strings.length && ctx.caps.expressionIndexes !== false) {
    for (const method of ['gist', 'gin']) {
      if (hasMethod(ctx, method)) kinds.push(() => ({ lowerOf: ctx.rng.pick(strings)[0], tsvector: true, method }))
    }
  }
  if (jsons.length && opclasses && hasMethod(ctx, 'gin')) {
    kinds.push(() => {
      const [n] = ctx.rng.pick(jsons)
      return { columns: [n], method: 'gin', options: { [n]: { opclass: 'jsonb_path_ops' } } }
    })
  }
  if (strings.length && opclasses) {
    kinds.push(() => {
      const [n, c] = ctx.rng.pick(strings)
      return { columns: [n], options: { [n]: { opclass: patternOps(c), ...(ctx.rng.chance(0.3) ? { order: 'desc' as const } : {}) } } }
    })
  }
  if (kinds.length === 0) return undefined
  const index = ctx.rng.pick(kinds)()
  if (!index) return undefined
  index.name = fresh(ctx.s, 'i')
  t.indexes.push(index)
  const opclass = index.columns && index.options?.[index.columns[0]!]?.opclass
  return `add ${index.method ?? 'btree'} index ${index.name} on ${t.name}${index.tsvector ? ' over to_tsvector' : ''}${opclass ? ` (${opclass})` : ''}`
}

/**
 * What the other edits took from these attributes: a deferrable unique
 * whose column was dropped goes; an operator class follows its column
 * (text_pattern_ops and varchar_pattern_ops index both text and varchar, so
 * a type change between them keeps it, but one to another type drops the index).
 */
export function reconcileOptions(s: GenSchema): void {
  for (const t of s.tables) {
    const has = (c: GenColumn) => t.columns.some(([, x]) => x === c)
    if (t.deferredUniques) t.deferredUniques = t.deferredUniques.filter((u) => u.columns.every(has))
    t.indexes = t.indexes.filter((i) => {
      if (!i.columns || !i.options) return true
      return i.columns.every((n) => {
        const opclass = i.options?.[n]?.opclass
        const type = t.columns.find(([x]) => x === n)?.[1].type
        if (opclass === undefined) return true
        return opclass === 'jsonb_path_ops' ? type === 'json' : type !== undefined && STRINGS.has(type)
      })
    })
  }
}
