/**
 * What raw `sql` objects made, recorded at apply time (docs/DECISIONS.md,
 * "Raw `sql` objects"): strata does not parse their text, so it cannot say
 * from the files what objects a text makes or how the database prints them.
 * Instead, when a `createSql` runs, the catalog's keys are read before and
 * after its statements, inside the migration's transaction; the keys it
 * added, with their definitions in the database's own printed form
 * (`Connection.catalogDefinitions`), are stored in `strata_sql_objects`
 * with the create and drop text. A `dropSql` removes the row. Drift compares
 * the live definitions of the recorded keys with the recorded ones: an
 * object changed or dropped by hand differs; an untouched one is equal by
 * construction, whatever the database re-prints.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { applyOperation } from '../diff/apply'
import type { CreateSql, DropSql, Operation } from '../diff/operations'
import type { Connection } from '../dialects/dialect'
import { SQL_OBJECTS_TABLE } from '../dialects/sql-objects'
import { ValidationError, type Diagnostic } from '../errors'
import { packageRoot } from '../paths'
import { EMPTY_SCHEMA, type Schema, sqlFor } from '../schema/model'
import { type SqlObject, sqlObjectsOf } from '../schema/sql-objects'
import { type MigrationFile, parseMigrationFile } from './migration-file'

/** One row of strata_sql_objects: an applied object's text on this database and what it made. */
export interface SqlObjectRecord {
  readonly name: string
  readonly create: string
  readonly drop: string
  /** Catalog key -> definition, of every object its create added. */
  readonly made: Readonly<Record<string, string>>
}

let table: { migration: MigrationFile; schema: Schema } | undefined

/** The record table's own migration (migrations/sql-objects/), and the schema it gives. */
function recordTable(): { migration: MigrationFile; schema: Schema } {
  if (table) return table
  const path = join(packageRoot(), 'migrations', 'sql-objects', '0001_sql_objects.yaml')
  const diagnostics: Diagnostic[] = []
  const migration = parseMigrationFile(path, readFileSync(path), diagnostics)
  if (!migration || diagnostics.length) throw new ValidationError(diagnostics)
  let schema = EMPTY_SCHEMA
  for (const op of migration.up) schema = applyOperation(schema, op)
  table = { migration, schema }
  return table
}

async function run(connection: Connection, op: Operation, schema: Schema): Promise<void> {
  for (const s of connection.dialect.compiler.compile(op, schema)) await connection.query(s.sql, s.params)
}

/** Does applying `op` on this connection keep a record (a `createSql` with SQL for the dialect, or any `dropSql`)? */
export function keepsRecord(connection: Connection, op: Operation, statements: number): boolean {
  if (!connection.catalogKeys || !connection.catalogDefinitions) return false
  return op.op === 'dropSql' || (op.op === 'createSql' && statements > 0)
}

/**
 * Before a `createSql`'s statements: the record table made if missing, and
 * the catalog's keys as they are.
 */
export async function beforeSqlObject(connection: Connection, op: CreateSql | DropSql): Promise<ReadonlySet<string>> {
  if (op.op === 'dropSql') return new Set()
  if (!(await connection.tableExists(SQL_OBJECTS_TABLE))) {
    let schema = EMPTY_SCHEMA
    for (const step of recordTable().migration.up) {
      await run(connection, step, schema)
      schema = applyOperation(schema, step)
    }
  }
  return new Set(await connection.catalogKeys!())
}

