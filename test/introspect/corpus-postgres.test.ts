/**
 * The corpus on PostgreSQL (test/fixtures/corpus/*.postgres.sql, sources and
 * licences in its README): Chinook (11 tables, foreign keys added by ALTER
 * TABLE, an index per key), Northwind (14 tables, bpchar keys, real, bytea,
 * keys and foreign keys named by hand, a self-reference) and Pagila (a
 * pg_dump: an enum, two domains (one named with dotless ı), nine functions (one the body of a trigger)
 * in SQL and PL/pgSQL with OUT arguments, SETOF a table and SECURITY
 * DEFINER, an aggregate, 7 views and a materialized view WITH NO DATA with
 * a unique index, 15 triggers, 13 standalone sequences used by nextval
 * defaults, text[] and tsvector columns with a gist index, and a table
 * partitioned by range into 7 partitions). Each is adopted by `strata
 * introspect`, checked by `make --check` and `diff --db`, and rebuilt by its
 * baseline in an empty database; the catalogs (pg_catalog and
 * information_schema, catalog.ts) must be equal, except for what introspect
 * names as not kept.
 */
import { postgresCatalog, postgresObjects } from './catalog'
import { type CorpusDatabase, type CorpusSample, describeSample } from './corpus'
import { describePostgres } from '../helpers/postgres'
import { postgresTarget } from './targets'

async function postgresDatabase(): Promise<CorpusDatabase> {
  const db = await postgresTarget.create()
  return {
    url: db.url,
    exec: (sql) => db.exec(sql),
    catalog: async () => ({ ...(await postgresCatalog(db.url)), ...(await postgresObjects(db.url)) }),
    drop: () => db.drop(),
  }
}

type Row = Record<string, unknown>

const MONTHS = ['01', '02', '03', '04', '05', '06', '07']
// Pagila's tables with a trigger last_updated: actor's is kept (the first by name).
const TOUCHED = ['address', 'category', 'city', 'country', 'customer', 'film', 'film_actor', 'film_category', 'inventory', 'language', 'rental', 'staff', 'store']
const LOST_VIEWS = ['actor_info', 'film_list', 'nicer_but_slower_film_list']

const SAMPLES: readonly CorpusSample[] = [
  {
    fixture: 'chinook.postgres.sql',
    report: [/^ {2}table +11 modelled$/m, /^ {2}column +64 modelled$/m, /^ {2}index +11 modelled$/m, /^ {2}constraint +22 modelled$/m],
    notKept: [],
  },
  {
    fixture: 'northwind.postgres.sql',
    report: [/^ {2}table +14 modelled$/m, /^ {2}column +92 modelled, 7 of them kept as native types or raw SQL$/m, /^ {2}constraint +27 modelled$/m],
    notKept: [],
  },
  {
    fixture: 'pagila.postgres.sql',
    report: [
      /^ {2}table +15 modelled, 15 not kept$/m,
      /^ {2}view +4 modelled, 3 not kept$/m,
      /^ {2}trigger +1 modelled, 14 not kept$/m,
      /^ {2}function +8 modelled$/m,
      /^ {2}domain +2 modelled$/m,
      /^ {2}sequence +13 modelled$/m,
    ],
    notKept: [
      // Declarative partitioning: the partitioned table becomes an ordinary table, its partitions are left out.
      'table payment: PARTITION BY RANGE (payment_date) (declarative partitioning is not modelled: it becomes an ordinary table)',
      ...MONTHS.flatMap((m) => [
        `table payment_p2022_${m}: a partition of payment (declarative partitioning is not modelled)`,
        `table payment_p2022_${m}_pkey: a partition of payment_pkey (declarative partitioning is not modelled)`,
      ]),
      'aggregate group_concat(text): an aggregate or window function (not modelled)',
      ...LOST_VIEWS.map((v) => `view ${v}: uses group_concat(text), which is not kept (not modelled: the rebuilt database does not have this view)`),
      'materialized view rental_by_category: WITH NO DATA (not modelled)',
      'trigger film_fulltext_trigger: arguments to its function on film (not modelled: the rebuilt table does not have this trigger)',
      ...TOUCHED.map((t) => `trigger last_updated: a second trigger of this name, on ${t} (not kept: trigger names are unique in the schema files; the one on actor is kept)`),
    ],
    rebuilt(catalog) {
      const partition = (name: unknown) => /payment_p2022_\d\d/.test(String(name))
      const rows = (key: string) => catalog[key] as Row[]
      const keep = (key: string, test: (r: Row) => boolean) => (catalog[key] = rows(key).filter(test))
      // The partitions and what is theirs are left out; payment is an ordinary table, its key an ordinary index.
      keep('relations', (r) => !partition(r.relname))
      for (const r of rows('relations')) if (r.relname === 'payment') r.relkind = 'r'
      for (const r of rows('relations')) if (r.relname === 'payment_pkey') r.relkind = 'i'
      keep('columns', (r) => !partition(r.table_name) && !LOST_VIEWS.includes(String(r.table_name)))
      keep('constraints', (r) => !partition(r.table_name))
      keep('constraintState', (r) => !partition(r.table_name))
      keep('indexes', (r) => !partition(r.tablename))
      for (const r of rows('indexes')) r.indexdef = String(r.indexdef).replace(' ON ONLY ', ' ON ')
      keep('partitions', () => false)
      // The aggregate, the views over it; the materialized view is built with its data.
      keep('functions', (r) => r.proname !== 'group_concat')
      keep('views', (r) => !LOST_VIEWS.includes(String(r.relname)))
      for (const r of rows('views')) if (r.relname === 'rental_by_category') r.relispopulated = true
      // One trigger last_updated (actor's), none with arguments.
      keep('triggers', (r) => (r.tgname !== 'last_updated' || r.relname === 'actor') && r.tgname !== 'film_fulltext_trigger')
      return catalog
    },
  },
]

describePostgres('corpus: public sample databases adopted and rebuilt (PostgreSQL)', function () {
  for (const sample of SAMPLES) describeSample(sample, postgresDatabase)
})
