/**
 * The MySQL / MariaDB dialect. mysql2 is loaded only when a connection is
 * opened (see mysql-connection.ts), so `strata sql --dialect mysql` works
 * without touching the driver. Tested on MariaDB 10.11; where MySQL 8
 * differs, MYSQL_SERVERS (mysql-servers.ts) records both, the capabilities
 * below are what both have, and the comments (and docs/DECISIONS.md) say so.
 */
import type { Dialect } from '../dialect'
import { mysqlCompiler } from './mysql-compiler'
import { MYSQL_CONSTRAINTS, MYSQL_INDEXES } from './mysql-ddl'
import { mysqlLint } from './mysql-lint'

export const mysqlDialect: Dialect = {
  name: 'mysql',
  capabilities: {
    // Every DDL statement commits implicitly, before and after.
    // https://dev.mysql.com/doc/refman/8.0/en/implicit-commit.html
    transactionalDdl: false,
    // Enums are ENUM(...) column types, not named database types.
    nativeEnums: false,
    comments: true,
    // No partial indexes on MySQL or MariaDB; MariaDB has no expression
    // (functional) indexes, MySQL 8.0.13+ has them: the dialect takes the
    // smaller of the two. https://mariadb.com/kb/en/create-index/
    partialIndexes: false,
    expressionIndexes: false,
    // ON UPDATE CURRENT_TIMESTAMP on TIMESTAMP and DATETIME columns.
    // https://mariadb.com/kb/en/timestamp/#automatic-values
    onUpdateNow: true,
    // MySQL 8 refuses an AUTO_INCREMENT column as the base of any generated
    // column, MariaDB 10.11 of a STORED one (error 1901): both flavours'.
    // https://dev.mysql.com/doc/refman/8.0/en/create-table-generated-columns.html
    autoincrementInGenerated: false,
    indexes: MYSQL_INDEXES,
    // Column and index names are not case-sensitive on any platform; table
    // names depend on lower_case_table_names and the file system.
    // https://dev.mysql.com/doc/refman/8.0/en/identifier-case-sensitivity.html
    names: { caseInsensitive: { columns: true } },
    constraints: MYSQL_CONSTRAINTS,
    // An index name is unique within its table (the primary key is always PRIMARY).
    // https://dev.mysql.com/doc/refman/8.0/en/create-index.html
    indexNamespace: 'table',
    // Stored functions and procedures (mysql-routines.ts); a trigger calls a
    // procedure from its body (CALL), it does not execute a function.
    functions: true,
  },
  lint: mysqlLint,
  compiler: mysqlCompiler,
  async connect(url, options) {
    const { connectMysql } = require('./mysql-connection') as typeof import('./mysql-connection')
    return connectMysql(mysqlDialect, url, options)
  },
  async scratch(options) {
    const { mysqlScratch } = require('./mysql-scratch') as typeof import('./mysql-scratch')
    return mysqlScratch(mysqlDialect, options)
  },
}
