import { deepStrictEqual } from 'node:assert/strict'
import { diff } from '../../src/diff/diff'
import { type DiffResolver, fixedResolver } from '../../src/diff/rename'
import { col, diffChecked, id, schema, table } from './helpers'

/** Records the questions and confirms every rename. */
function yesResolver(asked: string[]): DiffResolver {
  return {
    ...fixedResolver(),
    confirmColumnRename: async (t, a, b) => {
      asked.push(`column ${t}.${a} -> ${b}`)
      return true
    },
    confirmTableRename: async (a, b) => {
      asked.push(`table ${a} -> ${b}`)
      return true
    },
  }
}

describe('diff: renames', () => {
  const before = table('posts', [id(), col('permalink', 'string', { length: 200, nullable: true })], {
    indexes: [{ name: 'posts_permalink_idx', columns: ['permalink'] }],
  })
  const after = table('posts', [id(), col('slug', 'string', { length: 200, nullable: true })], {
    indexes: [{ name: 'posts_slug_idx', columns: ['slug'] }],
  })
  const hints = { tables: {}, columns: { posts: { slug: 'permalink' } } }

  it('renames a column from a hint, and the index named after it with it', async () => {
    const { ops, down, warnings } = await diffChecked(schema([before]), schema([after]), { hints })
    deepStrictEqual(warnings, [])
    deepStrictEqual(ops, [{ op: 'renameColumn', table: 'posts', from: 'permalink', to: 'slug', renames: { posts_permalink_idx: 'posts_slug_idx' } }])
    deepStrictEqual(down, [{ op: 'renameColumn', table: 'posts', from: 'slug', to: 'permalink', renames: { posts_slug_idx: 'posts_permalink_idx' } }])
  })

  it('renames first, then alters the renamed column', async () => {
    const wider = table('posts', [id(), col('slug', 'text')], {
      indexes: [{ name: 'posts_slug_idx', columns: ['slug'] }],
    })
    const { ops } = await diffChecked(schema([before]), schema([wider]), {
      hints,
      resolver: fixedResolver({ fills: { 'posts.slug': '' } }),
    })
    deepStrictEqual(ops, [
      { op: 'renameColumn', table: 'posts', from: 'permalink', to: 'slug', renames: { posts_permalink_idx: 'posts_slug_idx' } },
      {
        op: 'alterColumn',
        table: 'posts',
        column: 'slug',
        from: { type: 'string', length: 200, nullable: true },
        to: { type: 'text', nullable: false },
        fill: '',
      },
    ])
  })

  it('renames a column inside the generation expressions that use it: no change of the generated column follows', async () => {
    const gen = (of: string) => col('twice', 'bigint', { nullable: true, generated: { expression: `"${of}" * 2`, stored: true } })
    const from = schema([table('items', [id(), col('qty', 'integer'), gen('qty')])])
    const to = schema([table('items', [id(), col('amount', 'integer'), gen('amount')])])
    const { ops, down } = await diffChecked(from, to, { hints: { tables: {}, columns: { items: { amount: 'qty' } } } })
    deepStrictEqual(ops, [{ op: 'renameColumn', table: 'items', from: 'qty', to: 'amount' }])
    deepStrictEqual(down, [{ op: 'renameColumn', table: 'items', from: 'amount', to: 'qty' }])
  })

  it('ignores a stale hint quietly: the rename was made by an earlier migration', async () => {
    const result = await diff(schema([after]), schema([after]), { hints, resolver: fixedResolver() })
    deepStrictEqual(result, { operations: [], warnings: [] })
  })

  it('warns about a hint whose old column never existed', async () => {
    const plain = table('posts', [id()])
    const { ops, warnings } = await diffChecked(schema([plain]), schema([after]), { hints })
    deepStrictEqual(warnings, [
      'rename hint on column "posts.slug" (renamedFrom: permalink) ignored: column "posts.permalink" does not exist in the snapshot',
    ])
    deepStrictEqual(ops, [
      { op: 'addColumn', table: 'posts', column: after.columns[1] },
      { op: 'addIndex', table: 'posts', index: { name: 'posts_slug_idx', columns: ['slug'] } },
    ])
  })

  it('without a hint and without confirmation: drop + add, and a warning', async () => {
    const { ops, warnings } = await diffChecked(schema([before]), schema([after]))
    deepStrictEqual(warnings, [
      'treated posts.permalink -> posts.slug as drop + add; add renamedFrom to keep the data',
    ])
    deepStrictEqual(ops, [
      { op: 'dropIndex', table: 'posts', name: 'posts_permalink_idx' },
      { op: 'addColumn', table: 'posts', column: after.columns[1] },
      { op: 'dropColumn', table: 'posts', column: 'permalink' },
      { op: 'addIndex', table: 'posts', index: { name: 'posts_slug_idx', columns: ['slug'] } },
    ])
  })

  it('renames when the resolver confirms the candidate', async () => {
    const asked: string[] = []
    const { ops, warnings } = await diffChecked(schema([before]), schema([after]), { resolver: yesResolver(asked) })
    deepStrictEqual(asked, ['column posts.permalink -> slug'])
    deepStrictEqual(warnings, [])
    deepStrictEqual(ops[0], { op: 'renameColumn', table: 'posts', from: 'permalink', to: 'slug', renames: { posts_permalink_idx: 'posts_slug_idx' } })
  })

  it('asks nothing when the types differ', async () => {
    const asked: string[] = []
    const other = table('posts', [id(), col('views', 'integer', { nullable: true })])
    const { ops, warnings } = await diffChecked(schema([table('posts', [id(), col('permalink', 'text', { nullable: true })])]), schema([other]), {
      resolver: yesResolver(asked),
    })
    deepStrictEqual(asked, [])
    deepStrictEqual(warnings, [])
    deepStrictEqual(ops, [
      { op: 'addColumn', table: 'posts', column: other.columns[1] },
      { op: 'dropColumn', table: 'posts', column: 'permalink' },
    ])
  })

  it('asks nothing about ambiguous candidates, and warns', async () => {
    const asked: string[] = []
    const from = table('posts', [id(), col('a', 'text', { nullable: true }), col('b', 'text', { nullable: true })])
    const to = table('posts', [id(), col('c', 'text', { nullable: true }), col('d', 'text', { nullable: true })])
    const { warnings } = await diffChecked(schema([from]), schema([to]), { resolver: yesResolver(asked) })
    deepStrictEqual(asked, [])
    deepStrictEqual(warnings, [
      'columns "posts.a", "posts.b" dropped and "posts.c", "posts.d" added: treated as drop + add; add renamedFrom to keep the data of a renamed one',
    ])
  })

  it('renames a table with the same columns when confirmed, else warns', async () => {
    const old = table('people', [id(), col('email', 'string')], { primaryKey: { name: 'users_pkey', columns: ['id'] } })
    const users = table('users', [id(), col('email', 'string')])
    const asked: string[] = []
    const confirmed = await diffChecked(schema([old]), schema([users]), { resolver: yesResolver(asked) })
    deepStrictEqual(asked, ['table people -> users'])
    deepStrictEqual(confirmed.ops, [{ op: 'renameTable', from: 'people', to: 'users' }])
    deepStrictEqual(confirmed.down, [{ op: 'renameTable', from: 'users', to: 'people' }])

    const refused = await diffChecked(schema([old]), schema([users]))
    deepStrictEqual(refused.warnings, ['treated table people -> users as drop + add; add renamedFrom to keep the data'])
    deepStrictEqual(refused.ops, [
      { op: 'dropTable', name: 'people' },
      { op: 'createTable', table: users },
    ])
  })

  it('renames a table and one of its columns from hints', async () => {
    const old = table('articles', [id(), col('permalink', 'string', { length: 200, nullable: true })], {
      primaryKey: { name: 'posts_pkey', columns: ['id'] },
    })
    const target = table('posts', [id(), col('slug', 'string', { length: 200, nullable: true })])
    const { ops, down, warnings } = await diffChecked(schema([old]), schema([target]), {
      hints: { tables: { posts: 'articles' }, columns: { posts: { slug: 'permalink' } } },
      resolver: yesResolver([]),
    })
    deepStrictEqual(warnings, [])
    deepStrictEqual(ops, [
      { op: 'renameTable', from: 'articles', to: 'posts' },
      { op: 'renameColumn', table: 'posts', from: 'permalink', to: 'slug' },
    ])
    deepStrictEqual(down, [
      { op: 'renameColumn', table: 'posts', from: 'slug', to: 'permalink' },
      { op: 'renameTable', from: 'posts', to: 'articles' },
    ])
  })

  it('ignores stale table hints quietly and warns about impossible ones', async () => {
    const users = table('users', [id()])
    const stale = await diff(schema([users]), schema([users]), {
      hints: { tables: { users: 'people' }, columns: {} },
      resolver: fixedResolver(),
    })
    deepStrictEqual(stale, { operations: [], warnings: [] })
    const { ops, warnings } = await diffChecked(schema([]), schema([users]), {
      hints: { tables: { users: 'people' }, columns: {} },
    })
    deepStrictEqual(warnings, [
      'rename hint on table "users" (renamedFrom: people) ignored: table "people" does not exist in the snapshot',
    ])
    deepStrictEqual(ops, [{ op: 'createTable', table: users }])
  })

  it('ignores a hint whose old name is still defined', async () => {
    const people = table('people', [id()])
    const users = table('users', [id()])
    const { ops, warnings } = await diffChecked(schema([people]), schema([people, users]), {
      hints: { tables: { users: 'people' }, columns: {} },
    })
    deepStrictEqual(warnings, [
      'rename hint on table "users" (renamedFrom: people) ignored: "people" is still defined in the schema files',
    ])
    deepStrictEqual(ops, [{ op: 'createTable', table: users }])
  })
})
