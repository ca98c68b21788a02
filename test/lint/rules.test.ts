/**
 * Every static lint rule: an operation that triggers it, and the safe
 * alternative that does not.
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RULES } from '../../src/lint/rules'
import { codes, lintOps, table, type FileOp } from './helpers'

const PEOPLE = table('people', [
  { name: 'email', type: 'string', length: 200 },
  { name: 'note', type: 'text', nullable: true },
  { name: 'score', type: 'double' },
  { name: 'price', type: 'decimal', precision: 10, scale: 2 },
  { name: 'count', type: 'bigint' },
  { name: 'born', type: 'timestamp' },
  { name: 'code', type: 'text' },
])
const ROLE = { createEnum: { name: 'role', values: ['admin', 'reader'] } }
const MEMBERS = table('members', [{ name: 'role', type: 'enum', enum: 'role' }, { name: 'person_id', type: 'bigint' }])
const BASE: FileOp[] = [PEOPLE, ROLE, MEMBERS]

const alter = (column: string, from: FileOp, to: FileOp): FileOp => ({ alterColumn: { table: 'people', column, from, to } })

interface RuleCase {
  readonly code: string
  readonly trigger: readonly FileOp[]
  /** The safe alternative: the same intent, written so that the rule does not fire. */
  readonly safe: readonly FileOp[]
  readonly down?: readonly FileOp[]
  readonly safeDown?: readonly FileOp[]
  /** The schema before the safe alternative, when it differs (an earlier migration did part of the work). */
  readonly safeBefore?: readonly FileOp[]
  readonly dialect?: 'sqlite' | 'postgres'
  readonly message: RegExp
}

