/**
 * Names a database will refuse or misread (SPEC §3, "identifier problems"):
 * strata's own history table in every database, and, for each of the
 * project's databases, the names its dialect keeps for itself and the names
 * it takes for one another because it compares them without case
 * (`capabilities.names`, data in each dialect's folder). Each is reported at
 * the name's line, naming the database; nothing here knows a dialect.
 */
import type { NameRules, ReservedName } from '../dialects/dialect'
import type { TargetDatabase } from './check-capabilities'
import type { Resolution } from './draft'
import type { Origin, Reporter } from './origins'

/** strata's own tables: in every database, whatever its dialect (migrations/history.ts, migrations/sql-object-records.ts). */
const STRATA_NAMES: readonly ReservedName[] = [
  { name: 'strata_migrations', reason: 'strata keeps its migration history in a table of this name' },
  { name: 'strata_sql_objects', reason: 'strata records what raw sql objects made in a table of this name' },
]

/** ASCII-only case folding, as SQLite does it (https://www.sqlite.org/faq.html#q18). */
function fold(name: string): string {
  return name.replace(/[A-Z]+/g, (s) => s.toLowerCase())
}

function matches(rule: ReservedName, name: string, caseless: boolean): boolean {
  const n = caseless ? fold(name) : name
  const r = caseless ? fold(rule.name) : rule.name
  switch (rule.match ?? 'exact') {
    case 'exact':
      return n === r
    case 'prefix':
      return n.startsWith(r)
    case 'suffix':
      return n.endsWith(r) && n !== r
  }
}

interface Named {
  /** `table "users"`, `column "users.Email"`, for messages. */
  readonly subject: string
  readonly name: string
  readonly origin: Origin
  /** Point at the key (a map key) or at the `name:` value. */
  readonly key: boolean
  readonly sub?: readonly (string | number)[]
}

export function checkNames(resolution: Resolution, report: Reporter, databases: readonly TargetDatabase[]): void {
  const relations: Named[] = []
  const columnsByTable: Named[][] = []
  for (const table of resolution.tables.values()) {
    relations.push({ subject: `table "${table.name}"`, name: table.name, origin: table.origin, key: true })
    for (const index of table.indexes) {
      relations.push({ subject: `index "${index.name}"`, name: index.name, origin: resolution.origins.get(index) ?? table.origin, key: false, sub: ['name'] })
    }
    columnsByTable.push(
      table.columns.map((c) => ({ subject: `column "${table.name}.${c.name}"`, name: c.name, origin: resolution.origins.get(c) ?? table.origin, key: true })),
    )
  }
  const types: Named[] = [...resolution.enums.values()].map(({ enum: e, origin }) => ({ subject: `enum "${e.name}"`, name: e.name, origin, key: true }))

  const said = new Set<string>()
  const refuse = (item: Named, message: string) => {
    const id = `${item.origin.source.file}:${item.origin.path.join('.')}:${message}`
    if (said.has(id)) return
    said.add(id)
    report.error(item.origin, message, { key: item.key, sub: item.sub })
  }
  const reserved = (items: readonly Named[], rules: readonly ReservedName[], caseless: boolean, where: string) => {
    for (const item of items) {
      const rule = rules.find((r) => matches(r, item.name, caseless))
      if (rule) refuse(item, `${item.subject}: the name is reserved${where}: ${rule.reason}; choose another name`)
    }
  }

  reserved(relations, STRATA_NAMES, databases.some((d) => d.capabilities.names?.caseInsensitive?.relations), '')
  for (const database of databases) {
    const rules: NameRules | undefined = database.capabilities.names
    if (!rules) continue
    const where = ` on database "${database.name}" (${database.dialect})`
    reserved(relations, rules.relations ?? [], rules.caseInsensitive?.relations === true, where)
    for (const columns of columnsByTable) reserved(columns, rules.columns ?? [], rules.caseInsensitive?.columns === true, where)
    reserved(types, rules.types ?? [], false, where)
    if (rules.caseInsensitive?.relations) sameButCase(relations, where, refuse)
    if (rules.caseInsensitive?.columns) for (const columns of columnsByTable) sameButCase(columns, where, refuse)
  }
}

/** Two names that differ only in case are one name where the dialect folds case: the second is refused. */
function sameButCase(items: readonly Named[], where: string, refuse: (item: Named, message: string) => void): void {
  const seen = new Map<string, Named>()
  for (const item of items) {
    const folded = fold(item.name)
    const other = seen.get(folded)
    if (other && other.name !== item.name) {
      refuse(
        item,
        `${item.subject}: differs only in case from ${other.subject} (${other.origin.source.file}), which is the same name${where}, as it compares names without case; rename one of them`,
      )
    } else if (!other) seen.set(folded, item)
  }
}
