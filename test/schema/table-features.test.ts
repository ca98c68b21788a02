/**
 * Table features a project's databases cannot all hold (issue 7): `validate`
 * refuses them for a project that has such a database, at file:line:col of
 * the feature, naming the database; the same files are valid for a project
 * whose databases all have the feature.
 */
import { strict as assert } from 'node:assert'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

const SQLITE_ONLY = 'databases:\n  default: sqlite:./db.sqlite3\n'
const WITH_POSTGRES = 'databases:\n  default: sqlite:./db.sqlite3\n  reporting: postgres://postgres@127.0.0.1:5432/reporting\n'

async function validate(project: TempProject, config: string) {
  project.write({ 'strata.yaml': config })
  return runCli(['validate'], { cwd: project.dir })
}

describe('validate: table features by capability', function () {
  this.timeout(60000)

  it('refuses a table without columns for a project with a SQLite or MySQL database, at its columns; takes it on PostgreSQL', async () => {
    // Found by the random round trip (seed 20261121 step 46): SQLite refused to drop the last column ("no other columns exist").
    const project = new TempProject({ 'schemas/app.yaml': 'tables:\n  marks:\n    primaryKey: false\n    columns: {}\n' })
    try {
      for (const config of [SQLITE_ONLY, 'databases:\n  default: mysql://root@127.0.0.1:3306/app\n']) {
        const refused = await validate(project, config)
        assert.equal(refused.code, 2, refused.stdout + refused.stderr)
        assert.match(refused.stderr, /^schemas\/app\.yaml:4:\d+ +error +table "marks" has no columns, which database "default" \((sqlite|mysql)\) cannot hold/m)
      }
      const ok = await validate(project, 'databases:\n  default: postgres://postgres@127.0.0.1:5432/app\n')
      assert.equal(ok.code, 0, ok.stdout + ok.stderr)
    } finally {
      project.cleanup()
    }
  })

  it('refuses a VIRTUAL generated column for a project with a PostgreSQL database, at the column', async () => {
    const project = new TempProject({
      'schemas/app.yaml':
        'tables:\n  items:\n    columns:\n      qty: integer\n' +
        '      twice: { type: integer, generated: { expression: "qty * 2" } }\n' +
        '      stored: { type: integer, generated: { expression: "qty * 3", stored: true } }\n',
    })
    try {
      const refused = await validate(project, WITH_POSTGRES)
      assert.equal(refused.code, 2, refused.stdout + refused.stderr)
      assert.match(refused.stderr, /schemas\/app\.yaml:5:\d+.*column "items\.twice" is a VIRTUAL generated column, which database "reporting" \(postgres\) cannot create; say stored: true/)
      assert.doesNotMatch(refused.stderr, /items\.stored/)
      const ok = await validate(project, SQLITE_ONLY)
      assert.equal(ok.code, 0, ok.stdout + ok.stderr)
    } finally {
      project.cleanup()
    }
  })

  it('refuses index options a SQLite database lacks, at the index, and takes DESC and COLLATE', async () => {
    const project = new TempProject({
      'schemas/app.yaml':
        'tables:\n  docs:\n    columns:\n      title: text\n      tags: { type: native, native: { postgres: "text[]", sqlite: TEXT } }\n' +
        '    indexes:\n' +
        '      - { columns: [tags], method: gin }\n' +
        '      - { columns: [{ column: title, opclass: text_pattern_ops }], name: docs_prefix }\n' +
        '      - { columns: [title], unique: true, include: [tags], nullsNotDistinct: true, name: docs_title_key }\n' +
        '      - { columns: [{ column: title, order: desc, collation: NOCASE }], name: docs_title_desc }\n',
    })
    try {
      const refused = await validate(project, SQLITE_ONLY)
      assert.equal(refused.code, 2, refused.stdout + refused.stderr)
      assert.match(refused.stderr, /schemas\/app\.yaml:7:\d+.*index "docs_tags_idx" of table "docs" uses index method gin, which database "default" \(sqlite\) does not have/)
      assert.match(refused.stderr, /schemas\/app\.yaml:8:\d+.*uses an operator class \(title text_pattern_ops\)/)
      assert.match(refused.stderr, /schemas\/app\.yaml:9:\d+.*uses INCLUDE columns/)
      assert.match(refused.stderr, /schemas\/app\.yaml:9:\d+.*uses NULLS NOT DISTINCT/)
      assert.doesNotMatch(refused.stderr, /docs_title_desc/)
      const ok = await validate(project, WITH_POSTGRES.replace('  default: sqlite:./db.sqlite3\n', '  default: postgres://postgres@127.0.0.1:5432/app\n'))
      assert.equal(ok.code, 0, ok.stdout + ok.stderr)
    } finally {
      project.cleanup()
    }
  })

  it('refuses constraint attributes a SQLite database lacks, at their keys, and takes a DEFERRABLE foreign key and collations', async () => {
    const project = new TempProject({
      'schemas/app.yaml':
        'tables:\n  rooms:\n    columns:\n      code: { type: text, collation: NOCASE }\n' +
        '    unique:\n      - { columns: [code], deferrable: true }\n' +
        '    checks:\n      - { name: rooms_code_check, expression: "code <> \'\'", notValid: true, noInherit: true }\n' +
        '    exclude:\n      - { elements: [{ column: code, with: "=" }] }\n' +
        '  holds:\n    columns:\n      room_id: { type: bigint, references: { table: rooms, deferrable: true, initiallyDeferred: true, match: full } }\n',
    })
    try {
      const refused = await validate(project, SQLITE_ONLY)
      assert.equal(refused.code, 2, refused.stdout + refused.stderr)
      assert.match(refused.stderr, /schemas\/app\.yaml:6:\d+ +error +table "rooms" uses a DEFERRABLE unique constraint \(rooms_code_key\), which database "default" \(sqlite\) does not have/)
      assert.match(refused.stderr, /schemas\/app\.yaml:8:\d+.*uses NOT VALID \(check rooms_code_check\)/)
      assert.match(refused.stderr, /schemas\/app\.yaml:8:\d+.*uses NO INHERIT \(check rooms_code_check\)/)
      assert.match(refused.stderr, /schemas\/app\.yaml:10:\d+.*uses an EXCLUDE constraint \(rooms_code_excl\)/)
      assert.match(refused.stderr, /schemas\/app\.yaml:13:\d+.*uses MATCH FULL \(foreign key holds_room_id_fkey\)/)
      assert.doesNotMatch(refused.stderr, /DEFERRABLE foreign key|collation/)
      const ok = await validate(project, WITH_POSTGRES.replace('  default: sqlite:./db.sqlite3\n', '  default: postgres://postgres@127.0.0.1:5432/app\n'))
      assert.equal(ok.code, 0, ok.stdout + ok.stderr)
    } finally {
      project.cleanup()
    }
  })

  it('refuses ON DELETE / ON UPDATE SET DEFAULT (InnoDB would store RESTRICT) and a check naming the autoincrement id for a project with a MySQL database, at the key', async () => {
    const project = new TempProject({
      'schemas/app.yaml':
        'tables:\n  teams:\n    columns:\n      name: string\n    checks:\n      - { name: teams_id_positive, expression: "id > 0" }\n' +
        '  members:\n    columns:\n      team_id: { type: bigint, default: 1, references: { table: teams, onDelete: set default } }\n' +
        '      lead_id: { type: bigint, nullable: true, references: { table: teams, onUpdate: set default, onDelete: set null } }\n',
    })
    try {
      const refused = await validate(project, 'databases:\n  default: mysql://root@127.0.0.1:3306/app\n')
      assert.equal(refused.code, 2, refused.stdout + refused.stderr)
      assert.match(refused.stderr, /schemas\/app\.yaml:6:\d+ +error +table "teams" uses a check naming the autoincrement column id \(check teams_id_positive\), which database "default" \(mysql\) does not have/)
      assert.match(refused.stderr, /schemas\/app\.yaml:9:\d+ +error +table "members" uses ON DELETE SET DEFAULT \(foreign key members_team_id_fkey\), which database "default" \(mysql\) does not have/)
      assert.match(refused.stderr, /schemas\/app\.yaml:10:\d+ +error +table "members" uses ON UPDATE SET DEFAULT \(foreign key members_lead_id_fkey\)/)
      assert.doesNotMatch(refused.stderr, /SET NULL/)
      const ok = await validate(project, WITH_POSTGRES)
      assert.equal(ok.code, 0, ok.stdout + ok.stderr)
    } finally {
      project.cleanup()
    }
  })

  it('refuses, for a project with a MySQL database, an autoincrement column that no key starts with (MySQL would hold it without AUTO_INCREMENT), at the key; takes it with an index on the column, and on PostgreSQL', async () => {
    const loose = 'tables:\n  tickets:\n    columns:\n      code: { type: string, length: 10, primaryKey: true }\n      seq: { type: bigint, autoincrement: true }\n'
    const project = new TempProject({ 'schemas/app.yaml': loose })
    try {
      const refused = await validate(project, 'databases:\n  default: mysql://root@127.0.0.1:3306/app\n')
      assert.equal(refused.code, 2, refused.stdout + refused.stderr)
      assert.match(refused.stderr, /^schemas\/app\.yaml:5:\d+ +error +column "tickets\.seq" is autoincrement but no key of the table starts with it, which database "default" \(mysql\) requires/m)
      assert.doesNotMatch(refused.stderr, /code/)
      const onPostgres = await validate(project, 'databases:\n  default: postgres://postgres@127.0.0.1:5432/app\n')
      assert.equal(onPostgres.code, 0, onPostgres.stdout + onPostgres.stderr)
      project.write({ 'schemas/app.yaml': loose + '    indexes:\n      - { columns: [seq] }\n' })
      const indexed = await validate(project, 'databases:\n  default: mysql://root@127.0.0.1:3306/app\n')
      assert.equal(indexed.code, 0, indexed.stdout + indexed.stderr)
    } finally {
      project.cleanup()
    }
  })

  it('refuses an UNLOGGED table for a project with a SQLite database, at the key; takes it on PostgreSQL; a logged table cannot reference an unlogged one', async () => {
    const project = new TempProject({
      'schemas/app.yaml':
        'tables:\n  cache:\n    unlogged: true\n    columns:\n      k: { type: text, primaryKey: true }\n' +
        '  hits:\n    columns:\n      k: { type: text, references: cache.k }\n',
    })
    try {
      const refused = await validate(project, WITH_POSTGRES)
      assert.equal(refused.code, 2, refused.stdout + refused.stderr)
      assert.match(refused.stderr, /^schemas\/app\.yaml:3:5 +error +table "cache" is UNLOGGED, which database "default" \(sqlite\) does not have \(PostgreSQL only\); remove unlogged$/m)
      assert.match(refused.stderr, /^schemas\/app\.yaml:8:\d+ +error +foreign key "hits_k_fkey": table "hits" is logged and "cache" is unlogged; PostgreSQL lets only unlogged tables reference an unlogged one$/m)
      project.write({ 'schemas/app.yaml': 'tables:\n  cache:\n    unlogged: true\n    columns:\n      k: { type: text, primaryKey: true }\n' })
      const ok = await validate(project, 'databases:\n  default: postgres://postgres@127.0.0.1:5432/app\n')
      assert.equal(ok.code, 0, ok.stdout + ok.stderr)
    } finally {
      project.cleanup()
    }
  })

  it('strata sql --dialect postgres refuses a VIRTUAL generated column by name', async () => {
    const project = new TempProject({
      'schemas/app.yaml': 'tables:\n  items:\n    columns:\n      qty: integer\n      twice: { type: integer, generated: { expression: "qty * 2" } }\n',
    })
    try {
      project.write({ 'strata.yaml': SQLITE_ONLY })
      assert.equal((await runCli(['make', 'start'], { cwd: project.dir })).code, 0)
      const r = await runCli(['sql', '1', '--dialect', 'postgres'], { cwd: project.dir })
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /column "twice" is a VIRTUAL generated column; PostgreSQL has STORED generated columns only/)
      assert.doesNotMatch(r.stderr, /\n\s+at /)
    } finally {
      project.cleanup()
    }
  })

  it('refuses a generated column computed from an autoincrement column for a project with a MySQL database, at the column; sql --dialect mysql refuses it by name', async () => {
    // Found by the random round trip (seed 20261121 step 25): MariaDB refused the column at migrate (error 1901).
    const project = new TempProject({
      'schemas/app.yaml':
        'tables:\n  items:\n    columns:\n      qty: integer\n' +
        '      twice: { type: bigint, nullable: true, generated: { expression: "id * 2", stored: true } }\n' +
        '      thrice: { type: bigint, nullable: true, generated: { expression: "qty * 3", stored: true } }\n',
    })
    try {
      const refused = await validate(project, 'databases:\n  default: sqlite:./db.sqlite3\n  shop: mysql://root@127.0.0.1:3306/shop\n')
      assert.equal(refused.code, 2, refused.stdout + refused.stderr)
      assert.match(
        refused.stderr,
        /^schemas\/app\.yaml:5:\d+ +error +column "items\.twice" is generated from the autoincrement column "id", which database "shop" \(mysql\) refuses \(an AUTO_INCREMENT column cannot be the base of a generated column\); compute it from other columns$/m,
      )
      assert.doesNotMatch(refused.stderr, /thrice/)
      for (const config of [SQLITE_ONLY, 'databases:\n  default: postgres://postgres@127.0.0.1:5432/app\n']) {
        const ok = await validate(project, config)
        assert.equal(ok.code, 0, ok.stdout + ok.stderr)
      }
      project.write({ 'strata.yaml': SQLITE_ONLY })
      assert.equal((await runCli(['make', 'start'], { cwd: project.dir })).code, 0)
      const r = await runCli(['sql', '1', '--dialect', 'mysql'], { cwd: project.dir })
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /column "items\.twice" is generated from the autoincrement column "id": MySQL and MariaDB refuse an AUTO_INCREMENT column as the base of a generated column/)
      assert.doesNotMatch(r.stderr, /\n\s+at /)
    } finally {
      project.cleanup()
    }
  })
})
