/**
 * Steps of random schema edits. Each step applies one to three edits to the
 * generator's schema, renders the YAML files and loads them with the
 * library's own loader: a step the loader rejects is a generator bug, so it
 * is counted, reported, and generated again from the same schema.
 */
import type { DialectCapabilities } from '../../src/dialects/dialect'
import { ValidationError } from '../../src/errors'
import type { Literal, Schema } from '../../src/schema/model'
import { loadSchemaSources } from '../../src/schema/load'
import type { EditContext, Facts } from './context'
import { findTable, keyOf, keysOf, relationColumn } from './context'
import * as arrays from './edits-arrays'
import * as attributes from './edits-attributes'
import * as columns from './edits-columns'
import * as constraints from './edits-constraints'
import * as enums from './edits-enums'
import * as generated from './edits-generated'
import * as objects from './edits-objects'
import * as options from './edits-options'
import * as partitions from './edits-partitions'
import * as schemas from './edits-schemas'
import * as keys from './edits-keys'
import * as tables from './edits-tables'
import { type GenSchema, cloneSchema, renderSchema } from './model'
import type { Rng } from './prng'
import { valueFor } from './values'

type Edit = (ctx: EditContext) => string | undefined

/** Every edit kind with its weight. */
export const EDITS: readonly (readonly [string, Edit, number])[] = [
  ['createTable', tables.createTable, 3],
  ['dropTable', tables.dropTable, 1],
  ['renameTable', tables.renameTable, 1.5],
  ['addColumn', columns.addColumn, 4],
  ['dropColumn', columns.dropColumn, 2],
  ['renameColumn', columns.renameColumn, 2],
  ['changeType', columns.changeType, 3],
  ['toggleNullable', columns.toggleNullable, 2],
  ['changeDefault', columns.changeDefault, 3],
  ['changeComment', columns.changeComment, 1],
  ['changeCollation', columns.changeCollation, 0.7],
  ['addGenerated', generated.addGenerated, 1.2],
  ['changeGenerated', generated.changeGenerated, 0.8],
  ['addUnique', constraints.addUnique, 1.5],
  ['dropUnique', constraints.dropUnique, 1],
  ['addIndex', constraints.addIndex, 2],
  ['dropIndex', constraints.dropIndex, 1],
  ['changeIndexComment', constraints.changeIndexComment, 0.5],
  ['addCheck', constraints.addCheck, 1.5],
  ['dropCheck', constraints.dropCheck, 1],
  ['addExclusion', attributes.addExclusion, 1],
  ['dropExclusion', attributes.dropExclusion, 0.5],
  ['changeConstraint', attributes.changeConstraint, 2.5],
  ['addRelation', keys.addRelation, 2],
  ['addReference', keys.addReference, 1.5],
  ['changeForeignKey', keys.changeForeignKey, 1.5],
  ['changePrimaryKey', keys.changePrimaryKey, 2],
  ['changeTableOptions', keys.changeTableOptions, 1.5],
  ['createEnum', enums.createEnum, 1],
  ['addEnumValue', enums.addEnumValue, 1],
  ['removeEnumValue', enums.removeEnumValue, 1],
  ['dropEnum', enums.dropEnum, 0.5],
  ['createView', objects.createView, 1],
  ['replaceView', objects.replaceView, 0.7],
  ['dropView', objects.dropView, 0.4],
  // Weighted up with the PostgreSQL-only edits below, so that a default run still replaces and drops a trigger function.
  ['createTrigger', objects.createTrigger, 1.2],
  ['changeTrigger', objects.changeTrigger, 1],
  ['dropTrigger', objects.dropTrigger, 1],
  // Each of these does nothing where the dialect's capabilities rule it out.
  ['createTableInSchema', schemas.createTableInSchema, 1.2],
  ['moveTable', schemas.moveTable, 1],
  ['createEnumInSchema', schemas.createEnumInSchema, 0.5],
  ['addDeferredUnique', options.addDeferredUnique, 0.8],
  ['changeConstraintOption', options.changeConstraintOption, 1],
  ['addMethodIndex', options.addMethodIndex, 1],
  // Partitions added and changed often enough that a default run alters one (a partitioned table may soon be dropped).
  ['createPartitionedTable', partitions.createPartitionedTable, 1.5],
  ['addPartition', partitions.addPartition, 2.5],
  ['changePartition', partitions.changePartition, 3],
  ['addArrayColumn', arrays.addArrayColumn, 0.8],
  ['changeArrayColumn', arrays.changeArrayColumn, 0.8],
]

