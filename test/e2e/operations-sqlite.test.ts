/**
 * Every operation kind, from a YAML change, through the real CLI, on a SQLite
 * file holding rows: make, migrate up, read the database back with SQLite's
 * PRAGMAs and inserts that constraints must reject, migrate down, and check
 * that the earlier schema and the rows are back.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { dumpSchema, exec, ignoringColumnOrder, listTables, rejects, rows, tableSql } from '../helpers/sqlite-inspect'

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
  /** The schema before; default BASE. */
  readonly before?: string
  readonly seed?: string
  /** Edit of the schema text (or the whole new text). */
  readonly after: string | ((before: string) => string)
  readonly makeArgs?: readonly string[]
  /** Operation kinds expected in the new migration's up, in order. */
  readonly ops: readonly string[]
  /** Checks after `up`. */
  readonly verify: (db: string) => void
  /** Table.column values that `down` cannot restore (dropped data); tables whose rows are gone. */
  readonly lossy?: readonly string[]
}

const edit = (from: string, to: string) => (text: string) => {
  assert.ok(text.includes(from), `test setup: "${from}" not in schema`)
  return text.replace(from, to)
}

const columnNames = (db: string, table: string) => dumpSchema(db)[table]!.columns.map((c) => c.name)
const indexNames = (db: string, table: string) => dumpSchema(db)[table]!.indexes.map((i) => i.name)

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
    verify(db) {
      const reviews = dumpSchema(db).reviews!
      assert.deepEqual(reviews.columns.map((c) => c.name), ['id', 'stars', 'body', 'book_id'])
      assert.deepEqual(reviews.foreignKeys.map((f) => [f.from, f.table, f.to, f.on_delete]), [['book_id', 'books', 'id', 'CASCADE']])
      assert.ok(reviews.indexes.some((i) => i.name === 'reviews_book_id_idx'))
      exec(db, 'INSERT INTO reviews (stars, book_id) VALUES (5, 1)')
      assert.match(rejects(db, 'INSERT INTO reviews (stars, book_id) VALUES (9, 1)'), /CHECK/)
      assert.match(rejects(db, 'INSERT INTO reviews (stars, book_id) VALUES (5, 1)'), /UNIQUE/)
      assert.match(rejects(db, 'INSERT INTO reviews (stars, book_id) VALUES (4, 99)'), /FOREIGN KEY/)
    },
  },
  {
    name: 'dropTable',
    before: BASE + `  tags:\n    columns:\n      label: { type: string, length: 30 }\n`,
    seed: SEED + "INSERT INTO tags (label) VALUES ('x');",
    after: BASE,
    ops: ['dropTable'],
    verify(db) {
      assert.ok(!listTables(db).includes('tags'))
    },
    lossy: ['tags'],
  },
  {
    name: 'renameTable (renamedFrom) keeps rows and the foreign keys into it',
    after: (t) => edit('belongsTo: authors', 'belongsTo: writers')(edit('  authors:\n', '  writers:\n    renamedFrom: authors\n')(t)),
    // The primary key's generated name follows the table's (writers_pkey), and
    // the foreign key into it is re-created around that change.
    ops: ['renameTable', 'dropForeignKey', 'alterPrimaryKey', 'addForeignKey'],
    verify(db) {
      assert.ok(listTables(db).includes('writers') && !listTables(db).includes('authors'))
      assert.deepEqual(rows(db, 'SELECT name FROM writers ORDER BY id').map((r) => r.name), ['Ann', 'Bob'])
      assert.equal(dumpSchema(db).books!.foreignKeys[0]!.table, 'writers')
      assert.match(rejects(db, "INSERT INTO books (title, author_id) VALUES ('x', 42)"), /FOREIGN KEY/)
    },
  },
  {
    name: 'addColumn (nullable)',
    after: edit('      pages:', '      isbn: { type: string, length: 13, nullable: true }\n      pages:'),
    ops: ['addColumn'],
    verify(db) {
      assert.ok(columnNames(db, 'books').includes('isbn'))
      assert.deepEqual(rows(db, 'SELECT isbn FROM books').map((r) => r.isbn), [null, null])
    },
  },
  {
    name: 'addColumn NOT NULL without default, with a one-off value for existing rows',
    after: edit('      pages:', '      isbn: { type: string, length: 13 }\n      pages:'),
    makeArgs: ['--default', 'books.isbn=unknown'],
    ops: ['addColumn'],
    verify(db) {
      assert.deepEqual(rows(db, 'SELECT isbn FROM books ORDER BY id').map((r) => r.isbn), ['unknown', 'unknown'])
      assert.match(rejects(db, "INSERT INTO books (title, author_id) VALUES ('x', 1)"), /NOT NULL/)
    },
  },
  {
    name: 'dropColumn',
    after: edit('      email: { type: string, length: 200, nullable: true }\n', ''),
    ops: ['dropColumn'],
    verify(db) {
      assert.deepEqual(columnNames(db, 'authors'), ['id', 'name'])
    },
    lossy: ['authors.email'],
  },
  {
    name: 'renameColumn (renamedFrom)',
    after: edit('      title: { type: string, length: 50 }', '      headline: { type: string, length: 50, renamedFrom: title }'),
    ops: ['renameColumn'],
    verify(db) {
      assert.deepEqual(rows(db, 'SELECT headline FROM books ORDER BY id').map((r) => r.headline), ['First', 'Second'])
    },
  },
  {
    name: 'alterColumn: type (string length, integer to bigint) through the table rebuild',
    after: (t) => edit('title: { type: string, length: 50 }', 'title: { type: string, length: 200 }')(edit('pages: { type: integer, nullable: true }', 'pages: { type: bigint, nullable: true }')(t)),
    ops: ['alterColumn', 'alterColumn'],
    verify(db) {
      assert.deepEqual(rows(db, 'SELECT title, pages FROM books ORDER BY id'), [{ title: 'First', pages: 100 }, { title: 'Second', pages: null }])
      // The rebuilt table keeps the foreign key and its index, and the key into it from nowhere else breaks.
      assert.equal(dumpSchema(db).books!.foreignKeys[0]!.table, 'authors')
      assert.ok(indexNames(db, 'books').includes('books_author_id_idx'))
      assert.match(rejects(db, "INSERT INTO books (title, author_id) VALUES ('x', 42)"), /FOREIGN KEY/)
    },
  },
  {
    name: 'alterColumn: nullable to NOT NULL, with a one-off value for NULL rows',
    after: edit('pages: { type: integer, nullable: true }', 'pages: { type: integer }'),
    makeArgs: ['--default', 'books.pages=0'],
    ops: ['alterColumn'],
    verify(db) {
      assert.deepEqual(rows(db, 'SELECT pages FROM books ORDER BY id').map((r) => r.pages), [100, 0])
      assert.match(rejects(db, "INSERT INTO books (title, author_id, pages) VALUES ('x', 1, NULL)"), /NOT NULL/)
    },
    lossy: ['books.pages'],
  },
  {
    name: 'alterColumn: default',
    after: edit('default: draft', 'default: published'),
    ops: ['alterColumn'],
    verify(db) {
      exec(db, "INSERT INTO books (id, title, author_id) VALUES (3, 'Third', 1)")
      assert.equal(rows(db, 'SELECT status FROM books WHERE id = 3')[0]!.status, 'published')
      exec(db, 'DELETE FROM books WHERE id = 3')
    },
  },
  {
    name: 'addIndex: plain, partial and expression; dropIndex on the way back',
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
    verify(db) {
      const indexes = dumpSchema(db).books!.indexes
      assert.deepEqual(
        indexes.filter((i) => i.name.startsWith('books_') && i.name !== 'books_author_id_idx').map((i) => [i.name, i.unique, i.partial]),
        [['books_pages_idx', 0, 1], ['books_title_idx', 0, 0], ['books_title_lower_idx', 1, 0]],
      )
      assert.match(rejects(db, "INSERT INTO books (title, author_id) VALUES ('FIRST', 1)"), /UNIQUE/)
    },
  },
  {
    name: 'dropIndex',
    before: BASE.replace('    relations:\n      author:', '    indexes:\n      - columns: [title]\n    relations:\n      author:'),
    after: BASE,
    ops: ['dropIndex'],
    verify(db) {
      assert.ok(!indexNames(db, 'books').includes('books_title_idx'))
    },
  },
  {
    name: 'addUnique',
    after: edit('      email: { type: string, length: 200, nullable: true }\n', '      email: { type: string, length: 200, nullable: true }\n    unique:\n      - [name]\n'),
    ops: ['addUnique'],
    verify(db) {
      assert.match(rejects(db, "INSERT INTO authors (name) VALUES ('Ann')"), /UNIQUE/)
    },
  },
  {
    name: 'dropUnique',
    before: BASE.replace('      email: { type: string, length: 200, nullable: true }\n', '      email: { type: string, length: 200, nullable: true, unique: true }\n'),
    after: BASE,
    ops: ['dropUnique'],
    verify(db) {
      exec(db, "INSERT INTO authors (id, name, email) VALUES (3, 'Ann again', 'ann@example.com')")
      exec(db, 'DELETE FROM authors WHERE id = 3')
    },
  },
  {
    name: 'addForeignKey on an existing column',
    before: BASE.replace('      pages:', '      reviewer_id: { type: bigint, nullable: true }\n      pages:'),
    after: BASE.replace('      pages:', '      reviewer_id: { type: bigint, nullable: true, references: authors.id }\n      pages:'),
    ops: ['addForeignKey'],
    verify(db) {
      assert.ok(dumpSchema(db).books!.foreignKeys.some((f) => f.from === 'reviewer_id' && f.table === 'authors'))
      assert.match(rejects(db, 'UPDATE books SET reviewer_id = 77 WHERE id = 1'), /FOREIGN KEY/)
    },
  },
  {
    name: 'dropForeignKey',
    before: BASE.replace('      pages:', '      reviewer_id: { type: bigint, nullable: true, references: authors.id }\n      pages:'),
    after: BASE.replace('      pages:', '      reviewer_id: { type: bigint, nullable: true }\n      pages:'),
    ops: ['dropForeignKey'],
    verify(db) {
      exec(db, 'UPDATE books SET reviewer_id = 77 WHERE id = 1')
      exec(db, 'UPDATE books SET reviewer_id = NULL WHERE id = 1')
    },
  },
  {
    name: 'addCheck',
    after: edit('    relations:\n      author:', '    checks:\n      - { name: books_pages_positive, expression: "pages > 0" }\n    relations:\n      author:'),
    ops: ['addCheck'],
    verify(db) {
      assert.match(tableSql(db, 'books'), /books_pages_positive/)
      assert.match(rejects(db, 'UPDATE books SET pages = -1 WHERE id = 1'), /CHECK/)
    },
  },
  {
    name: 'dropCheck',
    before: BASE.replace('    relations:\n      author:', '    checks:\n      - { name: books_pages_positive, expression: "pages > 0" }\n    relations:\n      author:'),
    after: BASE,
    ops: ['dropCheck'],
    verify(db) {
      exec(db, 'UPDATE books SET pages = -1 WHERE id = 1')
      exec(db, 'UPDATE books SET pages = 100 WHERE id = 1')
    },
  },
  {
    name: 'alterPrimaryKey',
    before: BASE + `  memberships:\n    columns:\n      member: { type: string, length: 20, primaryKey: true }\n      club: { type: string, length: 20 }\n`,
    seed: SEED + "INSERT INTO memberships (member, club) VALUES ('ann', 'chess'), ('bob', 'chess');",
    after: BASE + `  memberships:\n    primaryKey: [member, club]\n    columns:\n      member: { type: string, length: 20 }\n      club: { type: string, length: 20 }\n`,
    ops: ['alterPrimaryKey'],
    verify(db) {
      const pk = dumpSchema(db).memberships!.columns.filter((c) => c.pk > 0).map((c) => c.name)
      assert.deepEqual(pk, ['member', 'club'])
      exec(db, "INSERT INTO memberships (member, club) VALUES ('ann', 'go')")
      assert.match(rejects(db, "INSERT INTO memberships (member, club) VALUES ('ann', 'go')"), /UNIQUE/)
      exec(db, "DELETE FROM memberships WHERE club = 'go'")
    },
  },
  {
    name: 'createEnum with a column that uses it',
    after: (t) => `enums:\n  genre: [fiction, poetry]\n` + edit('      pages:', '      genre: { type: enum, enum: genre, nullable: true }\n      pages:')(t),
    ops: ['createEnum', 'addColumn'],
    verify(db) {
      exec(db, "UPDATE books SET genre = 'poetry' WHERE id = 1")
      assert.match(rejects(db, "UPDATE books SET genre = 'drama' WHERE id = 1"), /CHECK/)
    },
  },
  {
    name: 'alterEnum: a value added and an unused one removed',
    before: BASE.replace('values: [draft, published]', 'values: [draft, published, withdrawn]'),
    after: BASE.replace('values: [draft, published]', 'values: [draft, published, archived]'),
    ops: ['alterEnum'],
    verify(db) {
      exec(db, "UPDATE books SET status = 'archived' WHERE id = 1")
      assert.match(rejects(db, "UPDATE books SET status = 'withdrawn' WHERE id = 1"), /CHECK/)
      exec(db, "UPDATE books SET status = 'draft' WHERE id = 1")
    },
  },
  {
    name: 'dropEnum with the column that used it',
    before: `enums:\n  genre: [fiction, poetry]\n` + BASE.replace('      pages:', '      genre: { type: enum, enum: genre, nullable: true }\n      pages:'),
    after: BASE,
    ops: ['dropColumn', 'dropEnum'],
    verify(db) {
      assert.ok(!columnNames(db, 'books').includes('genre'))
    },
    lossy: ['books.genre'],
  },
  {
    name: 'setComment (kept in the snapshot: SQLite has no catalog comments)',
    after: edit('  authors:\n', '  authors:\n    comment: People who write books\n'),
    ops: ['setComment'],
    verify() {},
  },
]

