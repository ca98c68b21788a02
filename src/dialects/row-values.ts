/**
 * Values of data operations (insert, update) as every driver binds them.
 */
import type { JsonValue } from '../diff/operations'

/**
 * A YAML map or list in a data operation is a JSON document (for a json
 * column): it is bound as its JSON text, which PostgreSQL's json/jsonb,
 * MySQL's JSON and SQLite's TEXT all take. node-postgres would otherwise
 * turn a JavaScript array into a PostgreSQL array literal
 * (https://node-postgres.com/features/queries#parameterized-query).
 * Scalars are bound as they are.
 */
export function bindRowValue(value: JsonValue | undefined): unknown {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value
}