const CASES: readonly RuleCase[] = [
  { code: 'DS101', trigger: [{ dropTable: 'members' }], safe: [{ renameTable: { from: 'members', to: 'memberships' } }], message: /drops table "members"/ },
  { code: 'DS102', trigger: [{ dropColumn: { table: 'people', column: 'note' } }], safe: [{ renameColumn: { table: 'people', from: 'note', to: 'remark' } }], message: /drops column "people\.note"/ },
  {
    code: 'DS103',
    trigger: [{ alterEnum: { name: 'role', from: ['admin', 'reader'], to: ['admin'] } }],
    safe: [{ alterEnum: { name: 'role', from: ['admin', 'reader'], to: ['admin', 'viewer'], renamed: { reader: 'viewer' } } }],
    message: /removes 'reader' from enum "role"/,
  },
  {
    code: 'DS104',
    trigger: [{ dropColumn: { table: 'members', column: 'role' } }, { dropEnum: 'role' }],
    safe: [{ dropColumn: { table: 'members', column: 'role' } }],
    message: /drops enum "role"/,
  },
  {
    // Dropped and created again in the same list (a view around a column change, a re-signed function): nothing is lost.
    code: 'DS104',
    trigger: [{ dropColumn: { table: 'members', column: 'role' } }, { dropEnum: 'role' }],
    safe: [{ dropColumn: { table: 'members', column: 'role' } }, { dropEnum: 'role' }, { createEnum: { name: 'role', values: ['admin'] } }],
    message: /drops enum "role"/,
  },
  { code: 'DS105', trigger: [alter('score', { type: 'double' }, { type: 'integer' })], safe: [alter('count', { type: 'bigint' }, { type: 'decimal' })], message: /from double to integer, which rounds fractional values/ },
  { code: 'DS105', trigger: [alter('price', { type: 'decimal', precision: 10, scale: 2 }, { type: 'decimal', precision: 10, scale: 0 })], safe: [alter('price', { type: 'decimal', precision: 10, scale: 2 }, { type: 'decimal', precision: 12, scale: 2 })], message: /rounds values to 0 decimal places/ },
  { code: 'DS106', trigger: [alter('email', { type: 'string', length: 200 }, { type: 'string', length: 150 })], safe: [alter('email', { type: 'string', length: 200 }, { type: 'string', length: 300 })], message: /string\(200\) to string\(150\), which fails on values longer than 150/ },
  { code: 'DS106', trigger: [alter('count', { type: 'bigint' }, { type: 'smallint' })], safe: [alter('count', { type: 'bigint' }, { type: 'decimal' })], message: /outside the range of smallint/ },
  { code: 'DS106', trigger: [alter('code', { type: 'text' }, { type: 'integer' })], safe: [alter('count', { type: 'bigint' }, { type: 'text' })], message: /text that does not read as integer/ },
  { code: 'BC201', trigger: [{ renameTable: { from: 'members', to: 'memberships' } }], safe: [table('memberships', [{ name: 'role', type: 'text' }])], message: /renames table "members" to "memberships"/ },
  { code: 'BC202', trigger: [{ renameColumn: { table: 'people', from: 'note', to: 'remark' } }], safe: [{ addColumn: { table: 'people', column: { name: 'remark', type: 'text', nullable: true } } }], message: /renames column "people\.note" to "remark"/ },
  { code: 'BC203', trigger: [{ dropColumn: { table: 'people', column: 'note' } }], safe: [{ alterColumn: { table: 'people', column: 'code', from: { nullable: false }, to: { nullable: true } } }], message: /code still selecting or inserting it/ },
  {
    code: 'LK301',
    trigger: [{ addIndex: { table: 'people', index: { columns: ['email'] } } }],
    safe: [{ addIndex: { table: 'people', index: { columns: ['email'], concurrently: true } } }],
    message: /creates index "people_email_idx" on "people" without CONCURRENTLY/,
  },
  {
    code: 'LK301',
    trigger: [{ addUnique: { table: 'people', unique: ['email'] } }],
    safe: [{ addIndex: { table: 'people', index: { columns: ['email'], unique: true, concurrently: true } } }],
    message: /unique constraint "people_email_key"/,
  },
  { code: 'LK301', dialect: 'sqlite', trigger: [], safe: [{ addIndex: { table: 'people', index: { columns: ['email'] } } }], message: /./ },
  {
    code: 'LK302',
    trigger: [{ addForeignKey: { table: 'members', foreignKey: { columns: ['person_id'], references: { table: 'people', columns: ['id'] } } } }],
    safe: [
      {
        sql: {
          up: 'ALTER TABLE "members" ADD CONSTRAINT "members_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "people" ("id") NOT VALID',
          down: 'ALTER TABLE "members" DROP CONSTRAINT "members_person_id_fkey"',
        },
      },
    ],
    message: /adds foreign key "members_person_id_fkey".*NOT VALID|validating every row/,
  },
  {
    code: 'LK303',
    trigger: [{ addCheck: { table: 'people', check: { name: 'people_score_check', expression: 'score >= 0' } } }],
    safe: [table('scores', [{ name: 'score', type: 'double' }], { checks: [{ name: 'scores_score_check', expression: 'score >= 0' }] })],
    message: /adds check "people_score_check" on "people"/,
  },
  {
    code: 'LK304',
    trigger: [{ alterColumn: { table: 'people', column: 'note', from: { nullable: true }, to: { nullable: false }, fill: '' } }],
    // The check added and validated by an earlier migration: SET NOT NULL uses it and skips the scan.
    safeBefore: [...BASE, { addCheck: { table: 'people', check: { name: 'people_note_not_null', expression: 'note IS NOT NULL' } } }],
    safe: [{ alterColumn: { table: 'people', column: 'note', from: { nullable: true }, to: { nullable: false }, fill: '' } }],
    message: /sets "people\.note" NOT NULL, scanning every row/,
  },
  { code: 'LK305', trigger: [alter('count', { type: 'bigint' }, { type: 'text' })], safe: [alter('email', { type: 'string', length: 200 }, { type: 'string', length: 300 })], message: /rewriting the whole table/ },
  {
    code: 'LK306',
    trigger: [{ addColumn: { table: 'people', column: { name: 'token', type: 'uuid', default: { expr: 'uuid' } } } }],
    safe: [{ addColumn: { table: 'people', column: { name: 'created', type: 'timestamp', default: { expr: 'now' } } } }],
    message: /adds "people\.token" with a volatile default/,
  },
  {
    code: 'OR401',
    trigger: [
      { alterEnum: { name: 'role', from: ['admin', 'reader'], to: ['admin', 'reader', 'guest'] } },
      { alterColumn: { table: 'members', column: 'role', from: {}, to: { default: 'guest' } } },
    ],
    safe: [{ alterEnum: { name: 'role', from: ['admin', 'reader'], to: ['admin', 'reader', 'guest'] } }],
    message: /adds 'guest' to enum "role" and uses it in operation 2 \(alterColumn\).*unsafe use of new value/,
  },
  {
    code: 'OR401',
    dialect: 'sqlite',
    trigger: [],
    safe: [
      { alterEnum: { name: 'role', from: ['admin', 'reader'], to: ['admin', 'reader', 'guest'] } },
      { insert: { table: 'members', rows: [{ role: 'guest', person_id: 1 }] } },
    ],
    message: /./,
  },
  {
    code: 'RV501',
    trigger: [{ dropColumn: { table: 'people', column: 'code' } }],
    down: [{ addColumn: { table: 'people', column: { name: 'code', type: 'text' } } }],
    safe: [{ dropColumn: { table: 'people', column: 'code' } }],
    safeDown: [{ addColumn: { table: 'people', column: { name: 'code', type: 'text' }, fill: '' } }],
    message: /down path re-adds NOT NULL column "people\.code" without a default or fill/,
  },
  {
    code: 'RV502',
    trigger: [{ sql: { up: 'UPDATE people SET note = NULL' } }],
    safe: [{ sql: { up: 'CREATE VIEW v AS SELECT 1', down: 'DROP VIEW v' } }],
    message: /cannot be reversed/,
  },
]

