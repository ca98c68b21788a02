/**
 * Operation cases shared by every dialect's tests: each one creates `before`
 * in a fresh database, fills it with `rows`, runs `up`, compares the live
 * schema with the model, runs `down` and compares again (see harness.ts).
 *
 * The expected SQL of each case is written out per dialect
 * (test/dialects/<dialect>/expected-sql.ts), typed `Record<CaseName, …>` so a
 * case without an expectation fails to compile.
 */
import type { Operation, RowMatch } from '../../src/diff/operations'
import type { Enum, Schema, Table } from '../../src/schema/model'
import type { CustomType } from '../../src/schema/custom-types'
import type { Domain } from '../../src/schema/domains'
import type { Extension } from '../../src/schema/extensions'
import type { StoredFunction } from '../../src/schema/functions'
import type { Policy } from '../../src/schema/policies'
import type { Sequence } from '../../src/schema/sequences'
import type { SqlObject } from '../../src/schema/sql-objects'
import type { Grant } from '../../src/schema/grants'
import type { Trigger } from '../../src/schema/triggers'
import type { View } from '../../src/schema/views'

export interface OperationCase {
  /** Schema before `up`; the harness creates it in a fresh database by compiling createEnum/createTable operations with the dialect under test. */
  readonly before: Schema
  /** Rows inserted before `up` (table -> rows), so every case runs on a table that holds data. */
  readonly rows: Readonly<Record<string, readonly RowMatch[]>>
  readonly up: Operation
  /** The inverse, written out by hand (what a migration's down holds). */
  readonly down: readonly Operation[]
  /**
   * Rows expected after `up` (only the columns named are compared; a table
   * missing here is not compared). Default: `rows`.
   */
  readonly rowsAfterUp?: Readonly<Record<string, readonly RowMatch[]>>
  /** Rows expected after `down`, same rules. Default: `rows`. */
  readonly rowsAfterDown?: Readonly<Record<string, readonly RowMatch[]>>
  /** Run before `before` is created, changing nothing the model holds (an empty PostgreSQL schema to drop). */
  readonly setup?: readonly Operation[]
}

const usersRole: Enum = { name: 'users_role', values: ['admin', 'editor', 'reader'] }
const postStatus: Enum = { name: 'post_status', values: ['draft', 'published'] }

const users: Table = {
  name: 'users',
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
  indexes: [{ name: 'users_display_name_idx', columns: ['display_name'] }],
  foreignKeys: [],
  checks: [{ name: 'users_email_has_at', expression: "email LIKE '%@%'" }],
}

const postsNoFk: Table = {
  name: 'posts',
  columns: [
    { name: 'id', type: 'uuid', default: { expr: 'uuid' } },
    { name: 'author_id', type: 'bigint' },
    { name: 'title', type: 'string', length: 200 },
    { name: 'body', type: 'text' },
    { name: 'published', type: 'boolean', default: false },
    { name: 'views', type: 'integer', default: 0 },
  ],
  primaryKey: { name: 'posts_pkey', columns: ['id'] },
  uniques: [],
  indexes: [{ name: 'posts_author_id_idx', columns: ['author_id'] }],
  foreignKeys: [],
  checks: [],
}

const postsFk = {
  name: 'posts_author_id_fkey',
  columns: ['author_id'],
  references: { table: 'users', columns: ['id'] },
  onDelete: 'cascade',
} as const

const posts: Table = { ...postsNoFk, foreignKeys: [postsFk] }

const tags: Table = {
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
}

const memberships: Table = {
  name: 'memberships',
  columns: [
    { name: 'user_id', type: 'bigint' },
    { name: 'group_name', type: 'string', length: 50 },
    { name: 'note', type: 'text', nullable: true },
  ],
  primaryKey: { name: 'memberships_pkey', columns: ['user_id'] },
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
}

