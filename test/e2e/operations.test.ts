/**
 * Every operation kind, from a YAML change, through the real CLI, on every
 * dialect's database holding rows (one case list, run per target): make,
 * migrate up, read the database back with its own catalog and with
 * statements that constraints must reject, migrate down, check that the
 * earlier schema and the rows are back, and forward again.
 */
import { strict as assert } from 'node:assert'
import { randomBytes } from 'node:crypto'
import { DATA_OPERATION_KINDS, OPERATION_KINDS } from '../../src/diff/operations'
import { runCli } from '../helpers/cli'
import { ident, ignoringColumnOrder } from '../helpers/database-shape'
import { postgresAdmin } from '../helpers/postgres'
import { TempProject } from '../helpers/project'
import { SCHEMA_OBJECTS } from './schema-objects'
import { REJECTED, TARGETS, type Target, type TargetDatabase } from './targets'

const BASE = `tables:
  authors:
    columns:
      name: { type: string, length: 100 }
      email: { type: string, length: 200, nullable: true }
  books:
    columns:
      title: { type: string, length: 50 }
      pages: { type: integer, nullable: true }
      status: { type: enum, values: [draft, published], default: draft }
    relations:
      author: { belongsTo: authors, onDelete: cascade }
`

const SEED = `
INSERT INTO authors (id, name, email) VALUES (1, 'Ann', 'ann@example.com'), (2, 'Bob', NULL);
INSERT INTO books (id, title, pages, status, author_id) VALUES (1, 'First', 100, 'draft', 1), (2, 'Second', NULL, 'published', 2);
`

interface Case {
  readonly name: string
  /**
   * Dialects that cannot hold the `after` schema, or the `before` of a case
   * that drops what they cannot hold (capabilities): there `strata make`
   * must refuse it with exit 2 and this message, nothing written, and the
   * database must stay as it was.
   */
  readonly refusedOn?: Partial<Record<Target['dialect'], RegExp>>
  /** strata.yaml, for a case that needs a project setting (`grants: true`); default none. */
  readonly config?: string
  /** The schema before; default BASE. */
  readonly before?: string
  /** SQL run after the first migration (default SEED); per target where it needs what only one database has. */
  readonly seed?: string | ((target: Target) => string)
  /** Edit of the schema text (or the whole new text). */
  readonly after: string | ((before: string) => string)
  readonly makeArgs?: readonly string[]
  /** Operation kinds expected in the new migration's up, in order. */
  readonly ops: readonly string[]
  /** Checks after `up`. */
  readonly verify: (db: TargetDatabase, target: Target) => Promise<void>
  /** Table.column values that `down` cannot restore (dropped data); tables whose rows are gone. */
  readonly lossy?: readonly string[]
  /** Rows for the tables `up` created (or emptied), so that `down` runs on tables holding rows. */
  readonly fillAfterUp?: string
  /** Checks after `down`. */
  readonly afterDown?: (db: TargetDatabase) => Promise<void>
}

const edit = (from: string, to: string) => (text: string) => {
  assert.ok(text.includes(from), `test setup: "${from}" not in schema`)
  return text.replace(from, to)
}

const columnNames = async (db: TargetDatabase, table: string) => (await db.dump()).tables[table]!.columns.map((c) => c.name)
const indexNames = async (db: TargetDatabase, table: string) => (await db.dump()).tables[table]!.indexes.map((i) => i.name)

// Test rows give their ids: a PostgreSQL identity does not move past ids
// inserted explicitly, so a generated id could collide with the seed's and be
// rejected by the primary key instead of the constraint under test.

/**
 * A role of the cluster for the policy and grant cases (PostgreSQL roles are
 * cluster-wide: uniquely named, made before the PostgreSQL suite and dropped
 * after it).
 */
const ROLE = `strata_ops_${randomBytes(4).toString('hex')}`


/**
 * The rows ROLE gets for `sql`, or the error message, in a transaction that
 * is rolled back: `grant` is GRANTed inside it first (a case without managed
 * grants gives the role what it needs to read, and leaves nothing behind).
 */
async function asRole(db: TargetDatabase, sql: string, grant?: string): Promise<Record<string, unknown>[] | string> {
  await db.exec(`BEGIN; ${grant ? `GRANT ${grant} TO ${ROLE}; ` : ''}SET LOCAL ROLE ${ROLE}`)
  try {
    return await db.rows(sql)
  } catch (error) {
    return (error as Error).message
  } finally {
    await db.exec('ROLLBACK')
  }
}

/** The same trigger body for each database: SQLite's between BEGIN and END, PL/pgSQL, MySQL's compound statement. */
const RAISE_NO_FORBIDDEN = `
    when: NEW.title = 'forbidden'
    body:
      sqlite: "SELECT RAISE(ABORT, 'no forbidden books');"
      postgres: "BEGIN RAISE EXCEPTION 'no forbidden books'; END"
      mysql: "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no forbidden books';"
`
const TRIGGER = `triggers:
  books_no_forbidden:
    table: books
    timing: before
    events: insert${RAISE_NO_FORBIDDEN}`

const VIEWS = `views:
  published_books:
    query: SELECT id, title FROM books WHERE status = 'published'
  published_titles:
    query: SELECT title FROM published_books
`

/** One function for PostgreSQL and MySQL: `where` filters the books it counts. */
const FUNCTIONS = (where: string) => `functions:
  books_by:
    args: who bigint
    returns: bigint
    language: sql
    volatility: stable
    dataAccess: reads sql data
    body:
      postgres: SELECT count(*) FROM books WHERE ${where}
      mysql: RETURN (SELECT count(*) FROM books WHERE ${where})
`

const SEQUENCE = (options: string) => `sequences:\n  ticket_numbers: ${options}\n`

const DOMAIN = (extra = '') => `domains:
  rating:
    type: integer${extra}
    checks:
      - { name: rating_range, expression: "VALUE BETWEEN 1 AND 5" }
`
const RATING_COLUMN = (t: string) => edit('      pages:', '      rating: { type: native, native: { postgres: rating }, nullable: true }\n      pages:')(t)

const TYPES = `types:
  shelf_spot: { composite: { aisle: text, shelf: integer } }
  page_span: { range: { subtype: integer } }
`

const EXCLUSION = `    exclude:
      - name: books_pages_excl
        elements: [{ expression: "int4range(pages, pages + 10)", with: "&&" }]
        where: pages IS NOT NULL
    relations:
      author:`

const POLICY = (using: string) => `    rowLevelSecurity: { enable: true }
    policies:
      visible_books: { command: select, roles: [${ROLE}], using: "${using}" }
    relations:
      author:`
const withPolicy = (using: string) => BASE.replace('    relations:\n      author:', POLICY(using))
const RLS_ONLY = BASE.replace('    relations:\n      author:', '    rowLevelSecurity: { enable: true }\n    relations:\n      author:')

const RAW_SQL = `sql:
  long_titles:
    create: CREATE VIEW long_titles AS SELECT title FROM books WHERE length(title) > 5
    drop: DROP VIEW long_titles
`

const ARCHIVE = `  archive.old_books:
    columns:
      title: { type: string, length: 50 }
`

const GRANTS_CONFIG = 'schemas: schemas\nmigrations: migrations\ngrants: true\n'
const GRANTS = (privileges: string) => `grants:\n  ${ROLE}:\n    tables: { books: [${privileges}] }\n`

/** What make says, at the object's line, for what a project's database cannot hold. */
const noSuch = (what: string) => new RegExp(`schemas/app\\.yaml:\\d+:\\d+ +error +.*\\((sqlite|mysql)\\) has no ${what}`)
const lacks = (what: string) => new RegExp(`schemas/app\\.yaml:\\d+:\\d+ +error +table "books" ${what}, which database "[^"]+" \\((sqlite|mysql)\\) does not have`)
const PG_ONLY = (message: RegExp) => ({ sqlite: message, mysql: message })

/** A table partitioned by range (PostgreSQL), one partition; READINGS_HIGH adds a second. */
const READINGS = `  readings:
    primaryKey: false
    columns:
      day: integer
      qty: integer
    partitionBy: { method: range, columns: [day] }
    partitions:
      readings_low: { from: 0, to: 100 }
`
const READINGS_HIGH = '      readings_high: { from: 100, to: 200 }\n'
/** A table with an INITIALLY DEFERRED foreign key over a column with a default, nullable or not. */
const HOLDS = (nullable: boolean) => `  seats:
    columns:
      code: { type: string, length: 10 }
  holds:
    columns:
      seat_id: { type: bigint, default: 1${nullable ? ', nullable: true' : ''}, references: { table: seats, deferrable: true, initiallyDeferred: true } }
`
/** READINGS keyed by its partition key, and a table referencing it (PostgreSQL gives each partition a foreign key of its own). */
const KEYED_READINGS = (partitions: string) =>
  READINGS.replace('    primaryKey: false\n    columns:\n      day: integer\n', '    columns:\n      day: { type: integer, primaryKey: true }\n') + partitions +
  '  notes:\n    columns:\n      reading_day: { type: integer, nullable: true, references: readings.day }\n'
