/**
 * Dialect-neutral test harness for the shared operation cases (cases.ts):
 * create `before` with the dialect's own compiler, insert rows, run `up` in a
 * transaction, read the live schema back with the dialect's introspector and
 * compare it with the model (`applyOperation`), check the rows, run `down`,
 * and check that schema and rows are as they were.
 */
import { rekeyTriggers } from '../../src/schema/triggers'
import { creationOrder } from '../../src/diff/view-order'
import { triggersOf } from '../../src/schema/triggers'
import { viewsOf } from '../../src/schema/views'
import assert from 'node:assert/strict'
import { applyOperation } from '../../src/diff/apply'
import type { Operation, RowMatch } from '../../src/diff/operations'
import type { Connection, Dialect } from '../../src/dialects/dialect'
import { canonicalSchema, stableStringify } from '../../src/schema/canonical'
import { uncommented } from '../../src/schema/constraint-attributes'
import type { Schema, Table } from '../../src/schema/model'
import { CASES, type CaseName, type OperationCase } from './cases'
import { schemasOf } from '../../src/schema/qualified'

export interface HarnessTarget {
  readonly dialect: Dialect
  /** Opens a connection to a fresh, empty database. */
  readonly open: () => Promise<Connection>
  /** Cases the dialect refuses (its compiler throws a message matching this). */
  readonly refused?: Partial<Record<CaseName, RegExp>>
}

/** Tables in an order where every table comes after the tables its foreign keys reference. */
export function tablesInDependencyOrder(schema: Schema): Table[] {
  const out: Table[] = []
  const seen = new Set<string>()
  const visit = (table: Table): void => {
    if (seen.has(table.name)) return
    seen.add(table.name)
    for (const fk of table.foreignKeys) {
      const target = schema.tables.find((t) => t.name === fk.references.table)
      if (target) visit(target)
    }
    out.push(table)
  }
  for (const table of schema.tables) visit(table)
  return out
}

/** The operations that create `schema` from nothing: enums, then tables in dependency order. */
export function creationOperations(schema: Schema): Operation[] {
  return [
    ...schemasOf(schema).map((name): Operation => ({ op: 'createSchema', name })),
    ...(schema.extensions ?? []).map((extension): Operation => ({ op: 'createExtension', extension })),
    ...schema.enums.map((e): Operation => ({ op: 'createEnum', name: e.name, values: e.values })),
    ...(schema.domains ?? []).map((domain): Operation => ({ op: 'createDomain', domain })),
    ...(schema.types ?? []).map((type): Operation => ({ op: 'createType', type })),
    ...(schema.sequences ?? []).filter((s) => !s.ownedBy).map((sequence): Operation => ({ op: 'createSequence', sequence })),
    ...(schema.functions ?? []).map((fn): Operation => ({ op: 'createFunction', function: fn })),
    ...tablesInDependencyOrder(schema).map((table): Operation => ({ op: 'createTable', table })),
    ...(schema.sequences ?? []).filter((s) => s.ownedBy).map((sequence): Operation => ({ op: 'createSequence', sequence })),
    ...creationOrder(viewsOf(schema), schema).map((view): Operation => ({ op: 'createView', view })),
    ...triggersOf(schema).map((trigger): Operation => ({ op: 'createTrigger', trigger })),
    ...(schema.policies ?? []).map((policy): Operation => ({ op: 'createPolicy', policy })),
    ...(schema.grants ?? []).map((grant): Operation => ({ op: 'grant', grant })),
    ...(schema.sql ?? []).map((object): Operation => ({ op: 'createSql', object })),
  ]
}

/**
 * Compile and run operations one after the other, each against the schema
 * just before it, inside one `connection.transaction()`. Returns the schema
 * after them.
 */
export async function runOperations(
  connection: Connection,
  before: Schema,
  operations: readonly Operation[],
): Promise<Schema> {
  let schema = before
  const plan: { sql: string; params?: readonly unknown[] }[] = []
  for (const op of operations) {
    plan.push(...connection.dialect.compiler.compile(op, schema))
    schema = applyOperation(schema, op)
  }
  await connection.transaction(async () => {
    for (const statement of plan) await connection.query(statement.sql, statement.params)
  })
  return schema
}

/**
 * The model as the dialect can store it: without comments when the catalog
 * has none, and without unused enums when enums live in CHECK constraints.
 */
export function storableSchema(schema: Schema, dialect: Dialect): Schema {
  let out = schema
  if (!dialect.capabilities.comments) {
    // No catalog comments: not on tables, columns, indexes or constraints (all in the snapshot only).
    out = {
      ...out,
      tables: out.tables.map(({ comment: _comment, ...t }) => ({
        ...t,
        columns: t.columns.map(({ comment: _c, ...c }) => c),
        ...(t.primaryKey ? { primaryKey: uncommented(t.primaryKey) } : {}),
        uniques: t.uniques.map(uncommented),
        indexes: t.indexes.map(uncommented),
        checks: t.checks.map(uncommented),
        foreignKeys: t.foreignKeys.map(uncommented),
        ...(t.exclusions ? { exclusions: t.exclusions.map(uncommented) } : {}),
      })),
    }
  }
  if (!dialect.capabilities.sqliteOptions) {
    out = {
      ...out,
      tables: out.tables.map(({ strict: _s, withoutRowid: _w, ...t }) => ({
        ...t,
        columns: t.columns.map(({ monotonic: _m, ...c }) => {
          if (c.type === 'native' || c.native?.sqlite === undefined) return c
          const { native, ...portable } = c
          return native.postgres === undefined ? portable : { ...portable, native: { postgres: native.postgres } }
        }),
      })),
    }
  }
  if (!dialect.capabilities.nativeEnums) {
    const used = new Set(out.tables.flatMap((t) => t.columns.map((c) => c.enum)))
    out = { ...out, enums: out.enums.filter((e) => used.has(e.name)) }
  }
  return out
}

