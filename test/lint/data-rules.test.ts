/**
 * The data-dependent rules on a database holding rows, on SQLite and the real
 * PostgreSQL server: the counted number and the example keys, and the safe
 * alternative (or clean data) that gives no finding.
 */
import { strict as assert } from 'node:assert'
import { dialectByName } from '../../src/dialects'
import type { Connection } from '../../src/dialects/dialect'
import { compileOperations } from '../../src/migrations/compile'
import { EMPTY_SCHEMA } from '../../src/schema/model'
import { TARGETS, type TargetDatabase } from '../e2e/targets'
import { TempProject } from '../helpers/project'
import { decode, lintOps, table, type FileOp } from './helpers'

const BASE: FileOp[] = [
  table('people', [
    { name: 'email', type: 'string', length: 200 },
    { name: 'note', type: 'text', nullable: true },
    { name: 'score', type: 'double' },
    { name: 'count', type: 'bigint' },
  ]),
  { createEnum: { name: 'role', values: ['admin', 'reader', 'guest'] } },
  table('members', [{ name: 'role', type: 'enum', enum: 'role' }, { name: 'person_id', type: 'bigint' }]),
  table('archive', [{ name: 'x', type: 'text' }]),
]

const ROWS = `
INSERT INTO people (id, email, note, score, count) VALUES
  (1, 'a@x', NULL, 1.75, 10), (2, 'a@x', 'n2', 2.5, 20), (3, 'b@x', NULL, -1, 30), (4, 'c@x', NULL, 3, 40),
  (5, '${'y'.repeat(40)}', 'n5', 4, 50);
INSERT INTO members (id, role, person_id) VALUES (1, 'admin', 1), (2, 'reader', 2), (3, 'reader', 99);
`

interface DataCase {
  readonly code: string
  readonly ops: readonly FileOp[]
  readonly rows: number
  readonly examples: readonly string[]
  readonly message: RegExp
  /** Same intent, safe (or over clean data): no finding of this code. */
  readonly safe: readonly FileOp[]
}

