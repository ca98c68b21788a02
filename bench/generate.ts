/**
 * Workload generators for the benchmark: strata projects of N tables with the
 * features real schemas use (belongsTo and manyToMany relations, plain and
 * partial indexes, top-level and inline enums, checks, defaults, comments),
 * split over about N/50 schema files, and the small edits whose `make` the
 * benchmark times.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Tables per schema file: the schema of N tables is split over ~N/50 files. */
export const TABLES_PER_FILE = 50

export interface GeneratedProject {
  /** The project folder (holds strata.yaml, schemas/, migrations/). */
  readonly dir: string
  readonly tables: number
  /** The schema files written, relative to `dir`. */
  readonly files: readonly string[]
  /** Tables declared in the YAML (join tables of manyToMany come on top). */
  readonly declaredTables: number
}

/** The name of generated table `i` (zero-padded, so files and tables sort alike). */
export function tableName(i: number): string {
  return `t${String(i).padStart(5, '0')}`
}

/** The schema file that holds table `i`. */
export function fileOf(i: number): string {
  return `schemas/part_${String(Math.floor(i / TABLES_PER_FILE)).padStart(3, '0')}.yaml`
}

/**
 * The YAML of table `i`. Every table has a handful of typed columns; most
 * reference an earlier table (belongsTo, some nullable with `set null`),
 * every 10th has a manyToMany to another table, every 3rd an enum column
 * (inline values or the shared top-level `status` enum), every 4th a check,
 * every 5th a partial index and a composite unique.
 */
export function tableYaml(i: number): string {
  const lines: string[] = []
  const name = tableName(i)
  lines.push(`  ${name}:`)
  if (i % 7 === 0) lines.push(`    comment: Generated table number ${i}`)
  lines.push('    columns:')
  if (i % 11 === 0) lines.push('      id: { type: uuid, primaryKey: true, default: { expr: uuid } }')
  lines.push('      name: { type: string, length: 120 }')
  lines.push('      body: { type: text, nullable: true }')
  lines.push('      amount: { type: decimal, precision: 12, scale: 2, default: 0 }')
  lines.push('      active: { type: boolean, default: true }')
  lines.push('      created_at: { type: timestamp, timezone: true, default: { expr: now } }')
  if (i % 3 === 0) {
    lines.push(
      i % 2 === 0
        ? '      state: { type: enum, values: [draft, live, archived], default: draft }'
        : '      status: { type: enum, enum: status, default: new }',
    )
  }
  if (i % 13 === 0) lines.push(`      code: { type: string, length: 32, unique: true }`)
  const relations: string[] = []
  if (i > 0) relations.push(`      parent: { belongsTo: ${tableName(i - 1)}, onDelete: cascade }`)
  if (i > 5 && i % 4 === 1) relations.push(`      owner: { belongsTo: ${tableName(i - 5)}, nullable: true, onDelete: set null }`)
  if (i > 3 && i % 10 === 0) relations.push(`      links: { manyToMany: ${tableName(i - 3)} }`)
  if (relations.length) lines.push('    relations:', ...relations)
  const indexes: string[] = ['      - columns: [name]']
  if (i % 5 === 0) indexes.push(`      - { columns: [created_at], where: "amount > 0" }`)
  lines.push('    indexes:', ...indexes)
  if (i % 5 === 0) lines.push('    unique:', '      - [name, created_at]')
  if (i % 4 === 0) lines.push('    checks:', `      - { name: ${name}_amount_positive, expression: "amount >= 0" }`)
  return lines.join('\n') + '\n'
}

function fileYaml(first: number, last: number, withEnum: boolean): string {
  let out = ''
  if (withEnum) out += 'enums:\n  status: [new, open, closed]\n'
  out += 'tables:\n'
  for (let i = first; i < last; i++) out += tableYaml(i)
  return out
}

/**
 * Write a project of `tables` tables into `dir` (emptied first): strata.yaml
 * with a SQLite database `db.sqlite3`, the schema files, an empty migrations
 * folder.
 */
export function generateProject(dir: string, tables: number): GeneratedProject {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'schemas'), { recursive: true })
  mkdirSync(join(dir, 'migrations'), { recursive: true })
  writeFileSync(join(dir, 'strata.yaml'), 'schemas: schemas\nmigrations: migrations\ndatabases:\n  default: sqlite:./db.sqlite3\n')
  const files: string[] = []
  for (let first = 0; first < tables; first += TABLES_PER_FILE) {
    const last = Math.min(first + TABLES_PER_FILE, tables)
    const file = fileOf(first)
    writeFileSync(join(dir, file), fileYaml(first, last, first === 0))
    files.push(file)
  }
  return { dir, tables, files, declaredTables: tables }
}

/**
 * The benchmark's small edit: one nullable column added to the table in the
 * middle of the schema. Returns the column's name; calling it again adds
 * another column (`extra_2`, ...).
 */
export function addOneColumn(project: GeneratedProject, n = 1): string {
  const i = Math.floor(project.tables / 2)
  const path = join(project.dir, fileOf(i))
  const text = readFileSync(path, 'utf8')
  const header = `  ${tableName(i)}:\n`
  const at = text.indexOf(header)
  if (at < 0) throw new Error(`bench: table ${tableName(i)} not found in ${path}`)
  const columnsAt = text.indexOf('    columns:\n', at) + '    columns:\n'.length
  const column = `extra_${n}`
  writeFileSync(path, text.slice(0, columnsAt) + `      ${column}: { type: string, length: 40, nullable: true }\n` + text.slice(columnsAt))
  return column
}
