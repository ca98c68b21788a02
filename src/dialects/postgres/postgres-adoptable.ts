/**
 * What `introspect` keeps of a PostgreSQL database as raw `sql` entries
 * (Connection.adoptableSql): the objects the model does not hold whose
 * definition the catalog prints exactly. Each kind has its reader; the
 * unkept report (postgres-unkept-objects.ts) leaves out what they offer
 * and keeps naming the rest.
 */
import type { AdoptedSqlObject, Row } from '../dialect'
import { readPostgresAggregates } from './postgres-aggregates-read'
import { readPostgresCasts } from './postgres-casts-read'
import { readPostgresCollations } from './postgres-collations-read'
import { readPostgresEventTriggers } from './postgres-event-triggers-read'
import { readPostgresOperators } from './postgres-operators-read'
import { readPostgresPublications } from './postgres-publications-read'
import { readPostgresRules } from './postgres-rules-read'
import { readPostgresStatistics } from './postgres-statistics-read'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

/**
 * `exclude`: strata's own tables, whose objects are not offered. By kind,
 * then name; each entry's name unique in the `sql` section (an aggregate and
 * a statistics object may share one: the second gets its kind appended).
 */
export async function adoptablePostgresSql(
  query: QueryFn,
  definitions: (keys: readonly string[]) => Promise<ReadonlyMap<string, string>>,
  exclude: readonly string[],
): Promise<AdoptedSqlObject[]> {
  const all = [
    ...(await readPostgresCollations(query, definitions)),
    ...(await readPostgresAggregates(query, definitions)),
    ...(await readPostgresOperators(query, definitions)),
    ...(await readPostgresCasts(query, definitions)),
    ...(await readPostgresRules(query, definitions, exclude)),
    ...(await readPostgresStatistics(query, definitions, exclude)),
    ...(await readPostgresEventTriggers(query, definitions)),
    ...(await readPostgresPublications(query, definitions, exclude)),
  ]
  const taken = new Set<string>()
  return all.map((adopted) => {
    let name = adopted.object.name
    if (taken.has(name)) name = `${name}_${adopted.kind.replace(/ /g, '_')}`
    for (let n = 2; taken.has(name); n++) name = `${adopted.object.name}_${n}`
    taken.add(name)
    return name === adopted.object.name ? adopted : { ...adopted, object: { ...adopted.object, name } }
  })
}
