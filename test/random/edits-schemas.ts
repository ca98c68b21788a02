/**
 * PostgreSQL schemas (`capabilities.schemas`): tables created in another
 * schema than the default one (`sa.t12`), moved between schemas and back to
 * the default one (a rename with its hint: `ALTER TABLE … SET SCHEMA`), enums
 * created in another schema; relations and references then cross schemas
 * as the other edits make them, and views and triggers are made on tables
 * of any schema (a table moved takes its triggers along, and its views
 * follow it: PostgreSQL keeps them over ALTER TABLE … SET SCHEMA). The
 * schemas come from a small pool, so that one empties (strata drops it
 * after its last object) and fills again (created before its first).
 */
import { type EditContext, fresh } from './context'
import { createEnum } from './edits-enums'
import { createTable } from './edits-tables'
import type { GenSchema } from './model'

/** The schemas besides the default one that the generator puts tables and enums in. */
export const SCHEMAS = ['sa', 'sb'] as const

/** The schema of a generator name, undefined for the default one. */
export function schemaOf(name: string): string | undefined {
  const dot = name.indexOf('.')
  return dot < 0 ? undefined : name.slice(0, dot)
}

function bare(name: string): string {
  return name.slice(name.indexOf('.') + 1)
}

function qualified(schema: string | undefined, name: string): string {
  return schema === undefined ? name : `${schema}.${name}`
}

/** Relations and references to `from` (the table's own too) now point at `to`. */
function retarget(s: GenSchema, from: string, to: string): void {
  for (const t of s.tables) {
    for (const [, r] of t.relations) if (r.belongsTo === from) r.belongsTo = to
    for (const [, c] of t.columns) if (c.references?.table === from) c.references.table = to
  }
}

/** createTable, in a schema of the pool. */
export function createTableInSchema(ctx: EditContext): string | undefined {
  if (!ctx.caps.schemas) return undefined
  const done = createTable(ctx)
  if (!done) return undefined
  const t = ctx.s.tables[ctx.s.tables.length - 1]!
  const name = qualified(ctx.rng.pick(SCHEMAS), t.name)
  retarget(ctx.s, t.name, name)
  t.name = name
  return `${done} in schema ${schemaOf(name)}`
}

/** Move a table to another schema of the pool or to the default one, keeping its bare name or taking a new one. */
export function moveTable(ctx: EditContext): string | undefined {
  if (!ctx.caps.schemas) return undefined
  const candidates = ctx.s.tables.filter((t) => t.origin === t.name)
  if (candidates.length === 0) return undefined
  const t = ctx.rng.pick(candidates)
  const from = t.name
  const schema = ctx.rng.pick([undefined, ...SCHEMAS].filter((x) => x !== schemaOf(from)))
  const to = qualified(schema, ctx.rng.chance(0.7) ? bare(from) : fresh(ctx.s, 't'))
  retarget(ctx.s, from, to)
  t.name = to
  t.renamedFrom = from
  return `move table ${from} -> ${to}`
}

/** createEnum, in a schema of the pool (its column, if any, in a table of any schema). */
export function createEnumInSchema(ctx: EditContext): string | undefined {
  if (!ctx.caps.schemas) return undefined
  const done = createEnum(ctx)
  if (!done) return undefined
  const entry = ctx.s.enums[ctx.s.enums.length - 1]!
  const from = entry[0]
  const to = qualified(ctx.rng.pick(SCHEMAS), from)
  entry[0] = to
  ctx.s.usedValues[to] = ctx.s.usedValues[from]!
  delete ctx.s.usedValues[from]
  for (const t of ctx.s.tables) for (const [, c] of t.columns) if (c.enum === from) c.enum = to
  return `${done} in schema ${schemaOf(to)}`
}
