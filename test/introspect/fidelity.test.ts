/**
 * Table attributes as the databases store them (issue 7), from a fixture
 * written by hand per dialect (test/fixtures/fidelity): `strata introspect`
 * writes them into the schema files, the baseline rebuilds a catalog equal
 * to the original (read with the database's own catalog queries), and a
 * change of each attribute made by hand is named by `strata diff --db`.
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/cli'
import { describePostgres } from '../helpers/postgres'
import { TempProject } from '../helpers/project'
import { type Target, type TargetDatabase, postgresTarget, sqliteTarget } from '../e2e/targets'

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'fidelity')

interface Expectations {
  /** The only warnings introspect prints. */
  readonly warnings: readonly RegExp[]
  /** What the schema files say, per file. */
  readonly files: Readonly<Record<string, readonly RegExp[]>>
  /** A database holding what strata does not keep, and the names `introspect` must give. */
  readonly unkept: { readonly sql: string; readonly named: readonly RegExp[] }
  /** Changes made by hand, each with what `diff --db` must print for it. */
  readonly hand: readonly { readonly sql: string; readonly named: RegExp }[]
}

const SQLITE_REBUILD = (table: string, create: string, columns = '*') =>
  `CREATE TABLE "${table}_new" ${create}; INSERT INTO "${table}_new" SELECT ${columns} FROM "${table}"; DROP TABLE "${table}"; ALTER TABLE "${table}_new" RENAME TO "${table}";`

/** SQLite and PostgreSQL; MySQL's fidelity fixture is test/introspect/mysql-adopt.test.ts. */
type FidelityTarget = Target & { readonly dialect: 'sqlite' | 'postgres' }

