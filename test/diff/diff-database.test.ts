/**
 * The diff's order against real databases: each scenario's up operations are
 * compiled by the dialect and run on SQLite (:memory:) and PostgreSQL (a
 * fresh schema), then its down operations from invert(). A wrong order
 * (a table dropped while still referenced, a key dropped under a foreign
 * key, a column dropped under its index) fails here with the database's error.
 */
import { deepStrictEqual } from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { applyOperation } from '../../src/diff/apply'
import { diff } from '../../src/diff/diff'
import { invert } from '../../src/diff/invert'
import type { Operation } from '../../src/diff/operations'
import { type DiffResolver, fixedResolver } from '../../src/diff/rename'
import type { Connection, DialectName } from '../../src/dialects/dialect'
import { dialectByName } from '../../src/dialects/index'
import { EMPTY_SCHEMA, type ForeignKey, type RenameHints, type Schema } from '../../src/schema/model'
import { col, id, ignoringColumnOrder, schema, table } from './helpers'

const PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

interface Scenario {
  readonly title: string
  readonly from: Schema
  readonly to: Schema
  readonly hints?: RenameHints
  readonly resolver?: DiffResolver
  /** Rows put in before the diff runs, as [table, column values]. */
  readonly rows?: [string, Record<string, string | number>][]
}

const fk = (name: string, columns: string[], target: string): ForeignKey => ({
  name,
  columns,
  references: { table: target, columns: ['id'] },
})

const a = table('a', [id(), col('b_id', 'bigint', { nullable: true })], { foreignKeys: [fk('a_b_id_fkey', ['b_id'], 'b')] })
const b = table('b', [id(), col('a_id', 'bigint', { nullable: true })], { foreignKeys: [fk('b_a_id_fkey', ['a_id'], 'a')] })
const users = table('users', [col('id', 'integer'), col('email', 'string', { length: 320 })])
const posts = table('posts', [id(), col('title', 'string', { length: 100 }), col('author_id', 'integer')], {
  foreignKeys: [fk('posts_author_id_fkey', ['author_id'], 'users')],
  indexes: [{ name: 'posts_title_idx', columns: ['title'] }],
})

const scenarios: Scenario[] = [
  { title: 'tables in a foreign-key cycle, created', from: EMPTY_SCHEMA, to: schema([a, b]) },
  { title: 'tables in a foreign-key cycle, dropped', from: schema([a, b, users]), to: schema([users]) },
  {
    title: 'a referenced key changes type under an unchanged foreign key',
    from: schema([posts, users]),
    to: schema([
      table('posts', [id(), col('title', 'string', { length: 100 }), col('author_id', 'bigint')], {
        foreignKeys: posts.foreignKeys,
        indexes: posts.indexes,
      }),
      table('users', [col('id', 'bigint'), col('email', 'string', { length: 320 })]),
    ]),
    rows: [
      ['users', { id: 1, email: 'a@example.com' }],
      ['posts', { title: 'hello', author_id: 1 }],
    ],
  },
  {
    title: 'a referenced table dropped, its column and index dropped from the referencing table',
    from: schema([posts, users]),
    to: schema([table('posts', [id(), col('title', 'string', { length: 100 })])]),
  },
  {
    title: 'primary key moved to two columns, old key column dropped',
    from: schema([table('post_tags', [id(), col('post_id', 'bigint'), col('tag_id', 'bigint')])]),
    to: schema([
      table('post_tags', [col('post_id', 'bigint'), col('tag_id', 'bigint')], {
        primaryKey: { name: 'post_tags_pkey', columns: ['post_id', 'tag_id'] },
      }),
    ]),
  },
  {
    title: 'a renamed, widened column with its index replaced',
    from: schema([posts, users]),
    to: schema([
      table('posts', [id(), col('headline', 'string', { length: 300 }), col('author_id', 'integer')], {
        foreignKeys: posts.foreignKeys,
        indexes: [{ name: 'posts_headline_idx', columns: ['headline'] }],
      }),
      users,
    ]),
    hints: { tables: {}, columns: { posts: { headline: 'title' } } },
    rows: [
      ['users', { id: 1, email: 'a@example.com' }],
      ['posts', { title: 'hello', author_id: 1 }],
    ],
  },
  {
    title: 'an enum created, a NOT NULL column added with a fill value, a new table referencing an existing one',
    from: schema([users]),
    to: schema(
      [
        table('users', [...users.columns, col('role', 'enum', { enum: 'role' })]),
        table('sessions', [id(), col('user_id', 'integer')], { foreignKeys: [fk('sessions_user_id_fkey', ['user_id'], 'users')] }),
      ],
      [{ name: 'role', values: ['admin', 'reader'] }],
    ),
    resolver: fixedResolver({ fills: { 'users.role': 'reader' } }),
    rows: [['users', { id: 1, email: 'a@example.com' }]],
  },
]

async function run(connection: Connection, start: Schema, ops: readonly Operation[]): Promise<Schema> {
  const compiler = connection.dialect.compiler
  let state = start
  await connection.transaction(async () => {
    for (const op of ops) {
      for (const statement of compiler.compile(op, state)) {
        try {
          await connection.query(statement.sql, statement.params)
        } catch (error) {
          throw new Error(`${op.op}: ${statement.sql}: ${(error as Error).message}`)
        }
      }
      state = applyOperation(state, op)
    }
  })
  return state
}

for (const name of ['sqlite', 'postgres'] as DialectName[]) {
  describe(`diff order on a real ${name} database`, () => {
    const dialect = dialectByName(name)
    let admin: Connection | undefined
    let schemaName = ''
    let connection: Connection

    before(async () => {
      if (name === 'postgres') admin = await dialect.connect(PG_URL)
    })
    after(async () => {
      await admin?.close()
    })
    beforeEach(async () => {
      if (name === 'sqlite') {
        connection = await dialect.connect('sqlite::memory:')
        return
      }
      schemaName = `strata_diff_${randomBytes(4).toString('hex')}`
      await admin!.query(`CREATE SCHEMA "${schemaName}"`)
      connection = await dialect.connect(`${PG_URL}?schema=${schemaName}`)
    })
    afterEach(async () => {
      await connection.close()
      if (admin) await admin.query(`DROP SCHEMA "${schemaName}" CASCADE`)
    })

    for (const s of scenarios) {
      it(`${s.title}: up, then down`, async () => {
        const q = (n: string) => connection.dialect.compiler.quoteIdentifier(n)
        const setup = await diff(EMPTY_SCHEMA, s.from, { resolver: fixedResolver() })
        await run(connection, EMPTY_SCHEMA, setup.operations)
        for (const [t, values] of s.rows ?? []) {
          const cols = Object.keys(values)
          const marks = cols.map((_, i) => (name === 'postgres' ? `$${i + 1}` : '?'))
          await connection.query(
            `INSERT INTO ${q(t)} (${cols.map(q).join(', ')}) VALUES (${marks.join(', ')})`,
            Object.values(values),
          )
        }
        const result = await diff(s.from, s.to, {
          resolver: s.resolver ?? fixedResolver(),
          ...(s.hints ? { hints: s.hints } : {}),
        })
        const reached = await run(connection, s.from, result.operations)
        deepStrictEqual(ignoringColumnOrder(await connection.introspect()), ignoringColumnOrder(reached))
        await run(connection, reached, invert(s.from, result.operations))
        deepStrictEqual(ignoringColumnOrder(await connection.introspect()), ignoringColumnOrder(s.from))
      })
    }
  })
}
