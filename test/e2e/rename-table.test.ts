/**
 * Renames stay renames (issue 10): renaming a table whose constraints and
 * indexes carry generated names (`authors_pkey`, `authors_email_key`, …)
 * is one renameTable operation. PostgreSQL renames every name in place
 * (and the identity's sequence); MySQL renames the indexes and re-adds the
 * check; SQLite renames the table with ALTER TABLE, re-creates the index
 * under its new name and never rebuilds the table. Applied on tables
 * holding rows, reversed, with no drift either way.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { ignoringColumnOrder } from '../helpers/database-shape'
import { TempProject } from '../helpers/project'
import { ALL_TARGETS, REJECTED, type TargetDatabase } from './targets'

const BEFORE = `tables:
  authors:
    columns:
      name: { type: string, length: 100 }
      email: { type: string, length: 200, unique: true }
    indexes:
      - columns: [name]
    checks:
      - expression: "email LIKE '%@%'"
  books:
    columns:
      title: { type: string, length: 50 }
    relations:
      author: { belongsTo: authors, onDelete: cascade }
`

const AFTER = BEFORE.replace('  authors:\n', '  writers:\n    renamedFrom: authors\n').replace('belongsTo: authors', 'belongsTo: writers')

const SEED = `
INSERT INTO authors (id, name, email) VALUES (1, 'Ann', 'ann@example.com'), (2, 'Bob', 'bob@example.com');
INSERT INTO books (id, title, author_id) VALUES (1, 'First', 1), (2, 'Second', 2);
`

/** Names of every index and named constraint of a table, as the database's catalog lists them. */
async function names(db: TargetDatabase, table: string): Promise<string[]> {
  const shape = (await db.dump()).tables[table]!
  return [...shape.indexes.map((i) => i.name), ...shape.checks.flatMap((c) => (c.name ? [c.name] : []))].sort()
}

/** What `strata sql` prints, reduced to its statements (comment lines dropped). */
const statements = (stdout: string) =>
  stdout
    .split(/;\n(?=ALTER|DROP|CREATE|RENAME|DO|INSERT|SELECT|UPDATE|DELETE|--|$)/)
    .map((s) => s.split('\n').filter((l) => !l.startsWith('--')).join('\n').trim())
    .filter(Boolean)

