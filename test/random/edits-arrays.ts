/**
 * Array columns (PostgreSQL, `capabilities.arrays`): added to tables with
 * rows (NULL, or NOT NULL with the default '{}'), their element type
 * changed (integer <-> bigint, text <-> string(20): every value the
 * generator writes fits), a dimension added or taken away (PostgreSQL
 * records it, attndims, and does not enforce it, so the rows stay), the
 * default set and dropped, renamed and dropped. Arrays of a top-level enum
 * too, which its value removals and reorders rebuild under them (their
 * rows hold the enum's first value, never removed). They live in
 * `GenTable.arrays`, out of reach of the other edits (model.ts).
 * https://www.postgresql.org/docs/current/arrays.html
 */
import { type EditContext, fresh } from './context'
import type { GenColumn, GenTable } from './model'

/** Element types, with the type an element type change goes to. */
const ELEMENTS: readonly GenColumn[] = [{ type: 'text' }, { type: 'integer' }, { type: 'bigint' }, { type: 'string', length: 20 }]

type Entry = readonly [GenTable, string, GenColumn]

function arrayColumns(ctx: EditContext): Entry[] {
  return ctx.s.tables.flatMap((t) => (t.arrays ?? []).map(([n, c]) => [t, n, c] as const))
}

/** A name no column of the table has (array columns included). */
function freshColumn(ctx: EditContext, t: GenTable): string {
  for (;;) {
    const name = fresh(ctx.s, 'a')
    if (![...t.columns, ...(t.arrays ?? [])].some(([n]) => n === name)) return name
  }
}

export function addArrayColumn(ctx: EditContext): string | undefined {
  if (!ctx.caps.arrays || ctx.s.tables.length === 0) return undefined
  const t = ctx.rng.pick(ctx.s.tables)
  const enums = ctx.s.enums.map(([n]) => n)
  const element: GenColumn = enums.length && ctx.rng.chance(0.25) ? { type: 'enum', enum: ctx.rng.pick(enums) } : { ...ctx.rng.pick(ELEMENTS) }
  const c: GenColumn = { ...element, array: ctx.rng.chance(0.2) ? 2 : 1 }
  // A NOT NULL column added to rows needs its default (the rows get '{}').
  if (ctx.rng.chance(0.5)) c.default = '{}'
  else c.nullable = true
  const name = freshColumn(ctx, t)
  ;(t.arrays ??= []).push([name, c])
  return `add array column ${t.name}.${name} ${c.type}${'[]'.repeat(c.array!)}${c.nullable ? ' null' : " default '{}'"}`
}

export function changeArrayColumn(ctx: EditContext): string | undefined {
  const candidates = arrayColumns(ctx)
  if (candidates.length === 0) return undefined
  const [t, name, c] = ctx.rng.pick(candidates)
  const arrays = t.arrays!
  const change = ctx.rng.weighted([['element', 3], ['dimensions', 2], ['default', 2], ['rename', 1.5], ['drop', 1]] as const)
  switch (change) {
    case 'element': {
      if (c.type === 'enum') return undefined
      const to: GenColumn =
        c.type === 'integer' ? { type: 'bigint' } : c.type === 'bigint' ? { type: 'integer' } : c.type === 'text' ? { type: 'string', length: 20 } : { type: 'text' }
      const was = c.type
      c.type = to.type
      if (to.length === undefined) delete c.length
      else c.length = to.length
      return `array element type ${t.name}.${name}: ${was} -> ${c.type}`
    }
    case 'dimensions':
      c.array = c.array === 1 ? 2 : 1
      return `array dimensions ${t.name}.${name}: ${c.array}`
    case 'default':
      // A NOT NULL array column keeps its default (rows added later take it).
      if (!c.nullable) return undefined
      if (c.default === undefined) c.default = '{}'
      else delete c.default
      return `array default ${t.name}.${name}: ${c.default ?? '(none)'}`
    case 'rename': {
      // As renameColumn: a column new or renamed in this step is not renamed again.
      if (c.origin !== name) return undefined
      const to = freshColumn(ctx, t)
      const at = arrays.findIndex(([n]) => n === name)
      arrays[at] = [to, c]
      c.renamedFrom = name
      return `rename array column ${t.name}.${name} -> ${to}`
    }
    case 'drop':
      t.arrays = arrays.filter(([n]) => n !== name)
      return `drop array column ${t.name}.${name}`
  }
}
