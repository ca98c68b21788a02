/** Constraint edits: unique (column and multi-column), indexes (plain, multi-column, unique, partial, expression), checks. */
import { type EditContext, canNotValid, columnFacts, distinctValues, hasMethod, fresh, indexable, keyable, rowsOf } from './context'
import type { GenColumn, GenIndex, GenIndexColumnOptions, GenTable, Predicate } from './model'
import { DISTINCT_TYPES, NUMBER_TYPES, TEXT_TYPES } from './values'

function pickTable(ctx: EditContext): GenTable | undefined {
  const withColumns = ctx.s.tables.filter((t) => t.columns.length > 0)
  return withColumns.length ? ctx.rng.pick(withColumns) : undefined
}

/** A column whose values may be a unique key: a type with distinct values, and no duplicates in the rows. */
function uniqueCandidates(ctx: EditContext, t: GenTable): [string, GenColumn][] {
  return t.columns.filter(([, c]) => DISTINCT_TYPES.has(c.type) && !c.derived && !c.references && keyable(ctx, c) && distinctValues(ctx, t, c))
}

export function addUnique(ctx: EditContext): string | undefined {
  const t = pickTable(ctx)
  // A unique of a partitioned table must hold its partition key: none is made there.
  if (!t || t.partitioning) return undefined
  const safe = uniqueCandidates(ctx, t)
  if (safe.length === 0) return undefined
  const [name, c] = ctx.rng.pick(safe)
  if (ctx.rng.chance(0.5) && !c.unique && !c.primaryKey && !t.unique.some((u) => u.join() === name)) {
    c.unique = true
    return `unique ${t.name}.${name}`
  }
  // Multi-column: unique as soon as one of its columns is; the other in any order.
  const [other, oc] = ctx.rng.pick(t.columns)
  if (!keyable(ctx, oc)) return undefined
  const cols = other === name ? [name] : ctx.rng.shuffle([name, other])
  if (t.unique.some((u) => u.join() === cols.join()) || (cols.length === 1 && c.unique)) return undefined
  t.unique.push(cols)
  return `unique ${t.name}(${cols.join(', ')})`
}

export function dropUnique(ctx: EditContext): string | undefined {
  const options: (() => string)[] = []
  for (const t of ctx.s.tables) {
    for (const [n, c] of t.columns) if (c.unique) options.push(() => (delete c.unique, `drop unique ${t.name}.${n}`))
    t.unique.forEach((u) => options.push(() => ((t.unique = t.unique.filter((x) => x !== u)), `drop unique ${t.name}(${u.join(', ')})`)))
  }
  return options.length ? ctx.rng.pick(options)() : undefined
}

function predicateFor(c: GenColumn): Predicate {
  if (NUMBER_TYPES.has(c.type)) return 'nonNegative'
  if (TEXT_TYPES.has(c.type)) return 'notEmpty'
  return 'notNull'
}

export function addIndex(ctx: EditContext): string | undefined {
  const t = pickTable(ctx)
  if (!t) return undefined
  const { rng } = ctx
  const kinds = [
    'plain',
    'multi',
    'unique',
    ...(ctx.caps.partialIndexes === false ? [] : ['partial' as const]),
    ...(ctx.caps.expressionIndexes === false ? [] : ['expression' as const]),
  ] as const
  const kind = rng.pick(kinds)
  const index: GenIndex = {}
  const [name, picked] = rng.pick(t.columns)
  if (!indexable(ctx, picked)) return undefined
  switch (kind) {
    case 'plain':
      index.columns = [name]
      break
    case 'multi': {
      const [other, oc] = rng.pick(t.columns)
      if (other === name || !indexable(ctx, oc)) return undefined
      index.columns = [name, other]
      break
    }
    case 'unique': {
      const safe = uniqueCandidates(ctx, t)
      if (safe.length === 0 || t.partitioning) return undefined
      index.columns = [rng.pick(safe)[0]]
      index.unique = true
      break
    }
    case 'partial':
      {
        const [wn, wc] = rng.pick(t.columns)
        index.columns = [name]
        index.where = { column: wn, predicate: predicateFor(wc) }
      }
      break
    case 'expression': {
      const texts = t.columns.filter(([, x]) => TEXT_TYPES.has(x.type))
      if (texts.length === 0) return undefined
      index.lowerOf = rng.pick(texts)[0]
      break
    }
  }
  const extras = indexOptions(ctx, t, index)
  // An explicit name half the time; always when the generated one could clash with an index like it.
  if (rng.chance(0.5) || kind === 'expression' || t.indexes.some((i) => i.columns?.join() === index.columns?.join())) {
    index.name = fresh(ctx.s, 'i')
  }
  if (rng.chance(0.25)) index.comment = rng.pick(INDEX_COMMENTS)
  t.indexes.push(index)
  return `add ${kind} index on ${t.name}${extras.length ? ` (${extras.join(', ')})` : ''}`
}

const INDEX_COMMENTS = ['an index', "it's quoted", 'ünïcode']

