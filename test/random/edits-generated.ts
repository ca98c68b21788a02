/**
 * Generated columns: added to tables with rows (computed from another column:
 * `"c" * 2` over an integer, `lower("c")` over a string), STORED, or VIRTUAL
 * where `capabilities.virtualGeneratedColumns` has them (never over an
 * autoincrement column where `autoincrementInGenerated` is false); their
 * expression changed, STORED toggled, made ordinary columns. Dropped by
 * dropColumn, and with the column they are computed from.
 */
import { type EditContext, fresh } from './context'
import type { GenColumn, GenGenerated } from './model'

const INTEGERS = new Set(['smallint', 'integer', 'bigint'])
const STRINGS = new Set(['string', 'text'])

function virtualAllowed(ctx: EditContext): boolean {
  return ctx.caps.virtualGeneratedColumns !== false
}

export function addGenerated(ctx: EditContext): string | undefined {
  if (ctx.s.tables.length === 0) return undefined
  const t = ctx.rng.pick(ctx.s.tables)
  // Not over an autoincrement column where the dialect refuses it (MySQL: capabilities.autoincrementInGenerated).
  const counterRefused = ctx.caps.autoincrementInGenerated === false
  const sources = t.columns.filter(([, c]) => !c.generated && (INTEGERS.has(c.type) || STRINGS.has(c.type)) && !(c.autoincrement && counterRefused))
  if (sources.length === 0) return undefined
  const [of, source] = ctx.rng.pick(sources)
  const integer = INTEGERS.has(source.type)
  const g: GenGenerated = { of, fn: integer ? ctx.rng.pick(['double', 'triple'] as const) : ctx.rng.pick(['lower', 'upper'] as const) }
  if (!virtualAllowed(ctx) || ctx.rng.chance(0.5)) g.stored = true
  // Nullable: the source may hold NULLs (and becomes nullable at will).
  const c: GenColumn = { type: integer ? 'bigint' : 'text', nullable: true, generated: g }
  const name = fresh(ctx.s, 'g')
  t.columns.push([name, c])
  return `add generated column ${t.name}.${name} (${g.fn} of ${of}, ${g.stored ? 'stored' : 'virtual'})`
}

/** Another expression over the same column, STORED toggled, or the column made an ordinary one (its values kept). */
export function changeGenerated(ctx: EditContext): string | undefined {
  const candidates = ctx.s.tables.flatMap((t) => t.columns.filter(([, c]) => c.generated).map(([n, c]) => [t, n, c] as const))
  if (candidates.length === 0) return undefined
  const [t, name, c] = ctx.rng.pick(candidates)
  const g = c.generated!
  const choice = ctx.rng.pick(['expression', 'expression', 'stored', 'ordinary'] as const)
  if (choice === 'stored') {
    if (!virtualAllowed(ctx)) return undefined
    if (g.stored) delete g.stored
    else g.stored = true
    return `generated column ${t.name}.${name} ${g.stored ? 'stored' : 'virtual'}`
  }
  if (choice === 'ordinary') {
    delete c.generated
    c.derived = true
    return `generated column ${t.name}.${name} becomes an ordinary column`
  }
  const swap = { double: 'triple', triple: 'double', lower: 'upper', upper: 'lower' } as const
  g.fn = swap[g.fn]
  return `generated column ${t.name}.${name} expression: ${g.fn} of ${g.of}`
}
