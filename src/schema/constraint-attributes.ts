/**
 * The attributes a constraint carries besides its definition — DEFERRABLE,
 * INITIALLY DEFERRED, MATCH FULL, NOT VALID, NO INHERIT, a comment — from the
 * schema file's keys into the model, and back for `strata introspect`.
 * Shared by primary keys, uniques, foreign keys (table-level and column
 * `references:`), checks and EXCLUDE constraints.
 */
import { CONSTRAINT_STATE_KEYS, type ConstraintState, type ForeignKey } from './model'
import { constraintName } from './naming'

/** The schema-file keys of the attributes (what `raw.ts` lets through for each kind). */
export interface RawConstraintAttributes {
  readonly deferrable?: boolean
  readonly initiallyDeferred?: boolean
  readonly match?: 'full' | 'simple'
  readonly notValid?: boolean
  readonly noInherit?: boolean
  readonly comment?: string
}

/** The keys, in the order `introspect` writes them. */
const BOOLEAN_KEYS = ['deferrable', 'initiallyDeferred', 'notValid', 'noInherit'] as const

/** The model's attributes from a schema-file item: false and `match: simple` (the defaults) are left out. */
export function attributesFromRaw(raw: RawConstraintAttributes): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of BOOLEAN_KEYS) if (raw[key] === true) out[key] = true
  if (raw.match === 'full') out.match = 'full'
  if (raw.comment !== undefined) out.comment = raw.comment
  return out
}

/** The attributes of a model constraint as schema-file keys (none when it has none). */
export function renderAttributes(item: RawConstraintAttributes): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of ['deferrable', 'initiallyDeferred'] as const) if (item[key]) out[key] = true
  if (item.match === 'full') out.match = 'full'
  for (const key of ['notValid', 'noInherit'] as const) if (item[key]) out[key] = true
  if (item.comment !== undefined) out.comment = item.comment
  return out
}

/** Does the constraint carry any attribute (so that no shorthand can hold it)? */
export function hasAttributes(item: RawConstraintAttributes): boolean {
  return Object.keys(renderAttributes(item)).length > 0
}

/** The constraint without its comment: a comment alone changes by `setComment`, not by dropping and adding the constraint. */
export function uncommented<T extends { readonly comment?: string }>(item: T): T {
  if (item.comment === undefined) return item
  const { comment: _comment, ...rest } = item
  return rest as T
}

/** The state `alterConstraint` changes in place (only the keys that are on). */
export function stateOf(item: ConstraintState): ConstraintState {
  const out: Record<string, boolean> = {}
  for (const key of CONSTRAINT_STATE_KEYS) if (item[key]) out[key] = true
  return out
}

/** The constraint without its comment and its state: what must stay equal for an in-place `alterConstraint`. */
export function definitionOf<T extends ConstraintState & { readonly comment?: string }>(item: T): Omit<T, 'comment' | keyof ConstraintState> {
  const { comment: _c, deferrable: _d, initiallyDeferred: _i, notValid: _n, ...rest } = item
  return rest
}

/**
 * A foreign key in the schema files' form, of a table or a partition
 * (`owner` names its default name, `<owner>_<columns>_fkey`, which is left
 * out): columns, references, actions and attributes.
 */
export function renderForeignKey(owner: string, fk: ForeignKey): Record<string, unknown> {
  const item: Record<string, unknown> = {}
  if (fk.name !== constraintName(owner, fk.columns, 'fkey')) item.name = fk.name
  item.columns = [...fk.columns]
  item.references = { table: fk.references.table, columns: [...fk.references.columns] }
  if (fk.onDelete) item.onDelete = fk.onDelete
  if (fk.onUpdate) item.onUpdate = fk.onUpdate
  return { ...item, ...renderAttributes(fk) }
}
