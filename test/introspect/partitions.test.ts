/**
 * PostgreSQL declarative partitioning (issue 7), from a fixture written by
 * hand (test/fixtures/fidelity/postgres-partitions.sql): `strata introspect`
 * keeps each partitioned table with its key and partitions (a partition is
 * never a table of its own, and what PostgreSQL gives the partitions of
 * the parent's indexes and constraints is not read as the user's), the
 * baseline rebuilds a catalog equal to the original (pg_partitioned_table,
 * pg_inherits, relpartbound, the partitions' indexes and constraints), a
 * change made by hand is named by `diff --db`, and what strata does not keep
 * of a partition is named.
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/cli'
import { describePostgres } from '../helpers/postgres'
import { TempProject } from '../helpers/project'
import { type TargetDatabase, postgresTarget } from '../e2e/targets'

const FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'fidelity', 'postgres-partitions.sql')

const FILES: Readonly<Record<string, readonly RegExp[]>> = {
  'measurements.yaml': [
    /^    partitionBy: \{ method: range, columns: \[ taken_at \] \}$/m,
    /^      measurements_2025:\n +from: "2025-01-01 00:00:00"\n +to: "2026-01-01 00:00:00"\n +indexes:\n +- name: m2025_by_sensor\n +columns:\n +- sensor_id\n +- \{ column: value, order: desc \}\n +comment: last year by sensor\n +checks:\n +- \{ name: m2025_value_small, expression: "value < 1000::numeric" \}$/m,
    /^      measurements_2026:\n[\s\S]*unique:\n +- \[ id \]\n +foreignKeys:\n +- \{ columns: \[ sensor_id \], references: \{ table: sensors, columns: \[ id \] \}, onDelete: cascade \}$/m,
    /^      measurements_old: \{ from: MINVALUE, to: "2025-01-01 00:00:00" \}$/m,
    /^      measurements_other: \{ default: true \}$/m,
    /^    primaryKey: \[ id, taken_at \]$/m,
  ],
  'sales.yaml': [/partitions: \{ sales_2026_h1: \{ from: \[ 2026, 1 \], to: \[ 2026, 7 \] \} \}/],
  'customers.yaml': [/partitionBy: \{ method: list, expression: "lower\(region\)" \}/, /customers_none: \{ in: \[ null \] \}/],
  'shards.yaml': [/partitionBy: \{ method: hash, columns: \[ id \] \}/, /shards_1: \{ modulus: 2, remainder: 1 \}/],
  'shard_notes.yaml': [/shard_id: \{ type: bigint, references: \{ table: shards, column: id, onDelete: cascade \} \}/],
  'audit_log.yaml': [/partitionBy: \{ method: range, columns: \[ at \] \}/],
}

const HAND: readonly { readonly sql: string; readonly named: RegExp }[] = [
  { sql: "CREATE TABLE measurements_2027 PARTITION OF measurements FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')", named: /^  \+ partition measurements_2027 of measurements from \('2027-01-01 00:00:00'\) to \('2028-01-01 00:00:00'\)$/m },
  { sql: 'DROP TABLE measurements_old', named: /^  - partition measurements_old of measurements$/m },
  { sql: 'CREATE INDEX m2026_value ON measurements_2026 (value)', named: /^  ~ partition measurements_2026 of measurements: \+ index m2026_value$/m },
  { sql: 'ALTER TABLE measurements_2025 DROP CONSTRAINT m2025_value_small', named: /^  ~ partition measurements_2025 of measurements: - check m2025_value_small$/m },
  {
    sql: 'ALTER TABLE measurements_2026 DROP CONSTRAINT measurements_2026_sensor_id_fkey, ADD CONSTRAINT measurements_2026_sensor_id_fkey FOREIGN KEY (sensor_id) REFERENCES sensors (id)',
    named: /^  ~ partition measurements_2026 of measurements: ~ foreign key measurements_2026_sensor_id_fkey$/m,
  },
  { sql: "COMMENT ON INDEX m2025_by_sensor IS 'changed'", named: /^  ~ partition measurements_2025 of measurements: ~ index m2025_by_sensor$/m },
  {
    sql: "ALTER TABLE customers DETACH PARTITION customers_us; ALTER TABLE customers ATTACH PARTITION customers_us FOR VALUES IN ('us', 'ca')",
    named: /^  ~ partition customers_us of customers: in \('us'\) -> in \('us', 'ca'\)$/m,
  },
  { sql: 'ALTER TABLE sales DETACH PARTITION sales_2026_h1', named: /^  - partition sales_2026_h1 of sales\n  \+ table sales_2026_h1$/m },
  { sql: 'DROP TABLE audit_log; CREATE TABLE audit_log (at timestamptz NOT NULL, entry text NOT NULL) PARTITION BY LIST (entry)', named: /^-    partitionBy: \{ method: range, columns: \[ at \] \}\n\+    partitionBy: \{ method: list, columns: \[ entry \] \}\n[\s\S]*^  - table audit_log\n  \+ table audit_log$/m },
]

describePostgres('declarative partitioning: introspect, rebuild, drift (PostgreSQL)', function () {
  let original: TargetDatabase
  let project: TempProject

  before(async function () {
    original = await postgresTarget.create()
    await original.script(readFileSync(FIXTURE, 'utf8'))
    project = new TempProject()
  })
  after(async () => {
    project?.cleanup()
    await original?.drop()
  })

  it('introspect --strict keeps every partitioned table with its key and partitions; no partition is a table, no inherited index or constraint is the user\'s', async () => {
    const r = await runCli(['introspect', '--strict', '-d', original.url], { cwd: project.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /; 0 not kept$/m)
    assert.match(r.stdout, /^Read 7 tables and 0 enums/m)
    assert.doesNotMatch(r.stderr, /warning/)
    for (const [file, patterns] of Object.entries(FILES)) {
      const text = project.read(`schemas/${file}`)
      for (const pattern of patterns) assert.match(text, pattern, `schemas/${file}:\n${text}`)
    }
    const measurements = project.read('schemas/measurements.yaml')
    // The parent's own indexes and constraints, and each partition's own, not the partitions' copies of the parent's.
    assert.doesNotMatch(measurements, /measurements_(2025|2026|other)_(pkey|value_idx|sensor_id_taken_at_idx)|measurements_(value_check|sensor_id_fkey)[\s\S]*measurements_(value_check|sensor_id_fkey)/)
    const notes = project.read('schemas/shard_notes.yaml')
    assert.doesNotMatch(notes, /shards_0|shards_1|foreignKeys/)
    const d = await runCli(['diff', '--db', '-d', original.url], { cwd: project.dir })
    assert.equal(d.code, 0, d.stdout + d.stderr)
  })

  it('the baseline builds, on an empty database, a catalog equal to the original (keys, bounds, the partitions\' indexes and constraints), and goes back to nothing', async () => {
    const copy = await postgresTarget.create()
    try {
      const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
      assert.equal(m.code, 0, m.stderr)
      const [rebuilt, source] = [await copy.catalog(), await original.catalog()]
      assert.deepEqual(rebuilt, source)
      // The comparison saw the partitions and what they were given.
      assert.equal((source.partitioning as unknown[]).length, 15)
      assert.ok((source.attachedIndexes as { index: string }[]).some((i) => i.index === 'measurements_2025_value_idx'))
      assert.ok((source.constraints as { table_name: string; conname: string }[]).some((c) => c.table_name === 'shard_notes' && c.conname !== 'shard_notes_shard_id_fkey' && c.conname.startsWith('shard_notes_shard_id_fkey')))
      const d = await runCli(['diff', '--db', '-d', copy.url], { cwd: project.dir })
      assert.equal(d.code, 0, d.stdout + d.stderr)
      const z = await runCli(['migrate', 'zero', '-d', copy.url], { cwd: project.dir })
      assert.equal(z.code, 0, z.stderr)
      assert.deepEqual(await copy.rows("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname <> 'strata_migrations' AND relkind IN ('r', 'p')"), [])
    } finally {
      await copy.drop()
    }
  })

  it('introspect --strict names what a partition holds of its own and strata does not keep (sub-partitions, its own primary key, a comment), and keeps its own index and check: exit 1, nothing written', async () => {
    const db = await postgresTarget.create()
    const fresh = new TempProject()
    try {
      await db.script(`CREATE TABLE logs (at date NOT NULL, level text NOT NULL, body text) PARTITION BY RANGE (at);
        CREATE TABLE logs_2026 PARTITION OF logs FOR VALUES FROM ('2026-01-01') TO ('2027-01-01') PARTITION BY LIST (level);
        CREATE TABLE logs_2026_error PARTITION OF logs_2026 FOR VALUES IN ('error');
        CREATE TABLE logs_2025 PARTITION OF logs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE INDEX logs_2025_body_idx ON logs_2025 (body);
        ALTER TABLE logs_2025 ADD CONSTRAINT logs_2025_level_check CHECK (level <> '');
        ALTER TABLE logs_2025 ADD PRIMARY KEY (at, level);
        COMMENT ON TABLE logs_2025 IS 'last year';`)
      const before = fresh.fingerprint()
      const strict = await runCli(['introspect', '--strict', '-d', db.url], { cwd: fresh.dir })
      assert.equal(strict.code, 1, strict.stdout + strict.stderr)
      for (const named of [
        /table logs_2026: a partition of logs partitioned again by LIST \(level\) \(sub-partitioning is not modelled\)/,
        /constraint logs_2025_pkey: a primary key of partition logs_2025 only/,
        /table logs_2025: a comment on partition of logs/,
      ]) assert.match(strict.stderr, named)
      assert.doesNotMatch(strict.stderr, /logs_2025_body_idx|logs_2025_level_check/)
      assert.deepEqual(fresh.fingerprint(), before)
    } finally {
      fresh.cleanup()
      await db.drop()
    }
  })

  it('a partitioned table of another schema has its partitions there, and they follow it when it moves to another schema and back (pg_class, pg_inherits)', async () => {
    const db = await postgresTarget.create()
    const moved = new TempProject()
    const events = (name: string, from?: string) =>
      [
        'tables:',
        `  ${name}:`,
        ...(from ? [`    renamedFrom: ${from}`] : []),
        '    columns:',
        '      k: { type: integer, primaryKey: true }',
        '      note: { type: text, nullable: true }',
        '    partitionBy: { method: range, columns: [k] }',
        '    partitions:',
        '      events_low: { from: MINVALUE, to: 100 }',
        '      events_high: { from: 100, to: MAXVALUE }',
        '  notes:',
        '    columns:',
        `      event_id: { type: integer, references: ${name}.k }`,
        '',
      ].join('\n')
    // Where the parent and each partition are, and which parent a partition is attached to, as PostgreSQL says.
    const placed = () =>
      db.rows(`SELECT n.nspname || '.' || c.relname AS relation, c.relkind::text AS kind, coalesce((SELECT pn.nspname || '.' || p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid), '') AS parent
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname LIKE 'events%' AND c.relkind IN ('r', 'p') ORDER BY 1`)
    const expected = (schema: string) => [
      { relation: `${schema}.events`, kind: 'p', parent: '' },
      { relation: `${schema}.events_high`, kind: 'r', parent: `${schema}.events` },
      { relation: `${schema}.events_low`, kind: 'r', parent: `${schema}.events` },
    ]
    try {
      moved.write({ 'strata.yaml': `databases:\n  default: ${db.url}\n` })
      moved.setSchemas({ 'app.yaml': events('sa.events') })
      for (const args of [['make', 'start'], ['migrate']]) {
        const r = await runCli(args, { cwd: moved.dir })
        assert.equal(r.code, 0, r.stdout + r.stderr)
      }
      await db.script('INSERT INTO sa.events (k, note) VALUES (1, \'low\'), (500, \'high\'); INSERT INTO notes (event_id) VALUES (500)')
      assert.deepEqual(await placed(), expected('sa'))
      const created = await runCli(['diff', '--db'], { cwd: moved.dir })
      assert.equal(created.code, 0, created.stdout + created.stderr)
      moved.setSchemas({ 'app.yaml': events('sb.events', 'sa.events') })
      const make = await runCli(['make', 'move'], { cwd: moved.dir })
      assert.equal(make.code, 0, make.stderr)
      const m = await runCli(['migrate'], { cwd: moved.dir })
      assert.equal(m.code, 0, m.stderr)
      assert.deepEqual(await placed(), expected('sb'))
      assert.deepEqual(await db.rows('SELECT tableoid::regclass::text AS partition, k FROM sb.events ORDER BY k'), [
        { partition: 'sb.events_low', k: 1 },
        { partition: 'sb.events_high', k: 500 },
      ])
      const d = await runCli(['diff', '--db'], { cwd: moved.dir })
      assert.equal(d.code, 0, d.stdout + d.stderr)
      const back = await runCli(['migrate', '0001_start'], { cwd: moved.dir })
      assert.equal(back.code, 0, back.stderr)
      assert.deepEqual(await placed(), expected('sa'))
      const z = await runCli(['migrate', 'zero'], { cwd: moved.dir })
      assert.equal(z.code, 0, z.stderr)
      assert.deepEqual(await db.rows("SELECT nspname FROM pg_namespace WHERE nspname IN ('sa', 'sb')"), [])
    } finally {
      moved.cleanup()
      await db.drop()
    }
  })

  for (const [i, change] of HAND.entries()) {
    it(`diff --db names a change made by hand: ${change.named.source}`, async () => {
      const copy = await postgresTarget.create()
      try {
        const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
        assert.equal(m.code, 0, m.stderr)
        await copy.script(change.sql)
        const d = await runCli(['diff', '--db', '-d', copy.url], { cwd: project.dir })
        assert.equal(d.code, 1, `change ${i}: ${d.stdout}${d.stderr}`)
        assert.match(d.stdout, change.named)
      } finally {
        await copy.drop()
      }
    })
  }
})