/** Every portable type and default kind, for the round trip through createTable. */
const everything: Table = {
  name: 'everything',
  columns: [
    { name: 'id', type: 'integer', autoincrement: true },
    { name: 'a_string', type: 'string', length: 20, default: "it's" },
    { name: 'a_string_nolength', type: 'string', nullable: true },
    { name: 'a_text', type: 'text', default: 'back\\slash' },
    { name: 'a_smallint', type: 'smallint', default: -3 },
    { name: 'an_integer', type: 'integer', nullable: true },
    { name: 'a_bigint', type: 'bigint', default: 9007199254740991 },
    { name: 'a_boolean', type: 'boolean', default: true },
    { name: 'a_float', type: 'float', default: 1.5 },
    { name: 'a_double', type: 'double', nullable: true },
    { name: 'a_decimal', type: 'decimal', precision: 10, scale: 2, default: 12.5 },
    { name: 'a_date', type: 'date', default: { expr: 'current_date' } },
    { name: 'a_time', type: 'time', nullable: true },
    { name: 'a_timestamp', type: 'timestamp', nullable: true },
    { name: 'a_timestamptz', type: 'timestamp', timezone: true, default: { expr: 'now' } },
    { name: 'a_uuid', type: 'uuid', default: { expr: 'uuid' } },
    { name: 'a_json', type: 'json', nullable: true },
    { name: 'a_binary', type: 'binary', nullable: true },
    { name: 'an_enum', type: 'enum', enum: 'users_role', default: 'editor' },
    { name: 'a_native', type: 'native', native: { postgres: 'tsvector', sqlite: 'TEXT', mysql: 'mediumtext' }, nullable: true },
    { name: 'owner_id', type: 'bigint', nullable: true },
  ],
  primaryKey: { name: 'everything_pkey', columns: ['id'] },
  uniques: [{ name: 'everything_a_string_a_smallint_key', columns: ['a_string', 'a_smallint'] }],
  indexes: [
    { name: 'everything_a_date_idx', columns: ['a_date', 'a_time'] },
    { name: 'everything_lower_a_text_idx', expression: 'lower(a_text)', unique: true, where: 'a_boolean' },
  ],
  foreignKeys: [
    {
      name: 'everything_owner_id_fkey',
      columns: ['owner_id'],
      references: { table: 'users', columns: ['id'] },
      onDelete: 'set null',
      onUpdate: 'cascade',
    },
  ],
  checks: [{ name: 'everything_a_smallint_check', expression: 'a_smallint < 100' }],
}

const base: Schema = { tables: [users], enums: [usersRole] }

/** Room bookings: a range column that an EXCLUDE constraint keeps from overlapping (int4range && is core PostgreSQL, no extension). */
const bookings: Table = {
  name: 'bookings',
  columns: [
    { name: 'id', type: 'bigint' },
    { name: 'during', type: 'native', native: { postgres: 'int4range', sqlite: 'TEXT', mysql: 'varchar(40)' } },
  ],
  primaryKey: { name: 'bookings_pkey', columns: ['id'] },
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
}
const bookingsExclusion = { name: 'bookings_during_excl', elements: [{ column: 'during', operator: '&&' }], deferrable: true }
const bookingRows = [
  { id: 1, during: '[1,5)' },
  { id: 2, during: '[5,10)' },
]

/** Readings partitioned by day (PARTITION BY RANGE), PostgreSQL only: the key is part of the primary key, as PostgreSQL requires. */
const readings: Table = {
  name: 'readings',
  columns: [
    { name: 'day', type: 'integer' },
    { name: 'value', type: 'integer' },
  ],
  primaryKey: { name: 'readings_pkey', columns: ['day'] },
  uniques: [],
  indexes: [{ name: 'readings_value_idx', columns: ['value'] }],
  foreignKeys: [],
  checks: [],
  partitionBy: { method: 'range', columns: ['day'] },
  partitions: [{ name: 'readings_low', from: [0], to: [100] }],
}
const readingsHigh = { name: 'readings_high', from: [100], to: ['MAXVALUE'] }
const readingRows = [
  { day: 1, value: 10 },
  { day: 50, value: 20 },
]

const adminsView: View = { name: 'admins', query: "SELECT id, email FROM users WHERE role = 'admin'" }
/** A raw object: a view and an index on each dialect (read back as the live has them), two statements on SQLite and PostgreSQL. */
const rawAdmins: SqlObject = {
  name: 'raw_admins',
  create: {
    postgres: "CREATE VIEW raw_admins AS SELECT id FROM users WHERE role = 'admin';\nCREATE INDEX users_email_lower ON users (lower(email))",
    sqlite: "CREATE VIEW raw_admins AS SELECT id FROM users WHERE role = 'admin';\nCREATE INDEX users_email_lower ON users (lower(email));",
    mysql: "CREATE VIEW raw_admins AS SELECT id FROM users WHERE role = 'admin'",
  },
  drop: {
    postgres: 'DROP INDEX users_email_lower; DROP VIEW raw_admins',
    sqlite: 'DROP INDEX users_email_lower; DROP VIEW raw_admins',
    mysql: 'DROP VIEW raw_admins',
  },
}
// One function for both databases: PostgreSQL's attributes and SQL body, MySQL's characteristics and routine body.
const emailDomain: StoredFunction = {
  name: 'email_domain',
  args: 'address text',
  returns: { postgres: 'text', mysql: 'varchar(200)' },
  language: 'sql',
  volatility: 'immutable',
  strict: true,
  deterministic: true,
  dataAccess: 'no sql',
  body: { postgres: "SELECT split_part(address, '@', 2)", mysql: "RETURN SUBSTRING_INDEX(address, '@', -1)" },
}
const emailDomainLower: StoredFunction = {
  ...emailDomain,
  volatility: 'stable',
  parallel: 'safe',
  comment: 'lower-cased',
  body: { postgres: "SELECT lower(split_part(address, '@', 2))", mysql: "RETURN LOWER(SUBSTRING_INDEX(address, '@', -1))" },
}

