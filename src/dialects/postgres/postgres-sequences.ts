/**
 * Standalone sequences on PostgreSQL: CREATE SEQUENCE with the options the
 * model holds (each left out takes PostgreSQL's default), ALTER SEQUENCE
 * with the options that change, DROP SEQUENCE.
 * https://www.postgresql.org/docs/current/sql-createsequence.html
 * https://www.postgresql.org/docs/current/sql-altersequence.html
 */
import { qualifiedIdentifier as qt } from './postgres-qualified'
import { type Sequence, ownerOf } from '../../schema/sequences'
import type { Statement } from '../dialect'
import { quoteIdentifier as q } from './postgres-types'

function owner(sequence: Sequence): string {
  const o = ownerOf(sequence)
  return o ? `${qt(o.table)}.${q(o.column)}` : 'NONE'
}

export function createSequencePostgres(sequence: Sequence): Statement[] {
  const parts = [`CREATE SEQUENCE ${qt(sequence.name)}`]
  if (sequence.type) parts.push(`AS ${sequence.type}`)
  if (sequence.increment !== undefined) parts.push(`INCREMENT BY ${sequence.increment}`)
  if (sequence.min !== undefined) parts.push(`MINVALUE ${sequence.min}`)
  if (sequence.max !== undefined) parts.push(`MAXVALUE ${sequence.max}`)
  if (sequence.start !== undefined) parts.push(`START WITH ${sequence.start}`)
  if (sequence.cache !== undefined) parts.push(`CACHE ${sequence.cache}`)
  if (sequence.cycle) parts.push('CYCLE')
  if (sequence.ownedBy !== undefined) parts.push(`OWNED BY ${owner(sequence)}`)
  return [{ sql: parts.join(' ') }]
}

/**
 * ALTER SEQUENCE with each option that differs; an option that goes back to
 * its default is said as the default (NO MINVALUE, INCREMENT BY 1, …). A
 * changed START WITH changes the recorded start only, not the current value
 * (that would be RESTART): the sequence goes on from where it is.
 */
export function alterSequencePostgres(from: Sequence, to: Sequence): Statement[] {
  const parts: string[] = []
  if (from.type !== to.type) parts.push(`AS ${to.type ?? 'bigint'}`)
  if (from.increment !== to.increment) parts.push(`INCREMENT BY ${to.increment ?? 1}`)
  // A new type or direction moves the defaults: the limits are said whenever either changes.
  const limits = from.type !== to.type || Math.sign(from.increment ?? 1) !== Math.sign(to.increment ?? 1)
  if (limits || from.min !== to.min) parts.push(to.min === undefined ? 'NO MINVALUE' : `MINVALUE ${to.min}`)
  if (limits || from.max !== to.max) parts.push(to.max === undefined ? 'NO MAXVALUE' : `MAXVALUE ${to.max}`)
  // START WITH's default is the minimum (ascending) or the maximum (descending): said again when those move.
  if (limits || from.start !== to.start || (to.start === undefined && (from.min !== to.min || from.max !== to.max))) {
    parts.push(`START WITH ${to.start ?? startOf(to)}`)
  }
  if (from.cache !== to.cache) parts.push(`CACHE ${to.cache ?? 1}`)
  if (!from.cycle !== !to.cycle) parts.push(to.cycle ? 'CYCLE' : 'NO CYCLE')
  if (from.ownedBy !== to.ownedBy) parts.push(`OWNED BY ${owner(to)}`)
  if (parts.length === 0) return []
  return [{ sql: `ALTER SEQUENCE ${qt(to.name)} ${parts.join(' ')}` }]
}

/** The start a sequence has by default, when the model can say it as a number. */
function startOf(sequence: Sequence): number {
  const ascending = (sequence.increment ?? 1) > 0
  if (ascending) return sequence.min ?? 1
  return sequence.max ?? -1
}

/**
 * DROP SEQUENCE. One OWNED BY a column goes with its table or column
 * (https://www.postgresql.org/docs/current/sql-createsequence.html, OWNED BY),
 * so its drop says IF EXISTS.
 */
export function dropSequencePostgres(sequence: Sequence | undefined, name: string): Statement[] {
  return [{ sql: `DROP SEQUENCE ${sequence?.ownedBy !== undefined ? 'IF EXISTS ' : ''}${qt(name)}` }]
}
