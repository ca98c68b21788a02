/**
 * The two servers behind a `mysql://` URL, and where they differ for what
 * strata does. The dialect's capabilities (mysql-dialect.ts) are what both
 * have, so one schema runs on either; the connection reads VERSION() and
 * refuses a server older than what strata's DDL needs (below), and the
 * introspector reads each server's information_schema as it is.
 *
 * Tested: MariaDB 10.11 (the CI server). MySQL 8 is not tested: its entries
 * come from its reference manual and are not exercised by any test.
 */

/** The server family of a VERSION() string: MariaDB prints `10.11.6-MariaDB-…`. */
export type MysqlFlavour = 'mariadb' | 'mysql'

/** What one server family has, each with the first version that has it (undefined: none). */
export interface MysqlServerFeatures {
  /** The versions strata was run against in its tests, if any. */
  readonly tested: readonly string[]
  /**
   * `ALTER TABLE … RENAME COLUMN` (strata's renameColumn; the older CHANGE
   * needs the whole definition). MariaDB 10.5.2, MySQL 8.0.
   * https://mariadb.com/kb/en/alter-table/#rename-column
   */
  readonly renameColumn: string
  /**
   * CHECK constraints enforced (MySQL before 8.0.16 parsed and ignored them;
   * MariaDB enforces them from 10.2.1).
   * https://dev.mysql.com/doc/refman/8.0/en/create-table-check-constraints.html
   */
  readonly checksEnforced: string
  /** Expression defaults (`DEFAULT (uuid())`): MariaDB 10.2.1, MySQL 8.0.13. */
  readonly expressionDefaults: string
  /**
   * Functional (expression) key parts in an index: MySQL 8.0.13; MariaDB has
   * none (index a generated column), which is why the dialect refuses them.
   */
  readonly expressionIndexes?: string
  /** A JSON type of its own; MariaDB's JSON is LONGTEXT with a json_valid CHECK. */
  readonly jsonType?: string
  /** utf8mb4's default collation, which introspect compares with rather than writing it out. */
  readonly utf8mb4Collation: string
}

export const MYSQL_SERVERS: Readonly<Record<MysqlFlavour, MysqlServerFeatures>> = {
  mariadb: {
    tested: ['10.11'],
    renameColumn: '10.5.2',
    checksEnforced: '10.2.1',
    expressionDefaults: '10.2.1',
    utf8mb4Collation: 'utf8mb4_general_ci',
  },
  mysql: {
    tested: [],
    renameColumn: '8.0.0',
    checksEnforced: '8.0.16',
    expressionDefaults: '8.0.13',
    expressionIndexes: '8.0.13',
    jsonType: '5.7.8',
    utf8mb4Collation: 'utf8mb4_0900_ai_ci',
  },
}

/**
 * A server's flavour and version from VERSION() (`10.11.6-MariaDB-0+deb12u1`,
 * `8.0.36`). MariaDB's replication handshake once prefixed `5.5.5-`
 * (`5.5.5-10.4.32-MariaDB`): the number before `-MariaDB` is its version.
 */
export function serverOf(version: string): { flavour: MysqlFlavour; version: string } {
  const text = version.trim()
  const mariadb = /(\d+\.\d+(?:\.\d+)?)-MariaDB/i.exec(text)
  if (mariadb || /mariadb/i.test(text)) return { flavour: 'mariadb', version: mariadb?.[1] ?? /^(\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1] ?? '0' }
  return { flavour: 'mysql', version: /^(\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1] ?? '0' }
}

/** Is `version` at least `minimum` (dotted numbers)? */
export function atLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number)
  const b = minimum.split('.').map(Number)
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d > 0
  }
  return true
}

/**
 * Why strata cannot migrate this server, or undefined when it can: its DDL
 * uses RENAME COLUMN, expression defaults and enforced CHECKs, so the
 * server must have all three.
 */
export function unsupportedServer(versionText: string): string | undefined {
  const { flavour, version } = serverOf(versionText)
  const features = MYSQL_SERVERS[flavour]
  const minimum = [features.renameColumn, features.checksEnforced, features.expressionDefaults].reduce((a, b) => (atLeast(a, b) ? a : b))
  if (atLeast(version, minimum)) return undefined
  const name = flavour === 'mariadb' ? 'MariaDB' : 'MySQL'
  return `${name} ${version} is older than ${name} ${minimum}, which strata needs (RENAME COLUMN, expression defaults, enforced CHECK constraints)`
}
