/**
 * `strata introspect` adopts a database written by hand (test/fixtures/handwritten),
 * `strata make --check` finds nothing right after, the generated migrations
 * rebuild an equal database from nothing, and `strata diff --db` / `strata
 * status` report changes made by hand afterwards. Every dialect, the same
 * shop written by hand for each (MariaDB's without the partial and
 * expression indexes it cannot have).
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'
import { TARGETS, type Target, type TargetDatabase } from '../e2e/targets'

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'handwritten')

/** Changes by hand: a column, an index and a foreign key, in each dialect's SQL. */
const HAND_CHANGES: Record<Target['dialect'], string> = {
  sqlite: `
    ALTER TABLE users ADD COLUMN nickname TEXT;
    DROP INDEX products_live_idx;
    CREATE INDEX products_name_idx ON products (name);
    -- SQLite cannot alter a foreign key: rebuild the table (https://www.sqlite.org/lang_altertable.html#otheralter).
    CREATE TABLE settings_new ("key" VARCHAR(100) NOT NULL PRIMARY KEY, value TEXT,
      updated_by INTEGER REFERENCES users (id) ON DELETE CASCADE);
    INSERT INTO settings_new SELECT * FROM settings;
    DROP TABLE settings;
    ALTER TABLE settings_new RENAME TO settings;`,
  postgres: `
    ALTER TABLE users ALTER COLUMN name DROP NOT NULL;
    DROP INDEX products_live_idx;
    CREATE INDEX products_name_idx ON products (name);
    ALTER TABLE settings DROP CONSTRAINT settings_updated_by_fkey,
      ADD CONSTRAINT settings_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE CASCADE;`,
  // MariaDB takes no DROP and ADD of one foreign key name in one ALTER TABLE.
  mysql: `
    ALTER TABLE users MODIFY name LONGTEXT NULL;
    DROP INDEX products_live_idx ON products;
    CREATE INDEX products_name_idx ON products (name);
    ALTER TABLE settings DROP FOREIGN KEY settings_updated_by_fkey;
    ALTER TABLE settings ADD CONSTRAINT settings_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id) ON DELETE CASCADE;`,
}

/** What `strata diff --db` must name after HAND_CHANGES. */
const HAND_CHANGED: Record<Target['dialect'], readonly string[]> = {
  sqlite: ['users.nickname', 'products_live_idx', 'products_name_idx', 'settings_updated_by_fkey'],
  postgres: ['users.name', 'products_live_idx', 'products_name_idx', 'settings_updated_by_fkey'],
  mysql: ['users.name', 'products_live_idx', 'products_name_idx', 'settings_updated_by_fkey'],
}