const PARTITIONED = /schemas\/app\.yaml:\d+:\d+ +error +table "readings" is partitioned, which database "[^"]+" \((sqlite|mysql)\) does not have/

const CASES: readonly Case[] = [
  {
    name: 'createTable with foreign key, unique, check and index',
    after: (t) =>
      t +
      `  reviews:
    columns:
      stars: { type: smallint }
      body: { type: text, nullable: true }
    relations:
      book: { belongsTo: books, onDelete: cascade }
    unique:
      - [book_id, stars]
    checks:
      - { name: reviews_stars_range, expression: "stars BETWEEN 1 AND 5" }
`,
    ops: ['createTable'],
    async verify(db) {
      const reviews = (await db.dump()).tables.reviews!
      assert.deepEqual(reviews.columns.map((c) => c.name), ['id', 'stars', 'body', 'book_id'])
      assert.deepEqual(reviews.foreignKeys.map((f) => [f.columns, f.table, f.refColumns, f.onDelete]), [[['book_id'], 'books', ['id'], 'CASCADE']])
      assert.ok(reviews.indexes.some((i) => i.name === 'reviews_book_id_idx' && i.origin === 'c' && !i.unique))
      assert.deepEqual(reviews.checks.filter((c) => c.name !== null).map((c) => c.name), ['reviews_stars_range'])
      await db.exec('INSERT INTO reviews (id, stars, book_id) VALUES (1, 5, 1)')
      assert.match(await db.rejects('INSERT INTO reviews (id, stars, book_id) VALUES (2, 9, 1)'), REJECTED.check)
      assert.match(await db.rejects('INSERT INTO reviews (id, stars, book_id) VALUES (3, 5, 1)'), REJECTED.unique)
      assert.match(await db.rejects('INSERT INTO reviews (id, stars, book_id) VALUES (4, 4, 99)'), REJECTED.foreignKey)
    },
  },
  {
    name: 'dropTable',
    before: BASE + `  tags:\n    columns:\n      label: { type: string, length: 30 }\n`,
    seed: SEED + "INSERT INTO tags (label) VALUES ('x');",
    after: BASE,
    ops: ['dropTable'],
    async verify(db) {
      assert.ok(!(await db.tables()).includes('tags'))
    },
    lossy: ['tags'],
  },
  {
    name: 'renameTable (renamedFrom) keeps rows and the foreign keys into it',
    after: (t) => edit('belongsTo: authors', 'belongsTo: writers')(edit('  authors:\n', '  writers:\n    renamedFrom: authors\n')(t)),
    // The primary key's generated name follows the table's (writers_pkey):
    // renamed with the table, the foreign key into it untouched.
    ops: ['renameTable'],
    async verify(db) {
      const tables = await db.tables()
      assert.ok(tables.includes('writers') && !tables.includes('authors'))
      assert.deepEqual((await db.rows('SELECT name FROM writers ORDER BY id')).map((r) => r.name), ['Ann', 'Bob'])
      assert.equal((await db.dump()).tables.books!.foreignKeys[0]!.table, 'writers')
      assert.match(await db.rejects("INSERT INTO books (id, title, author_id) VALUES (50, 'x', 42)"), REJECTED.foreignKey)
    },
  },
  {
    name: 'addColumn (nullable)',
    after: edit('      pages:', '      isbn: { type: string, length: 13, nullable: true }\n      pages:'),
    ops: ['addColumn'],
    async verify(db) {
      assert.ok((await columnNames(db, 'books')).includes('isbn'))
      assert.deepEqual((await db.rows('SELECT isbn FROM books')).map((r) => r.isbn), [null, null])
    },
  },
  {
    name: 'addColumn NOT NULL without default, with a one-off value for existing rows',
    after: edit('      pages:', '      isbn: { type: string, length: 13 }\n      pages:'),
    makeArgs: ['--default', 'books.isbn=unknown'],
    ops: ['addColumn'],
    async verify(db) {
      assert.deepEqual((await db.rows('SELECT isbn FROM books ORDER BY id')).map((r) => r.isbn), ['unknown', 'unknown'])
      assert.match(await db.rejects("INSERT INTO books (id, title, author_id) VALUES (50, 'x', 1)"), REJECTED.notNull)
    },
  },
  {
    name: 'dropColumn',
    after: edit('      email: { type: string, length: 200, nullable: true }\n', ''),
    ops: ['dropColumn'],
    async verify(db) {
      assert.deepEqual(await columnNames(db, 'authors'), ['id', 'name'])
    },
    lossy: ['authors.email'],
  },
  {
    name: 'dropColumn NOT NULL without default: down puts back the value given with --default',
    after: edit('      name: { type: string, length: 100 }\n', ''),
    makeArgs: ['--default', 'authors.name=00042'],
    ops: ['dropColumn'],
    async verify(db) {
      assert.deepEqual(await columnNames(db, 'authors'), ['id', 'email'])
    },
    lossy: ['authors.name'],
    async afterDown(db) {
      assert.deepEqual((await db.rows('SELECT name FROM authors ORDER BY id')).map((r) => r.name), ['00042', '00042'])
    },
  },
  {
    name: 'dropColumn NOT NULL without default, no value given: down puts back a placeholder of its type',
    after: edit('      title: { type: string, length: 50 }\n', ''),
    ops: ['dropColumn'],
    async verify(db) {
      assert.ok(!(await columnNames(db, 'books')).includes('title'))
    },
    lossy: ['books.title'],
    async afterDown(db) {
      assert.deepEqual((await db.rows('SELECT title FROM books ORDER BY id')).map((r) => r.title), ['', ''])
    },
  },
  {
    name: 'renameColumn (renamedFrom)',
    after: edit('      title: { type: string, length: 50 }', '      headline: { type: string, length: 50, renamedFrom: title }'),
    ops: ['renameColumn'],
    async verify(db) {
      assert.deepEqual((await db.rows('SELECT headline FROM books ORDER BY id')).map((r) => r.headline), ['First', 'Second'])
    },
  },
  {
    name: 'alterColumn: type (string length, integer to bigint), keeping rows, keys and indexes (SQLite: the table rebuild)',
    after: (t) => edit('title: { type: string, length: 50 }', 'title: { type: string, length: 200 }')(edit('pages: { type: integer, nullable: true }', 'pages: { type: bigint, nullable: true }')(t)),
    ops: ['alterColumn', 'alterColumn'],
    async verify(db) {
      assert.deepEqual(await db.rows('SELECT title, pages FROM books ORDER BY id'), [{ title: 'First', pages: 100 }, { title: 'Second', pages: null }])
      // The altered table keeps the foreign key and its index.
      assert.equal((await db.dump()).tables.books!.foreignKeys[0]!.table, 'authors')
      assert.ok((await indexNames(db, 'books')).includes('books_author_id_idx'))
      assert.match(await db.rejects("INSERT INTO books (id, title, author_id) VALUES (50, 'x', 42)"), REJECTED.foreignKey)
      await db.exec(`UPDATE books SET title = '${'x'.repeat(200)}', pages = 9007199254740991 WHERE id = 2`)
      assert.deepEqual(await db.rows('SELECT length(title) AS n, pages FROM books WHERE id = 2'), [{ n: 200, pages: 9007199254740991 }])
      await db.exec("UPDATE books SET title = 'Second', pages = NULL WHERE id = 2")
    },
  },
  {
    name: 'alterColumn: nullable to NOT NULL, with a one-off value for NULL rows',
    after: edit('pages: { type: integer, nullable: true }', 'pages: { type: integer }'),
    makeArgs: ['--default', 'books.pages=0'],
    ops: ['alterColumn'],
    async verify(db) {
      assert.deepEqual((await db.rows('SELECT pages FROM books ORDER BY id')).map((r) => r.pages), [100, 0])
      assert.match(await db.rejects("INSERT INTO books (id, title, author_id, pages) VALUES (50, 'x', 1, NULL)"), REJECTED.notNull)
    },
    lossy: ['books.pages'],
  },
  {
    name: 'alterColumn: default',
    after: edit('default: draft', 'default: published'),
    ops: ['alterColumn'],
    async verify(db) {
      await db.exec("INSERT INTO books (id, title, author_id) VALUES (3, 'Third', 1)")
      assert.deepEqual(await db.rows('SELECT status FROM books WHERE id = 3'), [{ status: 'published' }])
      await db.exec('DELETE FROM books WHERE id = 3')
    },
  },
  {
    name: 'addIndex: plain, partial and expression; dropIndex on the way back',
    refusedOn: { mysql: /app\.yaml:\d+:\d+.*index "books_pages_idx" of table "books" is partial[^]*index "books_title_lower_idx" of table "books" is an expression index/ },
    after: (t) =>
      t.replace(
        '    relations:\n      author:',
        `    indexes:
      - columns: [title]
      - { columns: [pages], where: "pages IS NOT NULL" }
      - { name: books_title_lower_idx, expression: "lower(title)", unique: true }
    relations:
      author:`,
      ),
    ops: ['addIndex', 'addIndex', 'addIndex'],
    async verify(db) {
      const indexes = (await db.dump()).tables.books!.indexes
      assert.deepEqual(
        indexes.filter((i) => i.origin === 'c' && i.name !== 'books_author_id_idx').map((i) => [i.name, i.unique, i.partial, i.columns]),
        [['books_pages_idx', false, true, ['pages']], ['books_title_idx', false, false, ['title']], ['books_title_lower_idx', true, false, [null]]],
      )
      assert.match(await db.rejects("INSERT INTO books (id, title, author_id) VALUES (50, 'FIRST', 1)"), REJECTED.unique)
    },
  },
  {
    name: 'dropIndex',
    before: BASE.replace('    relations:\n      author:', '    indexes:\n      - columns: [title]\n    relations:\n      author:'),
    after: BASE,
    ops: ['dropIndex'],
    async verify(db) {
      assert.ok(!(await indexNames(db, 'books')).includes('books_title_idx'))
    },
  },
  {
    name: 'addUnique',
    after: edit('      email: { type: string, length: 200, nullable: true }\n', '      email: { type: string, length: 200, nullable: true }\n    unique:\n      - [name]\n'),
    ops: ['addUnique'],
    async verify(db) {
      assert.match(await db.rejects("INSERT INTO authors (id, name) VALUES (50, 'Ann')"), REJECTED.unique)
    },
  },
  {
    name: 'dropUnique',
    before: BASE.replace('      email: { type: string, length: 200, nullable: true }\n', '      email: { type: string, length: 200, nullable: true, unique: true }\n'),
    after: BASE,
    ops: ['dropUnique'],
    async verify(db) {
      await db.exec("INSERT INTO authors (id, name, email) VALUES (3, 'Ann again', 'ann@example.com')")
      await db.exec('DELETE FROM authors WHERE id = 3')
    },
  },
  {
    name: 'addForeignKey on an existing column',
    before: BASE.replace('      pages:', '      reviewer_id: { type: bigint, nullable: true }\n      pages:'),
    after: BASE.replace('      pages:', '      reviewer_id: { type: bigint, nullable: true, references: authors.id }\n      pages:'),
    ops: ['addForeignKey'],
    async verify(db) {
      assert.ok((await db.dump()).tables.books!.foreignKeys.some((f) => f.columns.join() === 'reviewer_id' && f.table === 'authors'))
      assert.match(await db.rejects('UPDATE books SET reviewer_id = 77 WHERE id = 1'), REJECTED.foreignKey)
    },
  },
  {
    name: 'dropForeignKey',
    before: BASE.replace('      pages:', '      reviewer_id: { type: bigint, nullable: true, references: authors.id }\n      pages:'),
    after: BASE.replace('      pages:', '      reviewer_id: { type: bigint, nullable: true }\n      pages:'),
    ops: ['dropForeignKey'],
    async verify(db) {
      await db.exec('UPDATE books SET reviewer_id = 77 WHERE id = 1')
      await db.exec('UPDATE books SET reviewer_id = NULL WHERE id = 1')
    },
  },
  {
    name: 'addCheck',
    after: edit('    relations:\n      author:', '    checks:\n      - { name: books_pages_positive, expression: "pages > 0" }\n    relations:\n      author:'),
    ops: ['addCheck'],
    async verify(db) {
      assert.deepEqual((await db.dump()).tables.books!.checks.filter((c) => c.name !== null).map((c) => c.name), ['books_pages_positive'])
      assert.match(await db.rejects('UPDATE books SET pages = -1 WHERE id = 1'), REJECTED.check)
    },
  },
  {
    name: 'dropCheck',
    before: BASE.replace('    relations:\n      author:', '    checks:\n      - { name: books_pages_positive, expression: "pages > 0" }\n    relations:\n      author:'),
    after: BASE,
    ops: ['dropCheck'],
    async verify(db) {
      await db.exec('UPDATE books SET pages = -1 WHERE id = 1')
      await db.exec('UPDATE books SET pages = 100 WHERE id = 1')
    },
  },
  {
    name: 'alterPrimaryKey',
    before: BASE + `  memberships:\n    columns:\n      member: { type: string, length: 20, primaryKey: true }\n      club: { type: string, length: 20 }\n`,
    seed: SEED + "INSERT INTO memberships (member, club) VALUES ('ann', 'chess'), ('bob', 'chess');",
    after: BASE + `  memberships:\n    primaryKey: [member, club]\n    columns:\n      member: { type: string, length: 20 }\n      club: { type: string, length: 20 }\n`,
    ops: ['alterPrimaryKey'],
    async verify(db) {
      const pk = (await db.dump()).tables.memberships!.columns.filter((c) => c.pk > 0).map((c) => c.name)
      assert.deepEqual(pk, ['member', 'club'])
      await db.exec("INSERT INTO memberships (member, club) VALUES ('ann', 'go')")
      assert.match(await db.rejects("INSERT INTO memberships (member, club) VALUES ('ann', 'go')"), REJECTED.unique)
      await db.exec("DELETE FROM memberships WHERE club = 'go'")
    },
  },
  {
    name: 'createEnum with a column that uses it',
    after: (t) => `enums:\n  genre: [fiction, poetry]\n` + edit('      pages:', '      genre: { type: enum, enum: genre, nullable: true }\n      pages:')(t),
    ops: ['createEnum', 'addColumn'],
    async verify(db) {
      await db.exec("UPDATE books SET genre = 'poetry' WHERE id = 1")
      assert.match(await db.rejects("UPDATE books SET genre = 'drama' WHERE id = 1"), REJECTED.enumValue)
    },
  },
  {
    name: 'alterEnum: a value added and an unused one removed',
    before: BASE.replace('values: [draft, published]', 'values: [draft, published, withdrawn]'),
    after: BASE.replace('values: [draft, published]', 'values: [draft, published, archived]'),
    ops: ['alterEnum'],
    async verify(db) {
      await db.exec("UPDATE books SET status = 'archived' WHERE id = 1")
      assert.match(await db.rejects("UPDATE books SET status = 'withdrawn' WHERE id = 1"), REJECTED.enumValue)
      await db.exec("UPDATE books SET status = 'draft' WHERE id = 1")
    },
  },
  {
    name: 'dropEnum with the column that used it',
    before: `enums:\n  genre: [fiction, poetry]\n` + BASE.replace('      pages:', '      genre: { type: enum, enum: genre, nullable: true }\n      pages:'),
    after: BASE,
    ops: ['dropColumn', 'dropEnum'],
    async verify(db) {
      assert.ok(!(await columnNames(db, 'books')).includes('genre'))
    },
    lossy: ['books.genre'],
  },
  {
    name: 'setComment (in the catalog on PostgreSQL; SQLite has none, the snapshot keeps it)',
    after: edit('  authors:\n', '  authors:\n    comment: People who write books\n'),
    ops: ['setComment'],
    async verify(db, target) {
      if (target.catalogComments) assert.equal((await db.dump()).tables.authors!.comment, 'People who write books')
      else assert.equal((await db.dump()).tables.authors!.comment, null)
    },
  },
  {
    name: 'addExclusion: an EXCLUDE constraint over an expression, with WHERE (PostgreSQL)',
    refusedOn: PG_ONLY(lacks('uses an EXCLUDE constraint \\(books_pages_excl\\)')),
    after: edit('    relations:\n      author:', EXCLUSION),
    ops: ['addExclusion'],
    async verify(db) {
      const [exclusion] = await db.rows("SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'books_pages_excl' AND contype = 'x'")
      assert.match(String(exclusion?.def), /^EXCLUDE USING gist \(int4range\(pages, \(pages \+ 10\)\) WITH &&\) WHERE \(\(pages IS NOT NULL\)\)$/)
      assert.match(await db.rejects("INSERT INTO books (id, title, pages, author_id) VALUES (50, 'x', 105, 1)"), /conflicting key value violates exclusion constraint "books_pages_excl"/)
      await db.exec("INSERT INTO books (id, title, pages, author_id) VALUES (50, 'x', 110, 1), (51, 'y', NULL, 1); DELETE FROM books WHERE id IN (50, 51)")
    },
  },
  {
    name: 'dropExclusion',
    refusedOn: PG_ONLY(lacks('uses an EXCLUDE constraint \\(books_pages_excl\\)')),
    before: BASE.replace('    relations:\n      author:', EXCLUSION),
    after: BASE,
    ops: ['dropExclusion'],
    async verify(db) {
      await db.exec("INSERT INTO books (id, title, pages, author_id) VALUES (50, 'x', 105, 1); DELETE FROM books WHERE id = 50")
    },
  },
  {
    name: 'alterConstraint: a foreign key made DEFERRABLE INITIALLY DEFERRED, checked at COMMIT (SQLite: the table rebuild)',
    refusedOn: { mysql: lacks('uses a DEFERRABLE foreign key \\(books_reviewer_id_fkey\\)') },
    before: BASE.replace('      pages:', '      reviewer_id: { type: bigint, nullable: true, references: authors.id }\n      pages:'),
    after: BASE.replace('      pages:', '      reviewer_id: { type: bigint, nullable: true, references: { table: authors, deferrable: true, initiallyDeferred: true } }\n      pages:'),
    ops: ['alterConstraint'],
    async verify(db) {
      // The author the row points to comes later in the same transaction: accepted only when the check waits for COMMIT.
      await db.exec("BEGIN; UPDATE books SET reviewer_id = 3 WHERE id = 1; INSERT INTO authors (id, name) VALUES (3, 'Cy'); COMMIT")
      await db.exec('UPDATE books SET reviewer_id = NULL WHERE id = 1; DELETE FROM authors WHERE id = 3')
    },
  },
  {
    name: 'alterConstraint: a NOT VALID check validated in place (PostgreSQL)',
    refusedOn: PG_ONLY(lacks('uses NOT VALID \\(check books_pages_positive\\)')),
    before: BASE.replace('    relations:\n      author:', '    checks:\n      - { name: books_pages_positive, expression: "pages > 0", notValid: true }\n    relations:\n      author:'),
    after: BASE.replace('    relations:\n      author:', '    checks:\n      - { name: books_pages_positive, expression: "pages > 0" }\n    relations:\n      author:'),
    ops: ['alterConstraint'],
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT convalidated FROM pg_constraint WHERE conname = 'books_pages_positive'"), [{ convalidated: true }])
      assert.match(await db.rejects('UPDATE books SET pages = -1 WHERE id = 1'), REJECTED.check)
    },
  },
  {
    name: 'setTableOptions: STRICT (SQLite, the table rebuild; PostgreSQL and MySQL keep it in the snapshot only)',
    after: edit('  books:\n', '  books:\n    strict: true\n'),
    ops: ['setTableOptions'],
    async verify(db, target) {
      if (target.dialect !== 'sqlite') return
      assert.deepEqual(await db.rows("SELECT strict FROM pragma_table_list WHERE name = 'books'"), [{ strict: 1 }])
      assert.match(await db.rejects("UPDATE books SET pages = 'many' WHERE id = 1"), /cannot store TEXT value in INT/)
    },
  },
  {
    name: 'setTableOptions: UNLOGGED (PostgreSQL, ALTER TABLE SET UNLOGGED)',
    refusedOn: PG_ONLY(/schemas\/app\.yaml:\d+:\d+ +error +table "books" is UNLOGGED, which database "[^"]+" \((sqlite|mysql)\) does not have/),
    after: edit('  books:\n', '  books:\n    unlogged: true\n'),
    ops: ['setTableOptions'],
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT relpersistence FROM pg_class WHERE relname IN ('books', 'books_pkey')"), [{ relpersistence: 'u' }, { relpersistence: 'u' }])
    },
  },
  {
    name: 'createView: a view, and a view over it',
    after: (t) => t + VIEWS,
    ops: ['createView', 'createView'],
    async verify(db) {
      assert.deepEqual(await db.rows('SELECT id, title FROM published_books'), [{ id: 2, title: 'Second' }])
      assert.deepEqual(await db.rows('SELECT title FROM published_titles'), [{ title: 'Second' }])
    },
  },
  {
    name: 'dropView',
    before: BASE + VIEWS,
    after: BASE,
    ops: ['dropView', 'dropView'],
    async verify(db) {
      assert.match(await db.rejects('SELECT * FROM published_books'), /published_books/)
    },
  },
  {
    name: 'createTrigger: BEFORE INSERT with WHEN (PostgreSQL: with its trigger function; MySQL: WHEN as IF)',
    after: (t) => t + TRIGGER,
    ops: ['createTrigger'],
    async verify(db) {
      assert.match(await db.rejects("INSERT INTO books (id, title, author_id) VALUES (50, 'forbidden', 1)"), /no forbidden books/)
      await db.exec("INSERT INTO books (id, title, author_id) VALUES (50, 'fine', 1); DELETE FROM books WHERE id = 50")
    },
  },
  {
    name: 'dropTrigger (PostgreSQL: its trigger function too)',
    before: BASE + TRIGGER,
    after: BASE,
    ops: ['dropTrigger'],
    async verify(db) {
      await db.exec("INSERT INTO books (id, title, author_id) VALUES (50, 'forbidden', 1); DELETE FROM books WHERE id = 50")
    },
  },
  {
    name: 'createFunction (PostgreSQL, MySQL)',
    refusedOn: { sqlite: noSuch('stored functions') },
    after: (t) => FUNCTIONS('author_id = who') + t,
    ops: ['createFunction'],
    async verify(db) {
      assert.deepEqual(await db.rows('SELECT books_by(1) AS n'), [{ n: 1 }])
    },
  },
  {
    name: 'dropFunction',
    refusedOn: { sqlite: noSuch('stored functions') },
    before: FUNCTIONS('author_id = who') + BASE,
    after: BASE,
    ops: ['dropFunction'],
    async verify(db, target) {
      const gone = { postgres: /function books_by\(integer\) does not exist/, mysql: /FUNCTION \S*books_by does not exist/, sqlite: /books_by/ }
      assert.match(await db.rejects('SELECT books_by(1)'), gone[target.dialect])
    },
  },
  {
    name: 'replaceFunction: a new body, the same signature (PostgreSQL: CREATE OR REPLACE; MySQL: DROP and CREATE)',
    refusedOn: { sqlite: noSuch('stored functions') },
    before: FUNCTIONS('author_id = who') + BASE,
    after: FUNCTIONS("author_id = who AND status = 'published'") + BASE,
    ops: ['replaceFunction'],
    async verify(db) {
      assert.deepEqual(await db.rows('SELECT books_by(1) AS ann, books_by(2) AS bob'), [{ ann: 0, bob: 1 }])
    },
  },
  {
    name: 'createSequence: a standalone one, and one OWNED BY a column',
    refusedOn: PG_ONLY(noSuch('standalone sequences')),
    after: (t) => `sequences:\n  ticket_numbers: { start: 100, increment: 5 }\n  page_numbers: { type: integer, ownedBy: books.pages }\n` + t,
    ops: ['createSequence', 'createSequence'],
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT nextval('ticket_numbers') AS a, nextval('ticket_numbers') AS b, nextval('page_numbers') AS c"), [{ a: 100, b: 105, c: 1 }])
      const [owner] = await db.rows(`SELECT t.relname || '.' || a.attname AS owned_by FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid WHERE d.objid = 'page_numbers'::regclass AND d.deptype = 'a'`)
      assert.equal(owner?.owned_by, 'books.pages')
    },
  },
  {
    name: 'dropSequence',
    refusedOn: PG_ONLY(noSuch('standalone sequences')),
    before: SEQUENCE('{ start: 100, increment: 5 }') + BASE,
    after: BASE,
    ops: ['dropSequence'],
    async verify(db) {
      assert.match(await db.rejects("SELECT nextval('ticket_numbers')"), /relation "ticket_numbers" does not exist/)
    },
  },
  {
    name: 'alterSequence: increment, max and cycle in place',
    refusedOn: PG_ONLY(noSuch('standalone sequences')),
    before: SEQUENCE('{ start: 100, increment: 5 }') + BASE,
    after: SEQUENCE('{ start: 100, increment: 10, max: 100000, cycle: true }') + BASE,
    ops: ['alterSequence'],
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT seqincrement AS increment, seqmax AS max, seqcycle AS cycle FROM pg_sequence WHERE seqrelid = 'ticket_numbers'::regclass"), [
        { increment: 10, max: 100000, cycle: true },
      ])
      const [{ a, b }] = (await db.rows("SELECT nextval('ticket_numbers') AS a, nextval('ticket_numbers') AS b")) as [{ a: number; b: number }]
      assert.equal(b - a, 10)
    },
  },
  {
    name: 'createExtension: one at the server default version, one pinned (citext, hstore ship with PostgreSQL)',
    refusedOn: PG_ONLY(noSuch('extensions')),
    after: (t) => 'extensions:\n  citext: { version: "1.5" }\n  hstore: {}\n' + t,
    ops: ['createExtension', 'createExtension'],
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT extname, extversion FROM pg_extension WHERE extname IN ('citext', 'hstore') ORDER BY 1"), [
        { extname: 'citext', extversion: '1.5' },
        { extname: 'hstore', extversion: '1.8' },
      ])
      assert.deepEqual(await db.rows("SELECT 'Ann'::citext = 'ANN' AS same, ('a=>1'::hstore) -> 'a' AS value"), [{ same: true, value: '1' }])
    },
  },
  {
    name: 'dropExtension',
    refusedOn: PG_ONLY(noSuch('extensions')),
    before: 'extensions:\n  pg_trgm: {}\n' + BASE,
    after: BASE,
    ops: ['dropExtension'],
    async verify(db) {
      assert.match(await db.rejects("SELECT similarity('word', 'two words')"), /function similarity\(unknown, unknown\) does not exist/)
    },
  },
  {
    // A pinned version moved up has no way back (extensions ship no downgrade
    // scripts; test/e2e/catalog-objects.test.ts shows that down failing with
    // PostgreSQL's "no update path"): SET SCHEMA is the alterExtension whose down runs.
    name: 'alterExtension: SET SCHEMA, and back to the current schema',
    refusedOn: PG_ONLY(noSuch('extensions')),
    seed: (target) => (target.dialect === 'postgres' ? 'CREATE SCHEMA ext;' : '') + SEED,
    before: 'extensions:\n  citext: {}\n' + BASE,
    after: 'extensions:\n  citext: { schema: ext }\n' + BASE,
    ops: ['alterExtension'],
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'citext'"), [{ schema: 'ext' }])
      // Its operators moved with it: outside the search path, they are named by schema.
      assert.deepEqual(await db.rows("SELECT 'Ann'::ext.citext OPERATOR(ext.=) 'ANN'::ext.citext AS same"), [{ same: true }])
    },
  },
  {
    name: 'createDomain, and a column of it',
    refusedOn: PG_ONLY(noSuch('domains')),
    after: (t) => DOMAIN() + RATING_COLUMN(t),
    ops: ['createDomain', 'addColumn'],
    async verify(db) {
      await db.exec('UPDATE books SET rating = 4 WHERE id = 1')
      assert.match(await db.rejects('UPDATE books SET rating = 9 WHERE id = 1'), /violates check constraint "rating_range"/)
      await db.exec('UPDATE books SET rating = NULL WHERE id = 1')
    },
  },
  {
    name: 'dropDomain',
    refusedOn: PG_ONLY(noSuch('domains')),
    before: DOMAIN() + BASE,
    after: BASE,
    ops: ['dropDomain'],
    async verify(db) {
      assert.match(await db.rejects('SELECT 3::rating'), /type "rating" does not exist/)
    },
  },
  {
    name: 'alterDomain: a default and a check added (ADD CONSTRAINT checks the rows of its column)',
    refusedOn: PG_ONLY(noSuch('domains')),
    before: DOMAIN() + RATING_COLUMN(BASE),
    seed: SEED + 'UPDATE books SET rating = 3 WHERE id = 1;',
    after: DOMAIN('\n    default: "3"').replace('\n      - { name: rating_range', '\n      - { name: rating_not_two, expression: "VALUE <> 2" }\n      - { name: rating_range') + RATING_COLUMN(BASE),
    ops: ['alterDomain'],
    async verify(db) {
      assert.match(await db.rejects('UPDATE books SET rating = 2 WHERE id = 1'), /violates check constraint "rating_not_two"/)
      await db.exec("INSERT INTO books (id, title, author_id) VALUES (50, 'x', 1)")
      assert.deepEqual(await db.rows('SELECT rating FROM books WHERE id = 50'), [{ rating: 3 }])
      await db.exec('DELETE FROM books WHERE id = 50')
    },
  },
  {
    name: 'createType: a composite and a range type',
    refusedOn: PG_ONLY(noSuch('composite or range types')),
    after: (t) => TYPES + t,
    ops: ['createType', 'createType'],
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT (ROW('A', 3)::shelf_spot).shelf AS shelf, page_span(1, 10) @> 5 AS inside"), [{ shelf: 3, inside: true }])
    },
  },
  {
    name: 'dropType',
    refusedOn: PG_ONLY(noSuch('composite or range types')),
    before: TYPES + BASE,
    after: BASE,
    ops: ['dropType', 'dropType'],
    async verify(db) {
      assert.match(await db.rejects("SELECT ROW('A', 3)::shelf_spot"), /type "shelf_spot" does not exist/)
    },
  },
  {
    name: 'setRowLevelSecurity and createPolicy: a role other than the owner sees only the rows the policy lets through',
    refusedOn: PG_ONLY(noSuch('row-level security')),
    after: withPolicy("status = 'published'"),
    ops: ['setRowLevelSecurity', 'createPolicy'],
    async verify(db) {
      assert.deepEqual(await asRole(db, 'SELECT id FROM books ORDER BY id', 'SELECT ON books'), [{ id: 2 }])
    },
  },
  {
    name: 'dropPolicy: row-level security stays on, so the role sees no row',
    refusedOn: PG_ONLY(noSuch('row-level security')),
    before: withPolicy("status = 'published'"),
    after: RLS_ONLY,
    ops: ['dropPolicy'],
    async verify(db) {
      assert.deepEqual(await asRole(db, 'SELECT id FROM books ORDER BY id', 'SELECT ON books'), [])
    },
  },
  {
    name: 'alterPolicy: USING changes in place',
    refusedOn: PG_ONLY(noSuch('row-level security')),
    before: withPolicy("status = 'published'"),
    after: withPolicy("status = 'draft'"),
    ops: ['alterPolicy'],
    async verify(db) {
      assert.deepEqual(await asRole(db, 'SELECT id FROM books ORDER BY id', 'SELECT ON books'), [{ id: 1 }])
    },
  },
  {
    name: 'setRowLevelSecurity: turned off, every row readable again',
    refusedOn: PG_ONLY(noSuch('row-level security')),
    before: RLS_ONLY,
    after: BASE,
    ops: ['setRowLevelSecurity'],
    async verify(db) {
      assert.deepEqual(await asRole(db, 'SELECT id FROM books ORDER BY id', 'SELECT ON books'), [{ id: 1 }, { id: 2 }])
    },
  },
  {
    name: 'grant (grants: true): the role reads the table and cannot write it',
    refusedOn: PG_ONLY(noSuch('grants strata manages')),
    config: GRANTS_CONFIG,
    after: (t) => t + GRANTS('select'),
    ops: ['grant'],
    async verify(db) {
      assert.deepEqual(await asRole(db, 'SELECT count(*)::int AS n FROM books'), [{ n: 2 }])
      assert.match(String(await asRole(db, "UPDATE books SET title = 'x'")), /permission denied for table books/)
    },
  },
  {
    name: 'revoke (grants: true): what is taken from the list is revoked, the rest kept',
    refusedOn: PG_ONLY(noSuch('grants strata manages')),
    config: GRANTS_CONFIG,
    before: BASE + GRANTS('select, update'),
    after: BASE + GRANTS('select'),
    ops: ['revoke'],
    async verify(db) {
      assert.deepEqual(await asRole(db, 'SELECT count(*)::int AS n FROM books'), [{ n: 2 }])
      assert.match(String(await asRole(db, "UPDATE books SET title = 'x'")), /permission denied for table books/)
    },
  },
  {
    name: 'createView: materialized, with an index (PostgreSQL; a plain view elsewhere)',
    after: (t) => t + `views:\n  book_titles:\n    materialized: true\n    query: SELECT id, title FROM books\n    indexes:\n      - { columns: [id], unique: true }\n`,
    ops: ['createView'],
    async verify(db) {
      assert.deepEqual(await db.rows('SELECT id, title FROM book_titles ORDER BY id'), [{ id: 1, title: 'First' }, { id: 2, title: 'Second' }])
    },
  },
  {
    name: 'createFunction and createTrigger: a trigger running a trigger function of the schema (PostgreSQL)',
    refusedOn: { sqlite: noSuch('stored functions'), mysql: noSuch('trigger functions') },
    after: (t) =>
      `functions:\n  no_forbidden:\n    returns: trigger\n    language: plpgsql\n    body: "BEGIN IF NEW.title = 'forbidden' THEN RAISE EXCEPTION 'no forbidden books'; END IF; RETURN NEW; END"\n` +
      t +
      `triggers:\n  books_no_forbidden:\n    table: books\n    timing: before\n    events: [insert, update]\n    function: no_forbidden\n`,
    ops: ['createFunction', 'createTrigger'],
    async verify(db) {
      assert.match(await db.rejects("UPDATE books SET title = 'forbidden' WHERE id = 1"), /no forbidden books/)
    },
  },
  {
    name: 'createFunction, createTable and createTrigger: a trigger that calls a procedure (PostgreSQL, MySQL), the procedure first',
    refusedOn: { sqlite: noSuch('stored functions') },
    after: (t) =>
      `functions:\n  note_book:\n    procedure: true\n    args: { postgres: b bigint, mysql: IN b BIGINT }\n    dataAccess: modifies sql data\n` +
      `    body: INSERT INTO book_notes (book) VALUES (b)\n` +
      t +
      `  book_notes:\n    primaryKey: false\n    columns:\n      book: bigint\n` +
      `triggers:\n  books_noted:\n    table: books\n    timing: after\n    events: insert\n    body:\n` +
      `      postgres: BEGIN CALL note_book(NEW.id); RETURN NEW; END\n      mysql: CALL note_book(NEW.id);\n`,
    ops: ['createFunction', 'createTable', 'createTrigger'],
    async verify(db) {
      await db.exec("INSERT INTO books (id, title, author_id) VALUES (60, 'Third', 1)")
      assert.deepEqual(await db.rows('SELECT book FROM book_notes'), [{ book: 60 }])
      await db.exec('DELETE FROM books WHERE id = 60; DELETE FROM book_notes')
    },
    fillAfterUp: 'INSERT INTO book_notes (book) VALUES (1)',
  },
  {
    name: 'createSequence and a column whose default takes from it, added to rows',
    refusedOn: PG_ONLY(noSuch('standalone sequences')),
    after: (t) => SEQUENCE('{ start: 100, increment: 5 }') + edit('      pages:', `      ticket: { type: bigint, default: { sql: "nextval('ticket_numbers')" } }\n      pages:`)(t),
    ops: ['createSequence', 'addColumn'],
    async verify(db) {
      assert.deepEqual(await db.rows('SELECT ticket FROM books ORDER BY id'), [{ ticket: 100 }, { ticket: 105 }])
    },
  },
  {
    name: 'dropDomain with the column that used it (down: the domain, then the column)',
    refusedOn: PG_ONLY(noSuch('domains')),
    before: DOMAIN() + RATING_COLUMN(BASE),
    seed: SEED + 'UPDATE books SET rating = 3 WHERE id = 1;',
    after: BASE,
    ops: ['dropColumn', 'dropDomain'],
    async verify(db) {
      assert.ok(!(await columnNames(db, 'books')).includes('rating'))
    },
    lossy: ['books.rating'],
  },
  {
    name: 'dropType with the column that used it',
    refusedOn: PG_ONLY(noSuch('composite or range types')),
    before: TYPES + edit('      pages:', '      spot: { type: native, native: { postgres: shelf_spot }, nullable: true }\n      pages:')(BASE),
    seed: SEED + "UPDATE books SET spot = ROW('A', 3) WHERE id = 1;",
    after: BASE,
    ops: ['dropColumn', 'dropType', 'dropType'],
    async verify(db) {
      assert.match(await db.rejects("SELECT ROW('A', 3)::shelf_spot"), /type "shelf_spot" does not exist/)
    },
    lossy: ['books.spot'],
  },
  {
    name: 'dropExtension whose type a column used: the column changes type first (down: the extension, then the type back)',
    refusedOn: PG_ONLY(noSuch('extensions')),
    before: 'extensions:\n  citext: {}\n' + BASE.replace('email: { type: string, length: 200, nullable: true }', 'email: { type: native, native: { postgres: citext }, nullable: true }'),
    after: BASE.replace('email: { type: string, length: 200, nullable: true }', 'email: { type: text, nullable: true }'),
    ops: ['alterColumn', 'dropExtension'],
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT count(*)::int AS n FROM authors WHERE email = 'ANN@example.com'"), [{ n: 0 }])
    },
  },
  {
    name: 'grant on a view, a sequence and a function created with them (grants: true)',
    refusedOn: { sqlite: noSuch('stored functions'), mysql: noSuch('standalone sequences') },
    config: GRANTS_CONFIG,
    after: (t) =>
      FUNCTIONS('author_id = who') +
      SEQUENCE('{ start: 100 }') +
      t +
      VIEWS +
      `grants:\n  ${ROLE}:\n    views: { published_books: [select] }\n    sequences: { ticket_numbers: [usage] }\n    functions: { books_by: [execute] }\n`,
    ops: ['createSequence', 'createFunction', 'createView', 'createView', 'grant', 'grant', 'grant'],
    async verify(db) {
      assert.deepEqual(await asRole(db, 'SELECT title FROM published_books'), [{ title: 'Second' }])
      assert.deepEqual(await asRole(db, "SELECT nextval('ticket_numbers') > 0 AS ok"), [{ ok: true }])
      assert.match(String(await asRole(db, 'SELECT title FROM published_titles')), /permission denied for view published_titles/)
    },
  },
  {
    name: 'setRowLevelSecurity: FORCE, and alterPolicy: its roles change',
    refusedOn: PG_ONLY(noSuch('row-level security')),
    before: withPolicy("status = 'published'"),
    after: withPolicy("status = 'published'").replace('{ enable: true }', '{ enable: true, force: true }').replace(`roles: [${ROLE}]`, 'roles: [public]'),
    ops: ['setRowLevelSecurity', 'alterPolicy'],
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT relforcerowsecurity AS force FROM pg_class WHERE relname = 'books'"), [{ force: true }])
      assert.deepEqual(await db.rows("SELECT polroles::regrole[]::text[] AS roles FROM pg_policy WHERE polname = 'visible_books'"), [{ roles: ['-'] }])
    },
  },
  {
    name: 'createSql: a raw object with its create and drop SQL (one text for every database)',
    after: (t) => t + RAW_SQL,
    ops: ['createSql'],
    async verify(db) {
      assert.deepEqual(await db.rows('SELECT title FROM long_titles'), [{ title: 'Second' }])
    },
  },
  {
    name: 'dropSql: its own drop SQL runs, and down runs its create again',
    before: BASE + RAW_SQL,
    after: BASE,
    ops: ['dropSql'],
    async verify(db) {
      assert.match(await db.rejects('SELECT * FROM long_titles'), /long_titles/)
    },
  },
  {
    name: 'createSchema: a table in a schema of its own (PostgreSQL)',
    refusedOn: PG_ONLY(/schemas\/app\.yaml:\d+:\d+ +error +.*archive\.old_books/),
    after: (t) => t + ARCHIVE,
    ops: ['createSchema', 'createTable'],
    fillAfterUp: "INSERT INTO archive.old_books (id, title) VALUES (1, 'Old')",
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = 'archive'"), [{ table_schema: 'archive', table_name: 'old_books' }])
    },
  },
  {
    name: 'dropSchema: with the table it held (down: the schema, then the table)',
    refusedOn: PG_ONLY(/schemas\/app\.yaml:\d+:\d+ +error +.*archive\.old_books/),
    before: BASE + ARCHIVE,
    seed: SEED + "INSERT INTO archive.old_books (id, title) VALUES (1, 'Old');",
    after: BASE,
    ops: ['dropTable', 'dropSchema'],
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT nspname FROM pg_namespace WHERE nspname = 'archive'"), [])
    },
  },
  {
    name: 'addPartition: a range partition added to a partitioned table holding rows (CREATE TABLE … PARTITION OF)',
    refusedOn: PG_ONLY(PARTITIONED),
    before: BASE + READINGS,
    seed: SEED + 'INSERT INTO readings (day, qty) VALUES (5, 1);',
    after: BASE + READINGS + READINGS_HIGH,
    ops: ['addPartition'],
    fillAfterUp: 'INSERT INTO readings (day, qty) VALUES (150, 2)',
    async verify(db) {
      await db.exec('INSERT INTO readings (day, qty) VALUES (120, 3)')
      assert.deepEqual(await db.rows("SELECT tableoid::regclass::text AS part FROM readings WHERE day = 120"), [{ part: 'readings_high' }])
      await db.exec('DELETE FROM readings WHERE day = 120')
      assert.deepEqual(await db.rows("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'readings'::regclass AND c.relkind = 'r' ORDER BY 1"), [{ relname: 'readings_high' }, { relname: 'readings_low' }])
    },
  },
  {
    name: 'dropPartition: a partition dropped with its rows (down: created again, attached)',
    refusedOn: PG_ONLY(PARTITIONED),
    before: BASE + READINGS + READINGS_HIGH,
    seed: SEED + 'INSERT INTO readings (day, qty) VALUES (5, 1), (150, 2);',
    after: BASE + READINGS,
    ops: ['dropPartition'],
    lossy: ['readings', 'readings_high'],
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT relname FROM pg_class WHERE relname = 'readings_high'"), [])
      assert.match(await db.rejects('INSERT INTO readings (day, qty) VALUES (150, 2)'), /no partition of relation "readings" found for row/)
    },
    async afterDown(db) {
      assert.deepEqual(await db.rows("SELECT pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c WHERE relname = 'readings_high'"), [{ bound: 'FOR VALUES FROM (100) TO (200)' }])
    },
  },
  {
    name: 'alterColumn: a column of an INITIALLY DEFERRED foreign key made NOT NULL on rows holding NULL (the UPDATE to the default queues the deferred check, which runs before SET NOT NULL)',
    refusedOn: { mysql: /schemas\/app\.yaml:\d+:\d+ +error +table "holds" uses a DEFERRABLE foreign key \(holds_seat_id_fkey\), which database "[^"]+" \(mysql\) does not have/ },
    before: BASE + HOLDS(true),
    seed: SEED + "INSERT INTO seats (id, code) VALUES (1, 'a1'); INSERT INTO holds (id, seat_id) VALUES (1, NULL);",
    after: BASE + HOLDS(false),
    ops: ['alterColumn'],
    // The NULL became the default, and stays so after down.
    lossy: ['holds.seat_id'],
    async verify(db, target) {
      assert.deepEqual(await db.rows('SELECT id, seat_id FROM holds'), [{ id: 1, seat_id: 1 }])
      if (target.dialect === 'postgres') {
        assert.deepEqual(await db.rows("SELECT condeferrable, condeferred FROM pg_constraint WHERE conname = 'holds_seat_id_fkey'"), [{ condeferrable: true, condeferred: true }])
      }
    },
  },
  {
    name: 'dropPartition: a partition of a table another table references (DETACH first: DROP TABLE refuses while the foreign key depends on it)',
    refusedOn: PG_ONLY(PARTITIONED),
    before: BASE + KEYED_READINGS(READINGS_HIGH),
    seed: SEED + 'INSERT INTO readings (day, qty) VALUES (5, 1), (150, 2); INSERT INTO notes (reading_day) VALUES (5);',
    after: BASE + KEYED_READINGS(''),
    ops: ['dropPartition'],
    lossy: ['readings', 'readings_high'],
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT relname FROM pg_class WHERE relname = 'readings_high'"), [])
      assert.deepEqual(await db.rows('SELECT reading_day FROM notes'), [{ reading_day: 5 }])
    },
  },
  {
    name: 'alterPartition: a bound widened over rows (DETACH, ATTACH with the new bound)',
    refusedOn: PG_ONLY(PARTITIONED),
    before: BASE + READINGS,
    seed: SEED + 'INSERT INTO readings (day, qty) VALUES (5, 1);',
    after: BASE + READINGS.replace('{ from: 0, to: 100 }', '{ from: 0, to: 200 }'),
    ops: ['alterPartition'],
    async verify(db) {
      assert.deepEqual(await db.rows("SELECT pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c WHERE relname = 'readings_low'"), [{ bound: 'FOR VALUES FROM (0) TO (200)' }])
      assert.match(await db.rejects('INSERT INTO readings (day, qty) VALUES (250, 2)'), /no partition of relation "readings" found for row/)
    },
  },
  {
    name: 'alterType: a field added to a composite type a column holding rows uses (ALTER TYPE ADD ATTRIBUTE)',
    refusedOn: PG_ONLY(noSuch('composite or range types')),
    before: TYPES + edit('      pages:', '      spot: { type: native, native: { postgres: shelf_spot }, nullable: true }\n      pages:')(BASE),
    seed: SEED + "UPDATE books SET spot = ROW('A', 3) WHERE id = 1;",
    after: TYPES.replace('shelf: integer }', 'shelf: integer, floor: integer }') + edit('      pages:', '      spot: { type: native, native: { postgres: shelf_spot }, nullable: true }\n      pages:')(BASE),
    ops: ['alterType'],
    async verify(db) {
      assert.deepEqual(await db.rows('SELECT (spot).aisle AS aisle, (spot).shelf AS shelf, (spot).floor AS floor FROM books WHERE id = 1'), [{ aisle: 'A', shelf: 3, floor: null }])
    },
    // The row's text gains the new field ((A,3,)); after down it is (A,3) again.
    lossy: ['books.spot'],
    async afterDown(db) {
      assert.deepEqual(await db.rows('SELECT spot::text AS spot FROM books ORDER BY id'), [{ spot: '(A,3)' }, { spot: null }])
    },
  },
]

