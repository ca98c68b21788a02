/**
 * Names and values that break naive SQL: reserved words, mixed case, spaces,
 * quotes, non-ASCII letters as identifiers, and values with quotes,
 * backslashes and placeholder look-alikes, through createTable, alterations
 * (add, rename, type change), comments and hand-written data migrations, via
 * the real CLI on every dialect. Everything must come back unharmed.
 */
import { strict as assert } from 'node:assert'
import { stringify } from 'yaml'
import { runCli } from '../helpers/cli'
import { ident } from '../helpers/database-shape'
import { TempProject } from '../helpers/project'
import { REJECTED, TARGETS, type TargetDatabase } from './targets'

const T1 = 'select' // a reserved word
const T2 = 'Mixed "Case" Tåble'
const T2_RENAMED = 'Renamed "Tåble" it\'s'
const ORDER = 'Order' // mixed case, and a reserved word in any case
const ORDER_RENAMED = 'Ördnung "neu"'
const SPACE = 'with space'
const QUOTE = 'quo"te'
const APOS = "it's"
const NAIVE = 'naïve Ärger'
const SIZE = 'größe'
const NEW_COL = 'new col'

/** Values that must survive as they are: quotes, backslashes, placeholders, non-ASCII. */
const V = {
  obrien: "O'Brien",
  backslash: 'back\\slash',
  both: 'both \\\' and " mixed',
  trailing: 'trailing backslash\\',
  unicode: 'naïve ✓ 日本語',
  doubled: "two '' quotes",
  placeholders: '$1 and ? and %s and :name',
  newline: 'line one\nline two',
}

function schema(stage: 'initial' | 'altered'): string {
  const altered = stage === 'altered'
  const t1 = {
    ...(altered ? { comment: `It's the "select" table \\ ok` } : {}),
    columns: {
      [altered ? ORDER_RENAMED : ORDER]: { type: 'string', length: 60, ...(altered ? { renamedFrom: ORDER } : {}) },
      [SPACE]: { type: altered ? 'bigint' : 'integer', nullable: true },
      [QUOTE]: { type: 'text', nullable: true, ...(altered ? { comment: "a column's \"comment\"" } : {}) },
      [APOS]: { type: 'text', nullable: true },
      [NAIVE]: { type: 'string', length: 40, nullable: true },
      ...(altered ? { [NEW_COL]: { type: 'string', length: 50, nullable: true } } : {}),
    },
    unique: [[QUOTE]],
  }
  const t2 = {
    ...(altered ? { renamedFrom: T2 } : {}),
    columns: { [SIZE]: { type: 'integer', nullable: true } },
    indexes: [{ columns: [SIZE] }],
    relations: { parent: { belongsTo: T1, onDelete: 'cascade' } },
  }
  return stringify({ tables: { [T1]: t1, [altered ? T2_RENAMED : T2]: t2 } })
}

function migration(name: string, dependsOn: string, up: unknown[], down: unknown[]): string {
  return stringify({ name, dependsOn, up, down })
}

const ROW_1 = { id: 1, [ORDER]: V.obrien, [SPACE]: 1, [QUOTE]: V.backslash, [APOS]: V.both, [NAIVE]: V.unicode }
const ROW_2 = { id: 2, [ORDER]: V.placeholders, [SPACE]: null, [QUOTE]: V.newline, [APOS]: V.doubled, [NAIVE]: null }
const ROW_3 = { id: 3, [ORDER]: 'gone', [SPACE]: 3, [QUOTE]: null, [APOS]: null, [NAIVE]: null }

const DATA = migration(
  '0002_data',
  '0001_initial',
  [
    { insert: { table: T1, rows: [ROW_1, ROW_2, ROW_3] } },
    { insert: { table: T2, rows: [{ id: 1, [SIZE]: 5, parent_id: 1 }, { id: 2, [SIZE]: 6, parent_id: 2 }] } },
    { update: { table: T1, set: { [QUOTE]: V.trailing }, where: { [APOS]: V.doubled } } },
    { delete: { table: T1, where: { [ORDER]: 'gone' } } },
  ],
  [
    { delete: { table: T2, where: { parent_id: 1 } } },
    { delete: { table: T2, where: { parent_id: 2 } } },
    { delete: { table: T1, where: { id: 1 } } },
    { delete: { table: T1, where: { id: 2 } } },
  ],
)

const MORE_DATA = migration(
  '0004_more_data',
  '0003_altered',
  [{ update: { table: T1, set: { [NEW_COL]: V.both, [SPACE]: 9007199254740991 }, where: { [ORDER_RENAMED]: V.obrien } } }],
  [{ update: { table: T1, set: { [NEW_COL]: null, [SPACE]: 1 }, where: { [ORDER_RENAMED]: V.obrien } } }],
)

const AFTER_DATA = {
  t1: [ROW_1, { ...ROW_2, [QUOTE]: V.trailing }],
  t2: [{ id: 1, [SIZE]: 5, parent_id: 1 }, { id: 2, [SIZE]: 6, parent_id: 2 }],
}

/** Rows of a table, columns named by the test and quoted by it. */
const select = (db: TargetDatabase, table: string, columns: readonly string[]) =>
  db.rows(`SELECT ${columns.map(ident).join(', ')} FROM ${ident(table)} ORDER BY ${ident('id')}`)

