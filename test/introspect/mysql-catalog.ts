/**
 * MySQL / MariaDB catalogs read with information_schema, not strata's
 * introspector, for the corpus (corpus-mysql.test.ts): tables, columns,
 * indexes, constraints, foreign keys and their columns, checks, views,
 * triggers and routines of the current database, the database's own name
 * replaced by `DB` where the server prints it.
 */
import { mysqlClient, mysqlRows } from '../helpers/mysql'

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
