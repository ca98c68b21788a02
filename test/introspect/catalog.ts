/**
 * Catalogs read with each database's own queries (PRAGMAs; information_schema
 * and pg_catalog), not strata's introspector, to prove that a database built
 * from strata's generated migrations equals the hand-written original.
 */
import Database from 'better-sqlite3'
import { Client } from 'pg'
import { mysqlClient, mysqlRows } from '../helpers/mysql'
import { checksOf } from '../helpers/sqlite-shape'

const HISTORY = 'strata_migrations'

/** SQLite: columns, indexes (autoindex names left out: they number constraints in declaration order), foreign keys and checks per table. */
export function sqliteCatalog(path: string): Record<string, unknown> {
  const db = new Database(path, { readonly: true })
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ? ORDER BY name").all(HISTORY) as { name: string }[]).map((r) => r.name)
    const out: Record<string, unknown> = {}
    for (const t of tables) {
      // hidden 2 and 3: VIRTUAL and STORED generated columns.
      const columns = (db.prepare('SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid').all(t) as Record<string, unknown>[]).map((c) => {
        // An INTEGER PRIMARY KEY is the rowid, which cannot be NULL whatever
        // NOT NULL says (https://www.sqlite.org/lang_createtable.html#rowid).
        const rowidAlias = c.pk === 1 && String(c.type).toUpperCase() === 'INTEGER'
        // DEFAULT NULL and no DEFAULT are one thing: a column without a default
        // takes NULL (https://www.sqlite.org/lang_createtable.html#the_default_clause).
        const dflt = typeof c.dflt_value === 'string' && /^\s*NULL\s*$/i.test(c.dflt_value) ? null : c.dflt_value
        return { ...c, notnull: rowidAlias ? 'rowid' : c.notnull, dflt_value: dflt }
      })
      const indexes = (db.prepare('SELECT name, "unique", origin, partial FROM pragma_index_list(?)').all(t) as { name: string; unique: number; origin: string; partial: number }[])
        .map((i) => ({
          name: i.origin === 'c' ? i.name : `(${i.origin})`,
          unique: i.unique,
          partial: i.partial,
          keys: (db.prepare('SELECT name, "desc", coll FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno').all(i.name) as unknown[]),
        }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      const fkRows = db.prepare('SELECT id, seq, "table", "from", "to", on_update, on_delete, "match" FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(t) as Record<string, unknown>[]
      const fks = new Map<unknown, { table: unknown; from: unknown[]; to: unknown[]; onUpdate: unknown; onDelete: unknown; match: unknown }>()
      for (const r of fkRows) {
        const fk = fks.get(r.id) ?? { table: r.table, from: [], to: [], onUpdate: r.on_update, onDelete: r.on_delete, match: r.match }
        fk.from.push(r.from)
        fk.to.push(r.to)
        fks.set(r.id, fk)
      }
      const foreignKeys = [...fks.values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      // No PRAGMA lists CHECK constraints: their text comes from the stored
      // CREATE TABLE statement (names may differ: strata names unnamed ones).
      const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) as { sql: string }).sql
      const checks = checksOf(sql).map((c) => c.expression).sort()
      const generated = generatedOf(sql)
      // AUTOINCREMENT is not in any PRAGMA either: the stored text says it
      // (and sqlite_sequence exists only because of it).
      // (Comments left out: strata's type markers may spell the word.)
      const autoincrement = /\bAUTOINCREMENT\b/i.test(sql.replace(/\/\*[\s\S]*?\*\//g, ''))
      // The primary key's constraint name, also only in the text. strata
      // names every key (`<table>_pkey` by default) where a hand-written
      // table usually names none; SQLite uses the name for nothing, so the
      // default name counts as none.
      // Quoted as SQLite accepts names: "…", […] or `…` (https://www.sqlite.org/lang_keywords.html).
      const named = /\bCONSTRAINT\s+("(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|[\w$]+)\s+PRIMARY\s+KEY\b/i.exec(sql)?.[1]
      const pkName = named === undefined ? undefined : unquoteSqlite(named)
      const primaryKeyName = pkName === undefined || pkName === `${t}_pkey` ? null : pkName
      const { wr: withoutRowid, strict } = db.prepare("SELECT wr, strict FROM pragma_table_list WHERE schema = 'main' AND name = ?").get(t) as { wr: number; strict: number }
      out[t] = { columns, indexes, foreignKeys, checks, generated, autoincrement, primaryKeyName, withoutRowid, strict, collations: collationsOf(sql), deferral: deferralOf(sql) }
    }
    return out
  } finally {
    db.close()
  }
}

/** A name as SQLite reads it: "…" and `…` with doubled quotes inside, […] as is. */
function unquoteSqlite(name: string): string {
  const q = name[0]
  if (q === '"' || q === '`') return name.slice(1, -1).split(q + q).join(q)
  if (q === '[') return name.slice(1, -1)
  return name
}

/**
 * SQLite views and triggers as sqlite_master keeps them: a view's columns
 * (pragma_table_xinfo: names and the declared types SQLite derives) and its
 * query, the text after `AS`; a trigger's table and its text. Both texts are
 * compared up to what SQLite ignores: identifier quoting ("x", [x], `x`),
 * runs of white space, a final `;`, and a trigger's FOR EACH ROW (SQLite has
 * only row triggers, https://www.sqlite.org/lang_createtrigger.html).
 */
export function sqliteObjects(path: string): Record<string, unknown> {
  const db = new Database(path, { readonly: true })
  try {
    const rows = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY type, name").all() as {
      type: string
      name: string
      tbl_name: string
      sql: string
    }[]
    const views = rows
      .filter((r) => r.type === 'view')
      .map((r) => ({
        name: r.name,
        columns: db.prepare('SELECT name, type FROM pragma_table_xinfo(?) ORDER BY cid').all(r.name),
        query: sqlText(r.sql.replace(/^\s*CREATE\s+(?:TEMP\w*\s+)?VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|[\w$]+)\s+AS\s+/i, '')),
      }))
    const triggers = rows
      .filter((r) => r.type === 'trigger')
      .map((r) => ({ name: r.name, table: r.tbl_name, text: sqlText(r.sql).replace(/ FOR EACH ROW\b/i, '') }))
    return { views, triggers }
  } finally {
    db.close()
  }
}

/** SQL text up to quoting and white space (outside string literals), without a final `;`. */
function sqlText(sql: string): string {
  const out: string[] = []
  const re = /'(?:[^']|'')*'|"(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|\s+|[^'"\[`\s]+/g
  for (const m of sql.matchAll(re)) {
    const t = m[0]
    if (/^\s/.test(t)) out.push(' ')
    else if (t[0] === "'") out.push(t)
    else if (t[0] === '"' || t[0] === '[' || t[0] === '`') out.push(unquoteSqlite(t))
    else out.push(t)
  }
  return out.join('').replace(/\s*;\s*$/, '').trim()
}

