import { deepStrictEqual } from 'node:assert/strict'
import type { Schema } from '../../src/schema/model'
import { col, diffChecked, id, table } from './helpers'

describe('diff: views over a changing table', () => {
  const withTwice = (expression: string): Schema => ({
    tables: [table('items', [id(), col('qty', 'integer'), col('twice', 'bigint', { nullable: true, generated: { expression, stored: true } })])],
    enums: [],
    views: [{ name: 'item_totals', query: 'SELECT "twice" FROM "items"' }],
  })

  it('drops a view over a generated column whose expression changes before, and creates it after (PostgreSQL drops and adds the column)', async () => {
    // Found by the random round trip (seed 42): DROP COLUMN failed, "other objects depend on it".
    const { ops } = await diffChecked(withTwice('"qty" * 2'), withTwice('"qty" * 3'))
    deepStrictEqual(
      ops.map((o) => o.op),
      ['dropView', 'alterColumn', 'createView'],
    )
  })

  it('drops and creates the view around a generated column that becomes an ordinary one, so that the down path (which makes it generated: PostgreSQL drops and adds it) has the view out of the way', async () => {
    // Found by the random round trip (seed 7, migrate zero): the down's DROP COLUMN failed, "view … depends on column".
    const generated = withTwice('"qty" * 2')
    const ordinary: Schema = { ...generated, tables: [table('items', [id(), col('qty', 'integer'), col('twice', 'bigint', { nullable: true })])] }
    const { ops, down } = await diffChecked(generated, ordinary)
    deepStrictEqual(ops.map((o) => o.op), ['dropView', 'alterColumn', 'createView'])
    deepStrictEqual(down.map((o) => o.op), ['dropView', 'alterColumn', 'createView'])
  })
})