const EXPECTED: Record<FidelityTarget['dialect'], Expectations> = {
  postgres: {
    warnings: [
      /^warning: column "bookings\.during": type kept as native \(postgres: int4range\), it has no portable type$/,
      /^warning: this baseline uses types that sqlite cannot run, so `strata sql --dialect sqlite` and `migrate` on sqlite refuse it: articles\.tags \(text\[\]\), bookings\.during \(int4range\); add native\.sqlite to those columns to run them there\.$/,
      /^warning: this baseline uses types that mysql cannot run, .*: articles\.tags \(text\[\]\), bookings\.during \(int4range\);/,
    ],
    unkept: {
      sql: `CREATE TABLE docs (id bigint PRIMARY KEY, body text, tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED);
        CREATE INDEX docs_tsv ON docs USING gin (tsv);
        CREATE INDEX docs_lower_desc ON docs (lower(body) DESC);
        CREATE TABLE refs (id bigint PRIMARY KEY, span int4range, CONSTRAINT refs_span_excl EXCLUDE USING gist (span WITH &&) INCLUDE (id));`,
      // refs_span_excl's INCLUDE columns are kept (bookings_no_overlap has one too): only the index is named.
      named: [/index docs_lower_desc: DESC \/ NULLS FIRST\|LAST order on the keys of an expression index/],
    },
    files: {
      'events.yaml': [/^    primaryKey: false$/m, /^      id: bigint$/m],
      'accounts.yaml': [/^    primaryKey: \{ name: accounts_pk, columns: \[ code \] \}$/m],
      'sessions.yaml': [/^    unlogged: true$/m],
      'legacy_orders.yaml': [
        /id: \{ type: integer, autoincrement: true, sequence: legacy_orders_id_seq, primaryKey: true \}/,
        /ref: \{ type: bigint, autoincrement: true, sequence: legacy_orders_ref_seq \}/,
      ],
      'tickets.yaml': [/number: \{ type: integer, autoincrement: true, sequence: ticket_numbers \}/],
      'audit.yaml': [/id: \{ type: bigint, autoincrement: true, identity: always, primaryKey: true \}/, /position: \{ type: integer, autoincrement: true \}/],
      'articles.yaml': [
        /^      tags: \{ type: text, array: true, default: "\{\}" \}$/m,
        /- \{ columns: \[ tags \], method: gin \}/,
        /- \{ name: articles_published_brin, columns: \[ published_at \], method: brin \}/,
        /- name: articles_recent\n +columns:\n +- \{ column: published_at, order: desc, nulls: last \}\n +- title\n +comment: the front page\n/,
        /- \{ name: articles_title_prefix, columns: \[ \{ column: title, opclass: varchar_pattern_ops \} \] \}/,
        /- \{ name: articles_title_c, columns: \[ \{ column: title, collation: C \} \] \}/,
        /- \{ name: articles_slug_key, columns: \[ slug \], unique: true, include: \[ title \], nullsNotDistinct: true \}/,
      ],
      'line_items.yaml': [
        /total:\n +type: decimal\n +precision: 12\n +scale: 2\n +nullable: true\n +generated: \{ expression: "\(price \* quantity::numeric\)", stored: true \}/,
        /label: \{ type: text, generated: \{ expression: "'#'::text \|\| quantity::text", stored: true \} \}/,
      ],
      'rooms.yaml': [
        /code: \{ type: text, collation: C \}/,
        /name: \{ type: string, length: 40, collation: POSIX, nullable: true \}/,
        /primaryKey: \{ columns: \[ id \], comment: one row per room \}/,
        /- \{ columns: \[ position \], deferrable: true, initiallyDeferred: true \}/,
      ],
      'bookings.yaml': [
        /room_id: \{ type: bigint, references: \{ table: rooms, column: id, deferrable: true \} \}|name: bookings_room_fk[\s\S]*deferrable: true/,
        /- \{ name: bookings_id_check, expression: "id > 0", noInherit: true \}/,
        /name: bookings_during_check[\s\S]*notValid: true/,
        /name: bookings_no_overlap[\s\S]*using: gist[\s\S]*column: during, with: "&&"[\s\S]*include: \[ room_id \][\s\S]*where: NOT cancelled[\s\S]*comment: no double booking/,
      ],
      'holds.yaml': [/name: holds_room_fkey\n.*\n.*\n +notValid: true/, /name: holds_slot_fkey\n.*\n.*\n +onDelete: cascade\n +match: full/],
    },
    hand: [
      { sql: 'ALTER TABLE bookings ALTER CONSTRAINT bookings_room_fk NOT DEFERRABLE', named: /~ constraint bookings_room_fk on bookings: deferrable -> not deferrable$/m },
      { sql: 'ALTER TABLE bookings VALIDATE CONSTRAINT bookings_during_check', named: /~ constraint bookings_during_check on bookings: not deferrable, not valid -> not deferrable, valid/ },
      { sql: "COMMENT ON CONSTRAINT bookings_no_overlap ON bookings IS 'changed'", named: /~ comment constraint bookings_no_overlap on bookings/ },
      { sql: "COMMENT ON CONSTRAINT rooms_pkey ON rooms IS NULL", named: /~ comment constraint rooms_pkey on rooms/ },
      { sql: 'ALTER TABLE rooms ALTER COLUMN code TYPE text COLLATE "POSIX"', named: /~ column rooms\.code: text collate C -> text collate POSIX/ },
      {
        sql: 'ALTER TABLE holds DROP CONSTRAINT holds_slot_fkey, ADD CONSTRAINT holds_slot_fkey FOREIGN KEY (room_id, number) REFERENCES slots (room_id, number) ON DELETE CASCADE',
        named: /\+ foreign key holds_slot_fkey: holds \(room_id, number\) -> slots \(room_id, number\)$/m,
      },
      {
        sql: 'ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap, ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&)',
        named: /\+ exclusion bookings_no_overlap on bookings using gist \(during with &&\)$/m,
      },
      {
        sql: 'ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap, ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled)',
        named: /\+ exclusion bookings_no_overlap on bookings using gist \(during with &&\) where NOT cancelled$/m,
      },
      { sql: 'ALTER TABLE bookings DROP CONSTRAINT bookings_id_check, ADD CONSTRAINT bookings_id_check CHECK (id > 0)', named: /\+ check bookings_id_check on bookings$/m },
      { sql: 'ALTER TABLE rooms DROP CONSTRAINT rooms_position_key, ADD CONSTRAINT rooms_position_key UNIQUE (position)', named: /\+ unique rooms_position_key on rooms \(position\)$/m },
      { sql: 'ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (id)', named: /~ primary key events: none -> \(id\)/ },
      { sql: 'ALTER TABLE sessions SET LOGGED', named: /~ table sessions options: unlogged -> none/ },
      { sql: 'ALTER TABLE accounts RENAME CONSTRAINT accounts_pk TO accounts_code_pk', named: /~ primary key accounts: accounts_pk \(code\) -> accounts_code_pk \(code\)/ },
      { sql: 'ALTER TABLE audit ALTER COLUMN id SET GENERATED BY DEFAULT', named: /~ column audit\.id: bigint autoincrement \(always\) -> bigint autoincrement/ },
      { sql: 'ALTER SEQUENCE ticket_numbers RENAME TO ticket_no', named: /~ column tickets\.number: .*serial ticket_numbers.* -> .*serial ticket_no\)/ },
      { sql: 'DROP INDEX articles_slug_hash; CREATE INDEX articles_slug_hash ON articles (slug)', named: /- index articles_slug_hash\n.*\+ index articles_slug_hash on articles \(slug\)$/m },
      { sql: 'DROP INDEX articles_recent; CREATE INDEX articles_recent ON articles (published_at DESC, title)', named: /\+ index articles_recent on articles \(published_at desc, title\)/ },
      { sql: 'DROP INDEX articles_slug_key; CREATE UNIQUE INDEX articles_slug_key ON articles (slug) INCLUDE (title)', named: /\+ unique index articles_slug_key on articles \(slug\) include \(title\)$/m },
      { sql: "COMMENT ON INDEX articles_recent IS 'changed'", named: /~ comment index articles_recent/ },
      { sql: 'ALTER TABLE line_items ALTER COLUMN total DROP EXPRESSION', named: /~ column line_items\.total: generated \(\(?price \* quantity::numeric\)?\) stored -> not generated/ },
      {
        sql: "ALTER TABLE line_items DROP COLUMN label; ALTER TABLE line_items ADD COLUMN label text NOT NULL GENERATED ALWAYS AS ('No. ' || quantity::text) STORED",
        named: /~ column line_items\.label: generated \('#'::text \|\| quantity::text\) stored -> generated \('No\. '::text \|\| quantity::text\) stored/,
      },
    ],
  },
  sqlite: {
    unkept: {
      sql: `CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT, len INTEGER GENERATED ALWAYS AS (length(body)) VIRTUAL);
        CREATE INDEX docs_body_desc ON docs (body DESC);
        CREATE TABLE refs (id INTEGER PRIMARY KEY, doc_id INTEGER REFERENCES docs (id) MATCH FULL);`,
      named: [/constraint refs -> docs: foreign key MATCH FULL \(not kept: SQLite parses MATCH and ignores it\)/],
    },
    warnings: [
      /^warning: column "readings\.extra": type kept as native \(sqlite: ANY\), it has no portable type$/,
      /^warning: this baseline uses types that postgres cannot run, .*: readings\.extra \(ANY\);/,
      /^warning: this baseline uses types that mysql cannot run, .*: readings\.extra \(ANY\);/,
    ],
    files: {
      'events.yaml': [/^    primaryKey: false$/m, /^      id: integer$/m],
      'accounts.yaml': [/^    primaryKey: \{ name: accounts_pk, columns: \[ code \] \}$/m],
      'counters.yaml': [/id: \{ type: bigint, autoincrement: true, monotonic: true, primaryKey: true \}/],
      'notes.yaml': [/id: \{ type: bigint, autoincrement: true, primaryKey: true \}/],
      'readings.yaml': [/^    strict: true$/m, /extra: \{ type: native, native: \{ sqlite: ANY \}, nullable: true \}/],
      'word_counts.yaml': [/^    withoutRowid: true$/m],
      'pairs.yaml': [/^    strict: true\n    withoutRowid: true$/m, /^    primaryKey: \[ a, b \]$/m],
      'legacy_types.yaml': [
        /created: \{ type: timestamp, native: \{ sqlite: DATETIME \} \}/,
        /amount: \{ type: decimal, precision: 10, scale: 2, native: \{ sqlite: "NUMERIC\(10,2\)" \}, nullable: true \}/,
        /active: \{ type: boolean, nullable: true \}/,
        /counter: \{ type: integer, native: \{ sqlite: INT \}, nullable: true \}/,
      ],
      'articles.yaml': [/- \{ name: articles_recent, columns: \[ \{ column: published_at, order: desc \}, title \] \}/, /- \{ name: articles_title_nocase, columns: \[ \{ column: title, collation: NOCASE \} \] \}/],
      'rooms.yaml': [/code: \{ type: text, collation: NOCASE \}/, /name: \{ type: text, collation: RTRIM, nullable: true \}/, /tag: \{ type: text, collation: BINARY, nullable: true \}/],
      'bookings.yaml': [
        /room_id: \{ type: integer, references: \{ table: rooms, column: id, deferrable: true, initiallyDeferred: true \} \}/,
        /name: bookings_other_fk[\s\S]*onDelete: set null[\s\S]*deferrable: true/,
      ],
      'line_items.yaml': [
        /total: \{ type: float, nullable: true, generated: \{ expression: "price \* quantity", stored: true \} \}/,
        /label: \{ type: text, generated: \{ expression: "'#' \|\| quantity" \} \}/,
      ],
    },
    hand: [
      { sql: SQLITE_REBUILD('events', '(id INTEGER NOT NULL PRIMARY KEY, kind TEXT NOT NULL)'), named: /~ primary key events: none -> \(id\)/ },
      {
        sql: SQLITE_REBUILD('accounts', '(code VARCHAR(12) NOT NULL, holder TEXT NOT NULL, CONSTRAINT accounts_code_pk PRIMARY KEY (code))'),
        named: /~ primary key accounts: accounts_pk \(code\) -> accounts_code_pk \(code\)/,
      },
      // SQLite's quirk: a key column without NOT NULL holds NULL in a rowid table, and is modelled so (nullable: true).
      { sql: SQLITE_REBUILD('accounts', '(code VARCHAR(12), holder TEXT NOT NULL, CONSTRAINT accounts_pk PRIMARY KEY (code))'), named: /~ column accounts\.code: not null -> null$/m },
      { sql: SQLITE_REBUILD('counters', '(id INTEGER PRIMARY KEY, label TEXT)'), named: /~ column counters\.id: bigint autoincrement \(monotonic\) -> bigint autoincrement$/m },
      { sql: SQLITE_REBUILD('readings', '(id INTEGER PRIMARY KEY, sensor TEXT NOT NULL, value REAL, raw BLOB, extra ANY)'), named: /~ table readings options: strict -> none/ },
      { sql: SQLITE_REBUILD('word_counts', '(word TEXT NOT NULL PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0)'), named: /~ table word_counts options: withoutRowid -> none/ },
      {
        sql: 'ALTER TABLE legacy_types ADD COLUMN created2 TEXT; UPDATE legacy_types SET created2 = created; ALTER TABLE legacy_types DROP COLUMN created; ALTER TABLE legacy_types RENAME COLUMN created2 TO created',
        named: /column legacy_types\.created/,
      },
      { sql: 'DROP INDEX articles_recent; CREATE INDEX articles_recent ON articles (published_at, title)', named: /\+ index articles_recent on articles \(published_at, title\)/ },
      { sql: 'DROP INDEX articles_title_nocase; CREATE INDEX articles_title_nocase ON articles (title COLLATE RTRIM)', named: /\+ index articles_title_nocase on articles \(title collate RTRIM\)/ },
      {
        sql: SQLITE_REBUILD('line_items', "(id INTEGER PRIMARY KEY, price REAL NOT NULL, quantity INTEGER NOT NULL, total REAL GENERATED ALWAYS AS (price * quantity * 2) STORED, label TEXT AS ('#' || quantity) NOT NULL)", 'id, price, quantity'),
        named: /~ column line_items\.total: generated \(price \* quantity\) stored -> generated \(price \* quantity \* 2\) stored/,
      },
      {
        sql: SQLITE_REBUILD('line_items', "(id INTEGER PRIMARY KEY, price REAL NOT NULL, quantity INTEGER NOT NULL, total REAL GENERATED ALWAYS AS (price * quantity) VIRTUAL, label TEXT AS ('#' || quantity) NOT NULL)", 'id, price, quantity'),
        named: /~ column line_items\.total: generated \(price \* quantity\) stored -> generated \(price \* quantity\) virtual/,
      },
      { sql: SQLITE_REBUILD('rooms', '(id INTEGER PRIMARY KEY, code TEXT NOT NULL COLLATE RTRIM, name TEXT COLLATE RTRIM, tag TEXT COLLATE BINARY)'), named: /~ column rooms\.code: text collate NOCASE -> text collate RTRIM/ },
      {
        sql: SQLITE_REBUILD('bookings', '(id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL REFERENCES rooms (id), other_id INTEGER, CONSTRAINT bookings_other_fk FOREIGN KEY (other_id) REFERENCES rooms (id) ON DELETE SET NULL DEFERRABLE INITIALLY IMMEDIATE)'),
        named: /~ constraint bookings_room_id_fkey on bookings: deferrable initially deferred -> not deferrable/,
      },
    ],
  },
}