const CASES: readonly DataCase[] = [
  { code: 'DT601', ops: [{ dropTable: 'members' }], rows: 3, examples: ['id=1', '2', '3'], message: /^drops table "members" holding 3 rows, e\.g\. id=1, 2, 3$/, safe: [{ dropTable: 'archive' }] },
  {
    code: 'DT602',
    ops: [{ dropColumn: { table: 'people', column: 'note' } }],
    rows: 2,
    examples: ['id=2', '5'],
    message: /^drops column "people\.note": 2 rows of people hold a value in it, e\.g\. id=2, 5$/,
    safe: [{ renameColumn: { table: 'people', from: 'note', to: 'remark' } }],
  },
  {
    code: 'DT603',
    ops: [{ alterColumn: { table: 'people', column: 'note', from: { nullable: true }, to: { nullable: false } } }],
    rows: 3,
    examples: ['id=1', '3', '4'],
    message: /^3 rows of people have NULL in note, e\.g\. id=1, 3, 4: SET NOT NULL fails$/,
    safe: [{ alterColumn: { table: 'people', column: 'note', from: { nullable: true }, to: { nullable: false }, fill: '' } }],
  },
  {
    code: 'DT603',
    ops: [{ addColumn: { table: 'members', column: { name: 'since', type: 'date' } } }],
    rows: 3,
    examples: ['id=1', '2', '3'],
    message: /adds NOT NULL column "members\.since" without a default or fill: the 3 rows of members, e\.g\. id=1, 2, 3 would hold NULL/,
    safe: [{ addColumn: { table: 'members', column: { name: 'since', type: 'date' }, fill: '2026-01-01' } }],
  },
  {
    code: 'DT604',
    ops: [{ addUnique: { table: 'people', unique: ['email'] } }],
    rows: 2,
    examples: ["email='a@x' (2x)"],
    message: /^2 rows of people share 1 value of \(email\), e\.g\. email='a@x' \(2x\): unique constraint "people_email_key" fails$/,
    safe: [{ addUnique: { table: 'people', unique: ['count'] } }],
  },
  {
    code: 'DT605',
    ops: [{ addForeignKey: { table: 'members', foreignKey: { columns: ['person_id'], references: { table: 'people', columns: ['id'] } } } }],
    rows: 1,
    examples: ['id=3 (99)'],
    message: /^1 row of members has a \(person_id\) with no match in people, e\.g\. id=3 \(99\): foreign key "members_person_id_fkey" fails$/,
    safe: [{ addForeignKey: { table: 'members', foreignKey: { name: 'members_id_fkey', columns: ['id'], references: { table: 'people', columns: ['id'] } } } }],
  },
  {
    code: 'DT606',
    ops: [{ addCheck: { table: 'people', check: { name: 'people_score_check', expression: 'score >= 0' } } }],
    rows: 1,
    examples: ['id=3'],
    message: /^1 row of people fails check "people_score_check" \(score >= 0\), e\.g\. id=3$/,
    safe: [{ addCheck: { table: 'people', check: { name: 'people_score_check', expression: 'score > -100' } } }],
  },
  {
    code: 'DT607',
    ops: [{ alterColumn: { table: 'people', column: 'score', from: { type: 'double' }, to: { type: 'integer' } } }],
    rows: 2,
    examples: ['id=1 (1.75)', '2 (2.5)'],
    message: /^2 rows of people hold values in score that double -> integer would round, cut or reject, e\.g\. id=1 \(1\.75\), 2 \(2\.5\)$/,
    safe: [{ alterColumn: { table: 'people', column: 'count', from: { type: 'bigint' }, to: { type: 'integer' } } }],
  },
  {
    code: 'DT607',
    ops: [{ alterColumn: { table: 'people', column: 'email', from: { type: 'string', length: 200 }, to: { type: 'string', length: 20 } } }],
    rows: 1,
    examples: [`id=5 ('${'y'.repeat(40)}')`],
    message: /^1 row of people holds a value in email that string\(200\) -> string\(20\) would round, cut or reject, e\.g\. id=5/,
    safe: [{ alterColumn: { table: 'people', column: 'email', from: { type: 'string', length: 200 }, to: { type: 'string', length: 40 } } }],
  },
  {
    code: 'DT608',
    ops: [{ alterEnum: { name: 'role', from: ['admin', 'reader', 'guest'], to: ['admin', 'guest'] } }],
    rows: 2,
    examples: ["id=2 ('reader')", "3 ('reader')"],
    message: /^2 rows of members hold a value of role that is removed from enum "role" \(reader\), e\.g\. id=2 \('reader'\), 3 \('reader'\)$/,
    safe: [{ alterEnum: { name: 'role', from: ['admin', 'reader', 'guest'], to: ['admin', 'reader'] } }],
  },
]

for (const target of Object.values(TARGETS)) {
  target.describe(`lint data rules on ${target.dialect} with rows`, function () {
    this.timeout(60000)
    let project: TempProject
    let db: TargetDatabase
    let connection: Connection
    before(async () => {
      project = new TempProject()
      db = await target.create(project)
      const dialect = dialectByName(target.dialect)
      connection = await dialect.connect(db.url)
      for (const c of compileOperations(dialect.compiler, EMPTY_SCHEMA, decode(BASE))) for (const s of c.statements) await connection.query(s.sql)
      await db.exec(ROWS)
    })
    after(async () => {
      await connection?.close()
      await db?.drop()
      project?.cleanup()
    })

    for (const c of CASES) {
      it(`${c.code}: ${Object.keys(c.ops[0]!)[0]} counts ${c.rows} and names example keys`, async () => {
        const findings = (await lintOps(BASE, c.ops, { dialect: target.dialect, connection })).filter((f) => f.code === c.code)
        assert.equal(findings.length, 1, JSON.stringify(findings))
        assert.equal(findings[0]!.rows, c.rows)
        assert.deepEqual(findings[0]!.examples, c.examples)
        assert.match(findings[0]!.message, c.message)
      })
      it(`${c.code}: ${Object.keys(c.safe[0]!)[0]} (safe, or over clean rows) gives no finding`, async () => {
        const findings = await lintOps(BASE, c.safe, { dialect: target.dialect, connection })
        assert.deepEqual(findings.filter((f) => f.code === c.code), [])
      })
    }

    it('without a connection, no data rule runs', async () => {
      const findings = await lintOps(BASE, CASES.flatMap((c) => c.ops).slice(0, 1), { dialect: target.dialect })
      assert.ok(findings.every((f) => !f.code.startsWith('DT')))
    })

    it('a lock finding on an empty table is dropped once the database shows it empty', async () => {
      const op = [{ addIndex: { table: 'archive', index: { columns: ['x'] } } }]
      const offline = await lintOps(BASE, op, { dialect: target.dialect })
      const online = await lintOps(BASE, op, { dialect: target.dialect, connection })
      assert.equal(online.filter((f) => f.code === 'LK301').length, 0)
      assert.equal(offline.filter((f) => f.code === 'LK301').length, target.dialect === 'postgres' ? 1 : 0)
    })
  })
}

