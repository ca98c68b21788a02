/**
 * The diff of standalone sequences (PostgreSQL): created, dropped, or
 * altered in place (ALTER SEQUENCE) when only options change.
 *
 * A sequence without an owner is created before the tables (a column
 * default may call nextval on it) and dropped after them; one OWNED BY a
 * column is created after the tables and dropped before them, so that its
 * column exists whenever it is created, in `up` and in the reversed `down`.
 */
import { equalData } from '../schema/canonical'
import type { Schema } from '../schema/model'
import { canonicalSequence, sequencesOf } from '../schema/sequences'
import { PHASE, type Plan } from './diff-plan'

export function planSequences(source: Schema, target: Schema, plan: Plan): void {
  const before = new Map(sequencesOf(source).map((s) => [s.name, canonicalSequence(s)]))
  const after = new Map(sequencesOf(target).map((s) => [s.name, canonicalSequence(s)]))
  for (const [name, sequence] of before) {
    const next = after.get(name)
    if (!next) plan.add(sequence.ownedBy !== undefined ? PHASE.dropOwnedSequence : PHASE.dropSequence, name, { op: 'dropSequence', name })
    else if (!equalData(next, sequence)) plan.add(PHASE.alterSequence, name, { op: 'alterSequence', name, from: sequence, to: next })
  }
  for (const [name, sequence] of after) {
    if (before.has(name)) continue
    plan.add(sequence.ownedBy !== undefined ? PHASE.createOwnedSequence : PHASE.createSequence, name, { op: 'createSequence', sequence })
  }
}
