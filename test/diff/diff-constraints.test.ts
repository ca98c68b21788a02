import { deepStrictEqual } from 'node:assert/strict'
import type { ForeignKey } from '../../src/schema/model'
import { col, diffChecked, id, schema, table } from './helpers'

describe('diff: constraints and indexes', () => {
  const users = table('users', [id(), col('email', 'string', { length: 320 })])
  const posts = table('posts', [id(), col('title', 'string'), col('author_id', 'bigint')])
  const authorFk: ForeignKey = {
    name: 'posts_author_id_fkey',
    columns: ['author_id'],
    references: { table: 'users', columns: ['id'] },
  }

  it('adds and drops an index', async () => {
    const index = { name: 'posts_title_idx', columns: ['title'] }
    const withIndex = table('posts', posts.columns, { indexes: [index] })
    const added = await diffChecked(schema([posts]), schema([withIndex]))
    deepStrictEqual(added.ops, [{ op: 'addIndex', table: 'posts', index }])
    deepStrictEqual(added.down, [{ op: 'dropIndex', table: 'posts', name: 'posts_title_idx' }])
    const dropped = await diffChecked(schema([withIndex]), schema([posts]))
    deepStrictEqual(dropped.ops, [{ op: 'dropIndex', table: 'posts', name: 'posts_title_idx' }])
    deepStrictEqual(dropped.down, [{ op: 'addIndex', table: 'posts', index }])
  })

  it('replaces an index whose definition changed under the same name', async () => {
    const before = table('posts', posts.columns, { indexes: [{ name: 'posts_title_idx', columns: ['title'] }] })
    const index = { name: 'posts_title_idx', expression: 'lower(title)', unique: true, where: 'author_id > 0' }
    const after = table('posts', posts.columns, { indexes: [index] })
    const { ops, down } = await diffChecked(schema([before]), schema([after]))
    deepStrictEqual(ops, [
      { op: 'dropIndex', table: 'posts', name: 'posts_title_idx' },
      { op: 'addIndex', table: 'posts', index },
    ])
    deepStrictEqual(down, [
      { op: 'dropIndex', table: 'posts', name: 'posts_title_idx' },
      { op: 'addIndex', table: 'posts', index: { name: 'posts_title_idx', columns: ['title'] } },
    ])
  })

  it('adds and drops a unique constraint', async () => {
    const unique = { name: 'posts_author_id_title_key', columns: ['author_id', 'title'] }
    const withUnique = table('posts', posts.columns, { uniques: [unique] })
    const added = await diffChecked(schema([posts]), schema([withUnique]))
    deepStrictEqual(added.ops, [{ op: 'addUnique', table: 'posts', unique }])
    deepStrictEqual(added.down, [{ op: 'dropUnique', table: 'posts', name: 'posts_author_id_title_key' }])
    const dropped = await diffChecked(schema([withUnique]), schema([posts]))
    deepStrictEqual(dropped.ops, [{ op: 'dropUnique', table: 'posts', name: 'posts_author_id_title_key' }])
    deepStrictEqual(dropped.down, [{ op: 'addUnique', table: 'posts', unique }])
  })

  it('adds and drops a foreign key', async () => {
    const withFk = table('posts', posts.columns, { foreignKeys: [authorFk] })
    const added = await diffChecked(schema([posts, users]), schema([withFk, users]))
    deepStrictEqual(added.ops, [{ op: 'addForeignKey', table: 'posts', foreignKey: authorFk }])
    deepStrictEqual(added.down, [{ op: 'dropForeignKey', table: 'posts', name: 'posts_author_id_fkey' }])
    const dropped = await diffChecked(schema([withFk, users]), schema([posts, users]))
    deepStrictEqual(dropped.ops, [{ op: 'dropForeignKey', table: 'posts', name: 'posts_author_id_fkey' }])
    deepStrictEqual(dropped.down, [{ op: 'addForeignKey', table: 'posts', foreignKey: authorFk }])
  })

  it('replaces a foreign key whose actions changed', async () => {
    const before = table('posts', posts.columns, { foreignKeys: [authorFk] })
    const cascading: ForeignKey = { ...authorFk, onDelete: 'cascade' }
    const after = table('posts', posts.columns, { foreignKeys: [cascading] })
    const { ops } = await diffChecked(schema([before, users]), schema([after, users]))
    deepStrictEqual(ops, [
      { op: 'dropForeignKey', table: 'posts', name: 'posts_author_id_fkey' },
      { op: 'addForeignKey', table: 'posts', foreignKey: cascading },
    ])
  })

  it('adds a column with its index and foreign key in an order that applies', async () => {
    const editorFk: ForeignKey = {
      name: 'posts_editor_id_fkey',
      columns: ['editor_id'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'set null',
    }
    const editor = col('editor_id', 'bigint', { nullable: true })
    const index = { name: 'posts_editor_id_idx', columns: ['editor_id'] }
    const after = table('posts', [...posts.columns, editor], { indexes: [index], foreignKeys: [editorFk] })
    const { ops, down } = await diffChecked(schema([posts, users]), schema([after, users]))
    deepStrictEqual(ops, [
      { op: 'addColumn', table: 'posts', column: editor },
      { op: 'addIndex', table: 'posts', index },
      { op: 'addForeignKey', table: 'posts', foreignKey: editorFk },
    ])
    deepStrictEqual(down, [
      { op: 'dropForeignKey', table: 'posts', name: 'posts_editor_id_fkey' },
      { op: 'dropIndex', table: 'posts', name: 'posts_editor_id_idx' },
      { op: 'dropColumn', table: 'posts', column: 'editor_id' },
    ])
  })

  it('adds, drops and replaces checks', async () => {
    const positive = { name: 'posts_author_positive_check', expression: 'author_id > 0' }
    const before = table('posts', posts.columns, {
      checks: [{ name: 'posts_title_check', expression: "title <> ''" }, positive],
    })
    const longer = { name: 'posts_title_check', expression: 'length(title) > 2' }
    const after = table('posts', posts.columns, {
      checks: [longer, { name: 'posts_z_check', expression: 'id > 0' }],
    })
    const { ops, down } = await diffChecked(schema([before]), schema([after]))
    deepStrictEqual(ops, [
      { op: 'dropCheck', table: 'posts', name: 'posts_author_positive_check' },
      { op: 'dropCheck', table: 'posts', name: 'posts_title_check' },
      { op: 'addCheck', table: 'posts', check: longer },
      { op: 'addCheck', table: 'posts', check: { name: 'posts_z_check', expression: 'id > 0' } },
    ])
    deepStrictEqual(down, [
      { op: 'dropCheck', table: 'posts', name: 'posts_z_check' },
      { op: 'dropCheck', table: 'posts', name: 'posts_title_check' },
      { op: 'addCheck', table: 'posts', check: { name: 'posts_title_check', expression: "title <> ''" } },
      { op: 'addCheck', table: 'posts', check: positive },
    ])
  })

  it('changes the primary key, before dropping the column that held it', async () => {
    const tags = table('post_tags', [id(), col('post_id', 'bigint'), col('tag_id', 'bigint')], {
      primaryKey: { name: 'post_tags_pkey', columns: ['id'] },
    })
    const after = table('post_tags', [col('post_id', 'bigint'), col('tag_id', 'bigint')], {
      primaryKey: { name: 'post_tags_pkey', columns: ['post_id', 'tag_id'] },
    })
    const { ops, down } = await diffChecked(schema([tags]), schema([after]))
    deepStrictEqual(ops, [
      {
        op: 'alterPrimaryKey',
        table: 'post_tags',
        from: { name: 'post_tags_pkey', columns: ['id'] },
        to: { name: 'post_tags_pkey', columns: ['post_id', 'tag_id'] },
      },
      { op: 'dropColumn', table: 'post_tags', column: 'id' },
    ])
    deepStrictEqual(down, [
      { op: 'addColumn', table: 'post_tags', column: id() },
      {
        op: 'alterPrimaryKey',
        table: 'post_tags',
        from: { name: 'post_tags_pkey', columns: ['post_id', 'tag_id'] },
        to: { name: 'post_tags_pkey', columns: ['id'] },
      },
    ])
  })

  it('adds and removes a primary key (null when none)', async () => {
    const keyless = table('logs', [col('line', 'text')], { primaryKey: undefined })
    const keyed = table('logs', [col('line', 'text')], { primaryKey: { name: 'logs_pkey', columns: ['line'] } })
    const { ops, down } = await diffChecked(schema([keyless]), schema([keyed]))
    deepStrictEqual(ops, [
      { op: 'alterPrimaryKey', table: 'logs', from: null, to: { name: 'logs_pkey', columns: ['line'] } },
    ])
    deepStrictEqual(down, [
      { op: 'alterPrimaryKey', table: 'logs', from: { name: 'logs_pkey', columns: ['line'] }, to: null },
    ])
  })

  it('drops and re-adds an unchanged foreign key whose referenced column changes type', async () => {
    const before = [table('posts', posts.columns, { foreignKeys: [authorFk] }), users]
    const after = [
      table('posts', [id(), col('title', 'string'), col('author_id', 'uuid')], { foreignKeys: [authorFk] }),
      table('users', [col('id', 'uuid'), col('email', 'string', { length: 320 })]),
    ]
    const { ops } = await diffChecked(schema(before), schema(after))
    deepStrictEqual(ops, [
      { op: 'dropForeignKey', table: 'posts', name: 'posts_author_id_fkey' },
      {
        op: 'alterColumn',
        table: 'posts',
        column: 'author_id',
        from: { type: 'bigint' },
        to: { type: 'uuid' },
      },
      {
        op: 'alterColumn',
        table: 'users',
        column: 'id',
        from: { type: 'bigint', autoincrement: true },
        to: { type: 'uuid' },
      },
      { op: 'addForeignKey', table: 'posts', foreignKey: authorFk },
    ])
  })

  it('drops and re-adds a foreign key whose target primary key is replaced', async () => {
    const before = [table('posts', posts.columns, { foreignKeys: [authorFk] }), users]
    const after = [
      table('posts', posts.columns, { foreignKeys: [authorFk] }),
      table('users', users.columns, { primaryKey: { name: 'users_id_pk', columns: ['id'] } }),
    ]
    const { ops } = await diffChecked(schema(before), schema(after))
    deepStrictEqual(ops, [
      { op: 'dropForeignKey', table: 'posts', name: 'posts_author_id_fkey' },
      {
        op: 'alterPrimaryKey',
        table: 'users',
        from: { name: 'users_pkey', columns: ['id'] },
        to: { name: 'users_id_pk', columns: ['id'] },
      },
      { op: 'addForeignKey', table: 'posts', foreignKey: authorFk },
    ])
  })
})
