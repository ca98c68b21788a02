/**
 * createSchema / dropSchema on PostgreSQL. CREATE SCHEMA without IF NOT
 * EXISTS: strata creates the schemas its names are in, and a schema that
 * exists already is not strata's to drop later. DROP SCHEMA without
 * CASCADE (RESTRICT, the default): PostgreSQL refuses while the schema
 * still holds anything ("cannot drop schema … because other objects depend
 * on it", naming them), so nothing strata does not know of goes with it.
 * https://www.postgresql.org/docs/current/sql-createschema.html
 * https://www.postgresql.org/docs/current/sql-dropschema.html
 */
import type { CreateSchema, DropSchema } from '../../diff/operations'
import type { Statement } from '../dialect'
import { quoteIdentifier as q } from './postgres-types'

export function compileSchemaPostgres(op: CreateSchema | DropSchema): Statement[] {
  return [{ sql: op.op === 'createSchema' ? `CREATE SCHEMA ${q(op.name)}` : `DROP SCHEMA ${q(op.name)}` }]
}