for (const target of Object.values(TARGETS)) {
  target.describe(`identifiers and values that need quoting, on ${target.dialect}`, function () {
    this.timeout(240000)
    let project: TempProject
    let db: TargetDatabase
    const cli = async (...args: string[]) => {
      const result = await runCli(args, { cwd: project.dir, env: { STRATA_DATABASE_URL: db.url } })
      assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
      return result
    }

    beforeEach(async () => {
      project = new TempProject({ 'schemas/app.yaml': schema('initial') })
      db = await target.create(project)
    })
    afterEach(async () => {
      await db.drop()
      project.cleanup()
    })

    it('create, data, rename, type change, add column, comments, more data; down to each step and back', async () => {
      const initialColumns = Object.keys(ROW_1)
      await cli('make', 'initial')
      await cli('make', '--empty', 'data')
      project.write({ 'migrations/0002_data.yaml': DATA })
      await cli('migrate')
      assert.deepEqual(await db.tables(), [T2, T1, 'strata_migrations'].sort())
      assert.deepEqual(await select(db, T1, initialColumns), AFTER_DATA.t1)
      assert.deepEqual(await select(db, T2, ['id', SIZE, 'parent_id']), AFTER_DATA.t2)
      const atData = await db.dump()
      assert.deepEqual(atData.tables[T1]!.columns.map((c) => c.name), ['id', ORDER, SPACE, QUOTE, APOS, NAIVE])
      assert.deepEqual(atData.tables[T2]!.foreignKeys.map((f) => [f.columns, f.table, f.onDelete]), [[['parent_id'], T1, 'CASCADE']])
      // The constraints are real: the unique column and the foreign key reject.
      assert.match(await db.rejects(`INSERT INTO ${ident(T1)} (${ident('id')}, ${ident(ORDER)}, ${ident(QUOTE)}) VALUES (7, 'x', '${V.backslash}')`), REJECTED.unique)
      assert.match(await db.rejects(`INSERT INTO ${ident(T2)} (${ident('id')}, ${ident('parent_id')}) VALUES (7, 99)`), REJECTED.foreignKey)

      project.write({ 'schemas/app.yaml': schema('altered') })
      await cli('make', 'altered', '--no-input')
      const text = project.read('migrations/0003_altered.yaml').split('\ndown:')[0]!
      for (const op of ['renameTable', 'renameColumn', 'alterColumn', 'addColumn', 'setComment']) assert.match(text, new RegExp(`- ${op}:`), op)
      await cli('make', '--empty', 'more_data')
      project.write({ 'migrations/0004_more_data.yaml': MORE_DATA })
      await cli('migrate')

      const renamedColumns = ['id', ORDER_RENAMED, SPACE, QUOTE, APOS, NAIVE, NEW_COL]
      const t1After: Record<string, unknown>[] = AFTER_DATA.t1.map((r) => {
        const { [ORDER]: order, ...rest } = r
        return { ...rest, [ORDER_RENAMED]: order, [NEW_COL]: null }
      })
      t1After[0] = { ...t1After[0]!, [NEW_COL]: V.both, [SPACE]: 9007199254740991 }
      assert.deepEqual(await select(db, T1, renamedColumns), t1After.map((r) => Object.fromEntries(renamedColumns.map((c) => [c, r[c]]))))
      assert.deepEqual(await select(db, T2_RENAMED, ['id', SIZE, 'parent_id']), AFTER_DATA.t2)
      const altered = await db.dump()
      assert.deepEqual(Object.keys(altered.tables).sort(), [T2_RENAMED, T1].sort())
      assert.deepEqual([...altered.tables[T1]!.columns.map((c) => c.name)].sort(), [...renamedColumns].sort())
      assert.deepEqual(altered.tables[T2_RENAMED]!.foreignKeys.map((f) => [f.columns, f.table]), [[['parent_id'], T1]])
      if (target.catalogComments) {
        assert.equal(altered.tables[T1]!.comment, `It's the "select" table \\ ok`)
        assert.equal(altered.tables[T1]!.columns.find((c) => c.name === QUOTE)!.comment, "a column's \"comment\"")
      }
      assert.match(await db.rejects(`INSERT INTO ${ident(T2_RENAMED)} (${ident('id')}, ${ident('parent_id')}) VALUES (7, 99)`), REJECTED.foreignKey)

      // Back to the data step: names, types and rows as they were.
      await cli('migrate', '0002')
      assert.deepEqual(await db.dump(), atData)
      assert.deepEqual(await select(db, T1, initialColumns), AFTER_DATA.t1)
      assert.deepEqual(await select(db, T2, ['id', SIZE, 'parent_id']), AFTER_DATA.t2)

      await cli('migrate', '0001')
      assert.deepEqual(await db.rows(`SELECT count(*) AS n FROM ${ident(T1)}`), [{ n: 0 }])
      await cli('migrate', 'zero')
      assert.deepEqual(await db.tables(), ['strata_migrations'])
      await cli('migrate')
      assert.deepEqual(await db.dump(), altered)
      assert.deepEqual(await select(db, T1, renamedColumns), t1After.map((r) => Object.fromEntries(renamedColumns.map((c) => [c, r[c]]))))
    })
  })
}