/**
 * Kinds whose generated `down` is proved on tables holding rows by another
 * test rather than by a case here (file and case named for each). Empty:
 * every schema operation kind has a case in CASES.
 */
const COVERED_ELSEWHERE: readonly string[] = []

describe('the operations test covers every operation kind', () => {
  it('every schema operation kind of OPERATION_KINDS is in some case\'s ops (or named in COVERED_ELSEWHERE)', () => {
    const covered = new Set([...CASES.flatMap((c) => c.ops), ...COVERED_ELSEWHERE])
    const missing = OPERATION_KINDS.filter((kind) => !DATA_OPERATION_KINDS.includes(kind) && !covered.has(kind))
    assert.deepEqual(missing, [], `operation kinds without a case in test/e2e/operations.test.ts: ${missing.join(', ')}`)
    const unknown = [...covered].filter((kind) => !(OPERATION_KINDS as readonly string[]).includes(kind))
    assert.deepEqual(unknown, [], 'cases name only real operation kinds')
  })
})

/** `SELECT "a", "b" FROM "t" ORDER BY 1`: every row of the columns that must survive. */
const selectAll = (db: TargetDatabase, table: string, columns: readonly string[]) =>
  db.rows(`SELECT ${columns.map(ident).join(', ')} FROM ${ident(table)} ORDER BY 1`)

