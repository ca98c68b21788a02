/**
 * Applying a migration statement by statement, for a database whose DDL
 * commits by itself (MySQL, MariaDB: `capabilities.transactionalDdl` false).
 * It is the parts mechanism of parts.ts with the smallest parts the database
 * allows: each DDL statement is a part of its own, and consecutive data
 * statements (insert, update, delete) one part in a transaction. After each
 * part the history row records the position reached (`applied_operations`
 * whole operations, plus `applied_statements` of the next one), so a failure
 * leaves the migration marked partially applied at the last committed
 * statement.
 *
 * Unlike PostgreSQL's parts (whole transactions at planned boundaries,
 * resumed by a plain `strata migrate`), such a stop is at a failure, so
 * `migrate` refuses to go on until the user says which way:
 * `strata migrate --finish` runs the rest, `strata migrate --rollback`
 * reverses what ran. (A DDL statement and its history row cannot share a
 * commit on MySQL: a process killed between the two leaves that one
 * statement unrecorded; docs/DECISIONS.md.)
 */
import { applyOperation } from '../diff/apply'
import { invertOperation } from '../diff/invert'
import type { Operation } from '../diff/operations'
import type { Dialect, Statement } from '../dialects/dialect'
import type { Schema } from '../schema/model'
import { type CompiledOperation, compileOperations } from './compile'
import type { MigrationFile } from './migration-file'

/** A position in a migration's `up`: whole operations done, and statements of the next. */
export interface Position {
  readonly operations: number
  readonly statements: number
}

/** Statements run together: one DDL statement, or consecutive data statements in one transaction. */
export interface Unit {
  /** The statements, grouped by the operation they belong to (positions in `up`, or in the down list). */
  readonly compiled: readonly CompiledOperation[]
  readonly transactional: boolean
  /** The position recorded before and after it (down: in `up` terms, counting down). */
  readonly from: Position
  readonly to: Position
  /** 1-based numbers of its first and last statement in the whole list. */
  readonly first: number
  readonly last: number
}

export interface StatementPlan {
  readonly units: readonly Unit[]
  /** Every statement of the direction, numbered 1.. in `units`. */
  readonly total: number
  /** Down only: the reversal is in `up` terms (each down operation reverses one up operation), so progress can be recorded. */
  readonly recorded: boolean
}

function schemas(before: Schema, up: readonly Operation[]): Schema[] {
  const out = [before]
  for (const op of up) out.push(applyOperation(out[out.length - 1]!, op))
  return out
}

/** Cut a list of statements (with the position after each) into units. */
function cut(entries: readonly { c: CompiledOperation; s: Statement; after: Position }[], start: Position, firstNumber: number): Unit[] {
  const units: Unit[] = []
  let from = start
  let n = firstNumber
  let group: typeof entries[number][] = []
  const push = (list: typeof group, transactional: boolean) => {
    const compiled: CompiledOperation[] = []
    for (const e of list) {
      const last = compiled[compiled.length - 1]
      if (last && last.index === e.c.index && last.operation === e.c.operation) {
        compiled[compiled.length - 1] = { ...last, statements: [...last.statements, e.s] }
      } else {
        compiled.push({ index: e.c.index, operation: e.c.operation, statements: [e.s] })
      }
    }
    const to = list[list.length - 1]!.after
    units.push({ compiled, transactional, from, to, first: n, last: n + list.length - 1 })
    n += list.length
    from = to
  }
  for (const e of entries) {
    if (e.s.transactional !== false) {
      group.push(e)
      continue
    }
    if (group.length) push(group, true)
    group = []
    push([e], false)
  }
  if (group.length) push(group, true)
  return units
}

/**
 * The units that apply `up` from `start` to the end. `before`: the schema
 * before operation 0. Statement numbers count from the first of the whole
 * migration.
 */
export function planUp(dialect: Dialect, migration: MigrationFile, before: Schema, start: Position = { operations: 0, statements: 0 }): StatementPlan {
  const compiled = compileOperations(dialect.compiler, before, migration.up)
  const entries: { c: CompiledOperation; s: Statement; after: Position }[] = []
  let number = 1
  let firstNumber = 1
  for (const c of compiled) {
    c.statements.forEach((s, j) => {
      const skip = c.index < start.operations || (c.index === start.operations && j < start.statements)
      if (skip) {
        number++
        firstNumber = number
        return
      }
      const last = j === c.statements.length - 1
      entries.push({ c, s, after: last ? { operations: c.index + 1, statements: 0 } : { operations: c.index, statements: j + 1 } })
      number++
    })
  }
  // Operations without statements at the end (an enum on MySQL) are passed by the last unit.
  const units = cut(entries, start, firstNumber)
  if (units.length) {
    const end = units[units.length - 1]!
    units[units.length - 1] = { ...end, to: { operations: migration.up.length, statements: 0 } }
  }
  return { units, total: number - 1, recorded: true }
}

