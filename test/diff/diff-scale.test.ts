import { deepStrictEqual, strictEqual } from 'node:assert/strict'
import { applyOperations } from '../../src/diff/apply'
import { diff } from '../../src/diff/diff'
import { fixedResolver } from '../../src/diff/rename'
import { canonicalSchema } from '../../src/schema/canonical'
import type { Schema, Table } from '../../src/schema/model'
import { col, id, schema, table } from './helpers'

/** `count` tables t0000..., each with a few columns, an index, and a foreign key to the one before. */
function bigSchema(count: number): Schema {
  const tables: Table[] = []
  for (let i = 0; i < count; i++) {
    const name = `t${String(i).padStart(4, '0')}`
    const prev = i > 0 ? `t${String(i - 1).padStart(4, '0')}` : undefined
    tables.push(
      table(
        name,
        [
          id(),
          col('name', 'string', { length: 100 }),
          col('body', 'text', { nullable: true }),
          col('created_at', 'timestamp', { timezone: true, default: { expr: 'now' } }),
          col('status', 'enum', { enum: 'status', default: 'new' }),
          ...(prev ? [col('prev_id', 'bigint', { nullable: true })] : []),
        ],
        {
          indexes: [{ name: `${name}_name_idx`, columns: ['name'] }],
          foreignKeys: prev
            ? [{ name: `${name}_prev_id_fkey`, columns: ['prev_id'], references: { table: prev, columns: ['id'] } }]
            : [],
        },
      ),
    )
  }
  return schema(tables, [{ name: 'status', values: ['new', 'done'] }])
}

describe('diff: determinism and scale', () => {
  it('gives the same operations in the same order whatever the input order', async () => {
    const from = schema([
      table('b', [id(), col('x', 'integer', { nullable: true })]),
      table('a', [id(), col('y', 'text', { nullable: true })]),
      table('z', [id()]),
    ])
    const to = schema([
      table('c', [id()]),
      table('b', [id(), col('x', 'bigint', { nullable: true }), col('w', 'text', { nullable: true })]),
      table('a', [id()], { indexes: [{ name: 'a_id_idx', columns: ['id'] }] }),
      table('d', [id(), col('c_id', 'bigint')], {
        foreignKeys: [{ name: 'd_c_id_fkey', columns: ['c_id'], references: { table: 'c', columns: ['id'] } }],
      }),
    ])
    const reversed = (s: Schema): Schema => ({ tables: [...s.tables].reverse(), enums: [...s.enums].reverse() })
    const first = await diff(from, to, { resolver: fixedResolver() })
    const second = await diff(reversed(from), reversed(to), { resolver: fixedResolver() })
    deepStrictEqual(second, first)
    deepStrictEqual(
      first.operations.map((op) => `${op.op} ${'table' in op && typeof op.table === 'string' ? op.table : 'name' in op ? op.name : ''}`),
      [
        'dropTable z',
        'createTable ',
        'createTable ',
        'addColumn b',
        'alterColumn b',
        'dropColumn a',
        'addIndex a',
      ],
    )
    deepStrictEqual(applyOperations(from, first.operations), canonicalSchema(to))
  })

  it('never mutates its inputs (deep-frozen models)', async () => {
    const freeze = <T>(value: T): T => {
      if (value && typeof value === 'object') {
        for (const v of Object.values(value)) freeze(v)
        Object.freeze(value)
      }
      return value
    }
    const from = freeze(bigSchema(5))
    const to = freeze({
      ...bigSchema(4),
      tables: [...bigSchema(4).tables.slice(1), table('t0000', [id()], { primaryKey: { name: 'k', columns: ['id'] } })],
    })
    const result = await diff(from, to, {
      hints: freeze({ tables: { zz: 't0004' }, columns: { t0001: { other: 'name' } } }),
      resolver: fixedResolver(),
    })
    deepStrictEqual(applyOperations(from, result.operations), canonicalSchema(to))
  })

  it('diffs two 2,000-table schemas with one small edit quickly (timing printed)', async () => {
    const from = bigSchema(2000)
    const edited = from.tables.map((t) =>
      t.name === 't1000' ? { ...t, columns: [...t.columns, col('note', 'text', { nullable: true })] } : t,
    )
    const to: Schema = { ...from, tables: edited }
    await diff(from, to, { resolver: fixedResolver() }) // warm-up (JIT)
    const started = process.hrtime.bigint()
    const result = await diff(from, to, { resolver: fixedResolver() })
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    console.log(`      2,000 tables, one edit: ${ms.toFixed(1)} ms`)
    deepStrictEqual(result.operations, [{ op: 'addColumn', table: 't1000', column: col('note', 'text', { nullable: true }) }])

    const createStarted = process.hrtime.bigint()
    const initial = await diff(schema([]), from, { resolver: fixedResolver() })
    const createMs = Number(process.hrtime.bigint() - createStarted) / 1e6
    console.log(`      2,000 tables from nothing: ${createMs.toFixed(1)} ms`)
    strictEqual(initial.operations.length, 2001)
    deepStrictEqual(applyOperations(schema([]), initial.operations.slice(0, 3)).tables.map((t) => t.name), ['t0000', 't0001'])
  })
})