for (const target of Object.values(ALL_TARGETS)) {
  target.describe(`renameTable on ${target.dialect}: generated names follow, nothing is rebuilt`, function () {
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

    const run = (...args: string[]) => runCli(args, { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
    const cli = async (...args: string[]) => {
      const result = await run(...args)
      assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
      return result
    }
    const noDrift = async (when: string) => {
      const drift = await run('diff', '--db')
      assert.deepEqual([drift.code, drift.stdout], [0, ''], `diff --db ${when}: ${drift.stdout}${drift.stderr}`)
    }

    it('one operation, renames only, with rows; reversed; no drift', async () => {
      project.write({ 'schemas/app.yaml': BEFORE })
      await cli('make', 'start')
      await cli('migrate')
      await db.exec(SEED)
      const schemaBefore = await db.dump()
      const namesBefore = await names(db, 'authors')

      project.write({ 'schemas/app.yaml': AFTER })
      const made = await cli('make', 'rename', '--no-input')
      assert.match(made.stdout, /~ table authors renamed to writers, with authors_pkey -> writers_pkey/)
      const file = project.read('migrations/0002_rename.yaml')
      const up = file.split('\ndown:')[0]!
      assert.deepEqual([...up.matchAll(/^ {2}- (\w+):/gm)].map((m) => m[1]), ['renameTable'])
      for (const [from, to] of [
        ['authors_pkey', 'writers_pkey'],
        ['authors_email_key', 'writers_email_key'],
        ['authors_name_idx', 'writers_name_idx'],
        ['authors_email_like_check', 'writers_email_like_check'],
      ]) {
        assert.match(up, new RegExp(`${from}: ${to}`))
      }

      const sql = statements((await cli('sql', '2')).stdout)
      // Each statement renames: the table, then its names (or, where the
      // database cannot rename, re-creates only that one index or check).
      assert.equal(sql[0], target.dialect === 'mysql' ? 'RENAME TABLE `authors` TO `writers`' : 'ALTER TABLE "authors" RENAME TO "writers"')
      const rest = sql.slice(1)
      if (target.dialect === 'postgres') {
        assert.deepEqual(rest.slice(0, 4).sort(), [
          'ALTER INDEX "authors_name_idx" RENAME TO "writers_name_idx"',
          'ALTER TABLE "writers" RENAME CONSTRAINT "authors_email_key" TO "writers_email_key"',
          'ALTER TABLE "writers" RENAME CONSTRAINT "authors_email_like_check" TO "writers_email_like_check"',
          'ALTER TABLE "writers" RENAME CONSTRAINT "authors_pkey" TO "writers_pkey"',
        ])
        assert.equal(rest.length, 5)
        assert.match(rest[4]!, /^DO \$strata\$[\s\S]*ALTER SEQUENCE %s RENAME TO %I', s, 'writers_id_seq'\);/)
      } else if (target.dialect === 'sqlite') {
        assert.deepEqual(rest, ['DROP INDEX "authors_name_idx"', 'CREATE INDEX "writers_name_idx" ON "writers" ("name")'])
      }
      // Never a rebuild: no table created, copied or dropped.
      for (const s of sql) assert.doesNotMatch(s, /CREATE TABLE|INSERT INTO|DROP TABLE|_strata_new/i)

      await cli('migrate')
      assert.deepEqual(await db.rows('SELECT id, name FROM writers ORDER BY id'), [
        { id: 1, name: 'Ann' },
        { id: 2, name: 'Bob' },
      ])
      assert.deepEqual(await db.rows('SELECT id, author_id FROM books ORDER BY id'), [
        { id: 1, author_id: 1 },
        { id: 2, author_id: 2 },
      ])
      const after = await names(db, 'writers')
      if (target.dialect === 'sqlite') {
        // The index is re-created under its new name; the names inside
        // CREATE TABLE stay until a rebuild (nothing in SQLite uses them).
        assert.ok(after.includes('writers_name_idx') && !after.includes('authors_name_idx'), after.join(', '))
        assert.deepEqual(after.filter((n) => !n.includes('name_idx')), namesBefore.filter((n) => !n.includes('name_idx')))
      } else if (target.dialect === 'postgres') {
        assert.deepEqual(after, ['writers_email_key', 'writers_email_like_check', 'writers_name_idx', 'writers_pkey'])
        assert.deepEqual(await db.rows("SELECT pg_get_serial_sequence('writers', 'id') AS s"), [{ s: 'public.writers_id_seq' }])
      } else {
        assert.deepEqual(after, ['PRIMARY', 'writers_email_key', 'writers_email_like_check', 'writers_name_idx'])
      }
      // The keys still hold, and the id generator goes on.
      assert.match(await db.rejects("INSERT INTO writers (name, email) VALUES ('Cy', 'ann@example.com')"), REJECTED.unique)
      assert.match(await db.rejects("INSERT INTO writers (name, email) VALUES ('Cy', 'no-at')"), REJECTED.check)
      assert.match(await db.rejects("INSERT INTO books (id, title, author_id) VALUES (9, 'x', 42)"), REJECTED.foreignKey)
      // (InnoDB spends an AUTO_INCREMENT value on each rejected insert.)
      await db.exec("INSERT INTO writers (name, email) VALUES ('Cy', 'cy@example.com')")
      const ids = (await db.rows('SELECT id FROM writers ORDER BY id')).map((r) => Number(r.id))
      assert.deepEqual(ids.slice(0, 2), [1, 2])
      assert.ok(ids.length === 3 && ids[2]! > 2, ids.join(', '))
      await db.exec("DELETE FROM writers WHERE name = 'Cy'")
      await noDrift('after the rename')
      const status = await run('status')
      assert.equal(status.code, 0, status.stdout + status.stderr)

      await cli('migrate', '0001')
      assert.deepEqual(ignoringColumnOrder(await db.dump()), ignoringColumnOrder(schemaBefore), 'the schema is back after down')
      assert.deepEqual((await db.rows('SELECT name FROM authors ORDER BY id')).map((r) => r.name), ['Ann', 'Bob'])
      // (diff --db compares with the snapshot, the head: only meaningful there.)
      await cli('migrate')
      await noDrift('after the rename again')
    })

    it('a later change of the renamed table (a rebuild on SQLite) leaves no old name and no drift', async () => {
      project.write({ 'schemas/app.yaml': BEFORE })
      await cli('make', 'start')
      await cli('migrate')
      await db.exec(SEED)
      project.write({ 'schemas/app.yaml': AFTER })
      await cli('make', 'rename', '--no-input')
      await cli('migrate')
      // A change SQLite makes by rebuilding the table: the name becomes nullable.
      project.write({ 'schemas/app.yaml': AFTER.replace('name: { type: string, length: 100 }', 'name: { type: string, length: 100, nullable: true }') })
      await cli('make', 'nullable', '--no-input')
      await cli('migrate')
      await noDrift('after the rebuild')
      const now = await names(db, 'writers')
      assert.ok(!now.some((n) => n.startsWith('authors_')), now.join(', '))
      await cli('migrate', 'zero')
      assert.deepEqual(await db.tables(), ['strata_migrations'])
    })
  })
}

// Column renames (issue 10): the generated names that include the column
// (people_email_key, people_name_idx, people_team_id_fkey) follow it.
const COLUMNS_BEFORE = `tables:
  people:
    columns:
      email: { type: string, length: 200, unique: true }
      name: { type: string, length: 100 }
      team_id: { type: bigint, nullable: true, references: { table: teams, column: id } }
    indexes:
      - columns: [name]
  teams:
    columns:
      label: { type: string, length: 50 }
`
const COLUMNS_AFTER = COLUMNS_BEFORE.replace('      email: {', '      mail: { renamedFrom: email,')
  .replace('      name: {', '      full_name: { renamedFrom: name,')
  .replace('      team_id: {', '      group_id: { renamedFrom: team_id,')
  .replace('columns: [name]', 'columns: [full_name]')
// Only the indexed column renamed: on SQLite an index is re-created, nothing rebuilt.
const INDEX_ONLY = COLUMNS_BEFORE.replace('      name: {', '      full_name: { renamedFrom: name,').replace('columns: [name]', 'columns: [full_name]')

/** Every constraint and index name of `table`, by the database's catalog (SQLite: the names in its CREATE TABLE text and its indexes). */
async function allNames(db: TargetDatabase, dialect: string, table: string): Promise<string[]> {
  const rows =
    dialect === 'postgres'
      ? await db.rows(`SELECT conname AS n FROM pg_constraint WHERE conrelid = '${table}'::regclass UNION SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = '${table}'::regclass`)
      : dialect === 'mysql'
        ? await db.rows(`SELECT CONSTRAINT_NAME AS n FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${table}' UNION SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${table}'`)
        : [
            ...[...String((await db.rows(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '${table}'`))[0]!.sql).matchAll(/CONSTRAINT "([^"]+)"/g)].map((m) => ({ n: m[1] })),
            ...(await db.rows(`SELECT name AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = '${table}' AND sql IS NOT NULL`)),
          ]
  return [...new Set(rows.map((r) => String(r.n)))].sort()
}

for (const target of Object.values(ALL_TARGETS)) {
  target.describe(`renameColumn on ${target.dialect}: generated names follow the column`, function () {
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
    const run = (...args: string[]) => runCli(args, { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
    const cli = async (...args: string[]) => {
      const result = await run(...args)
      assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
      return result
    }
    const noDrift = async (when: string) => {
      const drift = await run('diff', '--db')
      assert.deepEqual([drift.code, drift.stdout], [0, ''], `diff --db ${when}: ${drift.stdout}${drift.stderr}`)
    }
    const start = async () => {
      project.write({ 'schemas/app.yaml': COLUMNS_BEFORE })
      await cli('make', 'start')
      await cli('migrate')
      await db.exec("INSERT INTO teams (id, label) VALUES (1, 'A'); INSERT INTO people (id, email, name, team_id) VALUES (1, 'ann@example.com', 'Ann', 1), (2, 'bob@example.com', 'Bob', NULL)")
    }

    it('three column renames: renames only (a rebuild on SQLite for the names inside CREATE TABLE), with rows; reversed; no drift', async () => {
      await start()
      const before = await db.dump()
      const namesBefore = await allNames(db, target.dialect, 'people')
      project.write({ 'schemas/app.yaml': COLUMNS_AFTER })
      await cli('make', 'rename', '--no-input')
      const up = project.read('migrations/0002_rename.yaml').split('\ndown:')[0]!
      assert.deepEqual([...up.matchAll(/^ {2}- (\w+):/gm)].map((m) => m[1]), ['renameColumn', 'renameColumn', 'renameColumn'])
      assert.match(up, /from: email,?\s+to: mail,?\s+renames: \{ people_email_key: people_mail_key \}/)
      assert.match(up, /from: name,?\s+to: full_name,?\s+renames: \{ people_name_idx: people_full_name_idx \}/)
      assert.match(up, /from: team_id,?\s+to: group_id,?\s+renames: \{ people_team_id_fkey: people_group_id_fkey \}/)

      const sql = statements((await cli('sql', '2')).stdout)
      const q = (n: string) => (target.dialect === 'mysql' ? `\`${n}\`` : `"${n}"`)
      assert.deepEqual(
        sql.filter((s) => /RENAME COLUMN/.test(s)).sort(),
        [['email', 'mail'], ['name', 'full_name'], ['team_id', 'group_id']].map(([a, b]) => `ALTER TABLE ${q('people')} RENAME COLUMN ${q(a!)} TO ${q(b!)}`).sort(),
      )
      const rest = sql.filter((s) => !/RENAME COLUMN/.test(s))
      if (target.dialect === 'postgres') {
        assert.deepEqual(rest.sort(), [
          'ALTER INDEX "people_name_idx" RENAME TO "people_full_name_idx"',
          'ALTER TABLE "people" RENAME CONSTRAINT "people_email_key" TO "people_mail_key"',
          'ALTER TABLE "people" RENAME CONSTRAINT "people_team_id_fkey" TO "people_group_id_fkey"',
        ])
      } else if (target.dialect === 'mysql') {
        const renames = rest.filter((s) => /RENAME INDEX/.test(s)).sort()
        assert.deepEqual(renames, ['ALTER TABLE `people` RENAME INDEX `people_email_key` TO `people_mail_key`', 'ALTER TABLE `people` RENAME INDEX `people_name_idx` TO `people_full_name_idx`'])
        // A foreign key cannot be renamed on MySQL: dropped and added under the new name, nothing else.
        const fk = rest.filter((s) => !/RENAME INDEX/.test(s))
        assert.equal(fk.length, 2, rest.join('\n'))
        assert.match(fk[0]!, /DROP FOREIGN KEY `people_team_id_fkey`/)
        assert.match(fk[1]!, /ADD CONSTRAINT `people_group_id_fkey` FOREIGN KEY \(`group_id`\)/)
      } else {
        // The unique and the foreign key live in CREATE TABLE: the rename of each of their columns rebuilds the table to write their names.
        assert.equal(sql.filter((s) => /^CREATE TABLE "_strata_new_people"/.test(s)).length, 2, sql.join('\n'))
        assert.ok(sql.some((s) => /CONSTRAINT "people_mail_key" UNIQUE/.test(s)), sql.join('\n'))
      }
      for (const s of sql) assert.doesNotMatch(s, /DROP CONSTRAINT|ADD CONSTRAINT "people_mail_key"|ADD UNIQUE/)

      await cli('migrate')
      assert.deepEqual(await db.rows('SELECT id, mail, full_name, group_id FROM people ORDER BY id'), [
        { id: 1, mail: 'ann@example.com', full_name: 'Ann', group_id: 1 },
        { id: 2, mail: 'bob@example.com', full_name: 'Bob', group_id: null },
      ])
      const namesAfter = await allNames(db, target.dialect, 'people')
      for (const n of ['people_mail_key', 'people_full_name_idx', 'people_group_id_fkey']) assert.ok(namesAfter.includes(n), `${n} in ${namesAfter.join(', ')}`)
      for (const n of ['people_email_key', 'people_name_idx', 'people_team_id_fkey']) assert.ok(!namesAfter.includes(n), `${n} gone from ${namesAfter.join(', ')}`)
      assert.match(await db.rejects("INSERT INTO people (id, mail, full_name) VALUES (3, 'ann@example.com', 'Cy')"), REJECTED.unique)
      assert.match(await db.rejects("INSERT INTO people (id, mail, full_name, group_id) VALUES (3, 'cy@example.com', 'Cy', 42)"), REJECTED.foreignKey)
      await noDrift('after the renames')

      await cli('migrate', '0001')
      assert.deepEqual(ignoringColumnOrder(await db.dump()), ignoringColumnOrder(before), 'the schema is back after down')
      assert.deepEqual(await allNames(db, target.dialect, 'people'), namesBefore)
      await cli('migrate')
      await noDrift('after the renames again')
    })

    it('only the indexed column renamed: ALTER INDEX … RENAME on PostgreSQL, RENAME INDEX on MySQL, the index re-created on SQLite, never a rebuild', async () => {
      await start()
      project.write({ 'schemas/app.yaml': INDEX_ONLY })
      await cli('make', 'rename', '--no-input')
      const sql = statements((await cli('sql', '2')).stdout)
      assert.deepEqual(
        sql,
        target.dialect === 'postgres'
          ? ['ALTER TABLE "people" RENAME COLUMN "name" TO "full_name"', 'ALTER INDEX "people_name_idx" RENAME TO "people_full_name_idx"']
          : target.dialect === 'mysql'
            ? ['ALTER TABLE `people` RENAME COLUMN `name` TO `full_name`', 'ALTER TABLE `people` RENAME INDEX `people_name_idx` TO `people_full_name_idx`']
            : ['ALTER TABLE "people" RENAME COLUMN "name" TO "full_name"', 'DROP INDEX "people_name_idx"', 'CREATE INDEX "people_full_name_idx" ON "people" ("full_name")'],
      )
      await cli('migrate')
      assert.ok((await allNames(db, target.dialect, 'people')).includes('people_full_name_idx'))
      await noDrift('after the rename')
      await cli('migrate', 'zero')
      assert.deepEqual(await db.tables(), ['strata_migrations'])
    })
  })
}