describe('every operation kind from a YAML change, on SQLite with rows', function () {
  this.timeout(120000)

  for (const c of CASES) {
    it(c.name, async () => {
      const project = new TempProject({ 'schemas/app.yaml': c.before ?? BASE })
      const db = project.path('db.sqlite3')
      const cli = async (...args: string[]) => {
        const result = await runCli(args, { cwd: project.dir })
        assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
        return result
      }
      try {
        await cli('make', 'start')
        await cli('migrate')
        exec(db, c.seed ?? SEED)
        const schemaBefore = dumpSchema(db)
        const rowsBefore = Object.fromEntries(Object.keys(schemaBefore).map((t) => [t, rows(db, `SELECT * FROM "${t}" ORDER BY 1`)]))

        const text = c.before ?? BASE
        project.write({ 'schemas/app.yaml': typeof c.after === 'string' ? c.after : c.after(text) })
        await cli('make', 'change', '--no-input', ...(c.makeArgs ?? []))
        const [, second] = project.migrationFiles()
        assert.equal(second, '0002_change.yaml')
        const ops = [...project.read('migrations/0002_change.yaml').split('\ndown:')[0]!.matchAll(/^ {2}- (\w+):/gm)].map((m) => m[1])
        assert.deepEqual(ops, c.ops)

        await cli('migrate')
        c.verify(db)
        for (const [table, before] of Object.entries(rowsBefore)) {
          if (c.lossy?.includes(table) || !listTables(db).includes(table)) continue
          const kept = Object.keys(before[0] ?? {}).filter((col) => !c.lossy?.includes(`${table}.${col}`) && columnNames(db, table).includes(col))
          if (!kept.length) continue
          const now = rows(db, `SELECT ${kept.map((k) => `"${k}"`).join(', ')} FROM "${table}" ORDER BY 1`)
          assert.deepEqual(now, before.map((r) => Object.fromEntries(kept.map((k) => [k, r[k]]))), `rows of ${table} after up`)
        }

        await cli('migrate', '0001')
        assert.deepEqual(ignoringColumnOrder(dumpSchema(db)), ignoringColumnOrder(schemaBefore), 'the schema is back after down')
        for (const [table, before] of Object.entries(rowsBefore)) {
          if (c.lossy?.includes(table)) continue
          const cols = Object.keys(before[0] ?? {}).filter((col) => !c.lossy?.includes(`${table}.${col}`))
          if (!cols.length) continue
          const now = rows(db, `SELECT ${cols.map((k) => `"${k}"`).join(', ')} FROM "${table}" ORDER BY 1`)
          assert.deepEqual(now, before.map((r) => Object.fromEntries(cols.map((k) => [k, r[k]]))), `rows of ${table} after down`)
        }
        // And forward again: the migration is repeatable.
        await cli('migrate')
        c.verify(db)
      } finally {
        project.cleanup()
      }
    })
  }

  it('data operations and raw SQL from a hand-written migration, and back', async () => {
    const project = new TempProject({ 'schemas/app.yaml': BASE })
    const db = project.path('db.sqlite3')
    try {
      assert.equal((await runCli(['make'], { cwd: project.dir })).code, 0)
      const empty = await runCli(['make', '--empty', 'seed'], { cwd: project.dir })
      assert.equal(empty.code, 0, empty.stderr)
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
      const up = await runCli(['migrate'], { cwd: project.dir })
      assert.equal(up.code, 0, up.stderr)
      assert.deepEqual(rows(db, 'SELECT id, name, email FROM authors'), [{ id: 10, name: "O'Brien", email: 'changed@example.com' }])
      assert.deepEqual(rows(db, 'SELECT name FROM author_names'), [{ name: "O'Brien" }])
      const down = await runCli(['migrate', '0001'], { cwd: project.dir })
      assert.equal(down.code, 0, down.stderr)
      assert.deepEqual(rows(db, 'SELECT * FROM authors'), [])
    } finally {
      project.cleanup()
    }
  })
})
