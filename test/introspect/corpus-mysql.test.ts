/**
 * The corpus on MySQL / MariaDB (test/fixtures/corpus/*.mysql.sql, sources
 * and licences in its README): Chinook (11 tables, NVARCHAR columns in
 * utf8mb3 in utf8mb4 tables, foreign keys and indexes added by ALTER TABLE
 * and CREATE INDEX), employees (6 tables, an ENUM, composite keys, ON DELETE
 * CASCADE, InnoDB's own index for a foreign key named alike on two tables,
 * 2 views, one over the other) and Sakila (16 tables with INT / SMALLINT /
 * TINYINT UNSIGNED columns and AUTO_INCREMENT keys, YEAR, SET, MEDIUMBLOB,
 * a FULLTEXT index, index names used on several tables, ON UPDATE CASCADE /
 * SET NULL, 7 views, 3 triggers, 3 functions and 3 procedures (one calling
 * a function), TIMESTAMP
 * columns ON UPDATE CURRENT_TIMESTAMP). Each is adopted by `strata
 * introspect`, checked by `make --check` and `diff --db`, and rebuilt by its
 * baseline in an empty database; the catalogs (information_schema,
 * mysql-catalog.ts) must be equal, except for what introspect names as not
 * kept.
 */
import { describeMysql, freshMysqlDatabase, mysqlClient } from '../helpers/mysql'
import { type CorpusDatabase, type CorpusSample, describeSample } from './corpus'
import { mysqlCatalog } from './catalog'

async function mysqlDatabase(): Promise<CorpusDatabase> {
  const db = await freshMysqlDatabase()
  return {
    url: db.url,
    async exec(sql) {
      const client = await mysqlClient(db.name)
      try {
        await client.query(sql)
      } finally {
        await client.end()
      }
    },
    async catalog() {
      const catalog = await mysqlCatalog(db.name)
      // strata writes a trigger's statement as BEGIN <body> END with the body
      // trimmed (DECISIONS, MySQL): the same statement, other white space.
      for (const t of catalog.triggers as Record<string, unknown>[]) t.ACTION_STATEMENT = String(t.ACTION_STATEMENT).replace(/\s+/g, ' ')
      return catalog
    },
    drop: () => db.drop(),
  }
}

type Row = Record<string, unknown>

// Sakila's TIMESTAMP columns updated by the server on every UPDATE.
const ON_UPDATE = ['actor', 'address', 'category', 'city', 'country', 'customer', 'film', 'film_actor', 'film_category', 'inventory', 'language', 'payment', 'rental', 'staff', 'store']
const SAMPLES: readonly CorpusSample[] = [
  {
    fixture: 'chinook.mysql.sql',
    report: [/^ {2}table +11 modelled$/m, /^ {2}index +11 modelled$/m, /^ {2}constraint +22 modelled$/m],
    notKept: [],
  },
  {
    fixture: 'employees.mysql.sql',
    report: [/^ {2}table +6 modelled$/m, /^ {2}enum +1 modelled$/m, /^ {2}view +2 modelled$/m],
    notKept: [],
  },
  {
    fixture: 'sakila.mysql.sql',
    report: [
      /^ {2}table +16 modelled$/m,
      /^ {2}index +21 modelled$/m,
      /^ {2}view +7 modelled, 1 not kept$/m,
      /^ {2}trigger +3 modelled$/m,
      // The 3 functions and 3 procedures, rebuilt alike (ROUTINES, compared below).
      /^ {2}function +3 modelled$/m,
      /^ {2}procedure +3 modelled$/m,
    ],
    notKept: [
      ...ON_UPDATE.map((t) => `column ${t}.last_update: on update current_timestamp() (not modelled)`),
      'view actor_info: SQL SECURITY INVOKER (not modelled: strata creates views with the default, DEFINER)',
    ],
    rebuilt(catalog) {
      // ON UPDATE CURRENT_TIMESTAMP is gone, and actor_info is a DEFINER view.
      for (const c of catalog.columns as Row[]) if (c.EXTRA === 'on update current_timestamp()') c.EXTRA = ''
      for (const v of catalog.views as Row[]) if (v.TABLE_NAME === 'actor_info') v.SECURITY_TYPE = 'DEFINER'
      return catalog
    },
  },
]

describeMysql('corpus: public sample databases adopted and rebuilt (MySQL / MariaDB)', function () {
  for (const sample of SAMPLES) describeSample(sample, mysqlDatabase)
})