/** A project whose CLI runs against the target database. */
function cliFor(project: TempProject, db: TargetDatabase) {
  return async (...args: string[]) => {
    const result = await runCli(args, { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
    assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
    return result
  }
}

for (const target of Object.values(TARGETS)) {
  target.describe(`every operation kind from a YAML change, on ${target.dialect} with rows`, function () {
    this.timeout(120000)
    let project: TempProject
    let db: TargetDatabase
    beforeEach(async () => {
      project = new TempProject()
      db = await target.create(project)
    })
    afterEach(async () => {
      await db.drop()
      project.cleanup()
    })

    before(() => (target.dialect === 'postgres' ? postgresAdmin(`CREATE ROLE ${ROLE}`) : undefined))
    // After the databases that granted it something are dropped.
    after(() => (target.dialect === 'postgres' ? postgresAdmin(`DROP ROLE IF EXISTS ${ROLE}`) : undefined))

    for (const c of CASES) {
      it(c.name, async () => {
        if (c.config) project.write({ 'strata.yaml': c.config })
        project.write({ 'schemas/app.yaml': c.before ?? BASE })
        const cli = cliFor(project, db)
        const refused = c.refusedOn?.[target.dialect]
        if (refused) {
          // A case that drops what this database cannot hold cannot make its `before` here either.
          const start = await runCli(['make', 'start', '--no-input'], { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
          if (start.code !== 0) {
            assert.equal(start.code, 2, start.stdout + start.stderr)
            assert.match(start.stderr, refused)
            assert.deepEqual(project.migrationFiles(), [])
            assert.deepEqual(await db.dump(), { tables: {}, enums: {} })
            return
          }
        } else await cli('make', 'start')
        await cli('migrate')
        await db.exec(typeof c.seed === 'function' ? c.seed(target) : (c.seed ?? SEED))
        const schemaBefore = await db.dump()
        const objectsBefore = await SCHEMA_OBJECTS[target.dialect](db)
        const rowsBefore: Record<string, Record<string, unknown>[]> = {}
        for (const table of Object.keys(schemaBefore.tables)) rowsBefore[table] = await db.rows(`SELECT * FROM ${ident(table)} ORDER BY 1`)

        const text = c.before ?? BASE
        project.write({ 'schemas/app.yaml': typeof c.after === 'string' ? c.after : c.after(text) })
        if (refused) {
          const result = await runCli(['make', 'change', '--no-input'], { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
          assert.equal(result.code, 2, result.stdout + result.stderr)
          assert.match(result.stderr, refused)
          assert.deepEqual(project.migrationFiles(), ['0001_start.yaml'])
          assert.deepEqual(await db.dump(), schemaBefore)
          assert.deepEqual(await SCHEMA_OBJECTS[target.dialect](db), objectsBefore)
          return
        }
        await cli('make', 'change', '--no-input', ...(c.makeArgs ?? []))
        const [, second] = project.migrationFiles()
        assert.equal(second, '0002_change.yaml')
        const ops = [...project.read('migrations/0002_change.yaml').split('\ndown:')[0]!.matchAll(/^ {2}- (\w+):/gm)].map((m) => m[1])
        assert.deepEqual(ops, c.ops)

        await cli('migrate')
        await c.verify(db, target)
        const tablesAfter = await db.tables()
        for (const [table, before] of Object.entries(rowsBefore)) {
          if (c.lossy?.includes(table) || !tablesAfter.includes(table)) continue
          const present = await columnNames(db, table)
          const kept = Object.keys(before[0] ?? {}).filter((col) => !c.lossy?.includes(`${table}.${col}`) && present.includes(col))
          if (!kept.length) continue
          const expected = before.map((r) => Object.fromEntries(kept.map((k) => [k, r[k]])))
          assert.deepEqual(await selectAll(db, table, kept), expected, `rows of ${table} after up`)
        }

        // Down runs on tables holding rows: every table has some.
        if (c.fillAfterUp) await db.exec(c.fillAfterUp)
        for (const table of Object.keys((await db.dump()).tables)) {
          const [{ n }] = (await db.rows(`SELECT count(*) AS n FROM ${ident(table)}`)) as [{ n: number }]
          assert.ok(Number(n) > 0, `table ${table} is empty before down: give the case fillAfterUp rows`)
        }
        await cli('migrate', '0001')
        assert.deepEqual(ignoringColumnOrder(await db.dump()), ignoringColumnOrder(schemaBefore), 'the schema is back after down')
        assert.deepEqual(await SCHEMA_OBJECTS[target.dialect](db), objectsBefore, 'views, triggers, routines, types, policies and grants are back after down')
        await c.afterDown?.(db)
        for (const [table, before] of Object.entries(rowsBefore)) {
          if (c.lossy?.includes(table)) continue
          const cols = Object.keys(before[0] ?? {}).filter((col) => !c.lossy?.includes(`${table}.${col}`))
          if (!cols.length) continue
          const expected = before.map((r) => Object.fromEntries(cols.map((k) => [k, r[k]])))
          assert.deepEqual(await selectAll(db, table, cols), expected, `rows of ${table} after down`)
        }
        // And forward again: the migration is repeatable.
        await cli('migrate')
        await c.verify(db, target)
      })
    }

    it('data operations and raw SQL from a hand-written migration, and back', async () => {
      project.write({ 'schemas/app.yaml': BASE })
      const cli = cliFor(project, db)
      await cli('make')
      await cli('make', '--empty', 'seed')
      project.write({
        'migrations/0002_seed.yaml': `name: 0002_seed
dependsOn: 0001_initial
up:
  - insert: { table: authors, rows: [{ id: 10, name: "O'Brien", email: "o@example.com" }, { id: 11, name: 'back\\\\slash' }] }
  - update: { table: authors, set: { email: changed@example.com }, where: { id: 10 } }
  - delete: { table: authors, where: { id: 11 } }
  - sql: { up: "CREATE VIEW author_names AS SELECT name FROM authors", down: "DROP VIEW author_names" }
down:
  - sql: "DROP VIEW author_names"
  - delete: { table: authors, where: { id: 10 } }
`,
      })
      await cli('migrate')
      assert.deepEqual(await db.rows('SELECT id, name, email FROM authors'), [{ id: 10, name: "O'Brien", email: 'changed@example.com' }])
      assert.deepEqual(await db.rows('SELECT name FROM author_names'), [{ name: "O'Brien" }])
      await cli('migrate', '0001')
      assert.deepEqual(await db.rows('SELECT * FROM authors'), [])
      assert.match(await db.rejects('SELECT name FROM author_names'), /author_names/)
    })

    it('raw SQL downs: a down: list and the sql operations\' own downs combine, each reverse runs once', async () => {
      project.write({ 'schemas/app.yaml': BASE })
      const cli = cliFor(project, db)
      await cli('make')
      await cli('make', '--empty', 'views')
      // The first view's reverse is only on its operation, the second's only
      // in the down: list (its operation has none), the third's in both.
      project.write({
        'migrations/0002_views.yaml': `name: 0002_views
dependsOn: 0001_initial
up:
  - sql: { up: "CREATE VIEW v1 AS SELECT name FROM authors", down: "DROP VIEW v1" }
  - sql: "CREATE VIEW v2 AS SELECT title FROM books"
  - sql: { up: "CREATE VIEW v3 AS SELECT id FROM books", down: "DROP VIEW v3" }
  - insert: { table: authors, rows: [{ id: 20, name: Cy }] }
down:
  - delete: { table: authors, where: { id: 20 } }
  - sql: "DROP VIEW v3"
  - sql: "DROP VIEW v2"
`,
      })
      const sql = await cli('sql', '2', '--down')
      assert.deepEqual(sql.stdout.match(/DROP VIEW \w+/g), ['DROP VIEW v3', 'DROP VIEW v2', 'DROP VIEW v1'])
      await cli('migrate')
      assert.deepEqual(await db.rows('SELECT name FROM v1'), [{ name: 'Cy' }])
      await cli('migrate', '0001')
      for (const view of ['v1', 'v2', 'v3']) assert.match(await db.rejects(`SELECT * FROM ${view}`), new RegExp(view))
      assert.deepEqual(await db.rows('SELECT * FROM authors'), [])
      // Without a down: list, the sql operation without down makes it irreversible.
      project.write({ 'migrations/0002_views.yaml': project.read('migrations/0002_views.yaml').replace(/\ndown:[\s\S]*$/, '\n') })
      await cli('migrate')
      const refused = await runCli(['migrate', '0001'], { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
      assert.equal(refused.code, 3, refused.stdout + refused.stderr)
      assert.match(refused.stderr, /0002_views cannot be reversed: it has a sql operation without down, and no down: list/)
    })

    it('an index built CONCURRENTLY: shown as outside a transaction, applied, and dropped by migrate zero', async () => {
      project.write({ 'schemas/app.yaml': BASE })
      const cli = cliFor(project, db)
      await cli('make')
      await cli('migrate')
      await db.exec(SEED)
      project.write({
        'schemas/app.yaml': BASE.replace('    relations:\n      author:', '    indexes:\n      - { columns: [title], concurrently: true }\n    relations:\n      author:'),
      })
      await cli('make', 'title_index')
      const sql = await cli('sql', '2', '--dialect', 'postgres')
      assert.match(sql.stdout, /Not atomic/)
      assert.match(sql.stdout, /-- runs outside a transaction, alone.*\nCREATE INDEX CONCURRENTLY "books_title_idx" ON "books"/)
      // SQLite has no CONCURRENTLY: the same migration is an ordinary CREATE INDEX there.
      const sqlite = await cli('sql', '2', '--dialect', 'sqlite')
      assert.match(sqlite.stdout, /Runs in one transaction/)
      assert.doesNotMatch(sqlite.stdout, /CONCURRENTLY/)

      const up = await cli('migrate')
      assert.match(up.stdout, /Applied 0002_title_index/)
      const index = (await db.dump()).tables.books!.indexes.find((i) => i.name === 'books_title_idx')
      assert.deepEqual(index && [index.unique, index.columns], [false, ['title']])
      assert.deepEqual(
        (await db.rows("SELECT name FROM strata_migrations WHERE name NOT LIKE 'strata:%' ORDER BY name")).map((r) => r.name),
        ['0001_initial', '0002_title_index'],
      )
      // Back one step: only the index goes (DROP INDEX CONCURRENTLY on PostgreSQL); the rows stay.
      await cli('migrate', '0001')
      assert.ok(!(await indexNames(db, 'books')).includes('books_title_idx'))
      assert.deepEqual(await db.rows('SELECT count(*) AS n FROM books'), [{ n: 2 }])
      await cli('migrate')
      assert.ok((await indexNames(db, 'books')).includes('books_title_idx'))
      await cli('migrate', 'zero')
      assert.deepEqual(await db.tables(), ['strata_migrations'])
      assert.deepEqual(await db.dump(), { tables: {}, enums: {} })
    })
  })
}
