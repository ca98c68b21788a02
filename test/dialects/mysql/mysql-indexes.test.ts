/**
 * MySQL's own index kinds on a real MariaDB server: FULLTEXT and SPATIAL
 * (index methods), prefix lengths, index comments, a unique index with a
 * prefix. Each is created on a table holding rows, read back with
 * information_schema.STATISTICS (the server's catalog) and with strata's
 * introspector (equal to the model in stored form), changed and reversed.
 * What PostgreSQL and SQLite lack (prefix lengths) is refused by validate.
 */
import assert from 'node:assert/strict'
import { applyOperation } from '../../../src/diff/apply'
import type { Operation } from '../../../src/diff/operations'
import type { Connection } from '../../../src/dialects/dialect'
import { mysqlDialect } from '../../../src/dialects/mysql/mysql-dialect'
import { postgresDialect } from '../../../src/dialects/postgres/postgres-dialect'
import { indexFeatureProblems } from '../../../src/schema/check-capabilities'
import type { Schema, Table } from '../../../src/schema/model'
import { runCli } from '../../helpers/cli'
import { describeMysql, freshMysqlDatabase, mysqlClient, mysqlRows } from '../../helpers/mysql'
import { TempProject } from '../../helpers/project'
import { runOperations, schemaJson } from '../harness'

const articles: Table = {
  name: 'articles',
  columns: [
    { name: 'id', type: 'integer', autoincrement: true },
    { name: 'title', type: 'string', length: 200 },
    { name: 'body', type: 'text' },
    { name: 'slug', type: 'text' },
    { name: 'place', type: 'native', native: { mysql: 'point' } },
  ],
  primaryKey: { name: 'articles_pkey', columns: ['id'] },
  uniques: [],
  indexes: [
    { name: 'articles_search_idx', columns: ['title', 'body'], method: 'fulltext', comment: 'site search' },
    { name: 'articles_place_idx', columns: ['place'], method: 'spatial' },
    { name: 'articles_slug_key', columns: ['slug'], unique: true, columnOptions: { slug: { length: 40 } } },
    { name: 'articles_title_body_idx', columns: ['title', 'body'], columnOptions: { body: { length: 20 } } },
  ],
  foreignKeys: [],
  checks: [],
}
const initial: Schema = { tables: [articles], enums: [] }

