/**
 * MySQL URLs, the GET_LOCK migration lock and the capability refusal in
 * `strata validate`, against the real MariaDB server where one is needed.
 */
import assert from 'node:assert/strict'
import { dialectForUrl } from '../../../src/dialects'
import { mysqlDialect } from '../../../src/dialects/mysql/mysql-dialect'
import { parseMysqlUrl } from '../../../src/dialects/mysql/mysql-url'
import { migrationLockName } from '../../../src/dialects/mysql/mysql-connection'
import { runCli } from '../../helpers/cli'
import { describeMysql, freshMysqlDatabase } from '../../helpers/mysql'
import { TempProject } from '../../helpers/project'

describe('mysql URLs', () => {
  it('mysql:// and mariadb:// pick the mysql dialect; the database is the path', () => {
    assert.equal(dialectForUrl('mysql://root@127.0.0.1:3306/app').name, 'mysql')
    assert.equal(dialectForUrl('MariaDB://u:p@db/app').name, 'mysql')
    assert.deepEqual(parseMysqlUrl('mysql://ann:s%40cret@db.example:3307/my%20app?charset=utf8mb4'), {
      host: 'db.example',
      port: 3307,
      user: 'ann',
      password: 's@cret',
      database: 'my app',
      options: { charset: 'utf8mb4' },
    })
    assert.deepEqual(parseMysqlUrl('mariadb://localhost/x'), { host: 'localhost', port: 3306, user: 'root', database: 'x', options: {} })
  })

  it('a URL without a database is refused, without echoing the password', () => {
    assert.throws(() => parseMysqlUrl('mysql://root:hunter2@127.0.0.1:3306/'), (e: Error) => /names no database/.test(e.message) && !e.message.includes('hunter2'))
  })

  it('lock names fit in 64 characters', () => {
    assert.equal(migrationLockName('app'), 'strata-migrate:app')
    assert.ok(migrationLockName('x'.repeat(64)).length <= 64)
    assert.notEqual(migrationLockName('a'.repeat(64)), migrationLockName('b'.repeat(64)))
  })

  it('validate refuses partial and expression indexes for a project with a MySQL database, at file:line:col', async () => {
    const project = new TempProject()
    try {
      project.write({
        'strata.yaml': 'databases:\n  default: sqlite:./db.sqlite3\n  reporting: mysql://root@127.0.0.1:3306/reporting\n',
        'schemas/app.yaml':
          'tables:\n  users:\n    columns:\n      email: { type: string, length: 100 }\n' +
          '    indexes:\n      - { columns: [email], where: "email IS NOT NULL" }\n      - { expression: "lower(email)" }\n',
      })
      const result = await runCli(['validate'], { cwd: project.dir })
      assert.equal(result.code, 2, result.stdout + result.stderr)
      assert.match(result.stderr, /schemas\/app\.yaml:6:\d+.*is partial \(where\), which database "reporting" \(mysql\) cannot create/)
      assert.match(result.stderr, /schemas\/app\.yaml:7:\d+.*is an expression index, which database "reporting" \(mysql\) cannot create/)
      // The same schema is fine for a project of SQLite databases only.
      project.write({ 'strata.yaml': 'databases:\n  default: sqlite:./db.sqlite3\n' })
      assert.equal((await runCli(['validate'], { cwd: project.dir })).code, 0)
    } finally {
      project.cleanup()
    }
  })
})

describeMysql('mysql connection', function () {
  this.timeout(60000)
  let db: Awaited<ReturnType<typeof freshMysqlDatabase>>
  before(async () => {
    db = await freshMysqlDatabase()
  })
  after(async () => {
    await db?.drop()
  })

  it('GET_LOCK: a second migrate waits up to the timeout, then fails with E_LOCK_TIMEOUT; closing releases it', async () => {
    const first = await mysqlDialect.connect(db.url)
    const second = await mysqlDialect.connect(db.url)
    try {
      await first.acquireMigrationLock(1000)
      const started = Date.now()
      await assert.rejects(second.acquireMigrationLock(300), (e: Error & { code?: string }) => e.code === 'E_LOCK_TIMEOUT' && /holds the migration lock/.test(e.message))
      assert.ok(Date.now() - started >= 300)
      await first.close()
      await second.acquireMigrationLock(5000)
    } finally {
      await first.close().catch(() => undefined)
      await second.close()
    }
  })

  it('a database that does not exist is named with how to create it', async () => {
    await assert.rejects(mysqlDialect.connect(`${db.url}_missing`), /CREATE DATABASE/)
  })
})
