/**
 * What a MySQL / MariaDB database holds that the introspector does not read
 * into the model: each item named with the reason, so that `strata
 * introspect` says what adoption loses instead of dropping it silently
 * (`--strict` refuses then). Only the connection's database, as the
 * introspector reads it. The columns queried exist on MariaDB 10.5+ and
 * MySQL 8 alike.
 * https://mariadb.com/kb/en/information-schema-tables/
 */
import type { Row, UnkeptItem } from '../dialect'
import type { Schema } from '../../schema/model'
import type { QueryFn } from './mysql-introspector'


interface Finding {
  /** The report's object kind, or the row's. */
  readonly kind: string | ((row: Row) => string)
  readonly sql: string
  readonly reason: (row: Row) => string
  /** Rows that are kept after all; `json`: the live schema's json columns (`table.column`). */
  readonly skip?: (row: Row, json: ReadonlySet<string>) => boolean
}

/** CREATE_OPTIONS without what the model keeps (row_format). */
const otherOptions = (row: Row) => String(row.options ?? '').replace(/\brow_format=\w+/i, '').trim()

const FINDINGS: readonly Finding[] = [
  {
    kind: 'trigger',
    sql: `SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS owner, ACTION_ORDER AS position FROM information_schema.TRIGGERS
          WHERE TRIGGER_SCHEMA = DATABASE() AND ACTION_ORDER > 1`,
    reason: (r) => `fires as number ${String(r.position)} of the triggers on ${String(r.owner)} for its event (FOLLOWS / PRECEDES order is not modelled)`,
  },
  // Routines are modelled (mysql-routines-read.ts), but not their DEFINER:
  // strata creates them as the connecting user, so a routine defined by
  // someone else (which runs with that user's rights under SQL SECURITY
  // DEFINER) would come back defined by whoever migrates.
  {
    kind: (r) => String(r.type).toLowerCase(),
    sql: `SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type, DEFINER AS definer, CURRENT_USER() AS user FROM information_schema.ROUTINES
          WHERE ROUTINE_SCHEMA = DATABASE() AND DEFINER <> CURRENT_USER()`,
    reason: (r) => `DEFINER ${String(r.definer)} (not modelled: strata creates routines as the connecting user, ${String(r.user)})`,
  },
  {
    // A routine runs with the sql_mode it was created under; strata creates
    // routines under its own session's (mysql-connection.ts), without these
    // modes, which change how the body's text reads.
    // https://mariadb.com/kb/en/sql-mode/
    kind: (r) => String(r.type).toLowerCase(),
    sql: `SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type, SQL_MODE AS mode FROM information_schema.ROUTINES
          WHERE ROUTINE_SCHEMA = DATABASE() AND (FIND_IN_SET('ANSI_QUOTES', SQL_MODE) OR FIND_IN_SET('NO_BACKSLASH_ESCAPES', SQL_MODE)
            OR FIND_IN_SET('PIPES_AS_CONCAT', SQL_MODE) OR FIND_IN_SET('ORACLE', SQL_MODE))`,
    reason: (r) =>
      `created under sql_mode ${String(r.mode)} (not modelled: strata creates routines without ANSI_QUOTES, NO_BACKSLASH_ESCAPES, PIPES_AS_CONCAT and ORACLE, which change how the body reads)`,
  },
  {
    // The model holds one routine per name (mysql-routines-read.ts keeps the function).
    kind: 'procedure',
    sql: `SELECT p.ROUTINE_NAME AS name FROM information_schema.ROUTINES p JOIN information_schema.ROUTINES f
          ON f.ROUTINE_SCHEMA = p.ROUTINE_SCHEMA AND f.ROUTINE_NAME = p.ROUTINE_NAME AND f.ROUTINE_TYPE = 'FUNCTION'
          WHERE p.ROUTINE_SCHEMA = DATABASE() AND p.ROUTINE_TYPE = 'PROCEDURE'`,
    reason: () => 'a function has the same name (strata keeps one routine per name: the function)',
  },
  {
    kind: 'event',
    sql: "SELECT EVENT_NAME AS name FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()",
    reason: () => 'a scheduled event (not modelled; keep it in a sql operation)',
  },
  {
    kind: 'table',
    sql: `SELECT TABLE_NAME AS name, CREATE_OPTIONS AS options FROM information_schema.TABLES
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND CREATE_OPTIONS <> ''`,
    reason: (r) => `table options ${otherOptions(r)} (not modelled: only ENGINE, CHARSET, COLLATE and ROW_FORMAT are kept)`,
    skip: (r) => otherOptions(r) === '',
  },
  // A column's own collation is modelled (`collation:`, read by the introspector), and
  // its charset with it (a collation belongs to one charset): not named here;
  // nor ON UPDATE CURRENT_TIMESTAMP (`onUpdate: now`).
  {
    kind: 'column',
    sql: `SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) AS name, EXTRA AS extra FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND EXTRA LIKE '%INVISIBLE%'`,
    reason: (r) => `${String(r.extra)} (not modelled)`,
  },
  {
    kind: 'index',
    sql: `SELECT DISTINCT CONCAT(TABLE_NAME, '.', INDEX_NAME) AS name FROM information_schema.STATISTICS
          WHERE TABLE_SCHEMA = DATABASE() AND COLLATION = 'D'`,
    reason: () => 'DESC key parts (not modelled on MySQL: they become ASC)',
  },
  {
    kind: 'index',
    // The engine's own kind is kept: MEMORY tables index by HASH, the others by BTREE.
    sql: `SELECT DISTINCT CONCAT(s.TABLE_NAME, '.', s.INDEX_NAME) AS name, s.INDEX_TYPE AS type
          FROM information_schema.STATISTICS s JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = s.TABLE_SCHEMA AND t.TABLE_NAME = s.TABLE_NAME
          WHERE s.TABLE_SCHEMA = DATABASE() AND s.INDEX_TYPE NOT IN ('FULLTEXT', 'SPATIAL')
            AND s.INDEX_TYPE <> CASE WHEN t.ENGINE IN ('MEMORY', 'HEAP') THEN 'HASH' ELSE 'BTREE' END`,
    reason: (r) => `USING ${String(r.type)} (not modelled: it becomes the engine's default)`,
  },
]

/** Everything of the current database that introspection does not keep. `exclude`: tables strata owns. */
export async function unkeptMysql(query: QueryFn, live: Schema, exclude: readonly string[] = []): Promise<UnkeptItem[]> {
  const skip = new Set(exclude)
  const out: UnkeptItem[] = []
  const json = new Set(live.tables.flatMap((t) => t.columns.filter((c) => c.type === 'json').map((c) => `${t.name}.${c.name}`)))
  for (const finding of FINDINGS) {
    for (const row of await query(finding.sql)) {
      const name = String(row.name)
      if (skip.has(name.split('.')[0]!) || finding.skip?.(row, json)) continue
      out.push({ kind: typeof finding.kind === 'string' ? finding.kind : finding.kind(row), name, reason: finding.reason(row) })
    }
  }
  return out.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name))
}