/**
 * Column collations, as the stored CREATE TABLE text declares them (no PRAGMA
 * gives a column's collation): the names, unquoted, upper-cased, in order.
 */
function collationsOf(sql: string): string[] {
  const text = sql.replace(/\/\*[\s\S]*?\*\//g, '')
  return [...text.matchAll(/\bCOLLATE\s+("(?:[^"]|"")*"|[\w$]+)/gi)].map((m) => m[1]!.replace(/^"|"$/g, '').toUpperCase())
}

/**
 * When each foreign key of the text is checked (no PRAGMA says it either):
 * `deferred` for DEFERRABLE INITIALLY DEFERRED, `immediate` for a DEFERRABLE
 * one that starts immediate (https://sqlite.org/foreignkeys.html#fk_deferred), sorted (a
 * column's REFERENCES may come back as a table constraint).
 */
function deferralOf(sql: string): string[] {
  const text = sql.replace(/\/\*[\s\S]*?\*\//g, '')
  return [...text.matchAll(/\b(NOT\s+)?DEFERRABLE(\s+INITIALLY\s+(DEFERRED|IMMEDIATE))?/gi)].map((m) =>
    m[1] ? 'not deferrable' : m[3]?.toUpperCase() === 'DEFERRED' ? 'deferred' : 'immediate',
  ).sort()
}

/**
 * The generation expressions of a CREATE TABLE statement, in column order
 * (`AS (expr)` to its balancing parenthesis, then STORED or VIRTUAL): no
 * PRAGMA gives them.
 */
function generatedOf(sql: string): string[] {
  const text = sql.replace(/\/\*[\s\S]*?\*\//g, '')
  const out: string[] = []
  const re = /\bAS\s*\(/gi
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let depth = 0
    let j = m.index + m[0].length - 1
    for (; j < text.length; j++) {
      const ch = text[j]
      if (ch === "'") j = text.indexOf("'", j + 1)
      else if (ch === '(') depth++
      else if (ch === ')' && --depth === 0) break
    }
    const kind = /^\s*(STORED|VIRTUAL)?/i.exec(text.slice(j + 1))![1]?.toUpperCase() ?? 'VIRTUAL'
    out.push(`${text.slice(m.index + m[0].length, j).trim()} ${kind}`)
  }
  return out
}

async function rows(client: Client, sql: string): Promise<unknown[]> {
  return (await client.query(sql)).rows
}

/** PostgreSQL: columns, constraints, indexes, comments, enums and sequences of the public schema. */
export async function postgresCatalog(url: string): Promise<Record<string, unknown>> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    return {
      // relpersistence: 'u' for UNLOGGED tables (and their indexes and sequences).
      relations: await rows(
        client,
        `SELECT c.relname, c.relkind, c.relpersistence FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'i', 'I', 'S') AND c.relname NOT LIKE '${HISTORY}%' ORDER BY 1`,
      ),
      columns: await rows(
        client,
        `SELECT table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale,
                is_nullable, column_default, is_identity, identity_generation, is_generated, generation_expression, collation_schema, collation_name
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '${HISTORY}'
         ORDER BY table_name, column_name`,
      ),
      constraints: await rows(
        client,
        `SELECT c.relname AS table_name, con.conname, con.contype, pg_get_constraintdef(con.oid) AS definition
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relname <> '${HISTORY}' ORDER BY 1, 2`,
      ),
      indexes: await rows(client, `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '${HISTORY}' ORDER BY 1, 2`),
      comments: await rows(
        client,
        `SELECT c.relname, a.attname, d.description
         FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1, 2`,
      ),
      // Constraint state beyond pg_get_constraintdef's text, and constraint comments.
      constraintState: await rows(
        client,
        `SELECT c.relname AS table_name, con.conname, con.condeferrable, con.condeferred, con.convalidated, con.confmatchtype,
                CASE WHEN con.contype = 'c' THEN con.connoinherit END AS connoinherit, obj_description(con.oid, 'pg_constraint') AS comment
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relname <> '${HISTORY}' ORDER BY 1, 2`,
      ),
      enums: await rows(
        client,
        `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY 1`,
      ),
      // Declarative partitioning: each partitioned table's key, each partition's parent and bound.
      partitioning: await rows(
        client,
        `SELECT c.relname, pg_get_partkeydef(c.oid) AS key, p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_inherits i ON i.inhrelid = c.oid LEFT JOIN pg_class p ON p.oid = i.inhparent
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND (c.relkind = 'p' OR c.relispartition) ORDER BY 1`,
      ),
      // Indexes of partitions attached to their parent's index (pg_inherits of indexes).
      attachedIndexes: await rows(
        client,
        `SELECT ic.relname AS index, pc.relname AS parent_index FROM pg_inherits i
         JOIN pg_class ic ON ic.oid = i.inhrelid JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace n ON n.oid = ic.relnamespace
         WHERE n.nspname = 'public' AND ic.relkind IN ('i', 'I') ORDER BY 1`,
      ),
      sequences: await rows(client, `SELECT sequencename, data_type, start_value, increment_by FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`),
    }
  } finally {
    await client.end()
  }
}

/**
 * PostgreSQL objects beyond tables, of the public schema, as the catalogs
 * print them: views and materialized views (pg_get_viewdef, options,
 * populated or not), functions, procedures and aggregates (pg_proc, and
 * every column of pg_aggregate), triggers
 * (pg_get_triggerdef), domains and their checks, composite and range types,
 * and sequences with their owning column.
 */
export async function postgresObjects(url: string): Promise<Record<string, unknown>> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    const q = async (sql: string) => (await client.query(sql)).rows
    return {
      views: await q(`SELECT c.relname, c.relkind, pg_get_viewdef(c.oid) AS definition, c.reloptions, c.relispopulated
                      FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm') ORDER BY 1`),
      functions: await q(
        `SELECT p.proname, p.prokind, pg_get_function_arguments(p.oid) AS args, pg_get_function_result(p.oid) AS result, l.lanname,
                p.prosrc, p.provolatile, p.proisstrict, p.prosecdef, p.proparallel, p.procost::float8 AS cost, p.prorows::float8 AS rows, p.proconfig
         FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1, 3, 4`,
      ),
      // Every column of pg_aggregate, the functions and types by name.
      aggregates: await q(
        `SELECT p.proname, pg_get_function_arguments(p.oid) AS args, p.proparallel, obj_description(p.oid, 'pg_proc') AS comment,
                g.aggkind, g.aggnumdirectargs, g.aggtransfn::regprocedure::text AS sfunc, g.aggfinalfn::regprocedure::text AS finalfunc,
                g.aggcombinefn::regprocedure::text AS combinefunc, g.aggserialfn::regprocedure::text AS serialfunc, g.aggdeserialfn::regprocedure::text AS deserialfunc,
                g.aggmtransfn::regprocedure::text AS msfunc, g.aggminvtransfn::regprocedure::text AS minvfunc, g.aggmfinalfn::regprocedure::text AS mfinalfunc,
                g.aggfinalextra, g.aggmfinalextra, g.aggfinalmodify, g.aggmfinalmodify, g.aggsortop::regoperator::text AS sortop,
                format_type(g.aggtranstype, NULL) AS stype, g.aggtransspace, format_type(NULLIF(g.aggmtranstype, 0), NULL) AS mstype, g.aggmtransspace,
                g.agginitval, g.aggminitval
         FROM pg_aggregate g JOIN pg_proc p ON p.oid = g.aggfnoid WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1, 2`,
      ),
      triggers: await q(
        `SELECT t.tgname, c.relname, pg_get_triggerdef(t.oid) AS definition, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace ORDER BY 2, 1`,
      ),
      domains: await q(
        `SELECT t.typname, format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull, pg_get_expr(t.typdefaultbin, 0) AS "default", t.typcollation
         FROM pg_type t WHERE t.typtype = 'd' AND t.typnamespace = 'public'::regnamespace ORDER BY 1`,
      ),
      domainChecks: await q(
        `SELECT t.typname, c.conname, pg_get_constraintdef(c.oid) AS def, c.convalidated FROM pg_constraint c JOIN pg_type t ON t.oid = c.contypid
         WHERE t.typnamespace = 'public'::regnamespace ORDER BY 1, 2`,
      ),
      composites: await q(
        `SELECT t.typname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 WHERE t.typtype = 'c' AND c.relkind = 'c' AND t.typnamespace = 'public'::regnamespace ORDER BY 1, 2`,
      ),
      sequenceOptions: await q(
        `SELECT s.relname, format_type(q.seqtypid, NULL) AS type, q.seqstart::text, q.seqincrement::text, q.seqmin::text, q.seqmax::text, q.seqcache::text, q.seqcycle,
                (SELECT t.relname || '.' || a.attname FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
                 WHERE d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i')) AS owner
         FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid WHERE s.relnamespace = 'public'::regnamespace ORDER BY 1`,
      ),
      // Partitioned tables (relkind 'p') and partitions: their bounds.
      partitions: await q(
        `SELECT c.relname, c.relkind, c.relispartition, pg_get_partkeydef(c.oid) AS key, pg_get_expr(c.relpartbound, c.oid) AS bound
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND (c.relkind IN ('p', 'I') OR c.relispartition) ORDER BY 1`,
      ),
    }
  } finally {
    await client.end()
  }
}

