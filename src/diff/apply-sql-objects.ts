/**
 * Raw `sql` objects (schema/sql-objects.ts) applied to the model and
 * inverted. Pure, like apply.ts, which calls these. A created object goes
 * last in the section: the section is the order the objects were created in.
 */
import type { Schema } from '../schema/model'
import { findSqlObject, sqlObjectsOf } from '../schema/sql-objects'
import type { CreateSql, DropSql, Operation } from './operations'

/** Thrown as apply.ts's ApplyError (passed in to avoid an import cycle). */
type Fail = (message: string) => never

export function applySqlObjectOperation(schema: Schema, op: CreateSql | DropSql, fail: Fail): Schema {
  if (op.op === 'createSql') {
    if (findSqlObject(schema, op.object.name)) fail(`sql object "${op.object.name}" already exists`)
    return { ...schema, sql: [...sqlObjectsOf(schema), op.object] }
  }
  if (!findSqlObject(schema, op.name)) fail(`sql object "${op.name}" does not exist`)
  const sql = sqlObjectsOf(schema).filter((o) => o.name !== op.name)
  const out: { -readonly [K in keyof Schema]: Schema[K] } = { ...schema, sql }
  if (sql.length === 0) delete out.sql
  return out
}

/** The inverse: a create's is its drop; a drop's is the create of the object as `before` has it. */
export function invertSqlObjectOperation(before: Schema, op: CreateSql | DropSql, fail: Fail): Operation {
  if (op.op === 'createSql') return { op: 'dropSql', name: op.object.name, drop: op.object.drop }
  const found = findSqlObject(before, op.name)
  if (!found) fail(`sql object "${op.name}" does not exist`)
  return { op: 'createSql', object: found! }
}