function fidelitySuite(target: FidelityTarget): void {
  const expected = EXPECTED[target.dialect]
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

  it('introspect writes every attribute into the schema files, and warns about nothing else', async () => {
    // --strict: the database is kept whole, so introspect goes ahead.
    const r = await runCli(['introspect', '--strict', '-d', original.url], { cwd: project.dir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /; 0 not kept$/m)
    const warnings = r.stderr.split('\n').filter((l) => l.includes('warning'))
    assert.equal(warnings.length, expected.warnings.length, r.stderr)
    expected.warnings.forEach((w, i) => assert.match(warnings[i]!, w))
    for (const [file, patterns] of Object.entries(expected.files)) {
      const text = project.read(`schemas/${file}`)
      for (const pattern of patterns) assert.match(text, pattern, `schemas/${file}:\n${text}`)
    }
    const d = await runCli(['diff', '--db', '-d', original.url], { cwd: project.dir })
    assert.equal(d.code, 0, d.stdout + d.stderr)
  })

  it('the baseline builds, on an empty database, a catalog equal to the original', async () => {
    const copy = await target.create()
    try {
      const m = await runCli(['migrate', '-d', copy.url], { cwd: project.dir })
      assert.equal(m.code, 0, m.stderr)
      assert.deepEqual(await copy.catalog(), await original.catalog())
      const d = await runCli(['diff', '--db', '-d', copy.url], { cwd: project.dir })
      assert.equal(d.code, 0, d.stdout + d.stderr)
      // And back to nothing: every object the baseline made is dropped.
      const z = await runCli(['migrate', 'zero', '-d', copy.url], { cwd: project.dir })
      assert.equal(z.code, 0, z.stderr)
    } finally {
      await copy.drop()
    }
  })

  it('introspect --strict refuses a database holding what strata does not keep, naming each object: exit 1, nothing written', async () => {
    const db = await target.create()
    const fresh = new TempProject()
    try {
      await db.script(expected.unkept.sql)
      const before = fresh.fingerprint()
      const strict = await runCli(['introspect', '--strict', '-d', db.url], { cwd: fresh.dir })
      assert.equal(strict.code, 1, strict.stdout + strict.stderr)
      for (const name of expected.unkept.named) assert.match(strict.stderr, name)
      assert.match(strict.stderr, /nothing was written/)
      assert.deepEqual(fresh.fingerprint(), before)
      // Without --strict: adopted, each item named in a warning and in the JSON report.
      const r = await runCli(['introspect', '--json', '-d', db.url], { cwd: fresh.dir })
      assert.equal(r.code, 0, r.stderr)
      const json = JSON.parse(r.stdout) as { report: { modelled: { tables: number }; notKept: { kind: string; name: string; reason: string }[] } }
      assert.equal(json.report.modelled.tables, 2)
      const listed = json.report.notKept.map((i) => `${i.kind} ${i.name}: ${i.reason}`).join('\n')
      for (const name of expected.unkept.named) assert.match(listed, name)
    } finally {
      fresh.cleanup()
      await db.drop()
    }
  })

  for (const [i, change] of expected.hand.entries()) {
    it(`diff --db names a change made by hand: ${change.named.source}`, async () => {
      const copy = await target.create()
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
}

describe('table fidelity: introspect, rebuild, drift (SQLite)', function () {
  fidelitySuite(sqliteTarget)
})

describePostgres('table fidelity: introspect, rebuild, drift (PostgreSQL)', function () {
  fidelitySuite(postgresTarget)
})
