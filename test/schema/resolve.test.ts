import assert from 'node:assert/strict'
import { join } from 'node:path'
import { loadSchemaFiles, loadSchemaSources } from '../../src/schema/load'
import type { Schema } from '../../src/schema/model'
import { fitIdentifier } from '../../src/schema/naming'

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'schemas')

/** SPEC §2's example (test/fixtures/schemas/blog), resolved by hand. */
const BLOG: Schema = {
  tables: [
    {
      name: 'posts',
      columns: [
        { name: 'id', type: 'uuid', default: { expr: 'uuid' } },
        { name: 'title', type: 'string', length: 200 },
        { name: 'body', type: 'text' },
        { name: 'published', type: 'boolean', default: false },
        { name: 'slug', type: 'string', length: 200 },
        { name: 'author_id', type: 'bigint' },
        { name: 'editor_id', type: 'bigint', nullable: true },
      ],
      primaryKey: { name: 'posts_pkey', columns: ['id'] },
      uniques: [{ name: 'posts_author_id_slug_key', columns: ['author_id', 'slug'] }],
      indexes: [
        { name: 'posts_author_id_idx', columns: ['author_id'] },
        { name: 'posts_editor_id_idx', columns: ['editor_id'] },
      ],
      foreignKeys: [
        { name: 'posts_author_id_fkey', columns: ['author_id'], references: { table: 'users', columns: ['id'] }, onDelete: 'cascade' },
        { name: 'posts_editor_id_fkey', columns: ['editor_id'], references: { table: 'users', columns: ['id'] }, onDelete: 'set null' },
      ],
      checks: [],
    },
    {
      name: 'posts_tags',
      columns: [
        { name: 'posts_id', type: 'uuid' },
        { name: 'tags_id', type: 'bigint' },
      ],
      primaryKey: { name: 'posts_tags_pkey', columns: ['posts_id', 'tags_id'] },
      uniques: [],
      indexes: [{ name: 'posts_tags_tags_id_idx', columns: ['tags_id'] }],
      foreignKeys: [
        { name: 'posts_tags_posts_id_fkey', columns: ['posts_id'], references: { table: 'posts', columns: ['id'] }, onDelete: 'cascade' },
        { name: 'posts_tags_tags_id_fkey', columns: ['tags_id'], references: { table: 'tags', columns: ['id'] }, onDelete: 'cascade' },
      ],
      checks: [],
    },
    {
      name: 'tags',
      columns: [
        { name: 'id', type: 'bigint', autoincrement: true },
        { name: 'name', type: 'string', length: 50 },
      ],
      primaryKey: { name: 'tags_pkey', columns: ['id'] },
      uniques: [{ name: 'tags_name_key', columns: ['name'] }],
      indexes: [],
      foreignKeys: [],
      checks: [],
    },
    {
      name: 'users',
      comment: 'People who can sign in',
      columns: [
        { name: 'id', type: 'bigint', autoincrement: true },
        { name: 'email', type: 'string', length: 320 },
        { name: 'display_name', type: 'string' },
        { name: 'bio', type: 'text', nullable: true },
        { name: 'role', type: 'enum', enum: 'users_role', default: 'reader' },
        { name: 'created_at', type: 'timestamp', timezone: true, default: { expr: 'now' } },
      ],
      primaryKey: { name: 'users_pkey', columns: ['id'] },
      uniques: [{ name: 'users_email_key', columns: ['email'] }],
      indexes: [
        { name: 'users_created_at_idx', columns: ['created_at'], where: "role = 'admin'" },
        { name: 'users_display_name_idx', columns: ['display_name'] },
        { name: 'users_email_lower_key', expression: 'lower(email)', unique: true },
      ],
      foreignKeys: [],
      checks: [{ name: 'users_email_has_at', expression: "email LIKE '%@%'" }],
    },
  ],
  enums: [{ name: 'users_role', values: ['admin', 'editor', 'reader'] }],
}

function load(yaml: string): Schema {
  return loadSchemaSources([{ file: 'schemas/a.yaml', content: yaml }]).schema
}

