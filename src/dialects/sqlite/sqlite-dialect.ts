/** The SQLite dialect: compiler, capabilities and connection (better-sqlite3, loaded on connect). */
import { existsSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Dialect } from '../dialect'
import { DatabaseError } from '../../errors'
import { sqlitePath } from './sqlite-path'
import { sqliteLint } from './sqlite-lint'
import { sqliteCompiler } from './sqlite-compiler'
import { SQLITE_CONSTRAINTS, SQLITE_INDEXES } from './sqlite-ddl'
import { SQLITE_NAMES } from './sqlite-names'

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  capabilities: {
    transactionalDdl: true,
    // Enums are TEXT columns with a CHECK over their values.
    nativeEnums: false,
    // No catalog comments: they live in the snapshot only.
    comments: false,
    sqliteOptions: true,
    // A key column without NOT NULL holds NULL in an ordinary rowid table (dialect.ts).
    nullableKeyColumns: true,
    // CREATE INDEX takes COLLATE and ASC/DESC per column, nothing else
    // (https://www.sqlite.org/lang_createindex.html).
    indexes: SQLITE_INDEXES,
    names: SQLITE_NAMES,
    constraints: SQLITE_CONSTRAINTS,
  },
  lint: sqliteLint,
  compiler: sqliteCompiler,
  async connect(url, options) {
    // A database that must exist and does not (make's lint asks on every run): said without loading the
    // driver, the introspector and the rest of the connection; every other case is openSqlite's.
    if (options?.mustExist) {
      const path = sqlitePath(url)
      const folder = dirname(path)
      if (path !== ':memory:' && !existsSync(path) && existsSync(folder) && statSync(folder).isDirectory()) {
        throw new DatabaseError('E_NO_DATABASE', `SQLite database ${path} does not exist`, { path })
      }
    }
    const { openSqlite } = require('./sqlite-connection') as typeof import('./sqlite-connection')
    return openSqlite(sqliteDialect, url, options)
  },
  async scratch(options) {
    const { sqliteScratch } = require('./sqlite-scratch') as typeof import('./sqlite-scratch')
    return sqliteScratch(sqliteDialect, options)
  },
  get templates() {
    const { sqliteTemplates } = require('./sqlite-template') as typeof import('./sqlite-template')
    return sqliteTemplates(() => sqliteDialect)
  },
}
