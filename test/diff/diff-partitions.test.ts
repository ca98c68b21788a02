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

  it("a partition's own objects: a change is one alterPartition (no new bound), and a foreign key of a partition in a cycle of new tables is added after both, dropped before them", async () => {
    const fk = { name: 'events_a_user_id_fkey', columns: ['user_id'], references: { table: 'users', columns: ['id'] } }
    const withUser = (partitions: Table['partitions']) =>
      events({ columns: [col('id', 'bigint'), col('day', 'integer'), col('user_id', 'bigint')], partitions })
    const index = { name: 'events_a_user_id_idx', columns: ['user_id'] }
    const own = withUser([{ name: 'events_a', from: [0], to: [10], indexes: [index], foreignKeys: [fk] }, { name: 'events_rest', default: true }])
    // users references events (its key), events_a references users: a cycle.
    const users = table('users', [col('id', 'bigint'), col('event_id', 'bigint'), col('event_day', 'integer')], {
      primaryKey: { name: 'users_pkey', columns: ['id'] },
      foreignKeys: [{ name: 'users_event_fkey', columns: ['event_id', 'event_day'], references: { table: 'events', columns: ['id', 'day'] } }],
    })
    const created = await diffChecked(schema([]), schema([own, users]))
    assert.deepEqual(created.ops.map((o) => (o.op === 'createTable' ? `createTable ${o.table.name}` : o.op)), ['createTable events', 'createTable users', 'alterPartition'])
    const create = created.ops[0] as { table: Table }
    assert.deepEqual(create.table.partitions?.[0], { name: 'events_a', from: [0], to: [10], indexes: [index] })
    assert.deepEqual(created.ops[2], {
      op: 'alterPartition',
      table: 'events',
      name: 'events_a',
      from: { from: [0], to: [10], indexes: [index] },
      to: { from: [0], to: [10], indexes: [index], foreignKeys: [fk] },
    })
    assert.deepEqual(created.down.map((o) => o.op), ['alterPartition', 'dropTable', 'dropTable'])

    const before = withUser([{ name: 'events_a', from: [0], to: [10] }, { name: 'events_rest', default: true }])
    const changed = await diffChecked(schema([before, users]), schema([own, users]))
    assert.deepEqual(changed.ops, [
      { op: 'alterPartition', table: 'events', name: 'events_a', from: { from: [0], to: [10] }, to: { from: [0], to: [10], indexes: [index], foreignKeys: [fk] } },
    ])
    const dropped = await diffChecked(schema([own, users]), schema([]))
    // The cycle broken at users' foreign key here (users goes first); the partition's own goes with its table.
    assert.deepEqual(dropped.ops.map((o) => (o.op === 'dropTable' ? `dropTable ${o.name}` : o.op)), ['dropForeignKey', 'dropTable events', 'dropTable users'])
  })

  it("a dropped cycle broken at a partition's own foreign key: the partition is altered to hold none to the table first", async () => {
    const fk = { name: 'events_a_owner_fkey', columns: ['owner'], references: { table: 'areas', columns: ['id'] } }
    const events2 = events({ columns: [col('id', 'bigint'), col('day', 'integer'), col('owner', 'bigint')], partitions: [{ name: 'events_a', from: [0], to: [10], foreignKeys: [fk] }] })
    const areas = table('areas', [col('id', 'bigint'), col('event_id', 'bigint'), col('event_day', 'integer')], {
      primaryKey: { name: 'areas_pkey', columns: ['id'] },
      foreignKeys: [{ name: 'areas_event_fkey', columns: ['event_id', 'event_day'], references: { table: 'events', columns: ['id', 'day'] } }],
    })
    const dropped = await diffChecked(schema([events2, areas]), schema([]))
    assert.deepEqual(dropped.ops.map((o) => (o.op === 'dropTable' ? `dropTable ${o.name}` : o.op)), ['alterPartition', 'dropTable areas', 'dropTable events'])
    assert.deepEqual(dropped.ops[0], { op: 'alterPartition', table: 'events', name: 'events_a', from: { from: [0], to: [10], foreignKeys: [fk] }, to: { from: [0], to: [10] } })
  })
})