/** Index methods by the column types they index in core PostgreSQL (gist has no opclass for the generator's types). */
function methodsFor(c: GenColumn): string[] {
  const out: string[] = []
  if (DISTINCT_TYPES.has(c.type) || c.type === 'boolean' || NUMBER_TYPES.has(c.type)) out.push('hash')
  if (c.type === 'json') out.push('gin')
  if (NUMBER_TYPES.has(c.type) || TEXT_TYPES.has(c.type) || ['date', 'timestamp', 'time', 'uuid'].includes(c.type)) out.push('brin')
  return out
}

/**
 * Options of a column index, each only where `capabilities.indexes` has it:
 * a method (hash, gin over json, brin) for a single-column plain index;
 * otherwise per-column DESC and NULLS FIRST / LAST, INCLUDE columns, and
 * UNIQUE NULLS NOT DISTINCT (over a column with at most one NULL row).
 */
function indexOptions(ctx: EditContext, t: GenTable, index: GenIndex): string[] {
  const { rng } = ctx
  const indexCaps = ctx.caps.indexes ?? {}
  const columns = index.columns
  if (!columns || index.where) return []
  const out: string[] = []
  const spec = (n: string) => t.columns.find(([cn]) => cn === n)?.[1]
  if (!index.unique && columns.length === 1 && rng.chance(0.35)) {
    const methods = methodsFor(spec(columns[0]!)!).filter((m) => hasMethod(ctx, m))
    if (methods.length) {
      index.method = rng.pick(methods)
      return [index.method]
    }
  }
  // B-tree only from here (a method besides it takes none of these options).
  for (const n of columns) {
    const o: GenIndexColumnOptions = {}
    if (indexCaps.descending !== false && rng.chance(0.25)) o.order = 'desc'
    if (indexCaps.nullsOrder !== false && rng.chance(0.2)) o.nulls = rng.pick(['first', 'last'] as const)
    if (Object.keys(o).length) {
      index.options = { ...index.options, [n]: o }
      out.push(`${n}${o.order ? ' desc' : ''}${o.nulls ? ` nulls ${o.nulls}` : ''}`)
    }
  }
  if (indexCaps.include !== false && rng.chance(0.2)) {
    const rest = t.columns.filter(([n]) => !columns.includes(n))
    if (rest.length) {
      index.include = [rng.pick(rest)[0]]
      out.push(`include ${index.include[0]}`)
    }
  }
  if (index.unique && indexCaps.nullsNotDistinct !== false && rng.chance(0.3)) {
    const f = columnFacts(ctx, t, spec(columns[0]!)!)
    if (f !== undefined && f.nulls <= 1) {
      index.nullsNotDistinct = true
      out.push('nulls not distinct')
    }
  }
  return out
}

/** Set, change or remove an index comment (`setComment { index }`, the index stays). */
export function changeIndexComment(ctx: EditContext): string | undefined {
  const indexes = ctx.s.tables.flatMap((t) => t.indexes.map((i) => [t, i] as const))
  if (indexes.length === 0) return undefined
  const [t, i] = ctx.rng.pick(indexes)
  if (i.comment !== undefined && ctx.rng.chance(0.5)) delete i.comment
  else i.comment = ctx.rng.pick(INDEX_COMMENTS.filter((c) => c !== i.comment))
  return `comment on an index of ${t.name}`
}

export function dropIndex(ctx: EditContext): string | undefined {
  const withIndexes = ctx.s.tables.filter((t) => t.indexes.length > 0)
  if (withIndexes.length === 0) return undefined
  const t = ctx.rng.pick(withIndexes)
  const index = ctx.rng.pick(t.indexes)
  t.indexes = t.indexes.filter((i) => i !== index)
  return `drop index on ${t.name}`
}

export function addCheck(ctx: EditContext): string | undefined {
  const t = pickTable(ctx)
  if (!t) return undefined
  const candidates = t.columns.filter(([, c]) => (NUMBER_TYPES.has(c.type) || TEXT_TYPES.has(c.type)) && !(c.autoincrement && ctx.caps.constraints?.autoincrementInChecks === false))
  if (candidates.length === 0) return undefined
  const [name, c] = ctx.rng.pick(candidates)
  const predicate = predicateFor(c)
  if (t.checks.some((x) => x.column === name && x.predicate === predicate)) return undefined
  t.checks.push({
    ...(ctx.rng.chance(0.5) ? { name: fresh(ctx.s, 'k') } : {}),
    column: name,
    predicate,
    ...(canNotValid(ctx) && ctx.rng.chance(0.2) ? { notValid: true } : {}),
  })
  void rowsOf
  return `add check on ${t.name}.${name}`
}

export function dropCheck(ctx: EditContext): string | undefined {
  const withChecks = ctx.s.tables.filter((t) => t.checks.length > 0)
  if (withChecks.length === 0) return undefined
  const t = ctx.rng.pick(withChecks)
  const check = ctx.rng.pick(t.checks)
  t.checks = t.checks.filter((x) => x !== check)
  return `drop check on ${t.name}.${check.column}`
}