export const EMPTY_GEN_SCHEMA: GenSchema = { tables: [], enums: [], counter: 0, usedValues: {} }

export interface Step {
  /** The schema after the step (hints included). */
  readonly gen: GenSchema
  readonly files: Record<string, string>
  readonly schema: Schema
  readonly edits: readonly string[]
  /** One-off values for NOT NULL columns on rows that exist (`table.column`). */
  readonly fills: Record<string, Literal>
  /** Candidates the loader rejected before this one (generator bugs). */
  readonly rejected: readonly string[]
}

/** The schema as the next step starts from it: hints gone, every name its own origin. */
export function settle(s: GenSchema): GenSchema {
  const out = cloneSchema(s)
  for (const t of out.tables) {
    delete t.renamedFrom
    t.origin = t.name
    for (const [n, c] of [...t.columns, ...(t.arrays ?? [])]) {
      delete c.renamedFrom
      c.origin = n
    }
  }
  return out
}

/** Fill values for every NOT NULL column without default (the resolver is only asked about those that need one). */
function fillsFor(ctx: EditContext): Record<string, Literal> {
  const fills: Record<string, Literal> = {}
  for (const t of ctx.s.tables) {
    for (const [n, c] of t.columns) {
      if (c.nullable || c.default !== undefined || c.autoincrement) continue
      if (c.references) {
        const k = keysOf(ctx, c.references.table)[0]
        if (k !== undefined) fills[`${t.name}.${n}`] = k
      } else {
        fills[`${t.name}.${n}`] = valueFor(c, 7, columns.enumValues(ctx.s, c))
      }
    }
    for (const [rn, r] of t.relations) {
      if (r.nullable) continue
      const k = keysOf(ctx, r.belongsTo)[0]
      if (k !== undefined && findTable(ctx.s, r.belongsTo) && keyOf(ctx.s, r.belongsTo)) fills[`${t.name}.${relationColumn(rn)}`] = k
    }
  }
  return fills
}

/** One step from `start` (settled): 1-3 edits, validated by the loader; regenerated when rejected. */
export function nextStep(
  start: GenSchema,
  rng: Rng,
  facts: Facts,
  caps: DialectCapabilities,
  quote: (name: string) => string,
  collations: readonly string[] = [],
): Step {
  const rejected: string[] = []
  for (let attempt = 0; attempt < 200; attempt++) {
    const s = cloneSchema(start)
    const ctx: EditContext = { s, rng, facts, caps, collations }
    const edits: string[] = []
    const wanted = s.tables.length === 0 ? 1 : rng.weighted([[1, 6], [2, 3], [3, 1]] as const)
    for (let tries = 0; edits.length < wanted && tries < 20; tries++) {
      const [kind, edit] = s.tables.length === 0 ? EDITS[0]! : rng.weighted(EDITS.map((e) => [e, e[2]] as const))
      const done = edit(ctx)
      if (done) edits.push(`${kind}: ${done}`)
    }
    if (edits.length === 0) continue
    options.reconcileOptions(s)
    objects.reconcileObjects(s)
    const files = renderSchema(s, { ...(caps.indexes?.prefixLengths ? { textPrefix: 10 } : {}), quote })
    try {
      const loaded = loadSchemaSources(Object.entries(files).map(([file, content]) => ({ file, content })))
      return { gen: s, files, schema: loaded.schema, edits, fills: fillsFor(ctx), rejected }
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      rejected.push(`${edits.join('; ')}\n${error.message}`)
    }
  }
  throw new Error(`generator: no valid step in 200 attempts; last rejections:\n${rejected.slice(-3).join('\n')}`)
}