/** After its statements: a `createSql`'s record written (replacing any), a `dropSql`'s removed. */
export async function afterSqlObject(connection: Connection, op: CreateSql | DropSql, before: ReadonlySet<string>): Promise<void> {
  const name = op.op === 'createSql' ? op.object.name : op.name
  const schema = recordTable().schema
  if (op.op === 'dropSql' && !(await connection.tableExists(SQL_OBJECTS_TABLE))) return
  await run(connection, { op: 'delete', table: SQL_OBJECTS_TABLE, where: { name } }, schema)
  if (op.op === 'dropSql') return
  const dialect = connection.dialect.name
  const added = (await connection.catalogKeys!()).filter((k) => !before.has(k))
  const definitions = await connection.catalogDefinitions!(added)
  const made = Object.fromEntries([...definitions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  const row = { name, create_sql: sqlFor(op.object.create, dialect) ?? '', drop_sql: sqlFor(op.object.drop, dialect) ?? '', made: JSON.stringify(made) }
  await run(connection, { op: 'insert', table: SQL_OBJECTS_TABLE, rows: [row] }, schema)
}

/** The records of this database (none when it has no record table, or the dialect cannot list its catalog). */
export async function readSqlObjectRecords(connection: Connection): Promise<SqlObjectRecord[]> {
  if (!connection.catalogKeys || !(await connection.tableExists(SQL_OBJECTS_TABLE))) return []
  const q = (n: string) => connection.dialect.compiler.quoteIdentifier(n)
  const rows = await connection.query(`SELECT * FROM ${q(SQL_OBJECTS_TABLE)} ORDER BY ${q('name')}`)
  return rows.map((r) => ({ name: String(r.name), create: String(r.create_sql), drop: String(r.drop_sql), made: JSON.parse(String(r.made)) as Record<string, string> }))
}

/**
 * The `sql` sections drift compares, both in this database's form (its
 * dialect's text, no `dependsOn` or `first`, which are not the database's):
 * `expected`, each object of the snapshot that has SQL here and a record,
 * with what the record says it made; `live`, each record, with the live
 * definitions of the keys it made (a key gone is left out). `unchecked`:
 * objects of the snapshot with SQL here but no record (applied by a strata
 * before records, by `strata sql`, or `--fake`): what they made is not known.
 */
export async function recordedSqlObjects(
  connection: Connection,
  snapshot: Schema,
  records: readonly SqlObjectRecord[],
): Promise<{ expected: SqlObject[]; live: SqlObject[]; unchecked: string[] }> {
  const dialect = connection.dialect.name
  const byName = new Map(records.map((r) => [r.name, r]))
  const expected: SqlObject[] = []
  const unchecked: string[] = []
  for (const object of sqlObjectsOf(snapshot)) {
    const create = sqlFor(object.create, dialect)
    if (create === undefined) continue
    const record = byName.get(object.name)
    if (!record) unchecked.push(object.name)
    else expected.push({ name: object.name, create, drop: sqlFor(object.drop, dialect) ?? '', made: record.made })
  }
  const keys = records.flatMap((r) => Object.keys(r.made))
  const now = keys.length ? await connection.catalogDefinitions!(keys) : new Map<string, string>()
  const live = records.map((r) => ({
    name: r.name,
    create: r.create,
    drop: r.drop,
    made: Object.fromEntries(Object.keys(r.made).filter((k) => now.has(k)).map((k) => [k, now.get(k)!])),
  }))
  return { expected, live, unchecked }
}

/**
 * Records for `sql` objects that `introspect` adopted (Connection.adoptableSql):
 * the database made them before strata, so what each made is what the
 * adoption read (`made`), written as `createSql` would have written it,
 * so that `diff --db` checks them from the start. In one transaction.
 */
export async function recordAdoptedSqlObjects(connection: Connection, objects: readonly SqlObject[]): Promise<void> {
  if (objects.length === 0 || !connection.catalogKeys || !connection.catalogDefinitions) return
  const dialect = connection.dialect.name
  await connection.transaction(async () => {
    for (const object of objects) {
      await beforeSqlObject(connection, { op: 'createSql', object })
      const schema = recordTable().schema
      await run(connection, { op: 'delete', table: SQL_OBJECTS_TABLE, where: { name: object.name } }, schema)
      const row = {
        name: object.name,
        create_sql: sqlFor(object.create, dialect) ?? '',
        drop_sql: sqlFor(object.drop, dialect) ?? '',
        made: JSON.stringify(Object.fromEntries(Object.entries(object.made ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))),
      }
      await run(connection, { op: 'insert', table: SQL_OBJECTS_TABLE, rows: [row] }, schema)
    }
  })
}
