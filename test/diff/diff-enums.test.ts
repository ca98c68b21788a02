import { deepStrictEqual } from 'node:assert/strict'
import { col, diffChecked, id, schema, table } from './helpers'

describe('diff: enums', () => {
  const role = { name: 'role', values: ['admin', 'reader'] }
  const users = table('users', [id()])
  const withRole = table('users', [id(), col('role', 'enum', { enum: 'role', default: 'reader' })])

  it('creates an enum before the column that uses it, and drops it after on the way down', async () => {
    const { ops, down } = await diffChecked(schema([users]), schema([withRole], [role]))
    deepStrictEqual(ops, [
      { op: 'createEnum', name: 'role', values: ['admin', 'reader'] },
      { op: 'addColumn', table: 'users', column: withRole.columns[1] },
    ])
    deepStrictEqual(down, [
      { op: 'dropColumn', table: 'users', column: 'role' },
      { op: 'dropEnum', name: 'role' },
    ])
  })

  it('creates an enum before a new table that uses it', async () => {
    const { ops } = await diffChecked(schema([]), schema([withRole], [role]))
    deepStrictEqual(ops, [
      { op: 'createEnum', name: 'role', values: ['admin', 'reader'] },
      { op: 'createTable', table: withRole },
    ])
  })

  it('drops an enum after the table that used it, and recreates its values on the way down', async () => {
    const { ops, down } = await diffChecked(schema([withRole], [role]), schema([]))
    deepStrictEqual(ops, [
      { op: 'dropTable', name: 'users' },
      { op: 'dropEnum', name: 'role' },
    ])
    deepStrictEqual(down, [
      { op: 'createEnum', name: 'role', values: ['admin', 'reader'] },
      { op: 'createTable', table: withRole },
    ])
  })

  it('alters values added, removed or reordered as one alterEnum', async () => {
    const after = { name: 'role', values: ['reader', 'editor', 'admin'] }
    const { ops, down } = await diffChecked(schema([withRole], [role]), schema([withRole], [after]))
    deepStrictEqual(ops, [{ op: 'alterEnum', name: 'role', from: ['admin', 'reader'], to: ['reader', 'editor', 'admin'] }])
    deepStrictEqual(down, [{ op: 'alterEnum', name: 'role', from: ['reader', 'editor', 'admin'], to: ['admin', 'reader'] }])
  })

  it('switches a column from one enum to another: create first, drop last', async () => {
    const level = { name: 'level', values: ['low', 'high'] }
    const after = table('users', [id(), col('role', 'enum', { enum: 'level', default: 'low' })])
    const { ops } = await diffChecked(schema([withRole], [role]), schema([after], [level]))
    deepStrictEqual(ops, [
      { op: 'createEnum', name: 'level', values: ['low', 'high'] },
      {
        op: 'alterColumn',
        table: 'users',
        column: 'role',
        from: { type: 'enum', enum: 'role', default: 'reader' },
        to: { type: 'enum', enum: 'level', default: 'low' },
      },
      { op: 'dropEnum', name: 'role' },
    ])
  })
})
