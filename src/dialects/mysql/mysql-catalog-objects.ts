/**
 * MySQL's and MariaDB's catalog as keys and definitions, for what a raw
 * `sql` object made (migrations/sql-object-records.ts): the tables, views,
 * routines, triggers, events and indexes of the connection's database, from
 * information_schema (https://dev.mysql.com/doc/refman/8.0/en/information-schema.html),
 * keyed `kind name` (`index table.name` for an index). A definition is the
 * catalog's text: a view's VIEW_DEFINITION and check option, a routine's
 * parameters, result, body and characteristics, a trigger's timing, event,
 * table and statement, an event's schedule and body, an index's columns,
 * a table's columns.
 */
import type { Row } from '../dialect'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const OBJECTS = `
SELECT CONCAT(CASE WHEN t.TABLE_TYPE = 'VIEW' THEN 'view ' ELSE 'table ' END, t.TABLE_NAME) AS \`key\`,
  CASE WHEN t.TABLE_TYPE = 'VIEW'
    THEN (SELECT CONCAT(v.VIEW_DEFINITION, ' check ', v.CHECK_OPTION, ' ', v.SECURITY_TYPE) FROM information_schema.VIEWS v
          WHERE v.TABLE_SCHEMA = t.TABLE_SCHEMA AND v.TABLE_NAME = t.TABLE_NAME)
    ELSE (SELECT GROUP_CONCAT(CONCAT_WS(' ', c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, COALESCE(c.COLUMN_DEFAULT, 'NULL'), c.EXTRA) ORDER BY c.ORDINAL_POSITION SEPARATOR '\\n')
          FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME) END AS definition
FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = DATABASE()
UNION ALL
SELECT CONCAT(LOWER(r.ROUTINE_TYPE), ' ', r.ROUTINE_NAME),
  CONCAT_WS(' ', (SELECT GROUP_CONCAT(CONCAT_WS(' ', p.PARAMETER_MODE, p.PARAMETER_NAME, p.DTD_IDENTIFIER) ORDER BY p.ORDINAL_POSITION SEPARATOR ', ')
    FROM information_schema.PARAMETERS p WHERE p.SPECIFIC_SCHEMA = r.ROUTINE_SCHEMA AND p.SPECIFIC_NAME = r.SPECIFIC_NAME AND p.ORDINAL_POSITION > 0),
    'returns', COALESCE(r.DTD_IDENTIFIER, '-'), r.IS_DETERMINISTIC, r.SQL_DATA_ACCESS, r.SECURITY_TYPE, r.ROUTINE_DEFINITION)
FROM information_schema.ROUTINES r WHERE r.ROUTINE_SCHEMA = DATABASE()
UNION ALL
SELECT CONCAT('trigger ', g.TRIGGER_NAME),
  CONCAT_WS(' ', g.ACTION_TIMING, g.EVENT_MANIPULATION, g.EVENT_OBJECT_TABLE, g.ACTION_ORIENTATION, g.ACTION_STATEMENT)
FROM information_schema.TRIGGERS g WHERE g.TRIGGER_SCHEMA = DATABASE()
UNION ALL
SELECT CONCAT('event ', e.EVENT_NAME),
  CONCAT_WS(' ', e.EVENT_TYPE, COALESCE(e.EXECUTE_AT, ''), COALESCE(e.INTERVAL_VALUE, ''), COALESCE(e.INTERVAL_FIELD, ''), e.ON_COMPLETION, e.EVENT_DEFINITION)
FROM information_schema.EVENTS e WHERE e.EVENT_SCHEMA = DATABASE()
UNION ALL
SELECT CONCAT('index ', s.TABLE_NAME, '.', s.INDEX_NAME),
  CONCAT_WS(' ', MIN(s.NON_UNIQUE), MIN(s.INDEX_TYPE), GROUP_CONCAT(CONCAT_WS(' ', COALESCE(s.COLUMN_NAME, '(expression)'), s.SUB_PART, s.COLLATION) ORDER BY s.SEQ_IN_INDEX SEPARATOR ', '))
FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = DATABASE() GROUP BY s.TABLE_NAME, s.INDEX_NAME`

async function all(query: QueryFn): Promise<Map<string, string>> {
  const rows = await query(OBJECTS)
  return new Map(rows.map((r) => [String(r.key), String(r.definition ?? '')]))
}

export async function mysqlCatalogKeys(query: QueryFn): Promise<string[]> {
  return [...(await all(query)).keys()]
}

export async function mysqlCatalogDefinitions(query: QueryFn, keys: readonly string[]): Promise<Map<string, string>> {
  const wanted = new Set(keys)
  return new Map([...(await all(query))].filter(([k]) => wanted.has(k)))
}
