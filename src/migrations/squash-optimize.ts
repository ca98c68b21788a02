/**
 * The operations of a squashed migration (`strata squash`): the `up` lists
 * of the range, optimised. Data and raw SQL operations (insert, update,
 * delete, sql) stay where they are, in order: they are barriers. Each run of
 * schema operations between them is replaced by the diff from the schema
 * before the run to the schema after it, which is the shortest form the
 * diff knows: a column added then dropped disappears, a table created then
 * altered is one createTable, an added column that is then renamed is added
 * under its last name. Renames of objects that existed before the run stay
 * renames (given to the diff as hints), and the one-off `fill` values of
 * added columns are carried over.
 *
 * A run is kept exactly as written whenever the diff could not be trusted
 * to mean the same to the rows: a name that leaves and comes back (dropped
 * then created again, renamed away then reused), an enum value rename, a
 * fill it cannot place, a warning from the diff, or a result that does not
 * replay to the same schema.
 */
import { applyOperations } from '../diff/apply'
import { diff } from '../diff/diff'
import type { Operation } from '../diff/operations'
import type { DiffResolver } from '../diff/rename'
import { schemasEqual } from '../schema/canonical'
import type { Literal, Schema } from '../schema/model'

const BARRIERS = new Set<Operation['op']>(['insert', 'update', 'delete', 'sql'])

/** Optimise `ops`, applied from `before`. Pure apart from the diff's awaits. */
export async function optimizeOperations(before: Schema, ops: readonly Operation[]): Promise<Operation[]> {
  const out: Operation[] = []
  let schema = before
  let run: Operation[] = []
  const flush = async () => {
    if (!run.length) return
    const after = applyOperations(schema, run)
    out.push(...(await optimizeRun(schema, after, run)))
    schema = after
    run = []
  }
  for (const op of ops) {
    if (BARRIERS.has(op.op)) {
      await flush()
      out.push(op)
      schema = applyOperations(schema, [op])
    } else {
      run.push(op)
    }
  }
  await flush()
  return out
}

/** Where each object of the run's start went: table (current name) to its name at the start; columns likewise, per table. */
interface Identity {
  /** Current table name to the name it had at the start (only tables that existed then). */
  readonly tables: Map<string, string>
  /** Current table name to current column name to the column's name at the start. */
  readonly columns: Map<string, Map<string, string>>
  /** `table.column` (current names) to the one-off fill its addColumn or alterColumn gave. */
  readonly fills: Map<string, Literal>
}

function track(before: Schema, run: readonly Operation[]): Identity | undefined {
  const tables = new Map(before.tables.map((t) => [t.name, t.name]))
  const columns = new Map(before.tables.map((t) => [t.name, new Map(t.columns.map((c) => [c.name, c.name]))]))
  const fills = new Map<string, Literal>()
  const moveFills = (table: string, to: string, column?: string, toColumn?: string) => {
    for (const [key, value] of [...fills]) {
      const [t, c] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)]
      if (t !== table || (column !== undefined && c !== column)) continue
      fills.delete(key)
      fills.set(`${to}.${toColumn ?? c}`, value)
    }
  }
  for (const op of run) {
    switch (op.op) {
      case 'alterEnum':
        if (op.renamed && Object.keys(op.renamed).length) return undefined
        break
      case 'renameTable': {
        const orig = tables.get(op.from)
        if (orig !== undefined) {
          tables.delete(op.from)
          tables.set(op.to, orig)
        }
        const cols = columns.get(op.from)
        if (cols) {
          columns.delete(op.from)
          columns.set(op.to, cols)
        }
        moveFills(op.from, op.to)
        break
      }
      case 'dropTable':
        tables.delete(op.name)
        columns.delete(op.name)
        moveFills(op.name, '\0dropped')
        break
      case 'renameColumn': {
        const cols = columns.get(op.table)
        const orig = cols?.get(op.from)
        if (cols && orig !== undefined) {
          cols.delete(op.from)
          cols.set(op.to, orig)
        }
        moveFills(op.table, op.table, op.from, op.to)
        break
      }
      case 'dropColumn':
        columns.get(op.table)?.delete(op.column)
        fills.delete(`${op.table}.${op.column}`)
        break
      case 'addColumn':
        if (op.fill !== undefined) fills.set(`${op.table}.${op.column.name}`, op.fill)
        break
      case 'alterColumn':
        if (op.fill !== undefined) fills.set(`${op.table}.${op.column}`, op.fill)
        break
      default:
        break
    }
  }
  return { tables, columns, fills }
}

async function optimizeRun(before: Schema, after: Schema, run: readonly Operation[]): Promise<Operation[]> {
  if (run.length < 2) return [...run]
  const identity = track(before, run)
  if (!identity) return [...run]
  const hints: { tables: Record<string, string>; columns: Record<string, Record<string, string>> } = { tables: {}, columns: {} }
  const startTables = new Map(before.tables.map((t) => [t.name, t]))
  for (const table of after.tables) {
    const orig = identity.tables.get(table.name)
    // A table of the end whose name a table of the start had, but which is not that table: the diff would take it for it.
    if (orig === undefined) {
      if (startTables.has(table.name)) return [...run]
      continue
    }
    if (orig !== table.name) hints.tables[table.name] = orig
    const cols = identity.columns.get(table.name)!
    const startColumns = new Set(startTables.get(orig)!.columns.map((c) => c.name))
    for (const column of table.columns) {
      const origColumn = cols.get(column.name)
      if (origColumn === undefined) {
        if (startColumns.has(column.name)) return [...run]
        continue
      }
      if (origColumn !== column.name) (hints.columns[table.name] ??= {})[column.name] = origColumn
    }
  }
  let unknownFill = false
  const resolver: DiffResolver = {
    confirmColumnRename: async () => false,
    confirmTableRename: async () => false,
    fillValue: async (table, column) => {
      const value = identity.fills.get(`${table}.${column}`)
      if (value === undefined) unknownFill = true
      return value
    },
  }
  try {
    const result = await diff(before, after, { hints, resolver })
    if (unknownFill || result.warnings.length) return [...run]
    if (result.operations.length > run.length) return [...run]
    if (!schemasEqual(applyOperations(before, result.operations), after)) return [...run]
    return result.operations
  } catch {
    return [...run]
  }
}
