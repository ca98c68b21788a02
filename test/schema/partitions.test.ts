/** validate and declarative partitioning: refused where the database has none (at the key), and the meaning checks, each located. */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

const POSTGRES = 'databases:\n  default: postgres://postgres@127.0.0.1:5432/app\n'

const EVENTS =
  'tables:\n  events:\n    primaryKey: [id, day]\n    columns:\n      id: bigint\n      day: integer\n' +
  '    partitionBy: { method: range, columns: [day] }\n    partitions:\n      events_a: { from: 0, to: 10 }\n      events_rest: { default: true }\n'

async function validate(project: TempProject, config?: string) {
  if (config) project.write({ 'strata.yaml': config })
  return runCli(['validate'], { cwd: project.dir })
}

describe('validate: declarative partitioning', function () {
  this.timeout(60000)

  it('refuses a partitioned table for a project with a SQLite database, at partitionBy; takes it on PostgreSQL', async () => {
    const project = new TempProject({ 'schemas/app.yaml': EVENTS })
    try {
      const refused = await validate(project, 'databases:\n  default: sqlite:./db.sqlite3\n')
      assert.equal(refused.code, 2, refused.stdout + refused.stderr)
      assert.match(
        refused.stderr,
        /^schemas\/app\.yaml:7:5 +error +table "events" is partitioned, which database "default" \(sqlite\) does not have \(declarative partitioning is PostgreSQL only\); remove partitionBy and partitions$/m,
      )
      const ok = await validate(project, POSTGRES)
      assert.equal(ok.code, 0, ok.stdout + ok.stderr)
    } finally {
      project.cleanup()
    }
  })

  it('names a key column that is not there, a primary key without the key, a bound of another method, a second default, a CONCURRENTLY index, a partition named as a table', async () => {
    const project = new TempProject({
      'schemas/app.yaml':
        'tables:\n  events:\n    columns:\n      id: { type: bigint, primaryKey: true }\n      day: integer\n' +
        '    partitionBy: { method: range, columns: [dy] }\n    indexes:\n      - { columns: [day], concurrently: true }\n' +
        '    partitions:\n      events_a: { in: [1] }\n      events_b: { default: true }\n      events_c: { default: true }\n      other: { from: 0, to: 1 }\n' +
        '  other:\n    columns:\n      x: integer\n',
    })
    try {
      const r = await validate(project, POSTGRES)
      assert.equal(r.code, 2, r.stdout + r.stderr)
      for (const line of [
        /^schemas\/app\.yaml:6:45 +error +table "events": partition key column "dy" is not a column of the table$/m,
        /error +table "events": primary key "events_pkey" must include the partition key column\(s\) dy/,
        /^schemas\/app\.yaml:8:9 +error +table "events": index "events_day_idx" cannot be built CONCURRENTLY on a partitioned table/m,
        /^schemas\/app\.yaml:10:7 +error +table "events": partition "events_a": a RANGE partition takes from and to \(or default: true\)$/m,
        /^schemas\/app\.yaml:12:7 +error +table "events": partition "events_c": only one partition can be the default$/m,
        /^schemas\/app\.yaml:13:7 +error +table "events": partition "other" has the name of a table \(a partition is a table\)$/m,
      ]) assert.match(r.stderr, line)
    } finally {
      project.cleanup()
    }
  })

  it('names what PostgreSQL refuses on a partitioned table: a unique index without the key, a NO INHERIT check, a NOT VALID foreign key', async () => {
    const project = new TempProject({
      'schemas/app.yaml':
        'tables:\n  events:\n    primaryKey: false\n    columns:\n      day: integer\n      code: text\n' +
        '      user_id: { type: bigint, references: { table: users, notValid: true } }\n' +
        '    partitionBy: { method: range, columns: [day] }\n' +
        '    indexes:\n      - { columns: [code], unique: true }\n      - { columns: [code, day], unique: true }\n' +
        '    checks:\n      - { expression: "day >= 0", noInherit: true }\n' +
        '    partitions:\n      events_all: { from: MINVALUE, to: MAXVALUE }\n' +
        '  users:\n    columns:\n      name: text\n',
    })
    try {
      const r = await validate(project, POSTGRES)
      assert.equal(r.code, 2, r.stdout + r.stderr)
      for (const line of [
        /^schemas\/app\.yaml:10:9 +error +table "events": unique index "events_code_idx" must include the partition key column\(s\) day/m,
        /^schemas\/app\.yaml:13:9 +error +table "events": check "events_day_0_check" cannot be NO INHERIT on a partitioned table/m,
        /^schemas\/app\.yaml:7:\d+ +error +table "events": foreign key "events_user_id_fkey" cannot be NOT VALID on a partitioned table/m,
      ]) assert.match(r.stderr, line)
      assert.doesNotMatch(r.stderr, /events_code_day/)
    } finally {
      project.cleanup()
    }
  })

  it('compares a partition name in its parent\'s schema: billing.orders_2025 clashes with a partition of billing.orders, public orders_2025 does not', async () => {
    const orders =
      '  billing.orders:\n    primaryKey: false\n    columns:\n      day: integer\n' +
      '    partitionBy: { method: range, columns: [day] }\n    partitions:\n      orders_2025: { from: 0, to: 10 }\n'
    const project = new TempProject({ 'schemas/app.yaml': 'tables:\n' + orders + '  orders_2025:\n    columns:\n      x: integer\n' })
    try {
      const ok = await validate(project, POSTGRES)
      assert.equal(ok.code, 0, ok.stdout + ok.stderr)
      project.write({ 'schemas/app.yaml': 'tables:\n' + orders + '  billing.orders_2025:\n    columns:\n      x: integer\n' })
      const r = await validate(project)
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /^schemas\/app\.yaml:8:7 +error +table "billing\.orders": partition "orders_2025" has the name of a table \(billing\.orders_2025\) \(a partition is a table\)$/m)
    } finally {
      project.cleanup()
    }
  })

  it('refuses an EXCLUDE constraint on a partitioned table (PostgreSQL 15 does not support one), at the constraint', async () => {
    const project = new TempProject({
      'schemas/app.yaml':
        'tables:\n  slots:\n    primaryKey: false\n    columns:\n      day: integer\n      during: { type: native, native: { postgres: int4range } }\n' +
        '    partitionBy: { method: range, columns: [day] }\n' +
        '    exclude:\n      - { using: gist, elements: [{ column: during, with: "&&" }] }\n' +
        '    partitions:\n      slots_all: { from: MINVALUE, to: MAXVALUE }\n',
    })
    try {
      const r = await validate(project, POSTGRES)
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /^schemas\/app\.yaml:9:9 +error +table "slots": EXCLUDE constraint "slots_during_excl" cannot be on a partitioned table \(PostgreSQL 15 refuses it/m)
    } finally {
      project.cleanup()
    }
  })

  it('names what a partition holds of its own that is wrong, at its item: a column not of the table, a foreign key to no table, a name taken', async () => {
    const project = new TempProject({
      'schemas/app.yaml':
        'tables:\n  events:\n    primaryKey: [id, day]\n    columns:\n      id: bigint\n      day: integer\n' +
        '    partitionBy: { method: range, columns: [day] }\n    indexes:\n      - { name: events_x, columns: [id] }\n' +
        '    partitions:\n      events_a:\n        from: 0\n        to: 10\n' +
        '        indexes:\n          - columns: [dy]\n          - { name: events_x, columns: [day] }\n' +
        '        foreignKeys:\n          - { columns: [id], references: { table: nowhere, columns: [id] } }\n',
    })
    try {
      const r = await validate(project, POSTGRES)
      assert.equal(r.code, 2, r.stdout + r.stderr)
      for (const line of [
        /^schemas\/app\.yaml:15:\d+ +error +partition "events_a": index "events_a_dy_idx": column "dy" is not a column of table "events"/m,
        /^schemas\/app\.yaml:16:\d+ +error +partition "events_a" index "events_x": the name is already used by the index on table "events"$/m,
        /^schemas\/app\.yaml:18:\d+ +error +table "events": partition "events_a": foreign key references table "nowhere", which is not defined$/m,
      ]) assert.match(r.stderr, line)
    } finally {
      project.cleanup()
    }
  })

  it('refuses what a partition holds of its own that PostgreSQL would take for its copy of the parent\'s: an index or foreign key alike, a unique over a key, a check of the parent\'s name', async () => {
    const project = new TempProject({
      'schemas/app.yaml':
        'tables:\n  users:\n    columns:\n      name: text\n' +
        '  events:\n    primaryKey: [id, day]\n    columns:\n      id: bigint\n      day: integer\n      user_id: bigint\n' +
        '    partitionBy: { method: range, columns: [day] }\n    indexes:\n      - columns: [user_id]\n' +
        '    checks:\n      - { name: events_day_check, expression: "day >= 0" }\n' +
        '    foreignKeys:\n      - { columns: [user_id], references: { table: users, columns: [id] } }\n' +
        '    partitions:\n      events_a:\n        from: 0\n        to: 10\n' +
        '        indexes:\n          - { name: events_a_users, columns: [user_id] }\n          - { columns: [user_id], unique: true, concurrently: true }\n' +
        '        unique: [[day, id]]\n' +
        '        checks:\n          - { name: events_day_check, expression: "day < 10" }\n' +
        '        foreignKeys:\n          - { name: events_a_user, columns: [user_id], references: { table: users, columns: [id] } }\n',
    })
    try {
      const r = await validate(project, POSTGRES)
      assert.equal(r.code, 2, r.stdout + r.stderr)
      for (const line of [
        /^schemas\/app\.yaml:23:\d+ +error +table "events": partition "events_a": index "events_a_users" is alike the parent's index "events_user_id_idx" \(PostgreSQL would take it for the partition's copy/m,
        /^schemas\/app\.yaml:25:\d+ +error +table "events": partition "events_a": unique "events_a_day_id_key" is over the columns of a key of the parent/m,
        /^schemas\/app\.yaml:27:\d+ +error +table "events": partition "events_a": check "events_day_check" has the name of the parent's check/m,
        /^schemas\/app\.yaml:29:\d+ +error +table "events": partition "events_a": foreign key "events_a_user" is alike the parent's "events_user_id_fkey"/m,
      ]) assert.match(r.stderr, line)
      assert.match(r.stderr, /^schemas\/app\.yaml:24:\d+ +error +table "events": partition "events_a": index "events_a_user_id_idx": a partition's own index is built in the migration's transaction, not CONCURRENTLY; remove concurrently$/m)
      // A unique index is not alike the parent's plain one.
      assert.doesNotMatch(r.stderr, /events_a_user_id_idx" is alike/)
    } finally {
      project.cleanup()
    }
  })

  it('refuses a partition bound of the wrong shape at the JSON Schema (from without to)', async () => {
    const project = new TempProject({ 'schemas/app.yaml': EVENTS.replace('{ from: 0, to: 10 }', '{ from: 0 }') })
    try {
      const r = await validate(project, POSTGRES)
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /^schemas\/app\.yaml:9:\d+ +error /m)
    } finally {
      project.cleanup()
    }
  })
})