// Expressions in PostgreSQL's printed form (pg_policies.qual / with_check), which the introspector reads back.
const adminRows: Policy = { name: 'admin_rows', table: 'users', command: 'select', using: "(role = 'admin'::users_role)" }
const adminRowsAltered: Policy = { ...adminRows, roles: ['pg_monitor'], using: "(role <> 'reader'::users_role)" }
const withRls: Schema = { tables: [{ ...users, rowLevelSecurity: { enable: true } }], enums: [usersRole] }
const orderNumbers: Sequence = { name: 'order_numbers', type: 'integer', start: 1000, increment: 5, max: 999999, cache: 10, cycle: true }
const orderNumbersOwned: Sequence = { name: 'order_numbers', type: 'integer', start: 1000, increment: 10, max: 999999, cache: 10, ownedBy: 'users.id' }
const citext: Extension = { name: 'citext', version: '1.5' }
const emailAddress: Domain = { name: 'email_address', type: 'text', checks: [{ name: 'email_address_check', expression: "VALUE ~~ '%@%'::text" }] }
const emailAddressStrict: Domain = {
  name: 'email_address',
  type: 'text',
  default: "'nobody@example.com'::text",
  notNull: true,
  checks: [
    { name: 'email_address_check', expression: "VALUE ~~ '%_@_%'::text" },
    { name: 'email_address_length', expression: 'length(VALUE) <= 320' },
  ],
}
const address: CustomType = { name: 'address', composite: [{ name: 'street', type: 'text' }, { name: 'zip', type: 'character varying(10)' }] }
/** `address` without zip, with a city after street: ALTER TYPE DROP ATTRIBUTE, ADD ATTRIBUTE. */
const addressWithCity: CustomType = { name: 'address', composite: [{ name: 'street', type: 'text' }, { name: 'city', type: 'text' }] }
const priceRange: CustomType = { name: 'price_range', range: { subtype: 'numeric' } }

// PostgreSQL's predefined roles exist on every server.
const usersGrant: Grant = { role: 'pg_monitor', on: 'table', object: 'users', privileges: ['select', 'insert'] }

const bioTrigger: Trigger = {
  name: 'users_bio_touch',
  table: 'users',
  timing: 'before',
  events: ['update'],
  of: ['bio'],
  when: 'NEW.bio IS NOT NULL',
  body: {
    postgres: 'BEGIN NEW.display_name := NEW.display_name || \'!\'; RETURN NEW; END',
    sqlite: 'UPDATE "users" SET "display_name" = "display_name" || \'!\' WHERE "id" = NEW."id";',
  },
}
// Keyed apart from its database name (`name: touch`): PostgreSQL's function is <table>_<name>.
const namedTrigger: Trigger = {
  name: 'users_touch_key',
  dbName: 'touch',
  table: 'users',
  timing: 'before',
  events: ['insert'],
  body: {
    postgres: "BEGIN NEW.display_name := NEW.display_name || '?'; RETURN NEW; END",
    sqlite: 'SELECT 1;',
    mysql: "SET NEW.display_name = CONCAT(NEW.display_name, '?')",
  },
}
const withPosts: Schema = { tables: [posts, users], enums: [usersRole] }

const ann = { id: 1, email: 'ann@example.com', display_name: 'Ann', bio: null, role: 'admin' }
const bob = { id: 2, email: 'bob@example.com', display_name: "Bob O'Brien", bio: 'likes \\ and "quotes"', role: 'reader' }
const userRows = [ann, bob]
const postRows = [
  // A uuid that SQLite's NUMERIC affinity must not mistake for a number.
  { id: '1e500000-0000-4000-8000-000000000001', author_id: 1, title: 'Hello', body: 'First post', published: true, views: 3 },
  { id: '2f000000-0000-4000-8000-000000000002', author_id: 2, title: 'Again', body: 'Second', published: false, views: 0 },
]
const tagRows = [
  { id: 1, name: 'sql' },
  { id: 2, name: 'yaml' },
]
const membershipRows = [
  { user_id: 1, group_name: 'staff', note: 'x' },
  { user_id: 2, group_name: 'staff', note: null },
]

const without = <K extends string>(row: Record<string, unknown>, ...keys: K[]): RowMatch => {
  const out = { ...row } as Record<string, RowMatch[string]>
  for (const key of keys) delete out[key]
  return out
}

