/**
 * createSchema / dropSchema on PostgreSQL. CREATE SCHEMA without IF NOT
 * EXISTS: strata creates the schemas its names are in, and a schema that
 * exists already is not strata's to drop later. DROP SCHEMA without
 * CASCADE (RESTRICT, the default): PostgreSQL refuses while the schema
 * still holds anything ("cannot drop schema … because other objects depend
 * on it", naming them), so nothing strata does not know of goes with it.
 * https://www.postgresql.org/docs/current/sql-createschema.html
 * https://www.postgresql.org/docs/current/sql-dropschema.html
 *
 * `public` is the exception (a project whose default schema is another,
 * `?schema=app`, naming `public.users`): every database made from template1
 * has it, strata never made it, so it is created only if missing and never
 * dropped. https://www.postgresql.org/docs/current/ddl-schemas.html#DDL-SCHEMAS-PUBLIC
 */
import type { CreateSchema, DropSchema } from '../../diff/operations'
import type { Statement } from '../dialect'
import { quoteIdentifier as q } from './postgres-types'

const PUBLIC = 'public'

export function compileSchemaPostgres(op: CreateSchema | DropSchema): Statement[] {
  if (op.op === 'createSchema') return [{ sql: op.name === PUBLIC ? `CREATE SCHEMA IF NOT EXISTS ${q(op.name)}` : `CREATE SCHEMA ${q(op.name)}` }]
  return op.name === PUBLIC ? [] : [{ sql: `DROP SCHEMA ${q(op.name)}` }]
}
