/**
 * The index options of an EXCLUDE constraint's element (PostgreSQL): DESC,
 * NULLS FIRST / LAST and, over a string or text column, the non-default
 * operator class text_pattern_ops, for the btree exclusions
 * edits-attributes.ts makes (hash has no order, and no text_pattern_ops of
 * the same meaning). Not generated: an element collation, which the catalog
 * cannot tell from the column's own once a later edit gives the column the
 * same one (strata holds it only where it differs, as PostgreSQL shows it).
 * https://www.postgresql.org/docs/current/sql-createtable.html#SQL-CREATETABLE-EXCLUDE
 */
import type { EditContext } from './context'
import type { GenExclusion, GenTable } from './model'

export function exclusionElementOptions(ctx: EditContext, t: GenTable, column: string, using: GenExclusion['using']): GenExclusion['element'] | undefined {
  if (using !== 'btree' || !ctx.rng.chance(0.5)) return undefined
  const element: NonNullable<GenExclusion['element']> = {}
  if (ctx.rng.chance(0.5)) element.order = 'desc'
  // Held only where it is not the order's own (ASC NULLS LAST, DESC NULLS FIRST), as strata writes it.
  if (ctx.rng.chance(0.4)) element.nulls = element.order === 'desc' ? 'last' : 'first'
  const type = t.columns.find(([n]) => n === column)?.[1].type
  if ((type === 'string' || type === 'text') && ctx.rng.chance(0.5)) element.opclass = 'text_pattern_ops'
  return Object.keys(element).length ? element : undefined
}