export const CASES = {
  createTable: {
    before: base,
    rows: { users: userRows },
    up: { op: 'createTable', table: tags },
    down: [{ op: 'dropTable', name: 'tags' }],
  },
  createTableAllTypes: {
    before: base,
    rows: { users: userRows },
    up: { op: 'createTable', table: everything },
    down: [{ op: 'dropTable', name: 'everything' }],
  },
  dropTable: {
    before: { tables: [tags, users], enums: [usersRole] },
    rows: { users: userRows, tags: tagRows },
    up: { op: 'dropTable', name: 'tags' },
    down: [{ op: 'createTable', table: tags }],
    rowsAfterUp: { users: userRows },
    rowsAfterDown: { users: userRows, tags: [] },
  },
  renameTable: {
    before: withPosts,
    rows: { users: userRows, posts: postRows },
    up: { op: 'renameTable', from: 'users', to: 'accounts' },
    down: [{ op: 'renameTable', from: 'accounts', to: 'users' }],
    rowsAfterUp: { accounts: userRows, posts: postRows },
  },
  renameTableWithNames: {
    // The names generated after the table follow it: renamed in place
    // (PostgreSQL), the index re-created and the in-table names kept (SQLite),
    // the index renamed and the check re-added (MySQL).
    before: withPosts,
    rows: { users: userRows, posts: postRows },
    up: {
      op: 'renameTable',
      from: 'users',
      to: 'accounts',
      renames: {
        users_pkey: 'accounts_pkey',
        users_email_key: 'accounts_email_key',
        users_display_name_idx: 'accounts_display_name_idx',
        users_email_has_at: 'accounts_email_has_at',
      },
    },
    down: [
      {
        op: 'renameTable',
        from: 'accounts',
        to: 'users',
        renames: {
          accounts_pkey: 'users_pkey',
          accounts_email_key: 'users_email_key',
          accounts_display_name_idx: 'users_display_name_idx',
          accounts_email_has_at: 'users_email_has_at',
        },
      },
    ],
    rowsAfterUp: { accounts: userRows, posts: postRows },
  },
  renameTableWithForeignKey: {
    before: withPosts,
    rows: { users: userRows, posts: postRows },
    up: {
      op: 'renameTable',
      from: 'posts',
      to: 'articles',
      renames: { posts_pkey: 'articles_pkey', posts_author_id_idx: 'articles_author_id_idx', posts_author_id_fkey: 'articles_author_id_fkey' },
    },
    down: [
      {
        op: 'renameTable',
        from: 'articles',
        to: 'posts',
        renames: { articles_pkey: 'posts_pkey', articles_author_id_idx: 'posts_author_id_idx', articles_author_id_fkey: 'posts_author_id_fkey' },
      },
    ],
    rowsAfterUp: { users: userRows, articles: postRows },
  },
  addColumn: {
    before: base,
    rows: { users: userRows },
    up: { op: 'addColumn', table: 'users', column: { name: 'nickname', type: 'string', length: 40, nullable: true } },
    down: [{ op: 'dropColumn', table: 'users', column: 'nickname' }],
    rowsAfterUp: { users: userRows.map((r) => ({ ...r, nickname: null })) },
  },
  addColumnDefault: {
    before: base,
    rows: { users: userRows },
    up: { op: 'addColumn', table: 'users', column: { name: 'active', type: 'boolean', default: true } },
    down: [{ op: 'dropColumn', table: 'users', column: 'active' }],
    rowsAfterUp: { users: userRows.map((r) => ({ ...r, active: true })) },
  },
  addColumnNotNullFill: {
    before: base,
    rows: { users: userRows },
    up: { op: 'addColumn', table: 'users', column: { name: 'score', type: 'integer' }, fill: 7 },
    down: [{ op: 'dropColumn', table: 'users', column: 'score' }],
    rowsAfterUp: { users: userRows.map((r) => ({ ...r, score: 7 })) },
  },
  dropColumn: {
    before: base,
    rows: { users: userRows },
    up: { op: 'dropColumn', table: 'users', column: 'bio' },
    down: [{ op: 'addColumn', table: 'users', column: { name: 'bio', type: 'text', nullable: true } }],
    rowsAfterUp: { users: userRows.map((r) => without(r, 'bio')) },
    rowsAfterDown: { users: userRows.map((r) => ({ ...r, bio: null })) },
  },
  dropColumnEnum: {
    before: base,
    rows: { users: userRows },
    up: { op: 'dropColumn', table: 'users', column: 'role' },
    down: [
      { op: 'addColumn', table: 'users', column: { name: 'role', type: 'enum', enum: 'users_role', default: 'reader' } },
    ],
    rowsAfterUp: { users: userRows.map((r) => without(r, 'role')) },
    rowsAfterDown: { users: userRows.map((r) => ({ ...r, role: 'reader' })) },
  },
  renameColumn: {
    before: base,
    rows: { users: userRows },
    up: { op: 'renameColumn', table: 'users', from: 'display_name', to: 'full_name' },
    down: [{ op: 'renameColumn', table: 'users', from: 'full_name', to: 'display_name' }],
    rowsAfterUp: { users: userRows.map(({ display_name, ...r }) => ({ ...r, full_name: display_name })) },
  },
  renameColumnReferenced: {
    before: withPosts,
    rows: { users: userRows, posts: postRows },
    up: { op: 'renameColumn', table: 'users', from: 'id', to: 'uid' },
    down: [{ op: 'renameColumn', table: 'users', from: 'uid', to: 'id' }],
    rowsAfterUp: { users: userRows.map(({ id, ...r }) => ({ ...r, uid: id })), posts: postRows },
  },
  alterColumnWiden: {
    before: { tables: [tags, users], enums: [usersRole] },
    rows: { users: userRows, tags: tagRows },
    up: {
      op: 'alterColumn',
      table: 'tags',
      column: 'name',
      from: { type: 'string', length: 50 },
      to: { type: 'string', length: 200 },
    },
    down: [
      { op: 'alterColumn', table: 'tags', column: 'name', from: { type: 'string', length: 200 }, to: { type: 'string', length: 50 } },
    ],
  },
  alterColumnType: {
    before: withPosts,
    rows: { users: userRows, posts: postRows },
    up: { op: 'alterColumn', table: 'posts', column: 'views', from: { type: 'integer' }, to: { type: 'bigint' } },
    down: [{ op: 'alterColumn', table: 'posts', column: 'views', from: { type: 'bigint' }, to: { type: 'integer' } }],
  },
  alterColumnNotNull: {
    before: base,
    rows: { users: userRows },
    up: { op: 'alterColumn', table: 'users', column: 'bio', from: { nullable: true }, to: { nullable: false }, fill: 'none' },
    down: [{ op: 'alterColumn', table: 'users', column: 'bio', from: { nullable: false }, to: { nullable: true } }],
    rowsAfterUp: { users: [{ ...ann, bio: 'none' }, bob] },
    rowsAfterDown: { users: [{ ...ann, bio: 'none' }, bob] },
  },
  alterColumnSetDefault: {
    before: base,
    rows: { users: userRows },
    up: { op: 'alterColumn', table: 'users', column: 'display_name', from: { default: null }, to: { default: 'anonymous' } },
    down: [
      { op: 'alterColumn', table: 'users', column: 'display_name', from: { default: 'anonymous' }, to: { default: null } },
    ],
  },
  alterColumnDropDefault: {
    before: base,
    rows: { users: userRows },
    up: { op: 'alterColumn', table: 'users', column: 'role', from: { default: 'reader' }, to: { default: null } },
    down: [{ op: 'alterColumn', table: 'users', column: 'role', from: { default: null }, to: { default: 'reader' } }],
  },
  addIndex: {
    before: base,
    rows: { users: userRows },
    up: {
      op: 'addIndex',
      table: 'users',
      index: { name: 'users_created_at_idx', columns: ['created_at'], where: "role = 'admin'" },
    },
    down: [{ op: 'dropIndex', table: 'users', name: 'users_created_at_idx' }],
  },
  addIndexExpression: {
    before: base,
    rows: { users: userRows },
    up: {
      op: 'addIndex',
      table: 'users',
      index: { name: 'users_email_lower_key', expression: 'lower(email)', unique: true },
    },
    down: [{ op: 'dropIndex', table: 'users', name: 'users_email_lower_key' }],
  },
  dropIndex: {
    before: base,
    rows: { users: userRows },
    up: { op: 'dropIndex', table: 'users', name: 'users_display_name_idx' },
    down: [{ op: 'addIndex', table: 'users', index: { name: 'users_display_name_idx', columns: ['display_name'] } }],
  },
  addUnique: {
    before: base,
    rows: { users: userRows },
    up: { op: 'addUnique', table: 'users', unique: { name: 'users_display_name_key', columns: ['display_name'] } },
    down: [{ op: 'dropUnique', table: 'users', name: 'users_display_name_key' }],
  },
  dropUnique: {
    before: base,
    rows: { users: userRows },
    up: { op: 'dropUnique', table: 'users', name: 'users_email_key' },
    down: [{ op: 'addUnique', table: 'users', unique: { name: 'users_email_key', columns: ['email'] } }],
  },
  addForeignKey: {
    before: { tables: [postsNoFk, users], enums: [usersRole] },
    rows: { users: userRows, posts: postRows },
    up: { op: 'addForeignKey', table: 'posts', foreignKey: postsFk },
    down: [{ op: 'dropForeignKey', table: 'posts', name: 'posts_author_id_fkey' }],
  },
  dropForeignKey: {
    before: withPosts,
    rows: { users: userRows, posts: postRows },
    up: { op: 'dropForeignKey', table: 'posts', name: 'posts_author_id_fkey' },
    down: [{ op: 'addForeignKey', table: 'posts', foreignKey: postsFk }],
  },
  addCheck: {
    before: base,
    rows: { users: userRows },
    up: { op: 'addCheck', table: 'users', check: { name: 'users_display_name_check', expression: "display_name <> ''" } },
    down: [{ op: 'dropCheck', table: 'users', name: 'users_display_name_check' }],
  },
  dropCheck: {
    before: base,
    rows: { users: userRows },
    up: { op: 'dropCheck', table: 'users', name: 'users_email_has_at' },
    down: [{ op: 'addCheck', table: 'users', check: { name: 'users_email_has_at', expression: "email LIKE '%@%'" } }],
  },
  addExclusion: {
    before: { tables: [bookings], enums: [] },
    rows: { bookings: bookingRows },
    up: { op: 'addExclusion', table: 'bookings', exclusion: bookingsExclusion },
    down: [{ op: 'dropExclusion', table: 'bookings', name: 'bookings_during_excl' }],
  },
  dropExclusion: {
    before: { tables: [{ ...bookings, exclusions: [bookingsExclusion] }], enums: [] },
    rows: { bookings: bookingRows },
    up: { op: 'dropExclusion', table: 'bookings', name: 'bookings_during_excl' },
    down: [{ op: 'addExclusion', table: 'bookings', exclusion: bookingsExclusion }],
  },
  addPartition: {
    before: { tables: [readings], enums: [] },
    rows: { readings: readingRows },
    up: { op: 'addPartition', table: 'readings', partition: readingsHigh },
    down: [{ op: 'dropPartition', table: 'readings', name: 'readings_high' }],
  },
  dropPartition: {
    before: { tables: [{ ...readings, partitions: [readingsHigh, ...readings.partitions!] }], enums: [] },
    rows: { readings: [...readingRows, { day: 150, value: 30 }] },
    up: { op: 'dropPartition', table: 'readings', name: 'readings_high' },
    down: [{ op: 'addPartition', table: 'readings', partition: readingsHigh }],
    rowsAfterUp: { readings: readingRows },
    rowsAfterDown: { readings: readingRows },
  },
  alterPartition: {
    before: { tables: [readings], enums: [] },
    rows: { readings: readingRows },
    up: { op: 'alterPartition', table: 'readings', name: 'readings_low', from: { from: [0], to: [100] }, to: { from: ['MINVALUE'], to: [60] } },
    down: [{ op: 'alterPartition', table: 'readings', name: 'readings_low', from: { from: ['MINVALUE'], to: [60] }, to: { from: [0], to: [100] } }],
  },
  alterConstraint: {
    before: withPosts,
    rows: { users: userRows, posts: postRows },
    up: { op: 'alterConstraint', table: 'posts', name: 'posts_author_id_fkey', from: {}, to: { deferrable: true, initiallyDeferred: true } },
    down: [{ op: 'alterConstraint', table: 'posts', name: 'posts_author_id_fkey', from: { deferrable: true, initiallyDeferred: true }, to: {} }],
  },
  alterPrimaryKey: {
    before: { tables: [memberships, users], enums: [usersRole] },
    rows: { users: userRows, memberships: membershipRows },
    up: {
      op: 'alterPrimaryKey',
      table: 'memberships',
      from: { name: 'memberships_pkey', columns: ['user_id'] },
      to: { name: 'memberships_pkey', columns: ['user_id', 'group_name'] },
    },
    down: [
      {
        op: 'alterPrimaryKey',
        table: 'memberships',
        from: { name: 'memberships_pkey', columns: ['user_id', 'group_name'] },
        to: { name: 'memberships_pkey', columns: ['user_id'] },
      },
    ],
  },
  createEnum: {
    before: base,
    rows: { users: userRows },
    up: { op: 'createEnum', name: 'post_status', values: ['draft', 'published'] },
    down: [{ op: 'dropEnum', name: 'post_status' }],
  },
  alterEnumAdd: {
    before: base,
    rows: { users: userRows },
    up: { op: 'alterEnum', name: 'users_role', from: usersRole.values, to: [...usersRole.values, 'guest'] },
    down: [{ op: 'alterEnum', name: 'users_role', from: [...usersRole.values, 'guest'], to: usersRole.values }],
  },
  alterEnumRemove: {
    before: base,
    rows: { users: userRows },
    up: { op: 'alterEnum', name: 'users_role', from: usersRole.values, to: ['admin', 'reader'] },
    down: [{ op: 'alterEnum', name: 'users_role', from: ['admin', 'reader'], to: usersRole.values }],
  },
  dropEnum: {
    before: { tables: [users], enums: [postStatus, usersRole] },
    rows: { users: userRows },
    up: { op: 'dropEnum', name: 'post_status' },
    down: [{ op: 'createEnum', name: 'post_status', values: postStatus.values }],
  },
  setComment: {
    before: base,
    rows: { users: userRows },
    up: { op: 'setComment', table: 'users', from: null, to: "People who can sign in (it's true)" },
    down: [{ op: 'setComment', table: 'users', from: "People who can sign in (it's true)", to: null }],
  },
  setCommentColumn: {
    before: base,
    rows: { users: userRows },
    up: { op: 'setComment', table: 'users', column: 'bio', from: null, to: 'Free text' },
    down: [{ op: 'setComment', table: 'users', column: 'bio', from: 'Free text', to: null }],
  },
  createView: {
    before: base,
    rows: { users: userRows },
    up: { op: 'createView', view: adminsView },
    down: [{ op: 'dropView', name: 'admins' }],
  },
  dropView: {
    before: { ...base, views: [adminsView] },
    rows: { users: userRows },
    up: { op: 'dropView', name: 'admins' },
    down: [{ op: 'createView', view: adminsView }],
  },
  createTrigger: {
    before: base,
    rows: { users: userRows },
    up: { op: 'createTrigger', trigger: bioTrigger },
    down: [{ op: 'dropTrigger', name: 'users_bio_touch' }],
  },
  dropTrigger: {
    before: { ...base, triggers: [bioTrigger] },
    rows: { users: userRows },
    up: { op: 'dropTrigger', name: 'users_bio_touch' },
    down: [{ op: 'createTrigger', trigger: bioTrigger }],
  },
  createTriggerNamed: {
    before: base,
    rows: { users: userRows },
    up: { op: 'createTrigger', trigger: namedTrigger },
    down: [{ op: 'dropTrigger', name: 'users_touch_key' }],
  },
  createFunction: {
    before: base,
    rows: { users: userRows },
    up: { op: 'createFunction', function: emailDomain },
    down: [{ op: 'dropFunction', name: 'email_domain' }],
  },
  dropFunction: {
    before: { ...base, functions: [emailDomain] },
    rows: { users: userRows },
    up: { op: 'dropFunction', name: 'email_domain' },
    down: [{ op: 'createFunction', function: emailDomain }],
  },
  replaceFunction: {
    before: { ...base, functions: [emailDomain] },
    rows: { users: userRows },
    up: { op: 'replaceFunction', from: emailDomain, to: emailDomainLower },
    down: [{ op: 'replaceFunction', from: emailDomainLower, to: emailDomain }],
  },
  createSequence: {
    before: base,
    rows: { users: userRows },
    up: { op: 'createSequence', sequence: orderNumbers },
    down: [{ op: 'dropSequence', name: 'order_numbers' }],
  },
  dropSequence: {
    before: { ...base, sequences: [orderNumbers] },
    rows: { users: userRows },
    up: { op: 'dropSequence', name: 'order_numbers' },
    down: [{ op: 'createSequence', sequence: orderNumbers }],
  },
  alterSequence: {
    before: { ...base, sequences: [orderNumbers] },
    rows: { users: userRows },
    up: { op: 'alterSequence', name: 'order_numbers', from: orderNumbers, to: orderNumbersOwned },
    down: [{ op: 'alterSequence', name: 'order_numbers', from: orderNumbersOwned, to: orderNumbers }],
  },
  // PostgreSQL schemas: the model holds a schema only through the names in
  // it (schema/qualified.ts), so creating one leaves the model as it was, and
  // the one dropped is made empty by `setup`.
  createSchema: {
    before: base,
    rows: { users: userRows },
    up: { op: 'createSchema', name: 'ledger' },
    down: [{ op: 'dropSchema', name: 'ledger' }],
  },
  dropSchema: {
    before: base,
    setup: [{ op: 'createSchema', name: 'archive' }],
    rows: { users: userRows },
    up: { op: 'dropSchema', name: 'archive' },
    down: [{ op: 'createSchema', name: 'archive' }],
  },
  createExtension: {
    before: base,
    rows: { users: userRows },
    up: { op: 'createExtension', extension: citext },
    down: [{ op: 'dropExtension', name: 'citext' }],
  },
  dropExtension: {
    before: { ...base, extensions: [citext] },
    rows: { users: userRows },
    up: { op: 'dropExtension', name: 'citext' },
    down: [{ op: 'createExtension', extension: citext }],
  },
  alterExtension: {
    before: { ...base, extensions: [citext] },
    rows: { users: userRows },
    // SET SCHEMA both ways (a version goes up only: extensions ship no downgrade scripts).
    up: { op: 'alterExtension', name: 'citext', from: citext, to: { ...citext, schema: 'public' } },
    down: [{ op: 'alterExtension', name: 'citext', from: { ...citext, schema: 'public' }, to: citext }],
  },
  createDomain: {
    before: base,
    rows: { users: userRows },
    up: { op: 'createDomain', domain: emailAddress },
    down: [{ op: 'dropDomain', name: 'email_address' }],
  },
  dropDomain: {
    before: { ...base, domains: [emailAddress] },
    rows: { users: userRows },
    up: { op: 'dropDomain', name: 'email_address' },
    down: [{ op: 'createDomain', domain: emailAddress }],
  },
  alterDomain: {
    before: { ...base, domains: [emailAddress] },
    rows: { users: userRows },
    up: { op: 'alterDomain', name: 'email_address', from: emailAddress, to: emailAddressStrict },
    down: [{ op: 'alterDomain', name: 'email_address', from: emailAddressStrict, to: emailAddress }],
  },
  createType: {
    before: base,
    rows: { users: userRows },
    up: { op: 'createType', type: address },
    down: [{ op: 'dropType', name: 'address' }],
  },
  dropType: {
    before: { ...base, types: [priceRange] },
    rows: { users: userRows },
    up: { op: 'dropType', name: 'price_range' },
    down: [{ op: 'createType', type: priceRange }],
  },
  alterType: {
    before: { ...base, types: [address] },
    rows: { users: userRows },
    up: { op: 'alterType', name: 'address', from: address, to: addressWithCity },
    down: [{ op: 'alterType', name: 'address', from: addressWithCity, to: address }],
  },
  setTableOptions: {
    before: { tables: [memberships, users], enums: [usersRole] },
    rows: { users: userRows, memberships: membershipRows },
    up: { op: 'setTableOptions', table: 'memberships', from: {}, to: { strict: true, withoutRowid: true } },
    down: [{ op: 'setTableOptions', table: 'memberships', from: { strict: true, withoutRowid: true }, to: {} }],
  },
  createPolicy: {
    before: withRls,
    rows: { users: userRows },
    up: { op: 'createPolicy', policy: adminRows },
    down: [{ op: 'dropPolicy', table: 'users', name: 'admin_rows' }],
  },
  dropPolicy: {
    before: { ...withRls, policies: [adminRows] },
    rows: { users: userRows },
    up: { op: 'dropPolicy', table: 'users', name: 'admin_rows' },
    down: [{ op: 'createPolicy', policy: adminRows }],
  },
  alterPolicy: {
    before: { ...withRls, policies: [adminRows] },
    rows: { users: userRows },
    up: { op: 'alterPolicy', from: adminRows, to: adminRowsAltered },
    down: [{ op: 'alterPolicy', from: adminRowsAltered, to: adminRows }],
  },
  setRowLevelSecurity: {
    before: withRls,
    rows: { users: userRows },
    up: { op: 'setRowLevelSecurity', table: 'users', from: { enable: true }, to: { force: true } },
    down: [{ op: 'setRowLevelSecurity', table: 'users', from: { force: true }, to: { enable: true } }],
  },
  grant: {
    before: { ...base, grants: [{ ...usersGrant, privileges: ['select'] }] },
    rows: { users: userRows },
    up: { op: 'grant', grant: { ...usersGrant, privileges: ['insert'] } },
    down: [{ op: 'revoke', grant: { ...usersGrant, privileges: ['insert'] } }],
  },
  revoke: {
    before: { ...base, grants: [usersGrant] },
    rows: { users: userRows },
    up: { op: 'revoke', grant: usersGrant },
    down: [{ op: 'grant', grant: usersGrant }],
  },
  createSql: {
    before: base,
    rows: { users: userRows },
    up: { op: 'createSql', object: rawAdmins },
    down: [{ op: 'dropSql', name: 'raw_admins', drop: rawAdmins.drop }],
  },
  dropSql: {
    before: { ...base, sql: [rawAdmins] },
    rows: { users: userRows },
    up: { op: 'dropSql', name: 'raw_admins', drop: rawAdmins.drop },
    down: [{ op: 'createSql', object: rawAdmins }],
  },
  insert: {
    before: base,
    rows: { users: userRows },
    up: {
      op: 'insert',
      table: 'users',
      rows: [{ id: 3, email: 'cy@example.com', display_name: 'Cy \\ "the" \'one\'', bio: null, role: 'editor' }],
    },
    down: [{ op: 'delete', table: 'users', where: { id: 3 } }],
    rowsAfterUp: {
      users: [...userRows, { id: 3, email: 'cy@example.com', display_name: 'Cy \\ "the" \'one\'', bio: null, role: 'editor' }],
    },
  },
  update: {
    before: base,
    rows: { users: userRows },
    up: { op: 'update', table: 'users', set: { display_name: 'Ann B', bio: 'new' }, where: { id: 1, bio: null } },
    down: [{ op: 'update', table: 'users', set: { display_name: 'Ann', bio: null }, where: { id: 1 } }],
    rowsAfterUp: { users: [{ ...ann, display_name: 'Ann B', bio: 'new' }, bob] },
  },
  delete: {
    before: withPosts,
    rows: { users: userRows, posts: postRows },
    up: { op: 'delete', table: 'posts', where: { published: false } },
    down: [{ op: 'insert', table: 'posts', rows: [postRows[1]!] }],
    rowsAfterUp: { users: userRows, posts: [postRows[0]!] },
  },
  sql: {
    before: base,
    rows: { users: userRows },
    // MySQL quotes identifiers with backticks (double quotes are strings there).
    up: {
      op: 'sql',
      up: {
        postgres: `UPDATE "users" SET "bio" = 'raw' WHERE "id" = 1`,
        sqlite: `UPDATE "users" SET "bio" = 'raw' WHERE "id" = 1`,
        mysql: "UPDATE `users` SET `bio` = 'raw' WHERE `id` = 1",
      },
    },
    down: [
      {
        op: 'sql',
        up: {
          postgres: `UPDATE "users" SET "bio" = NULL WHERE "id" = 1`,
          sqlite: `UPDATE "users" SET "bio" = NULL WHERE "id" = 1`,
          mysql: 'UPDATE `users` SET `bio` = NULL WHERE `id` = 1',
        },
      },
    ],
    rowsAfterUp: { users: [{ ...ann, bio: 'raw' }, bob] },
  },
} satisfies Record<string, OperationCase>

export type CaseName = keyof typeof CASES