/** Array columns (PostgreSQL only): the rules look at the elements. */
const ARRAY_BASE: FileOp[] = [
  { createEnum: { name: 'role', values: ['admin', 'reader', 'guest'] } },
  table('badges', [
    { name: 'roles', type: 'enum', enum: 'role', array: 1 },
    { name: 'scores', type: 'integer', array: 1, nullable: true },
    { name: 'tags', type: 'text', array: 1, nullable: true },
  ]),
]

const ARRAY_ROWS = `
INSERT INTO badges (id, roles, scores, tags) VALUES
  (1, '{admin}', '{1,2}', '{a}'), (2, '{reader}', '{1,70000}', '{a,b}'), (3, '{}', NULL, NULL);
`

const ARRAY_CASES: readonly DataCase[] = [
  {
    code: 'DT608',
    ops: [{ alterEnum: { name: 'role', from: ['admin', 'reader', 'guest'], to: ['admin', 'guest'] } }],
    rows: 1,
    examples: ["id=2 ('{reader}')"],
    message: /^1 row of badges holds a value of roles that is removed from enum "role" \(reader\), e\.g\. id=2/,
    safe: [{ alterEnum: { name: 'role', from: ['admin', 'reader', 'guest'], to: ['admin', 'reader'] } }],
  },
  {
    code: 'DT607',
    ops: [{ alterColumn: { table: 'badges', column: 'scores', from: { type: 'integer', array: 1 }, to: { type: 'smallint', array: 1 } } }],
    rows: 1,
    examples: ["id=2 ('{1,70000}')"],
    message: /^1 row of badges holds a value in scores that integer\[\] -> smallint\[\] would round, cut or reject/,
    safe: [{ alterColumn: { table: 'badges', column: 'scores', from: { type: 'integer', array: 1 }, to: { type: 'bigint', array: 1 } } }],
  },
  {
    code: 'DT607',
    ops: [{ alterColumn: { table: 'badges', column: 'tags', from: { type: 'text', array: 1 }, to: { type: 'text' } } }],
    rows: 1,
    examples: ["id=2 ('{a,b}')"],
    message: /^1 row of badges holds a value in tags that text\[\] -> text would round, cut or reject/,
    safe: [{ alterColumn: { table: 'badges', column: 'tags', from: { type: 'text', array: 1 }, to: { type: 'string', length: 5, array: 1 } } }],
  },
]

{
  const postgres = TARGETS.postgres
  postgres.describe('lint data rules on postgres array columns with rows', function () {
    this.timeout(60000)
    let project: TempProject
    let db: TargetDatabase
    let connection: Connection
    before(async () => {
      project = new TempProject()
      db = await postgres.create(project)
      const dialect = dialectByName('postgres')
      connection = await dialect.connect(db.url)
      for (const c of compileOperations(dialect.compiler, EMPTY_SCHEMA, decode(ARRAY_BASE))) for (const s of c.statements) await connection.query(s.sql)
      await db.exec(ARRAY_ROWS)
    })
    after(async () => {
      await connection?.close()
      await db?.drop()
      project?.cleanup()
    })

    for (const c of ARRAY_CASES) {
      it(`${c.code}: ${Object.keys(c.ops[0]!)[0]} of an array column counts ${c.rows}`, async () => {
        const findings = (await lintOps(ARRAY_BASE, c.ops, { dialect: 'postgres', connection })).filter((f) => f.code === c.code)
        assert.equal(findings.length, 1, JSON.stringify(findings))
        assert.equal(findings[0]!.rows, c.rows)
        assert.deepEqual(findings[0]!.examples, c.examples)
        assert.match(findings[0]!.message, c.message)
      })
      it(`${c.code}: ${Object.keys(c.safe[0]!)[0]} of an array column (safe) gives no finding`, async () => {
        const findings = await lintOps(ARRAY_BASE, c.safe, { dialect: 'postgres', connection })
        assert.deepEqual(findings.filter((f) => f.code === c.code), [])
      })
    }
  })
}
