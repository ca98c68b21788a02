/**
 * The two servers of the mysql dialect (mysql-servers.ts): flavour and
 * version from VERSION(), the oldest server strata migrates, the dialect's
 * capabilities being what both flavours have, and the tested version being
 * the one the test server runs.
 */
import assert from 'node:assert/strict'
import { mysqlDialect } from '../../../src/dialects/mysql/mysql-dialect'
import { MYSQL_SERVERS, atLeast, serverOf, unsupportedServer } from '../../../src/dialects/mysql/mysql-servers'
import { describeMysql, mysqlClient, mysqlRows } from '../../helpers/mysql'

describe('mysql servers: MariaDB and MySQL 8', () => {
  it('reads the flavour and version of VERSION()', () => {
    assert.deepEqual(serverOf('10.11.6-MariaDB-0+deb12u1'), { flavour: 'mariadb', version: '10.11.6' })
    assert.deepEqual(serverOf('8.0.36'), { flavour: 'mysql', version: '8.0.36' })
    assert.deepEqual(serverOf('5.5.5-10.4.32-MariaDB'), { flavour: 'mariadb', version: '10.4.32' })
    assert.ok(atLeast('10.11.6', '10.5.2') && !atLeast('10.4.32', '10.5.2') && atLeast('8.0.16', '8.0.16') && !atLeast('8.0.15', '8.0.16'))
  })

  it('refuses servers older than RENAME COLUMN, expression defaults and enforced CHECKs need', () => {
    assert.equal(unsupportedServer('10.11.6-MariaDB-0+deb12u1'), undefined)
    assert.equal(unsupportedServer('10.5.2-MariaDB'), undefined)
    assert.equal(unsupportedServer('8.0.16'), undefined)
    assert.equal(unsupportedServer('10.4.32-MariaDB'), 'MariaDB 10.4.32 is older than MariaDB 10.5.2, which strata needs (RENAME COLUMN, expression defaults, enforced CHECK constraints)')
    assert.match(unsupportedServer('8.0.15') ?? '', /^MySQL 8\.0\.15 is older than MySQL 8\.0\.16/)
    assert.match(unsupportedServer('5.7.44') ?? '', /^MySQL 5\.7\.44 is older than MySQL 8\.0\.16/)
  })

  it('the dialect takes what both flavours have: no expression indexes (MariaDB has none)', () => {
    const both = Object.values(MYSQL_SERVERS).every((s) => s.expressionIndexes !== undefined)
    assert.equal(mysqlDialect.capabilities.expressionIndexes ?? true, both)
    assert.equal(both, false)
  })
})

describeMysql('mysql servers: the test server', () => {
  it('is a MariaDB of a tested version, which strata migrates', async () => {
    const client = await mysqlClient()
    try {
      const [row] = await mysqlRows(client, 'SELECT VERSION() AS v')
      const version = String(row!.v)
      const { flavour, version: number } = serverOf(version)
      assert.equal(flavour, 'mariadb', version)
      assert.ok(MYSQL_SERVERS.mariadb.tested.some((t) => number.startsWith(`${t}.`)), `${number} is not among the tested ${MYSQL_SERVERS.mariadb.tested.join(', ')}`)
      assert.equal(unsupportedServer(version), undefined)
      const [collation] = await mysqlRows(client, "SELECT COLLATION_NAME AS c FROM information_schema.COLLATIONS WHERE CHARACTER_SET_NAME = 'utf8mb4' AND IS_DEFAULT = 'Yes'")
      assert.equal(collation!.c, MYSQL_SERVERS.mariadb.utf8mb4Collation)
    } finally {
      await client.end()
    }
  })
})
