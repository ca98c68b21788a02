import { deepStrictEqual, rejects, strictEqual } from 'node:assert/strict'
import { diff } from '../../src/diff/diff'
import { type DiffResolver, fixedResolver } from '../../src/diff/rename'
import { UsageError } from '../../src/errors'
import { col, diffChecked, id, schema, table } from './helpers'

/** A resolver that fails the test when it is asked anything. */
const silent: DiffResolver = {
  confirmColumnRename: async (t, a, b) => {
    throw new Error(`unexpected rename question ${t}.${a} -> ${b}`)
  },
  confirmTableRename: async (a, b) => {
    throw new Error(`unexpected rename question ${a} -> ${b}`)
  },
  fillValue: async (t, c) => {
    throw new Error(`unexpected fill question ${t}.${c}`)
  },
}

describe('diff: columns', () => {
  const title = col('title', 'string', { length: 100 })
  const posts = table('posts', [id(), title])

  it('adds a nullable column without asking anything', async () => {
    const slug = col('slug', 'string', { length: 200, nullable: true })
    const { ops, down } = await diffChecked(schema([posts]), schema([table('posts', [id(), title, slug])]), {
      resolver: silent,
    })
    deepStrictEqual(ops, [{ op: 'addColumn', table: 'posts', column: slug }])
    deepStrictEqual(down, [{ op: 'dropColumn', table: 'posts', column: 'slug' }])
  })

  it('adds a NOT NULL column with a default without asking anything', async () => {
    const published = col('published', 'boolean', { default: false })
    const { ops } = await diffChecked(schema([posts]), schema([table('posts', [id(), title, published])]), {
      resolver: silent,
    })
    deepStrictEqual(ops, [{ op: 'addColumn', table: 'posts', column: published }])
  })

  it('never asks for a fill value in a new table', async () => {
    const { ops } = await diffChecked(schema([]), schema([posts]), { resolver: silent })
    deepStrictEqual(ops, [{ op: 'createTable', table: posts }])
  })

  it('asks for a one-off value when a NOT NULL column without default joins an existing table', async () => {
    const asked: string[] = []
    const resolver: DiffResolver = {
      ...fixedResolver(),
      fillValue: async (t, c, type) => {
        asked.push(`${t}.${c}:${type.type}`)
        return 'untitled'
      },
    }
    const slug = col('slug', 'string', { length: 200 })
    const { ops, down } = await diffChecked(schema([posts]), schema([table('posts', [id(), title, slug])]), {
      resolver,
    })
    deepStrictEqual(asked, ['posts.slug:string'])
    deepStrictEqual(ops, [{ op: 'addColumn', table: 'posts', column: slug, fill: 'untitled' }])
    deepStrictEqual(down, [{ op: 'dropColumn', table: 'posts', column: 'slug' }])
  })

  it('throws a UsageError naming --default when no fill value is given', async () => {
    const to = schema([table('posts', [id(), title, col('slug', 'string'), col('rank', 'integer')])])
    await rejects(diff(schema([posts]), to, { resolver: fixedResolver() }), (error: unknown) => {
      strictEqual(error instanceof UsageError, true)
      const e = error as UsageError
      strictEqual(e.code, 'E_USAGE')
      strictEqual(e.exitCode, 2)
      strictEqual(
        e.message,
        'posts.slug, posts.rank: NOT NULL without a default on an existing table, so its rows need a value: ' +
          'pass --default posts.slug=VALUE --default posts.rank=VALUE or add a default to the column',
      )
      return true
    })
  })

  it('takes fill values from fixedResolver fills', async () => {
    const rank = col('rank', 'integer')
    const { ops } = await diffChecked(schema([posts]), schema([table('posts', [id(), title, rank])]), {
      resolver: fixedResolver({ fills: { 'posts.rank': 0 } }),
    })
    deepStrictEqual(ops, [{ op: 'addColumn', table: 'posts', column: rank, fill: 0 }])
  })

  it('drops a column, and re-adds its whole definition on the way down', async () => {
    const body = col('body', 'text', { nullable: true, default: '', comment: 'the text' })
    const { ops, down } = await diffChecked(schema([table('posts', [id(), title, body])]), schema([posts]))
    deepStrictEqual(ops, [{ op: 'dropColumn', table: 'posts', column: 'body' }])
    deepStrictEqual(down, [{ op: 'addColumn', table: 'posts', column: body }])
  })

  it('drops a generated column before the column it is computed from, and re-adds it after on the way down', async () => {
    const qty = col('qty', 'integer')
    const twice = col('twice', 'bigint', { nullable: true, generated: { expression: '"qty" * 2', stored: true } })
    const { ops, down } = await diffChecked(schema([table('posts', [id(), qty, twice, title])]), schema([posts]))
    deepStrictEqual(ops, [
      { op: 'dropColumn', table: 'posts', column: 'twice' },
      { op: 'dropColumn', table: 'posts', column: 'qty' },
    ])
    deepStrictEqual(down, [
      { op: 'addColumn', table: 'posts', column: qty, fill: 0 },
      { op: 'addColumn', table: 'posts', column: twice },
    ])
  })

  it('drops the indexes and uniques over a column before the column', async () => {
    const slug = col('slug', 'string')
    const before = table('posts', [id(), title, slug], {
      indexes: [{ name: 'posts_slug_idx', columns: ['slug'] }],
      uniques: [{ name: 'posts_title_slug_key', columns: ['title', 'slug'] }],
    })
    const { ops, down } = await diffChecked(schema([before]), schema([posts]))
    deepStrictEqual(ops, [
      { op: 'dropUnique', table: 'posts', name: 'posts_title_slug_key' },
      { op: 'dropIndex', table: 'posts', name: 'posts_slug_idx' },
      { op: 'dropColumn', table: 'posts', column: 'slug' },
    ])
    // A NOT NULL column without a default comes back with a fill (the placeholder of its type).
    deepStrictEqual(down, [
      { op: 'addColumn', table: 'posts', column: slug, fill: '' },
      { op: 'addIndex', table: 'posts', index: { name: 'posts_slug_idx', columns: ['slug'] } },
      { op: 'addUnique', table: 'posts', unique: { name: 'posts_title_slug_key', columns: ['title', 'slug'] } },
    ])
  })

  it('changes a type with the whole TypeSpec on both sides', async () => {
    const { ops, down } = await diffChecked(
      schema([posts]),
      schema([table('posts', [id(), col('title', 'string', { length: 200 })])]),
    )
    deepStrictEqual(ops, [
      {
        op: 'alterColumn',
        table: 'posts',
        column: 'title',
        from: { type: 'string', length: 100 },
        to: { type: 'string', length: 200 },
      },
    ])
    deepStrictEqual(down, [
      {
        op: 'alterColumn',
        table: 'posts',
        column: 'title',
        from: { type: 'string', length: 200 },
        to: { type: 'string', length: 100 },
      },
    ])
  })

  it('drops type options that the new type does not have', async () => {
    const price = col('price', 'decimal', { precision: 10, scale: 2 })
    const { ops } = await diffChecked(
      schema([table('posts', [id(), price])]),
      schema([table('posts', [id(), col('price', 'double')])]),
    )
    deepStrictEqual(ops, [
      {
        op: 'alterColumn',
        table: 'posts',
        column: 'price',
        from: { type: 'decimal', precision: 10, scale: 2 },
        to: { type: 'double' },
      },
    ])
  })

  it('treats an autoincrement change as a type change', async () => {
    const { ops } = await diffChecked(
      schema([posts]),
      schema([table('posts', [col('id', 'bigint'), title])]),
    )
    deepStrictEqual(ops, [
      {
        op: 'alterColumn',
        table: 'posts',
        column: 'id',
        from: { type: 'bigint', autoincrement: true },
        to: { type: 'bigint' },
      },
    ])
  })

  it('makes a column NOT NULL with a fill value, and nullable again on the way down', async () => {
    const before = table('posts', [id(), col('title', 'string', { length: 100, nullable: true })])
    const { ops, down } = await diffChecked(schema([before]), schema([posts]), {
      resolver: fixedResolver({ fills: { 'posts.title': '' } }),
    })
    deepStrictEqual(ops, [
      { op: 'alterColumn', table: 'posts', column: 'title', from: { nullable: true }, to: { nullable: false }, fill: '' },
    ])
    deepStrictEqual(down, [
      { op: 'alterColumn', table: 'posts', column: 'title', from: { nullable: false }, to: { nullable: true } },
    ])
  })

  it('asks no fill value when the column becomes NOT NULL with a default', async () => {
    const before = table('posts', [id(), col('title', 'string', { length: 100, nullable: true })])
    const after = table('posts', [id(), col('title', 'string', { length: 100, default: 'untitled' })])
    const { ops } = await diffChecked(schema([before]), schema([after]), { resolver: silent })
    deepStrictEqual(ops, [
      {
        op: 'alterColumn',
        table: 'posts',
        column: 'title',
        from: { nullable: true, default: null },
        to: { nullable: false, default: 'untitled' },
      },
    ])
  })

  it('throws the UsageError when a column becomes NOT NULL without default and no fill', async () => {
    const before = table('posts', [id(), col('title', 'string', { length: 100, nullable: true })])
    await rejects(diff(schema([before]), schema([posts]), { resolver: fixedResolver() }), /--default posts\.title=VALUE/)
  })

  it('changes a default: literal to expression, and removes one (null)', async () => {
    const before = table('posts', [id(), col('created_at', 'timestamp', { default: '2020-01-01' }), col('n', 'integer', { default: 1 })])
    const after = table('posts', [id(), col('created_at', 'timestamp', { default: { expr: 'now' } }), col('n', 'integer')])
    const { ops, down } = await diffChecked(schema([before]), schema([after]))
    deepStrictEqual(ops, [
      {
        op: 'alterColumn',
        table: 'posts',
        column: 'created_at',
        from: { default: '2020-01-01' },
        to: { default: { expr: 'now' } },
      },
      { op: 'alterColumn', table: 'posts', column: 'n', from: { default: 1 }, to: { default: null } },
    ])
    deepStrictEqual(down, [
      { op: 'alterColumn', table: 'posts', column: 'n', from: { default: null }, to: { default: 1 } },
      {
        op: 'alterColumn',
        table: 'posts',
        column: 'created_at',
        from: { default: { expr: 'now' } },
        to: { default: '2020-01-01' },
      },
    ])
  })

  it('puts type, nullable and default of one column into one alterColumn', async () => {
    const after = table('posts', [id(), col('title', 'text', { nullable: true, default: 'x' })])
    const { ops } = await diffChecked(schema([posts]), schema([after]))
    deepStrictEqual(ops, [
      {
        op: 'alterColumn',
        table: 'posts',
        column: 'title',
        from: { type: 'string', length: 100, nullable: false, default: null },
        to: { type: 'text', nullable: true, default: 'x' },
      },
    ])
  })

  it('sets column and table comments with setComment', async () => {
    const after = table('posts', [id(), col('title', 'string', { length: 100, comment: 'shown in lists' })], {
      comment: 'Blog posts',
    })
    const { ops, down } = await diffChecked(schema([posts]), schema([after]))
    deepStrictEqual(ops, [
      { op: 'setComment', table: 'posts', from: null, to: 'Blog posts' },
      { op: 'setComment', table: 'posts', column: 'title', from: null, to: 'shown in lists' },
    ])
    deepStrictEqual(down, [
      { op: 'setComment', table: 'posts', column: 'title', from: 'shown in lists', to: null },
      { op: 'setComment', table: 'posts', from: 'Blog posts', to: null },
    ])
  })

  it('ignores column positions', async () => {
    const shuffled = table('posts', [title, id()])
    const result = await diff(schema([posts]), schema([shuffled]), { resolver: silent })
    deepStrictEqual(result, { operations: [], warnings: [] })
  })

  it('does not count properties stated at their default as changes', async () => {
    const explicit = table('posts', [
      col('id', 'bigint', { autoincrement: true }),
      col('title', 'string', { length: 100, nullable: false }),
    ])
    const result = await diff(schema([posts]), schema([explicit]), { resolver: silent })
    deepStrictEqual(result.operations, [])
  })
})
