/**
 * What `introspect` keeps of a PostgreSQL database as raw `sql` entries
 * (Connection.adoptableSql): the objects the model does not hold whose
 * definition the catalog prints exactly. Each kind has its reader; the
 * unkept report (postgres-unkept-objects.ts) leaves out what they offer
 * and keeps naming the rest.
 */
import type { AdoptedSqlObject, Row } from '../dialect'
import { readPostgresAggregates } from './postgres-aggregates-read'
import { readPostgresEventTriggers } from './postgres-event-triggers-read'
import { readPostgresRules } from './postgres-rules-read'
import { readPostgresStatistics } from './postgres-statistics-read'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

/** `exclude`: strata's own tables, whose objects are not offered. Sorted by kind, then name. */
export async function adoptablePostgresSql(
  query: QueryFn,
  definitions: (keys: readonly string[]) => Promise<ReadonlyMap<string, string>>,
  exclude: readonly string[],
): Promise<AdoptedSqlObject[]> {
  return [
    ...(await readPostgresAggregates(query, definitions)),
    ...(await readPostgresRules(query, definitions, exclude)),
    ...(await readPostgresStatistics(query, definitions, exclude)),
    ...(await readPostgresEventTriggers(query, definitions)),
  ]
}
