/**
 * Declarative partitioning (`capabilities.partitions`): tables created
 * partitioned by RANGE, LIST or HASH over an integer column (its single-column
 * primary key, or a table without one), in the default schema or another one
 * (`capabilities.schemas`); partitions added (addPartition), their bound
 * changed (alterPartition: DETACH and ATTACH) and dropped (dropPartition).
 *
 * The rows the run inserts hold small serial numbers, which the first
 * partitions (and a default one) take; the partitions added later lie far
 * above them (from 1,000,000), so that adding, moving or dropping one never
 * meets a row: what a partition's rows do is PostgreSQL's, the test checks
 * that strata asks for the right bounds and keeps the rows where they are.
 * The other edits leave the key column alone (`partitionKey`: no type,
 * nullability or drop; a rename is followed) and give a partitioned table no
 * key, unique, EXCLUDE or NOT VALID foreign key PostgreSQL would refuse.
 */
import { type EditContext, fresh } from './context'
import { newColumn } from './edits-columns'
import { SCHEMAS } from './edits-schemas'
import { newRelation } from './edits-tables'
import type { GenColumn, GenPartition, GenPartitioning, GenTable } from './model'

/** Where the added partitions start: above every value the run inserts. */
const FAR = 1_000_000

export function createPartitionedTable(ctx: EditContext): string | undefined {
  if (!ctx.caps.partitions) return undefined
  const { rng, s } = ctx
  const bare = fresh(s, 't')
  const name = ctx.caps.schemas && rng.chance(0.4) ? `${rng.pick(SCHEMAS)}.${bare}` : bare
  const keyed = rng.chance(0.6)
  const keyName = fresh(s, 'c')
  const key: GenColumn = { type: 'integer', partitionKey: true, ...(keyed ? { primaryKey: true } : {}) }
  const t: GenTable = { name, columns: [[keyName, key]], unique: [], indexes: [], checks: [], relations: [] }
  if (!keyed) t.noKey = true
  for (let i = rng.int(1, 3); i > 0; i--) t.columns.push([fresh(s, 'c'), newColumn(ctx, 0)])
  const method = rng.weighted([['range', 3], ['list', 2], ['hash', 1]] as const)
  const partitions: GenPartition[] = []
  const part = (p: Omit<GenPartition, 'name'>) => partitions.push({ name: fresh(s, 'p'), ...p })
  if (method === 'range') {
    part({ from: 'MINVALUE', to: 500 })
    part({ from: 500, to: FAR })
    if (rng.chance(0.5)) part({ isDefault: true })
  } else if (method === 'list') {
    part({ in: [1, 2, 3] })
    part({ in: [4, 5, 6, 7, 8, 9, 10] })
    part({ isDefault: true })
  } else {
    const modulus = rng.int(2, 3)
    for (let r = 0; r < modulus; r++) part({ modulus, remainder: r })
  }
  t.partitioning = { method, key, partitions }
  s.tables.push(t)
  if (rng.chance(0.4)) {
    const r = newRelation(ctx, t, 0)
    if (r) t.relations.push([fresh(s, 'r'), r])
  }
  return `create table ${name} partitioned by ${method} (${keyName}), ${partitions.length} partitions${keyed ? ', keyed' : ''}`
}

function partitioned(ctx: EditContext, methods: readonly string[]): [GenTable, GenPartitioning][] {
  return ctx.s.tables.flatMap((t) => (t.partitioning && methods.includes(t.partitioning.method) ? [[t, t.partitioning] as [GenTable, GenPartitioning]] : []))
}

/** A RANGE or LIST partition in a slot of its own far above the rows. */
export function addPartition(ctx: EditContext): string | undefined {
  const tables = partitioned(ctx, ['range', 'list'])
  if (tables.length === 0) return undefined
  const [t, p] = ctx.rng.pick(tables)
  const name = fresh(ctx.s, 'p')
  const from = FAR + ctx.s.counter * 1000
  p.partitions.push(p.method === 'range' ? { name, from, to: from + 500, added: true } : { name, in: [from], added: true })
  return `add partition ${name} to ${t.name}`
}

/** A partition added by addPartition (no row is in it): dropped, or its bound widened or narrowed within its slot. */
export function changePartition(ctx: EditContext): string | undefined {
  const added = partitioned(ctx, ['range', 'list']).flatMap(([t, p]) => p.partitions.filter((x) => x.added).map((x) => [t, p, x] as const))
  if (added.length === 0) return undefined
  const [t, p, x] = ctx.rng.pick(added)
  if (ctx.rng.chance(0.4)) {
    p.partitions = p.partitions.filter((y) => y !== x)
    return `drop partition ${x.name} of ${t.name}`
  }
  if (x.in) x.in = x.in.length > 1 ? [x.in[0]!] : [x.in[0]!, x.in[0]! + 1]
  else x.to = (x.to as number) - (x.from as number) === 500 ? (x.from as number) + 900 : (x.from as number) + 500
  return `partition ${x.name} of ${t.name}: another bound`
}
