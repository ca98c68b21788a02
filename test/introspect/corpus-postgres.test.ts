/**
 * The corpus on PostgreSQL (test/fixtures/corpus/*.postgres.sql, sources and
 * licences in its README): Chinook (11 tables, foreign keys added by ALTER
 * TABLE, an index per key), Northwind (14 tables, bpchar keys, real, bytea,
 * keys and foreign keys named by hand, a self-reference) and Pagila (a
 * pg_dump: an enum, two domains (one named with dotless ı), nine functions (one executed by 14 triggers)
 * in SQL and PL/pgSQL with OUT arguments, SETOF a table and SECURITY
 * DEFINER, an aggregate (kept as a raw sql entry, with the 3 views over it), 7 views and a materialized view WITH NO DATA with
 * a unique index, 15 triggers (14 named last_updated, one per table, and one
 * passing arguments to tsvector_update_trigger), 13 standalone sequences used by nextval
 * defaults, text[] and tsvector columns with a gist index, and a table
 * partitioned by range into 7 partitions, 6 with indexes and foreign keys of
 * their own). Each is adopted by `strata
 * introspect`, checked by `make --check` and `diff --db`, and rebuilt by its
 * baseline in an empty database; the catalogs (pg_catalog and
 * information_schema, catalog.ts) must be equal, except for what introspect
 * names as not kept (nothing, now, of any of the three).
 */
import { postgresCatalog, postgresObjects } from './catalog'
import { type CorpusDatabase, type CorpusSample, describeSample } from './corpus'
import { describePostgres } from '../helpers/postgres'
import { postgresTarget } from '../e2e/targets'

async function postgresDatabase(): Promise<CorpusDatabase> {
  const db = await postgresTarget.create()
  return {
    url: db.url,
    exec: (sql) => db.script(sql),
    catalog: async () => ({ ...(await postgresCatalog(db.url)), ...(await postgresObjects(db.url)) }),
    drop: () => db.drop(),
  }
}


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
      /^ {2}table +15 modelled$/m,
      // Declarative partitioning is kept whole: payment with its 7 partitions, 6 of them with 3 indexes and 3 foreign keys of their own.
      /^ {2}index +34 modelled$/m,
      /^ {2}constraint +51 modelled$/m,
      /^ {2}view +7 modelled$/m,
      /^ {2}trigger +15 modelled$/m,
      /^ {2}function +9 modelled$/m,
      /^ {2}aggregate +1 kept as raw SQL$/m,
      /^ {2}domain +2 modelled$/m,
      /^ {2}sequence +13 modelled$/m,
    ],
    // Kept whole: introspect --strict adopts it, and the catalogs are compared unaltered.
    notKept: [],
  },
]

describePostgres('corpus: public sample databases adopted and rebuilt (PostgreSQL)', function () {
  for (const sample of SAMPLES) describeSample(sample, postgresDatabase)
})
