import { deepStrictEqual, strictEqual } from 'node:assert/strict'
import { describeOperation, suggestName } from '../../src/diff/describe'
import type { Operation } from '../../src/diff/operations'
import { col, id, table } from './helpers'

describe('describeOperation', () => {
  const cases: [Operation, string][] = [
    [{ op: 'createTable', table: table('tags', [id()]) }, '+ table tags'],
    [{ op: 'dropTable', name: 'tags' }, '- table tags'],
    [{ op: 'renameTable', from: 'people', to: 'users' }, '~ table people renamed to users'],
    [{ op: 'addColumn', table: 'posts', column: col('slug', 'string', { length: 200, nullable: true }) }, '+ column posts.slug: string(200) null'],
    [{ op: 'addColumn', table: 'posts', column: col('rank', 'integer'), fill: 0 }, '+ column posts.rank: integer, existing rows 0'],
    [{ op: 'dropColumn', table: 'posts', column: 'slug' }, '- column posts.slug'],
    [{ op: 'renameColumn', table: 'posts', from: 'permalink', to: 'slug' }, '~ column posts.permalink renamed to slug'],
    [
      { op: 'alterColumn', table: 'posts', column: 'title', from: { type: 'string', length: 100 }, to: { type: 'string', length: 200 } },
      '~ column posts.title: string(100) -> string(200)',
    ],
    [
      {
        op: 'alterColumn',
        table: 'posts',
        column: 'created_at',
        from: { type: 'timestamp', nullable: true, default: null },
        to: { type: 'timestamp', timezone: true, nullable: false, default: { expr: 'now' } },
      },
      '~ column posts.created_at: timestamp -> timestamptz, null -> not null, no default -> default now()',
    ],
    [
      { op: 'alterColumn', table: 't', column: 'id', from: { type: 'bigint', autoincrement: true }, to: { type: 'decimal', precision: 10, scale: 2 } },
      '~ column t.id: bigint autoincrement -> decimal(10,2)',
    ],
    [{ op: 'addIndex', table: 'posts', index: { name: 'posts_title_idx', columns: ['title'] } }, '+ index posts_title_idx on posts (title)'],
    [
      { op: 'addIndex', table: 'users', index: { name: 'users_email_lower_key', expression: 'lower(email)', unique: true } },
      '+ unique index users_email_lower_key on users (lower(email))',
    ],
    [{ op: 'dropIndex', table: 'posts', name: 'posts_title_idx' }, '- index posts_title_idx'],
    [{ op: 'addUnique', table: 'posts', unique: { name: 'posts_a_b_key', columns: ['a', 'b'] } }, '+ unique posts_a_b_key on posts (a, b)'],
    [{ op: 'dropUnique', table: 'posts', name: 'posts_a_b_key' }, '- unique posts_a_b_key'],
    [
      {
        op: 'addForeignKey',
        table: 'posts',
        foreignKey: { name: 'posts_author_id_fkey', columns: ['author_id'], references: { table: 'users', columns: ['id'] } },
      },
      '+ foreign key posts_author_id_fkey: posts (author_id) -> users (id)',
    ],
    [{ op: 'dropForeignKey', table: 'posts', name: 'posts_author_id_fkey' }, '- foreign key posts_author_id_fkey'],
    [{ op: 'addCheck', table: 'users', check: { name: 'users_email_check', expression: "email LIKE '%@%'" } }, '+ check users_email_check on users'],
    [{ op: 'dropCheck', table: 'users', name: 'users_email_check' }, '- check users_email_check'],
    [
      { op: 'alterPrimaryKey', table: 't', from: null, to: { name: 't_pkey', columns: ['a', 'b'] } },
      '~ primary key t: none -> (a, b)',
    ],
    [{ op: 'createEnum', name: 'role', values: ['a', 'b'] }, '+ enum role (a, b)'],
    [{ op: 'alterEnum', name: 'role', from: ['a'], to: ['a', 'b'] }, '~ enum role: (a) -> (a, b)'],
    [{ op: 'dropEnum', name: 'role' }, '- enum role'],
    [{ op: 'setComment', table: 'posts', from: null, to: 'x' }, '~ comment table posts'],
    [{ op: 'setComment', table: 'posts', column: 'title', from: null, to: 'x' }, '~ comment posts.title'],
    [{ op: 'insert', table: 'posts', rows: [{ a: 1 }, { a: 2 }] }, '+ rows posts (2)'],
    [{ op: 'sql', up: 'SELECT 1' }, '! sql (irreversible)'],
  ]
  for (const [op, expected] of cases) {
    it(expected, () => strictEqual(describeOperation(op), expected))
  }
})

describe('suggestName', () => {
  const slug: Operation = { op: 'addColumn', table: 'posts', column: col('slug', 'string', { nullable: true }) }

  it('is initial for the first migration', () => {
    strictEqual(suggestName([{ op: 'createTable', table: table('users', [id()]) }], true), 'initial')
  })

  it('names one change', () => {
    deepStrictEqual(
      [
        suggestName([slug], false),
        suggestName([{ op: 'createTable', table: table('tags', [id()]) }], false),
        suggestName([{ op: 'dropColumn', table: 'posts', column: 'slug' }], false),
        suggestName([{ op: 'renameColumn', table: 'posts', from: 'permalink', to: 'slug' }], false),
        suggestName([{ op: 'dropIndex', table: 'posts', name: 'posts_title_idx' }], false),
      ],
      ['add_posts_slug', 'create_tags', 'drop_posts_slug', 'rename_posts_permalink_slug', 'drop_posts_title_idx'],
    )
  })

  it('leaves out the indexes and constraints that come with a column', () => {
    const ops: Operation[] = [
      slug,
      { op: 'addIndex', table: 'posts', index: { name: 'posts_slug_idx', columns: ['slug'] } },
    ]
    strictEqual(suggestName(ops, false), 'add_posts_slug')
  })

  it('joins several while they fit, then says and_more, then auto', () => {
    const tags: Operation = { op: 'createTable', table: table('tags', [id()]) }
    strictEqual(suggestName([tags, slug], false), 'create_tags_add_posts_slug')
    const long: Operation = { op: 'createTable', table: table('newsletter_subscriptions', [id()]) }
    strictEqual(suggestName([long, slug], false), 'create_newsletter_subscriptions_and_more')
    const longer: Operation = { op: 'createTable', table: table('a_very_long_table_name_for_subscriptions', [id()]) }
    strictEqual(suggestName([longer, slug], false), 'auto')
  })

  it('makes snake_case words of any name', () => {
    strictEqual(suggestName([{ op: 'createTable', table: table('Blog-Posts', [id()]) }], false), 'create_blog_posts')
  })

  it('is auto with nothing to name', () => {
    strictEqual(suggestName([], false), 'auto')
  })
})