describe('lint rules: each triggers, and its safe alternative does not', () => {
  for (const c of CASES) {
    const dialect = c.dialect ?? 'postgres'
    if (c.trigger.length) {
      it(`${c.code} fires on ${c.trigger.map((o) => Object.keys(o)[0]).join(' + ')} (${dialect})`, async () => {
        const findings = await lintOps(BASE, c.trigger, { dialect, ...(c.down ? { down: c.down } : {}) })
        const found = findings.filter((f) => f.code === c.code)
        assert.ok(found.length, `${c.code} expected, got ${codes(findings).join(', ')}`)
        assert.match(found[0]!.message, c.message)
        assert.ok(found[0]!.instead.length > 10, 'it says what to do instead')
        assert.ok(found[0]!.operation >= 1)
      })
    }
    it(`${c.code}: the safe alternative (${c.safe.map((o) => Object.keys(o)[0]).join(' + ')}) does not fire it (${dialect})`, async () => {
      const findings = await lintOps(c.safeBefore ?? BASE, c.safe, { dialect, ...(c.safeDown ? { down: c.safeDown } : {}) })
      assert.deepEqual(findings.filter((f) => f.code === c.code), [])
    })
  }

  it('every static rule has a case, and every rule a unique code', () => {
    const covered = new Set(CASES.filter((c) => c.trigger.length).map((c) => c.code))
    for (const rule of RULES.filter((r) => !r.needsDatabase)) assert.ok(covered.has(rule.code), `${rule.code} (${rule.name}) has no test case`)
    assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length)
    assert.equal(new Set(RULES.map((r) => r.name)).size, RULES.length)
  })

  it('docs/LINT.md documents every rule with its code, what it catches and the safe alternative', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'LINT.md'), 'utf8')
    for (const rule of RULES) {
      const section = doc.split(/^### /m).find((s) => s.startsWith(`${rule.code} `))
      assert.ok(section, `docs/LINT.md has no section "### ${rule.code} …"`)
      assert.match(section, new RegExp(rule.name))
      assert.match(section, /\*\*Instead\*\*/)
    }
  })

  it('a table created in the same migration raises no lock findings (it is empty)', async () => {
    const findings = await lintOps([], [
      table('fresh', [{ name: 'x', type: 'text' }]),
      { addIndex: { table: 'fresh', index: { columns: ['x'] } } },
      { addCheck: { table: 'fresh', check: { name: 'fresh_x_check', expression: "x <> ''" } } },
    ])
    assert.deepEqual(codes(findings), [])
  })
})