/** STATISTICS, one line per key part: name, kind, column, prefix, comment. */
async function statistics(database: string): Promise<string[]> {
  const client = await mysqlClient(database)
  try {
    const rows = await mysqlRows(
      client,
      `SELECT INDEX_NAME AS n, INDEX_TYPE AS t, NON_UNIQUE AS u, COLUMN_NAME AS c, SUB_PART AS p, INDEX_COMMENT AS m
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
    )
    return rows.map((r) => `${r.n} ${r.t} ${Number(r.u) === 0 ? 'unique' : ''} ${r.c}${r.t === 'SPATIAL' || r.p === null ? '' : `(${r.p})`} ${r.m}`.replace(/\s+/g, ' ').trim())
  } finally {
    await client.end()
  }
}

describeMysql('mysql: FULLTEXT, SPATIAL, prefix lengths and index comments', function () {
  let db: Awaited<ReturnType<typeof freshMysqlDatabase>>
  let connection: Connection

  before(async () => {
    db = await freshMysqlDatabase()
    connection = await mysqlDialect.connect(db.url)
  })
  after(async () => {
    await connection?.close()
    await db?.drop()
  })

  async function assertLive(expected: Schema, context: string): Promise<void> {
    assert.deepEqual(schemaJson(await connection.introspect()), schemaJson(await connection.normalize(expected)), context)
  }

  it('creates them, with rows, as the catalog shows and strata reads back', async () => {
    const statements = mysqlDialect.compiler.compile({ op: 'createTable', table: articles }, { tables: [], enums: [] }).map((s) => s.sql)
    assert.match(statements[0]!, /FULLTEXT INDEX `articles_search_idx` \(`title`, `body`\) COMMENT 'site search'/)
    assert.match(statements[0]!, /SPATIAL INDEX `articles_place_idx` \(`place`\)/)
    assert.match(statements[0]!, /UNIQUE INDEX `articles_slug_key` \(`slug`\(40\)\)/)
    await runOperations(connection, { tables: [], enums: [] }, [{ op: 'createTable', table: articles }])
    await connection.query("INSERT INTO articles (title, body, slug, place) VALUES ('Hello', 'a long body about databases', 'hello', POINT(1, 2))")
    assert.deepEqual(await statistics(db.name), [
      'articles_place_idx SPATIAL place',
      'articles_search_idx FULLTEXT title site search',
      'articles_search_idx FULLTEXT body site search',
      'articles_slug_key BTREE unique slug(40)',
      'articles_title_body_idx BTREE title',
      'articles_title_body_idx BTREE body(20)',
      'PRIMARY BTREE unique id',
    ])
    const found = await connection.query("SELECT id FROM articles WHERE MATCH (title, body) AGAINST ('databases')")
    assert.equal(found.length, 1)
    await assertLive(initial, 'after create')
  })

  it('changes an index comment and a prefix length, and back', async () => {
    const steps: Operation[] = [
      { op: 'setComment', table: 'articles', index: 'articles_search_idx', from: 'site search', to: 'search box' },
      { op: 'dropIndex', table: 'articles', name: 'articles_title_body_idx' },
      { op: 'addIndex', table: 'articles', index: { name: 'articles_title_body_idx', columns: ['title', 'body'], columnOptions: { body: { length: 8 } } } },
    ]
    const after = await runOperations(connection, initial, steps)
    assert.deepEqual(await statistics(db.name).then((s) => s.filter((l) => /search|title_body/.test(l))), [
      'articles_search_idx FULLTEXT title search box',
      'articles_search_idx FULLTEXT body search box',
      'articles_title_body_idx BTREE title',
      'articles_title_body_idx BTREE body(8)',
    ])
    await assertLive(after, 'after the changes')
    assert.equal((await connection.query('SELECT COUNT(*) AS n FROM articles'))[0]!.n, 1)
    const back: Operation[] = [
      { op: 'setComment', table: 'articles', index: 'articles_search_idx', from: 'search box', to: 'site search' },
      { op: 'dropIndex', table: 'articles', name: 'articles_title_body_idx' },
      { op: 'addIndex', table: 'articles', index: articles.indexes[3]! },
    ]
    const restored = await runOperations(connection, after, back)
    assert.deepEqual(schemaJson(restored), schemaJson(applyOperation(applyOperation(applyOperation(after, back[0]!), back[1]!), back[2]!)))
    await assertLive(initial, 'after going back')
  })

  it('the compiler refuses a unique FULLTEXT index, and PostgreSQL lacks prefix lengths', () => {
    assert.throws(
      () => mysqlDialect.compiler.compile({ op: 'addIndex', table: 'articles', index: { name: 'x', columns: ['body'], method: 'fulltext', unique: true } }, initial),
      /index "x" on "articles": a FULLTEXT index cannot be unique/,
    )
    assert.deepEqual(
      indexFeatureProblems(articles.indexes[3]!, postgresDialect.capabilities.indexes).map((p) => p.what),
      ['a prefix length (body(20))'],
    )
  })

  it('validate refuses a prefix length for a project with a PostgreSQL database, at its line', async () => {
    const project = new TempProject()
    try {
      project.write({
        'strata.yaml': 'databases:\n  default: mysql://root@127.0.0.1:3306/x\n  reporting: postgres://postgres@127.0.0.1:5432/x\n',
        'schemas/app.yaml': ['tables:', '  notes:', '    columns:', '      body: text', '    indexes:', '      - columns: [{ column: body, length: 20 }]', ''].join('\n'),
      })
      const result = await runCli(['validate'], { cwd: project.dir })
      assert.equal(result.code, 2, result.stdout + result.stderr)
      assert.match(result.stderr, /schemas\/app\.yaml:6:\d+.*uses a prefix length \(body\(20\)\), which database "reporting" \(postgres\) does not have/)
    } finally {
      project.cleanup()
    }
  })
})
