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
 * columns ON UPDATE CURRENT_TIMESTAMP, a SQL SECURITY INVOKER view). Each is adopted by `strata
 * introspect`, checked by `make --check` and `diff --db`, and rebuilt by its
 * baseline in an empty database; the catalogs (information_schema,
 * catalog.ts) must be equal, except for what introspect names as not
 * kept.
 */
import { describeMysql } from '../helpers/mysql'
import { type CorpusDatabase, type CorpusSample, describeSample } from './corpus'
import { mysqlTarget } from '../e2e/targets'

async function mysqlDatabase(): Promise<CorpusDatabase> {
  const db = await mysqlTarget.create()
  return {
    url: db.url,
    exec: (sql) => db.script(sql),
    async catalog() {
      const catalog = (await db.catalog()) as Record<string, unknown[]>
      // strata writes a trigger's statement as BEGIN <body> END with the body
      // trimmed (DECISIONS, MySQL): the same statement, other white space.
      for (const t of catalog.triggers as Record<string, unknown>[]) t.ACTION_STATEMENT = String(t.ACTION_STATEMENT).replace(/\s+/g, ' ')
      return catalog
    },
    drop: () => db.drop(),
  }
}

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
      /^ {2}view +7 modelled$/m,
      /^ {2}trigger +3 modelled$/m,
      // The 3 functions and 3 procedures, rebuilt alike (ROUTINES, compared below).
      /^ {2}function +3 modelled$/m,
      /^ {2}procedure +3 modelled$/m,
    ],
    // The last_update columns' ON UPDATE CURRENT_TIMESTAMP (onUpdate: now) and
    // actor_info's SQL SECURITY INVOKER are kept too: the catalogs compare
    // them (COLUMNS.EXTRA, VIEWS.SECURITY_TYPE and ALGORITHM) unaltered.
    notKept: [],
  },
]

describeMysql('corpus: public sample databases adopted and rebuilt (MySQL / MariaDB)', function () {
  for (const sample of SAMPLES) describeSample(sample, mysqlDatabase)
})