/**
 * MySQL / MariaDB: information_schema's TABLES, COLUMNS, STATISTICS,
 * TABLE_CONSTRAINTS, REFERENTIAL_CONSTRAINTS, KEY_COLUMN_USAGE,
 * CHECK_CONSTRAINTS, VIEWS, TRIGGERS and ROUTINES of the database's user
 * tables, the database's own name replaced by `DB` where the server prints
 * it, in a stable order.
 */
export async function mysqlCatalog(database: string): Promise<Record<string, unknown[]>> {
  const user = "TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'strata_migrations'"
  const queries: Record<string, string> = {
    tables: `SELECT TABLE_NAME, TABLE_TYPE, ENGINE, ROW_FORMAT, TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT
             FROM information_schema.TABLES WHERE ${user} ORDER BY TABLE_NAME`,
    columns: `SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE, CHARACTER_SET_NAME,
                     COLLATION_NAME, COLUMN_KEY, EXTRA, GENERATION_EXPRESSION, COLUMN_COMMENT
              FROM information_schema.COLUMNS WHERE ${user} ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    statistics: `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, COLLATION, SUB_PART, NULLABLE, INDEX_TYPE, INDEX_COMMENT
                 FROM information_schema.STATISTICS WHERE ${user} ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    constraints: `SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS
                  WHERE ${user} ORDER BY TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE`,
    referential: `SELECT TABLE_NAME, CONSTRAINT_NAME, UNIQUE_CONSTRAINT_NAME, MATCH_OPTION, UPDATE_RULE, DELETE_RULE, REFERENCED_TABLE_NAME
                  FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
    keyColumns: `SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, POSITION_IN_UNIQUE_CONSTRAINT, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
                 FROM information_schema.KEY_COLUMN_USAGE WHERE ${user} ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
    // MariaDB's CHECK_CONSTRAINTS has TABLE_NAME and LEVEL (MySQL 8's has neither).
    checks: `SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL FROM information_schema.CHECK_CONSTRAINTS
             WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
    // The definition names the database: it is replaced by DB below.
    views: `SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, IS_UPDATABLE, SECURITY_TYPE, ALGORITHM
            FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
    triggers: `SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_ORDER, ACTION_STATEMENT, ACTION_ORIENTATION, ACTION_TIMING
               FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY TRIGGER_NAME`,
    routines: `SELECT ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_DEFINITION, IS_DETERMINISTIC, SQL_DATA_ACCESS, SECURITY_TYPE, ROUTINE_COMMENT
               FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_NAME`,
  }
  const client = await mysqlClient(database)
  try {
    const out: Record<string, unknown[]> = {}
    for (const [name, sql] of Object.entries(queries)) {
      out[name] = (await mysqlRows(client, sql)).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? v.split(`\`${database}\``).join('`DB`') : v])),
      )
    }
    return out
  } finally {
    await client.end()
  }
}
