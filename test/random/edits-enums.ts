/** Enum edits: create (top-level, with a column using it), add a value, remove a value no row holds, drop an unused enum. */
import { type EditContext, fresh } from './context'
import type { GenColumn } from './model'

export function createEnum(ctx: EditContext): string | undefined {
  const name = fresh(ctx.s, 'e')
  const values = ['p', 'q', 'r', 's'].slice(0, ctx.rng.int(1, 4)).map((v) => `${v}${ctx.rng.int(1, 9)}`)
  const unique = [...new Set(values)]
  ctx.s.enums.push([name, unique])
  ctx.s.usedValues[name] = [unique[0]!]
  if (ctx.s.tables.length && ctx.rng.chance(0.6)) {
    const t = ctx.rng.pick(ctx.s.tables)
    t.columns.push([fresh(ctx.s, 'c'), { type: 'enum', enum: name, ...(ctx.rng.chance(0.5) ? { nullable: true } : {}) }])
  }
  return `create enum ${name} (${unique.join(', ')})`
}

/** Every enum, top-level and inline, with what may not be removed from it. */
function enumLists(ctx: EditContext): { label: string; values: string[]; keep: Set<string> }[] {
  const defaults = (match: (c: GenColumn) => boolean) =>
    ctx.s.tables.flatMap((t) => t.columns.map(([, c]) => c)).filter((c) => match(c) && typeof c.default === 'string').map((c) => c.default as string)
  const out = ctx.s.enums.map(([name, values]) => ({
    label: name,
    values,
    keep: new Set([...(ctx.s.usedValues[name] ?? []), ...defaults((c) => c.enum === name)]),
  }))
  for (const t of ctx.s.tables) {
    for (const [n, c] of t.columns) {
      // An inline enum's rows hold its first value, or a default it once had: keep the first, never remove a default.
      if (c.values) out.push({ label: `${t.name}.${n}`, values: c.values, keep: new Set([c.values[0]!, ...defaults((x) => x === c)]) })
    }
  }
  return out
}

export function addEnumValue(ctx: EditContext): string | undefined {
  const lists = enumLists(ctx)
  if (lists.length === 0) return undefined
  const e = ctx.rng.pick(lists)
  const value = fresh(ctx.s, 'v')
  // Anywhere but first: the first value is what rows hold.
  e.values.splice(ctx.rng.int(1, e.values.length), 0, value)
  return `add value ${value} to enum ${e.label}`
}

export function removeEnumValue(ctx: EditContext): string | undefined {
  const lists = enumLists(ctx).filter((e) => e.values.some((v) => !e.keep.has(v)) && e.values.length > 1)
  if (lists.length === 0) return undefined
  const e = ctx.rng.pick(lists)
  const removable = e.values.filter((v) => !e.keep.has(v) && v !== e.values[0])
  if (removable.length === 0) return undefined
  const value = ctx.rng.pick(removable)
  e.values.splice(e.values.indexOf(value), 1)
  return `remove value ${value} from enum ${e.label}`
}

export function dropEnum(ctx: EditContext): string | undefined {
  const used = new Set(ctx.s.tables.flatMap((t) => [...t.columns, ...(t.arrays ?? [])].map(([, c]) => c.enum)))
  const unused = ctx.s.enums.filter(([n]) => !used.has(n))
  if (unused.length === 0) return undefined
  const [name] = ctx.rng.pick(unused)
  ctx.s.enums = ctx.s.enums.filter(([n]) => n !== name)
  return `drop enum ${name}`
}