describe('schema files: resolution', () => {
  it('resolves the SPEC §2 example to the exact model', async () => {
    const loaded = await loadSchemaFiles(join(FIXTURES, 'blog'), { cwd: FIXTURES })
    assert.deepEqual(loaded.schema, BLOG)
    assert.deepEqual(loaded.hints, { tables: {}, columns: { posts: { slug: 'permalink' } } })
    assert.deepEqual(loaded.files, ['blog/accounts.yaml', 'blog/blog.yaml'])
    assert.deepEqual(loaded.warnings, [])
  })

  it('gives deep-equal, identically serialised results when loading the same files twice', async () => {
    const a = await loadSchemaFiles(join(FIXTURES, 'blog'), { cwd: FIXTURES })
    const b = await loadSchemaFiles(join(FIXTURES, 'blog'), { cwd: FIXTURES })
    assert.deepEqual(a, b)
    assert.equal(JSON.stringify(a.schema), JSON.stringify(b.schema))
  })

  it('keeps declared column order, with the implicit id first', () => {
    const schema = load('tables:\n  notes:\n    columns:\n      body: text\n      at: timestamp\n')
    assert.deepEqual(schema.tables[0].columns.map((c) => c.name), ['id', 'body', 'at'])
    assert.deepEqual(schema.tables[0].primaryKey, { name: 'notes_pkey', columns: ['id'] })
  })

  it('builds composite keys from primaryKey: true on several columns or a table-level list', () => {
    const a = load('tables:\n  m:\n    columns:\n      a: { type: integer, primaryKey: true }\n      b: { type: integer, primaryKey: true }\n')
    const b = load('tables:\n  m:\n    columns:\n      a: integer\n      b: integer\n    primaryKey: [a, b]\n')
    assert.deepEqual(a.tables[0].primaryKey, { name: 'm_pkey', columns: ['a', 'b'] })
    assert.deepEqual(b, a)
  })

  it('names a self-referencing many-to-many from_/to_, and honours through: and columns:', () => {
    const schema = load(
      'tables:\n  people:\n    relations:\n      friends: { manyToMany: people }\n      groups: { manyToMany: teams, through: memberships, columns: [member_id, team_id] }\n  teams:\n    columns:\n      code: { type: string, length: 8, primaryKey: true }\n',
    )
    const friends = schema.tables.find((t) => t.name === 'people_friends')
    assert.deepEqual(friends?.columns, [
      { name: 'from_id', type: 'bigint' },
      { name: 'to_id', type: 'bigint' },
    ])
    assert.deepEqual(friends?.foreignKeys.map((f) => [f.name, f.references.table, f.onDelete]), [
      ['people_friends_from_id_fkey', 'people', 'cascade'],
      ['people_friends_to_id_fkey', 'people', 'cascade'],
    ])
    const memberships = schema.tables.find((t) => t.name === 'memberships')
    assert.deepEqual(memberships?.columns, [
      { name: 'member_id', type: 'bigint' },
      { name: 'team_id', type: 'string', length: 8 },
    ])
    assert.deepEqual(memberships?.primaryKey, { name: 'memberships_pkey', columns: ['member_id', 'team_id'] })
    assert.deepEqual(memberships?.indexes, [{ name: 'memberships_team_id_idx', columns: ['team_id'] }])
  })

  it('makes belongsTo unique a one-to-one (unique, no index), honours column: and index: false, and types through chains', () => {
    const schema = load(
      [
        'tables:',
        '  users:',
        '    columns:',
        '      handle: { type: string, length: 30, primaryKey: true }',
        '  profiles:',
        '    primaryKey: [user_handle]',
        '    relations:',
        '      user: { belongsTo: users, column: user_handle, unique: true, onUpdate: cascade }',
        '  avatars:',
        '    relations:',
        '      profile: { belongsTo: profiles, index: false, onDelete: no action }',
        '',
      ].join('\n'),
    )
    const profiles = schema.tables.find((t) => t.name === 'profiles')
    assert.deepEqual(profiles?.columns, [{ name: 'user_handle', type: 'string', length: 30 }])
    assert.deepEqual(profiles?.uniques, [{ name: 'profiles_user_handle_key', columns: ['user_handle'] }])
    assert.deepEqual(profiles?.indexes, [])
    assert.deepEqual(profiles?.foreignKeys, [
      { name: 'profiles_user_handle_fkey', columns: ['user_handle'], references: { table: 'users', columns: ['handle'] }, onUpdate: 'cascade' },
    ])
    const avatars = schema.tables.find((t) => t.name === 'avatars')
    assert.deepEqual(avatars?.columns, [
      { name: 'id', type: 'bigint', autoincrement: true },
      { name: 'profile_id', type: 'string', length: 30 },
    ])
    assert.deepEqual(avatars?.indexes, [])
    assert.deepEqual(avatars?.foreignKeys, [
      { name: 'avatars_profile_id_fkey', columns: ['profile_id'], references: { table: 'profiles', columns: ['user_handle'] } },
    ])
  })

  it('turns references and foreignKeys into foreign keys', () => {
    const schema = load(
      [
        'tables:',
        '  users:',
        '    columns:',
        '      email: { type: string, length: 320, unique: true }',
        '  regions:',
        '    columns:',
        '      country: { type: string, length: 2 }',
        '      code: { type: string, length: 8 }',
        '    primaryKey: [country, code]',
        '  posts:',
        '    columns:',
        '      author_id: { type: bigint, references: users.id }',
        '      owner: { type: bigint, references: users }',
        '      contact: { type: string, length: 320, references: { table: users, column: email, onDelete: set null }, nullable: true }',
        '      country: { type: string, length: 2 }',
        '      region: { type: string, length: 8 }',
        '    foreignKeys:',
        '      - { columns: [country, region], references: { table: regions, columns: [country, code] }, onDelete: restrict }',
        '      - { name: posts_region_named, columns: [country, region], references: { table: regions, columns: [country, code] } }',
        '',
      ].join('\n'),
    )
    const posts = schema.tables.find((t) => t.name === 'posts')
    assert.deepEqual(posts?.foreignKeys, [
      { name: 'posts_author_id_fkey', columns: ['author_id'], references: { table: 'users', columns: ['id'] } },
      { name: 'posts_contact_fkey', columns: ['contact'], references: { table: 'users', columns: ['email'] }, onDelete: 'set null' },
      {
        name: 'posts_country_region_fkey',
        columns: ['country', 'region'],
        references: { table: 'regions', columns: ['country', 'code'] },
        onDelete: 'restrict',
      },
      { name: 'posts_owner_fkey', columns: ['owner'], references: { table: 'users', columns: ['id'] } },
      { name: 'posts_region_named', columns: ['country', 'region'], references: { table: 'regions', columns: ['country', 'code'] } },
    ])
  })

  it('names unique lists, expression indexes and unnamed checks from their parts', () => {
    const schema = load(
      [
        'tables:',
        '  t:',
        '    columns:',
        '      a: integer',
        '      b: integer',
        '    unique:',
        '      - [a, b]',
        '      - { name: t_b_only, columns: [b] }',
        '    indexes:',
        '      - { expression: "lower(a || b)", unique: true, concurrently: false }',
        '      - { columns: [b, a], concurrently: true }',
        '    checks:',
        '      - { expression: "a > 0 AND b < 10" }',
        '',
      ].join('\n'),
    )
    const t = schema.tables[0]
    assert.deepEqual(t.uniques, [
      { name: 't_a_b_key', columns: ['a', 'b'] },
      { name: 't_b_only', columns: ['b'] },
    ])
    assert.deepEqual(t.indexes, [
      { name: 't_b_a_idx', columns: ['b', 'a'], concurrently: true },
      { name: 't_lower_a_b_idx', expression: 'lower(a || b)', unique: true },
    ])
    assert.deepEqual(t.checks, [{ name: 't_a_0_and_b_10_check', expression: 'a > 0 AND b < 10' }])
  })

  it('hoists inline enums under a fitted name and resolves named ones', () => {
    const long = 'a'.repeat(40)
    const schema = load(
      `tables:\n  ${long}:\n    columns:\n      ${long}: { type: enum, values: [x, y], default: y }\n      mood: { type: enum, enum: mood }\nenums:\n  mood: [happy, sad]\n`,
    )
    const hoisted = fitIdentifier(`${long}_${long}`)
    assert.equal(Buffer.byteLength(hoisted), 63)
    assert.deepEqual(schema.enums, [
      { name: hoisted, values: ['x', 'y'] },
      { name: 'mood', values: ['happy', 'sad'] },
    ])
    assert.deepEqual(schema.tables[0].columns.slice(1), [
      { name: long, type: 'enum', enum: hoisted, default: 'y' },
      { name: 'mood', type: 'enum', enum: 'mood' },
    ])
  })

  it('shortens long generated constraint names to 63 bytes with a hash', () => {
    const table = 't'.repeat(40)
    const column = 'c'.repeat(40)
    const schema = load(`tables:\n  ${table}:\n    columns:\n      ${column}: { type: integer, unique: true }\n`)
    const [unique] = schema.tables[0].uniques
    assert.equal(Buffer.byteLength(unique.name), 63)
    assert.match(unique.name, /^t+_c+_[0-9a-f]{8}$/)
    assert.equal(unique.name, fitIdentifier(`${table}_${column}_key`))
  })

  it('accepts every kind of valid default', () => {
    const schema = load(
      [
        'tables:',
        '  d:',
        '    columns:',
        '      a: { type: smallint, default: -32768 }',
        '      b: { type: decimal, precision: 5, scale: 2, default: "123.45" }',
        '      c: { type: date, default: 2024-02-29 }',
        '      e: { type: timestamp, default: "2024-02-29T12:30:00Z" }',
        '      f: { type: time, default: "23:59:59" }',
        '      g: { type: uuid, default: 123e4567-e89b-12d3-a456-426614174000 }',
        '      h: { type: json, default: \'{"a": 1}\' }',
        '      i: { type: float, default: 1.5 }',
        '      j: { type: text, default: { sql: { postgres: "md5(random()::text)", sqlite: "hex(randomblob(8))" } } }',
        '      k: { type: date, default: { expr: current_date } }',
        '      l: { type: native, native: { postgres: tsvector, sqlite: TEXT }, default: { sql: "\'\'" } }',
        '',
      ].join('\n'),
    )
    assert.deepEqual(
      schema.tables[0].columns.map((c) => c.default),
      [undefined, -32768, '123.45', '2024-02-29', '2024-02-29T12:30:00Z', '23:59:59', '123e4567-e89b-12d3-a456-426614174000', '{"a": 1}', 1.5,
        { sql: { postgres: 'md5(random()::text)', sqlite: 'hex(randomblob(8))' } }, { expr: 'current_date' }, { sql: "''" }],
    )
  })

  it('collects table and column rename hints', () => {
    const loaded = loadSchemaSources([
      { file: 'a.yaml', content: 'tables:\n  articles:\n    renamedFrom: posts\n    columns:\n      headline: { type: text, renamedFrom: title }\n' },
    ])
    assert.deepEqual(loaded.hints, { tables: { articles: 'posts' }, columns: { articles: { headline: 'title' } } })
  })
})
