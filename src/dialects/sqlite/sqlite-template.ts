/**
 * SQLite's side of database templates (src/migrations/template.ts): a new
 * database file written as a copy of one that `migrate` made from nothing.
 *
 * The copy is written beside the target under a temporary name, adjusted
 * through an ordinary connection, synced, and then hard-linked to the
 * target's name, which fails when the target exists: a file that appeared
 * meanwhile (another process, another migrate) is never overwritten, and a
 * process that opens the target sees either no file or the whole database.
 * A leftover rollback journal or WAL beside a missing database would be
 * replayed into the copy by SQLite (https://www.sqlite.org/lockingv3.html#hot_journals),
 * so a target with one is not new.
 */
import { createHash, randomBytes } from 'node:crypto'
import { closeSync, constants, copyFileSync, existsSync, fsyncSync, linkSync, openSync, readSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import type { ConnectOptions, DatabaseTemplates, Dialect, StagedDatabase } from '../dialect'
import { openSqlite, sqlitePath } from './sqlite-connection'

const SIDE_FILES = ['-journal', '-wal', '-shm']

function isNewFile(path: string): boolean {
  return path !== ':memory:' && existsSync(dirname(path)) && !existsSync(path) && SIDE_FILES.every((s) => !existsSync(path + s))
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** sha256 of a file, read in 1 MiB chunks (a template is tens of megabytes). */
function fileSha256(path: string): string {
  const hash = createHash('sha256')
  const chunk = Buffer.allocUnsafe(1 << 20)
  const fd = openSync(path, 'r')
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(n === chunk.length ? chunk : chunk.subarray(0, n))
  } finally {
    closeSync(fd)
  }
  return hash.digest('hex')
}

let engine: string | undefined

export function sqliteTemplates(dialect: () => Dialect): DatabaseTemplates {
  return {
    engine() {
      if (engine === undefined) {
        const Driver = require('better-sqlite3') as typeof BetterSqlite3
        const db = new Driver(':memory:')
        try {
          engine = `sqlite ${String(db.prepare('SELECT sqlite_version()').pluck().get())}`
        } finally {
          db.close()
        }
      }
      return engine
    },
    isNew(url) {
      return isNewFile(sqlitePath(url))
    },
    async stage(url: string, from: string, sha: string, options: ConnectOptions = {}): Promise<StagedDatabase | undefined> {
      const target = sqlitePath(url)
      const staged = join(dirname(target), `.${basename(target)}.strata-${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
      const remove = () => {
        for (const s of ['', ...SIDE_FILES]) rmSync(staged + s, { force: true })
      }
      // A copy in the kernel (copy_file_range, or a reflink where the file system has them), then its bytes checked.
      copyFileSync(from, staged, constants.COPYFILE_EXCL)
      let connection
      try {
        if (fileSha256(staged) !== sha) {
          remove()
          return undefined
        }
        connection = await openSqlite(dialect(), `sqlite:${staged}`, options)
      } catch (error) {
        remove()
        throw error
      }
      const opened = connection
      return {
        connection: opened,
        async publish() {
          try {
            await opened.close()
            fsyncPath(staged)
            if (!isNewFile(target)) return false
            try {
              linkSync(staged, target)
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
              throw error
            }
            fsyncPath(dirname(target))
            return true
          } finally {
            remove()
          }
        },
        async discard() {
          await opened.close()
          remove()
        },
      }
    },
  }
}
