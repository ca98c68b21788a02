import { deepStrictEqual } from 'node:assert/strict'
import type { ForeignKey } from '../../src/schema/model'
import { col, diffChecked, id, schema, table } from './helpers'

const fk = (name: string, columns: string[], target: string, extra: Partial<ForeignKey> = {}): ForeignKey => ({
  name,
  columns,
  references: { table: target, columns: ['id'] },
  ...extra,
})

describe('diff: tables', () => {
  const users = table('users', [id(), col('email', 'string', { length: 320 })])

  it('creates a table, and drops it on the way down', async () => {
    const { ops, down } = await diffChecked(schema([]), schema([users]))
    deepStrictEqual(ops, [{ op: 'createTable', table: users }])
    deepStrictEqual(down, [{ op: 'dropTable', name: 'users' }])
  })

  it('drops a table, and recreates it in full on the way down', async () => {
    const tags = table('tags', [id(), col('name', 'string', { length: 50 })], {
      uniques: [{ name: 'tags_name_key', columns: ['name'] }],
    })
    const { ops, down } = await diffChecked(schema([tags, users]), schema([users]))
    deepStrictEqual(ops, [{ op: 'dropTable', name: 'tags' }])
    deepStrictEqual(down, [{ op: 'createTable', table: tags }])
  })

  it('creates tables in dependency order with their foreign keys inline', async () => {
    const posts = table('posts', [id(), col('author_id', 'bigint')], {
      foreignKeys: [fk('posts_author_id_fkey', ['author_id'], 'users', { onDelete: 'cascade' })],
      indexes: [{ name: 'posts_author_id_idx', columns: ['author_id'] }],
    })
    // "a_comments" sorts before "users" but must come after it.
    const comments = table('a_comments', [id(), col('post_id', 'bigint')], {
      foreignKeys: [fk('a_comments_post_id_fkey', ['post_id'], 'posts')],
    })
    const { ops, down } = await diffChecked(schema([]), schema([comments, posts, users]))
    deepStrictEqual(ops, [
      { op: 'createTable', table: users },
      { op: 'createTable', table: posts },
      { op: 'createTable', table: comments },
    ])
    deepStrictEqual(down, [
      { op: 'dropTable', name: 'a_comments' },
      { op: 'dropTable', name: 'posts' },
      { op: 'dropTable', name: 'users' },
    ])
  })

  it('keeps a self-reference inline', async () => {
    const nodes = table('nodes', [id(), col('parent_id', 'bigint', { nullable: true })], {
      foreignKeys: [fk('nodes_parent_id_fkey', ['parent_id'], 'nodes')],
    })
    const { ops } = await diffChecked(schema([]), schema([nodes]))
    deepStrictEqual(ops, [{ op: 'createTable', table: nodes }])
  })

  it('creates a cycle without its foreign keys, then adds them', async () => {
    const aFk = fk('a_b_id_fkey', ['b_id'], 'b')
    const bFk = fk('b_a_id_fkey', ['a_id'], 'a')
    const a = table('a', [id(), col('b_id', 'bigint', { nullable: true })], { foreignKeys: [aFk] })
    const b = table('b', [id(), col('a_id', 'bigint', { nullable: true })], { foreignKeys: [bFk] })
    const { ops, down } = await diffChecked(schema([]), schema([a, b]))
    deepStrictEqual(ops, [
      { op: 'createTable', table: { ...a, foreignKeys: [] } },
      { op: 'createTable', table: b },
      { op: 'addForeignKey', table: 'a', foreignKey: aFk },
    ])
    deepStrictEqual(down, [
      { op: 'dropForeignKey', table: 'a', name: 'a_b_id_fkey' },
      { op: 'dropTable', name: 'b' },
      { op: 'dropTable', name: 'a' },
    ])
  })

  it('drops two tables that reference each other: foreign keys first', async () => {
    const aFk = fk('a_b_id_fkey', ['b_id'], 'b')
    const bFk = fk('b_a_id_fkey', ['a_id'], 'a')
    const a = table('a', [id(), col('b_id', 'bigint', { nullable: true })], { foreignKeys: [aFk] })
    const b = table('b', [id(), col('a_id', 'bigint', { nullable: true })], { foreignKeys: [bFk] })
    const { ops, down } = await diffChecked(schema([a, b, users]), schema([users]))
    deepStrictEqual(ops, [
      { op: 'dropForeignKey', table: 'b', name: 'b_a_id_fkey' },
      { op: 'dropTable', name: 'a' },
      { op: 'dropTable', name: 'b' },
    ])
    deepStrictEqual(down, [
      { op: 'createTable', table: { ...b, foreignKeys: [] } },
      { op: 'createTable', table: a },
      { op: 'addForeignKey', table: 'b', foreignKey: bFk },
    ])
  })

  it('drops referencing tables before the tables they reference, and their foreign keys go with them', async () => {
    const posts = table('posts', [id(), col('author_id', 'bigint')], {
      foreignKeys: [fk('posts_author_id_fkey', ['author_id'], 'users')],
    })
    const { ops, down } = await diffChecked(schema([posts, users]), schema([]))
    deepStrictEqual(ops, [
      { op: 'dropTable', name: 'posts' },
      { op: 'dropTable', name: 'users' },
    ])
    deepStrictEqual(down, [
      { op: 'createTable', table: users },
      { op: 'createTable', table: posts },
    ])
  })

  it('drops the foreign key of a kept table before dropping its target', async () => {
    const posts = table('posts', [id(), col('author_id', 'bigint')], {
      foreignKeys: [fk('posts_author_id_fkey', ['author_id'], 'users')],
    })
    const postsAfter = table('posts', [id()])
    const { ops } = await diffChecked(schema([posts, users]), schema([postsAfter]))
    deepStrictEqual(ops, [
      { op: 'dropForeignKey', table: 'posts', name: 'posts_author_id_fkey' },
      { op: 'dropTable', name: 'users' },
      { op: 'dropColumn', table: 'posts', column: 'author_id' },
    ])
  })

  it('keeps inline the foreign key of a new table to an existing table whose key stays', async () => {
    const postsFk = fk('posts_author_id_fkey', ['author_id'], 'users')
    const posts = table('posts', [id(), col('author_id', 'bigint')], { foreignKeys: [postsFk] })
    const usersAfter = table('users', [...users.columns, col('name', 'text', { nullable: true })])
    const { ops } = await diffChecked(schema([users]), schema([posts, usersAfter]))
    deepStrictEqual(ops, [
      { op: 'createTable', table: posts },
      { op: 'addColumn', table: 'users', column: col('name', 'text', { nullable: true }) },
    ])
  })

  it('defers the foreign key of a new table to an existing table whose key changes', async () => {
    const usersAfter = table('users', [col('id', 'uuid'), col('email', 'string', { length: 320 })])
    const postsFk = fk('posts_author_id_fkey', ['author_id'], 'users')
    const posts = table('posts', [id(), col('author_id', 'uuid')], { foreignKeys: [postsFk] })
    const { ops } = await diffChecked(schema([users]), schema([posts, usersAfter]))
    deepStrictEqual(ops, [
      { op: 'createTable', table: { ...posts, foreignKeys: [] } },
      {
        op: 'alterColumn',
        table: 'users',
        column: 'id',
        from: { type: 'bigint', autoincrement: true },
        to: { type: 'uuid' },
      },
      { op: 'addForeignKey', table: 'posts', foreignKey: postsFk },
    ])
  })

  it('renames a table from a hint with the constraints and indexes named after it', async () => {
    const before = table('people', [id(), col('email', 'string')], {
      primaryKey: { name: 'people_pkey', columns: ['id'] },
      indexes: [{ name: 'people_email_idx', columns: ['email'] }],
    })
    const after = table('users', [id(), col('email', 'string')], {
      indexes: [{ name: 'users_email_idx', columns: ['email'] }],
    })
    const { ops, down, warnings } = await diffChecked(schema([before]), schema([after]), {
      hints: { tables: { users: 'people' }, columns: {} },
    })
    deepStrictEqual(warnings, [])
    deepStrictEqual(ops, [
      { op: 'renameTable', from: 'people', to: 'users', renames: { people_pkey: 'users_pkey', people_email_idx: 'users_email_idx' } },
    ])
    deepStrictEqual(down, [
      { op: 'renameTable', from: 'users', to: 'people', renames: { users_pkey: 'people_pkey', users_email_idx: 'people_email_idx' } },
    ])
  })

  it('a renamed table\'s constraint whose definition changes too is replaced, not renamed', async () => {
    const before = table('people', [id(), col('email', 'string'), col('name', 'string')], {
      primaryKey: { name: 'people_pkey', columns: ['id'] },
      indexes: [{ name: 'people_email_idx', columns: ['email'] }],
    })
    const after = table('users', [id(), col('email', 'string'), col('name', 'string')], {
      indexes: [{ name: 'users_email_idx', columns: ['email', 'name'] }],
    })
    const { ops } = await diffChecked(schema([before]), schema([after]), { hints: { tables: { users: 'people' }, columns: {} } })
    deepStrictEqual(ops, [
      { op: 'renameTable', from: 'people', to: 'users', renames: { people_pkey: 'users_pkey' } },
      { op: 'dropIndex', table: 'users', name: 'people_email_idx' },
      { op: 'addIndex', table: 'users', index: { name: 'users_email_idx', columns: ['email', 'name'] } },
    ])
  })

  it('follows a renamed table in the foreign keys of other tables', async () => {
    const posts = table('posts', [id(), col('author_id', 'bigint')], {
      foreignKeys: [fk('posts_author_id_fkey', ['author_id'], 'people')],
    })
    const people = table('people', [id()], { primaryKey: { name: 'users_pkey', columns: ['id'] } })
    const postsAfter = table('posts', [id(), col('author_id', 'bigint')], {
      foreignKeys: [fk('posts_author_id_fkey', ['author_id'], 'users')],
    })
    const { ops } = await diffChecked(schema([people, posts]), schema([postsAfter, table('users', [id()])]), {
      hints: { tables: { users: 'people' }, columns: {} },
    })
    deepStrictEqual(ops, [{ op: 'renameTable', from: 'people', to: 'users' }])
  })
})
