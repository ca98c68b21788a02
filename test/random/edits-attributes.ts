/**
 * Constraint attribute edits (each only where the dialect's
 * `capabilities.constraints` has it): EXCLUDE constraints added and dropped;
 * the state of foreign keys and checks changed (DEFERRABLE, INITIALLY
 * DEFERRED, NOT VALID: `alterConstraint`); constraint comments set, changed
 * and removed.
 */
import { type EditContext, canDefer, canExclude, canNotValid, distinctValues, fresh, keyable } from './context'
import type { GenTable } from './model'
import { DISTINCT_TYPES } from './values'
import { exclusionElementOptions } from './edits-exclusion-options'

/**
 * EXCLUDE (column WITH =) USING btree or hash over a column whose rows are
 * distinct: core PostgreSQL has `=` for btree and hash on every type the
 * generator keys (gist would need btree_gist for them).
 */
export function addExclusion(ctx: EditContext): string | undefined {
  if (!canExclude(ctx) || ctx.s.tables.length === 0) return undefined
  const t = ctx.rng.pick(ctx.s.tables)
  // PostgreSQL (before 17) has no EXCLUDE constraints on partitioned tables.
  if (t.partitioning) return undefined
  const candidates = t.columns.filter(([, c]) => DISTINCT_TYPES.has(c.type) && !c.derived && !c.references && keyable(ctx, c) && distinctValues(ctx, t, c))
  if (candidates.length === 0) return undefined
  const [column] = ctx.rng.pick(candidates)
  const exclusions = (t.exclusions ??= [])
  const using = ctx.rng.pick(['btree', 'hash'] as const)
  const x: (typeof exclusions)[number] = { column, using }
  // The default name is `<table>_<column>_excl`: a second one over the column needs its own.
  if (ctx.rng.chance(0.5) || exclusions.some((e) => e.column === column && !e.name)) x.name = fresh(ctx.s, 'x')
  if (canDefer(ctx, 'exclusion') && ctx.rng.chance(0.3)) {
    x.deferrable = true
    if (ctx.rng.chance(0.5)) x.initiallyDeferred = true
  }
  if (ctx.rng.chance(0.3)) x.comment = `exclusion ${ctx.rng.int(1, 99)}`
  const element = exclusionElementOptions(ctx, t, column, using)
  if (element) x.element = element
  exclusions.push(x)
  return `exclude ${t.name}(${column} WITH =) using ${using}${x.element ? ` ${JSON.stringify(x.element)}` : ''}${x.deferrable ? ' deferrable' : ''}`
}

export function dropExclusion(ctx: EditContext): string | undefined {
  const withExclusions = ctx.s.tables.filter((t) => t.exclusions?.length)
  if (withExclusions.length === 0) return undefined
  const t = ctx.rng.pick(withExclusions)
  const x = ctx.rng.pick(t.exclusions!)
  t.exclusions = t.exclusions!.filter((e) => e !== x)
  return `drop exclusion on ${t.name}.${x.column}`
}

type Option = () => string

const COMMENTS = ['a constraint', "it's quoted", 'ünïcode']

/** Set, change or remove a comment (`setComment { constraint }`). */
function commentOption(ctx: EditContext, t: GenTable, what: string, target: { comment?: string }): Option {
  return () => {
    if (target.comment !== undefined && ctx.rng.chance(0.5)) delete target.comment
    else target.comment = ctx.rng.pick(COMMENTS.filter((c) => c !== target.comment))
    return `comment on ${what} of ${t.name}`
  }
}

/**
 * One change of a constraint's state or comment: a `references:` foreign key
 * made DEFERRABLE (INITIALLY DEFERRED) or not, NOT VALID or validated; a check
 * NOT VALID or validated; a comment on a foreign key, check or exclusion.
 */
export function changeConstraint(ctx: EditContext): string | undefined {
  const options: Option[] = []
  const states: Option[] = []
  for (const t of ctx.s.tables) {
    for (const [cn, c] of t.columns) {
      const r = c.references
      if (!r) continue
      if (canDefer(ctx, 'foreignKey')) {
        states.push(() => {
          if (r.deferrable) {
            delete r.deferrable
            delete r.initiallyDeferred
          } else r.deferrable = true
          return `foreign key ${t.name}.${cn} deferrable: ${Boolean(r.deferrable)}`
        })
        if (r.deferrable) {
          states.push(() => {
            if (r.initiallyDeferred) delete r.initiallyDeferred
            else r.initiallyDeferred = true
            return `foreign key ${t.name}.${cn} initially deferred: ${Boolean(r.initiallyDeferred)}`
          })
        }
      }
      // PostgreSQL has no NOT VALID foreign keys on partitioned tables.
      if (canNotValid(ctx) && !t.partitioning) {
        states.push(() => {
          if (r.notValid) delete r.notValid
          else r.notValid = true
          return `foreign key ${t.name}.${cn} not valid: ${Boolean(r.notValid)}`
        })
      }
      options.push(commentOption(ctx, t, `foreign key ${cn}`, r))
    }
    for (const k of t.checks) {
      if (canNotValid(ctx)) {
        states.push(() => {
          if (k.notValid) delete k.notValid
          else k.notValid = true
          return `check on ${t.name}.${k.column} not valid: ${Boolean(k.notValid)}`
        })
      }
      options.push(commentOption(ctx, t, `check on ${k.column}`, k))
    }
    for (const x of t.exclusions ?? []) options.push(commentOption(ctx, t, `exclusion on ${x.column}`, x))
  }
  options.push(...states)
  // A state change where there is one (alterConstraint is rarer: SQLite has it for foreign keys only), else a comment.
  const pool = states.length && ctx.rng.chance(0.7) ? states : options
  return pool.length ? ctx.rng.pick(pool)() : undefined
}
