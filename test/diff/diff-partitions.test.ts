/** The diff of partitioned tables: partitions added, dropped and re-bounded; a key change recreates the table and says so. */
import { strict as assert } from 'node:assert'
import type { Table } from '../../src/schema/model'
import { col, diffChecked, schema, table } from './helpers'

const events = (extra: Partial<Table> = {}): Table =>
  table('events', [col('id', 'bigint'), col('day', 'integer')], {
    primaryKey: { name: 'events_pkey', columns: ['id', 'day'] },
    partitionBy: { method: 'range', columns: ['day'] },
    partitions: [{ name: 'events_a', from: [0], to: [10] }, { name: 'events_rest', default: true }],
    ...extra,
  })

describe('diff: partitions', () => {
  it('adds, drops and re-bounds partitions of a table that stays; down reverses each', async () => {
    const to = events({ partitions: [{ name: 'events_a', from: ['MINVALUE'], to: [10] }, { name: 'events_b', from: [10], to: [20] }] })
    const { ops, down, warnings } = await diffChecked(schema([events()]), schema([to]))
    assert.deepEqual(warnings, [])
    assert.deepEqual(ops, [
      { op: 'dropPartition', table: 'events', name: 'events_rest' },
      { op: 'alterPartition', table: 'events', name: 'events_a', from: { from: [0], to: [10] }, to: { from: ['MINVALUE'], to: [10] } },
      { op: 'addPartition', table: 'events', partition: { name: 'events_b', from: [10], to: [20] } },
    ])
    assert.deepEqual(down, [
      { op: 'dropPartition', table: 'events', name: 'events_b' },
      { op: 'alterPartition', table: 'events', name: 'events_a', from: { from: ['MINVALUE'], to: [10] }, to: { from: [0], to: [10] } },
      { op: 'addPartition', table: 'events', partition: { name: 'events_rest', default: true } },
    ])
  })

  it('a changed partition key recreates the table (drop, create) and a warning names it', async () => {
    const to = events({ partitionBy: { method: 'hash', columns: ['id'] }, partitions: [{ name: 'events_h0', modulus: 1, remainder: 0 }] })
    const { ops, warnings } = await diffChecked(schema([events()]), schema([to]))
    assert.deepEqual(ops.map((o) => o.op), ['dropTable', 'createTable'])
    assert.deepEqual(warnings, [
      'table "events": the partition key changes (range (day) -> hash (id)); PostgreSQL cannot re-partition a table in place, so it is dropped and created again and its rows are lost: to keep them, create the new table under another name and copy the rows with a sql operation',
    ])
  })

  it('a renamed key column is renamed in the key', async () => {
    const to = table('events', [col('id', 'bigint'), col('at_day', 'integer')], {
      primaryKey: { name: 'events_pkey', columns: ['id', 'at_day'] },
      partitionBy: { method: 'range', columns: ['at_day'] },
      partitions: events().partitions,
    })
    const { ops } = await diffChecked(schema([events()]), schema([to]), { hints: { tables: {}, columns: { events: { at_day: 'day' } } } })
    assert.deepEqual(ops.map((o) => o.op), ['renameColumn'])
  })
})