function adoptionSuite(target: Target): void {
  let original: TargetDatabase
  let project: TempProject

  before(async function () {
    original = await target.create()
    await original.script(readFileSync(join(FIXTURES, `${target.dialect}.sql`), 'utf8'))
    project = new TempProject()
  })
  after(async () => {
    project?.cleanup()
    await original?.drop()
  })

  it('introspect adopts the hand-written database, reporting what is not portable', async () => {
    const r = await runCli(['introspect', '-d', original.url], { cwd: project.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /Read 17 tables/)
    assert.match(r.stdout, /Recorded 0001_baseline as applied/)
    // One file per table (plus enums.yaml on PostgreSQL and MySQL), the baseline and the snapshot.
    const schemaFiles = project.fingerprint()
    assert.equal(Object.keys(schemaFiles).filter((f) => f.startsWith('schemas/')).length, target.dialect === 'sqlite' ? 17 : 18)
    assert.deepEqual(project.migrationFiles(), ['0001_baseline.yaml'])
    assert.ok(project.exists('migrations/snapshot.json'))
    if (target.dialect === 'postgres') {
      assert.match(r.stderr, /warning: column "users\.last_seen": type kept as native \(postgres: inet\)/)
      assert.match(r.stderr, /warning: column "orders\.lucky_number": default kept as raw SQL/)
      const users = project.read('schemas/users.yaml')
      assert.match(users, /comment: People who can sign in/)
      assert.match(users, /role: \{ type: enum, enum: user_role, default: customer \}/)
      assert.match(project.read('schemas/enums.yaml'), /shipping_speed: \[ standard, express \]/)
    } else if (target.dialect === 'mysql') {
      assert.match(r.stderr, /warning: column "orders\.lucky_number": default kept as raw SQL \{"mysql":"floor\(rand\(\) \* 100\)"\}/)
      const users = project.read('schemas/users.yaml')
      assert.match(users, /comment: People who can sign in/)
      // An ENUM column reads back with an enum of its own, <table>_<column>.
      assert.match(users, /role: \{ type: enum, enum: users_role, default: customer \}/)
      assert.match(project.read('schemas/enums.yaml'), /orders_status: \[ pending, paid, shipped, cancelled \]/)
    } else {
      assert.match(r.stderr, /warning: column "orders\.reference": default kept as raw SQL "lower\(hex\(randomblob\(16\)\)\)"/)
    }
    const baseline = project.read('migrations/0001_baseline.yaml')
    assert.match(baseline, /^down:/m)
  })

  it('make --check right after finds nothing', async () => {
    const r = await runCli(['make', '--check'], { cwd: project.dir })
    assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.match(r.stdout, /No changes detected/)
  })

  it('diff --db and status find no drift on the adopted database', async () => {
    const d = await runCli(['diff', '--db', '-d', original.url], { cwd: project.dir })
    assert.equal(d.code, 0, d.stdout + d.stderr)
    assert.equal(d.stdout, '')
    const s = await runCli(['status', '-d', original.url, '--json'], { cwd: project.dir })
    assert.equal(s.code, 0, s.stdout + s.stderr)
    const json = JSON.parse(s.stdout) as { drift: boolean; migrations: { name: string; applied: boolean }[] }
    assert.equal(json.drift, false)
    assert.deepEqual(json.migrations.map((m) => [m.name, m.applied]), [['0001_baseline', true]])
  })

  it('the generated migrations build, on an empty database, a catalog equal to the original', async () => {
    const copy = await target.create()
    try {
      const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
      assert.equal(m.code, 0, m.stderr)
      assert.deepEqual(await copy.catalog(), await original.catalog())
      const d = await runCli(['diff', '--db', '-d', copy.url], { cwd: project.dir })
      assert.equal(d.code, 0, d.stdout + d.stderr)
      assert.equal(d.stdout, '')
    } finally {
      await copy.drop()
    }
  })

  it('introspect refuses a project that already has migrations: exit 2, nothing written', async () => {
    const before = project.fingerprint()
    const r = await runCli(['introspect', '-d', original.url], { cwd: project.dir })
    assert.equal(r.code, 2, r.stdout + r.stderr)
    assert.match(r.stderr, /already has migrations \(0001_baseline\.yaml, snapshot\.json\)/)
    assert.deepEqual(project.fingerprint(), before)
  })

  it('introspect refuses a project that already has schema files: exit 2, nothing written', async () => {
    const fresh = new TempProject({ 'schemas/blog.yaml': 'tables:\n  posts:\n    columns:\n      title: text\n' })
    try {
      const before = fresh.fingerprint()
      const r = await runCli(['inspectdb', '-d', original.url], { cwd: fresh.dir })
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /schemas already has schema files \(schemas\/blog\.yaml\)/)
      assert.deepEqual(fresh.fingerprint(), before)
    } finally {
      fresh.cleanup()
    }
  })

  it('introspect refuses a database that strata already manages: exit 2, nothing written', async () => {
    const fresh = new TempProject()
    try {
      const before = fresh.fingerprint()
      const r = await runCli(['introspect', '-d', original.url], { cwd: fresh.dir })
      assert.equal(r.code, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /is already managed by strata \(1 applied migration, the last 0001_baseline\)/)
      assert.deepEqual(fresh.fingerprint(), before)
    } finally {
      fresh.cleanup()
    }
  })

  it('diff --db names a column, an index and a foreign key changed by hand, and exits 1', async () => {
    await original.script(HAND_CHANGES[target.dialect])
    const d = await runCli(['diff', '--db', '-d', original.url], { cwd: project.dir })
    assert.equal(d.code, 1, d.stderr)
    for (const name of HAND_CHANGED[target.dialect]) assert.ok(d.stdout.includes(name), `diff --db should name ${name}:\n${d.stdout}`)
    assert.match(d.stdout, /^--- migrations\/snapshot\.json/m)
    assert.doesNotMatch(d.stdout, /\x1b\[/, 'no colour when stdout is not a terminal')

    const j = await runCli(['diff', '--db', '-d', original.url, '--json'], { cwd: project.dir })
    assert.equal(j.code, 1)
    const json = JSON.parse(j.stdout) as { drift: boolean; operations: string[]; diff: string }
    assert.equal(json.drift, true)
    for (const name of HAND_CHANGED[target.dialect]) assert.ok(json.operations.some((o) => o.includes(name)), `${name} in ${json.operations.join('; ')}`)
    assert.match(json.diff, /^@@ /m)

    const s = await runCli(['status', '-d', original.url], { cwd: project.dir })
    assert.equal(s.code, 1)
    assert.match(s.stdout, /drift: the database differs from the snapshot \(strata diff --db\)/)
  })

  it('diff without --db compares the schema files with the snapshot', async () => {
    const clean = await runCli(['diff'], { cwd: project.dir })
    assert.equal(clean.code, 0, clean.stderr)
    assert.equal(clean.stdout, '')
    project.write({ 'schemas/tags.yaml': project.read('schemas/tags.yaml').replace('label:', 'slug: { type: string, length: 60, nullable: true }\n      label:') })
    const changed = await runCli(['diff'], { cwd: project.dir })
    assert.equal(changed.code, 1, changed.stderr)
    assert.match(changed.stdout, /^\+ {6}slug: \{ type: string, length: 60, nullable: true \}$/m)
    assert.match(changed.stdout, /\+ column tags\.slug: string\(60\) null/)
  })
}

for (const target of Object.values(TARGETS)) {
  target.describe(`strata introspect, diff --db and drift (${target.dialect})`, function () {
    adoptionSuite(target)
  })
}