/**
 * The units that reverse operations [0, from.operations) of `up` (and the
 * `from.statements` statements of the next one, when its reverse is known),
 * last first. `down`: the migration's down list when it reverses `up` one
 * operation for one (it keeps what `make` wrote, such as reversal fills);
 * otherwise each operation's inverse is derived. Returns undefined for a
 * partly run operation strata cannot reverse.
 */
export function planDown(
  dialect: Dialect,
  migration: MigrationFile,
  before: Schema,
  from: Position,
  down: readonly Operation[] | undefined,
): { plan: StatementPlan; partialOperation?: undefined } | { plan?: undefined; partialOperation: number } {
  const up = migration.up
  const states = schemas(before, up)
  const aligned =
    down !== undefined &&
    down.length === up.length &&
    up.every((op, i) => {
      try {
        return down[up.length - 1 - i]!.op === invertOperation(states[i]!, op, i).op
      } catch {
        return false // no derived inverse (data operations, raw SQL without down): the list runs as written
      }
    })
  if (down !== undefined && !aligned) {
    // A down: list written for the whole migration (data operations, raw
    // SQL): it runs as written, and the row is removed at its end only; a
    // failure halfway leaves the migration recorded as applied, and says so.
    const compiled = compileOperations(dialect.compiler, states[up.length]!, down)
    const whole: Position = { operations: up.length, statements: 0 }
    const entries = compiled.flatMap((c) => c.statements.map((st) => ({ c, s: st, after: whole })))
    const units = cut(entries, whole, 1)
    if (units.length) units[units.length - 1] = { ...units[units.length - 1]!, to: { operations: 0, statements: 0 } }
    return { plan: { units, total: entries.length, recorded: false } }
  }
  const entries: { c: CompiledOperation; s: Statement; after: Position }[] = []
  let index = 0
  if (from.statements > 0) {
    // A partly run operation: the statements that ran are undone only where
    // that is the whole operation's inverse (a column added with a temporary
    // default, whose DROP DEFAULT did not run) or where only data statements ran.
    const i = from.operations
    const op = up[i]!
    const ran = dialect.compiler.compile(op, states[i]!).slice(0, from.statements)
    if (op.op === 'addColumn') {
      const inverse = invertOperation(states[i]!, op, i)
      const c: CompiledOperation = { index: index++, operation: inverse, statements: dialect.compiler.compile(inverse, states[i + 1]!) }
      c.statements.forEach((s) => entries.push({ c, s, after: { operations: i, statements: 0 } }))
    } else if (!ran.every((s) => s.transactional !== false)) {
      return { partialOperation: i }
    }
  }
  for (let i = from.operations - 1; i >= 0; i--) {
    const inverse = aligned ? down[up.length - 1 - i]! : invertOperation(states[i]!, up[i]!, i)
    const [c] = compileOperations(dialect.compiler, states[i + 1]!, [inverse])
    const op: CompiledOperation = { ...c!, index: index++ }
    op.statements.forEach((s, j) =>
      entries.push({ c: op, s, after: j === op.statements.length - 1 ? { operations: i, statements: 0 } : { operations: i + 1, statements: 0 } }),
    )
    if (!op.statements.length) entries.push({ c: op, s: { sql: '' }, after: { operations: i, statements: 0 } })
  }
  const real = entries.filter((e) => e.s.sql !== '')
  // An operation without statements (an enum on MySQL) moves the position with the statement before it.
  const moved = real.map((e, k) => {
    const next = entries.indexOf(real[k + 1]!)
    const upTo = k + 1 < real.length ? entries.slice(entries.indexOf(e) + 1, next) : entries.slice(entries.indexOf(e) + 1)
    const after = upTo.length ? upTo[upTo.length - 1]!.after : e.after
    return { ...e, after }
  })
  const units = cut(moved, from, 1)
  if (units.length) {
    const end = units[units.length - 1]!
    units[units.length - 1] = { ...end, to: { operations: 0, statements: 0 } }
  }
  return { plan: { units, total: real.length, recorded: true } }
}

/** `1–3` or `2`. */
export function range(first: number, last: number): string {
  return first === last ? `${first}` : `${first}–${last}`
}

/** What a position means, for messages: `operations 1–2 and 1 statement of operation 3`. */
export function describePosition(p: Position, up: readonly Operation[]): string {
  const ops = p.operations > 0 ? `operation${p.operations === 1 ? '' : 's'} ${range(1, p.operations)} (${up.slice(0, p.operations).map((o) => o.op).join(', ')})` : ''
  const stmts = p.statements > 0 ? `${p.statements} statement${p.statements === 1 ? '' : 's'} of operation ${p.operations + 1} (${up[p.operations]!.op})` : ''
  return [ops, stmts].filter(Boolean).join(' and ') || 'nothing'
}