/** Plain JSON of the canonical schema, for a readable deep-equal diff. */
export function schemaJson(schema: Schema): unknown {
  return JSON.parse(stableStringify(canonicalSchema(schema)))
}

export async function assertLiveSchema(connection: Connection, expected: Schema, context: string): Promise<void> {
  const live = await connection.introspect({ schemas: schemasOf(expected) })
  // The same comparison as the drift check: the model in the form the
  // database stores it (view queries and trigger conditions as it prints
  // them; on SQLite a renamed table's in-table constraint names as kept).
  const stored = await connection.normalize(expected, live)
  // The database keeps no trigger keys: the live triggers take the model's, as in drift (schema/triggers.ts).
  assert.deepEqual(schemaJson(rekeyTriggers(live, stored)), schemaJson(stored), `${context}: live schema`)
}

/** Bring a value read from the database into the form of the expected literal (0/1 booleans, numeric strings). */
function normalizeValue(actual: unknown, expected: unknown): unknown {
  if (typeof expected === 'boolean' && (actual === 0 || actual === 1 || typeof actual === 'bigint')) {
    return Number(actual) === 1
  }
  if (typeof expected === 'number' && (typeof actual === 'string' || typeof actual === 'bigint')) return Number(actual)
  return actual
}

const rowKey = (row: unknown): string => stableStringify(row)

/** Assert the rows of each table (only the columns named in the expectation; an empty list means an empty table). */
export async function assertRows(
  connection: Connection,
  expected: Readonly<Record<string, readonly RowMatch[]>>,
  context: string,
): Promise<void> {
  const q = (name: string) => connection.dialect.compiler.quoteIdentifier(name)
  for (const [table, rows] of Object.entries(expected)) {
    if (rows.length === 0) {
      const [count] = await connection.query(`SELECT count(*) AS n FROM ${q(table)}`)
      assert.equal(Number(count?.n), 0, `${context}: table "${table}" should be empty`)
      continue
    }
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
    const live = await connection.query(`SELECT ${columns.map(q).join(', ')} FROM ${q(table)}`)
    const sample = Object.fromEntries(columns.map((c) => [c, rows.find((r) => r[c] !== null)?.[c] ?? null]))
    const actual = live
      .map((row) => Object.fromEntries(columns.map((c) => [c, normalizeValue(row[c], sample[c])])))
      .map(rowKey)
      .sort()
    const wanted = rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))).map(rowKey).sort()
    assert.deepEqual(actual, wanted, `${context}: rows of "${table}"`)
  }
}

/** Create `before` and fill it with the case's rows. */
export async function setUpCase(connection: Connection, c: OperationCase): Promise<void> {
  const inserts: Operation[] = Object.entries(c.rows).map(([table, rows]) => ({ op: 'insert', table, rows }))
  const orderedInserts = tablesInDependencyOrder(c.before).flatMap((t) => inserts.filter((i) => i.op === 'insert' && i.table === t.name))
  if (c.setup) await runOperations(connection, { tables: [], enums: [] }, c.setup)
  await runOperations(connection, { tables: [], enums: [] }, creationOperations(c.before))
  await runOperations(connection, c.before, orderedInserts)
}

/** Run one case end to end against a fresh database. */
export async function runCase(target: HarnessTarget, name: CaseName): Promise<void> {
  const c: OperationCase = CASES[name]
  const refused = target.refused?.[name]
  if (refused) {
    // An operation the dialect cannot run: its compiler refuses it, naming the object.
    assert.throws(() => target.dialect.compiler.compile(c.up, c.before), refused)
    return
  }
  const connection = await target.open()
  try {
    await setUpCase(connection, c)
    await assertLiveSchema(connection, c.before, `${name} before`)
    await assertRows(connection, c.rows, `${name} before`)

    const after = await runOperations(connection, c.before, [c.up])
    await assertLiveSchema(connection, after, `${name} after up`)
    await assertRows(connection, c.rowsAfterUp ?? c.rows, `${name} after up`)

    // Not `before` itself: a column dropped and added back comes back last.
    const reverted = await runOperations(connection, after, c.down)
    await assertLiveSchema(connection, reverted, `${name} after down`)
    await assertRows(connection, c.rowsAfterDown ?? c.rows, `${name} after down`)
  } finally {
    await connection.close()
  }
}

/** Mocha tests: one per shared case. */
export function describeCases(title: string, target: HarnessTarget): void {
  describe(title, () => {
    for (const name of Object.keys(CASES) as CaseName[]) {
      it(name, () => runCase(target, name))
    }
  })
}
