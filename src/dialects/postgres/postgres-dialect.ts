/**
 * The PostgreSQL dialect. pg is loaded only when a connection is opened
 * (see postgres-connection.ts), so `strata sql --dialect postgres` works
 * without touching the driver.
 */
import type { Dialect } from '../dialect'
import { postgresLint } from './postgres-lint'
import { postgresCompiler } from './postgres-compiler'
import { postgresLocks } from './postgres-locks'
import { POSTGRES_NAMES } from './postgres-names'

export const postgresDialect: Dialect = {
  name: 'postgres',
  capabilities: { transactionalDdl: true, nativeEnums: true, comments: true, sqliteOptions: false, virtualGeneratedColumns: false, functions: true, triggerFunctions: true, triggerNamesPerTable: true, rowLevelSecurity: true, grants: true, sequences: true, extensions: true, domains: true, customTypes: true, unloggedTables: true, tablesWithoutColumns: true, partitions: true, schemas: true, arrays: true, names: POSTGRES_NAMES },
  lint: postgresLint,
  compiler: postgresCompiler,
  locks: postgresLocks,
  async connect(url, options) {
    const { connectPostgres } = require('./postgres-connection') as typeof import('./postgres-connection')
    return connectPostgres(postgresDialect, url, options)
  },
  async scratch(options) {
    const { postgresScratch } = require('./postgres-scratch') as typeof import('./postgres-scratch')
    return postgresScratch(postgresDialect, options)
  },
}
