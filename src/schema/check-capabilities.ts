/**
 * What the project's databases cannot hold: a schema that uses a feature one
 * of them lacks (a partial index on MySQL, say) is refused by `validate`
 * (and everything that loads the schema files for the project), at the
 * file:line:col of the feature, naming the database and the reason. The
 * features are the dialects' capability flags; nothing here knows a dialect.
 */
import type { ConstraintCapabilities, DeferrableKind, DialectCapabilities, IndexCapabilities } from '../dialects/dialect'
import type { Index, Table } from './model'
import type { Resolution } from './draft'
import type { Reporter } from './origins'
import { checkSqlObjectDialects } from './sql-objects'
import { mentionsName } from './views'
import { describeType } from './check-columns'
import { type Trigger, triggerDbName, triggerFunctionName } from './triggers'
import { identifierProblem } from './check'

/** A database of the project: its name in strata.yaml (or its URL) and what its dialect can do. */
export interface TargetDatabase {
  readonly name: string
  /** The dialect's name, for the message (`mysql`). */
  readonly dialect: string
  readonly capabilities: DialectCapabilities
}

/** What of `index` a dialect with these index capabilities lacks: each with the schema-file key it is written under. */
export function indexFeatureProblems(index: Index, given: IndexCapabilities | undefined): { readonly what: string; readonly sub: readonly (string | number)[] }[] {
  const caps: IndexCapabilities = given ?? {}
  const out: { what: string; sub: (string | number)[] }[] = []
  if (index.method !== undefined && caps.methods !== undefined && !caps.methods.includes(index.method.toLowerCase())) {
    out.push({ what: `index method ${index.method}`, sub: ['method'] })
  }
  const columns = index.columns ?? []
  columns.forEach((column, i) => {
    const o = index.columnOptions?.[column]
    if (!o) return
    const sub = ['columns', i]
    if (o.order === 'desc' && caps.descending === false) out.push({ what: `a DESC column (${column})`, sub })
    if (o.nulls !== undefined && caps.nullsOrder === false) out.push({ what: `NULLS ${o.nulls.toUpperCase()} (${column})`, sub })
    if (o.collation !== undefined && caps.collations === false) out.push({ what: `an index collation (${column})`, sub })
    if (o.opclass !== undefined && caps.operatorClasses === false) out.push({ what: `an operator class (${column} ${o.opclass})`, sub })
    if (o.length !== undefined && caps.prefixLengths !== true) out.push({ what: `a prefix length (${column}(${o.length}))`, sub })
  })
  if (index.include?.length && caps.include === false) out.push({ what: 'INCLUDE columns', sub: ['include'] })
  if (index.nullsNotDistinct && caps.nullsNotDistinct === false) out.push({ what: 'NULLS NOT DISTINCT', sub: ['nullsNotDistinct'] })
  return out
}

/** A constraint attribute a dialect lacks: the constraint (for its origin), what it is, and the schema-file key. */
export interface ConstraintProblem {
  readonly item: object
  readonly what: string
  readonly sub: readonly (string | number)[]
}

const KIND_WORDS: Record<DeferrableKind, string> = { primaryKey: 'primary key', unique: 'unique constraint', foreignKey: 'foreign key', exclusion: 'EXCLUDE constraint' }

/** What of `table`'s constraints a dialect with these constraint capabilities lacks. */
export function constraintFeatureProblems(table: Table, caps: ConstraintCapabilities | undefined): ConstraintProblem[] {
  if (!caps) return []
  const out: ConstraintProblem[] = []
  const timed: [DeferrableKind, { readonly name: string; readonly deferrable?: boolean }][] = [
    ...(table.primaryKey ? [['primaryKey', table.primaryKey] as [DeferrableKind, typeof table.primaryKey]] : []),
    ...table.uniques.map((u) => ['unique', u] as [DeferrableKind, typeof u]),
    ...table.foreignKeys.map((f) => ['foreignKey', f] as [DeferrableKind, typeof f]),
    ...(table.exclusions ?? []).map((x) => ['exclusion', x] as [DeferrableKind, typeof x]),
  ]
  for (const [kind, item] of timed) {
    if (item.deferrable && caps.deferrable !== undefined && !caps.deferrable.includes(kind)) {
      out.push({ item, what: `a DEFERRABLE ${KIND_WORDS[kind]} (${item.name})`, sub: ['deferrable'] })
    }
  }
  for (const fk of table.foreignKeys) {
    if (fk.match === 'full' && caps.matchFull === false) out.push({ item: fk, what: `MATCH FULL (foreign key ${fk.name})`, sub: ['match'] })
    if (fk.notValid && caps.notValid === false) out.push({ item: fk, what: `NOT VALID (foreign key ${fk.name})`, sub: ['notValid'] })
    for (const key of ['onDelete', 'onUpdate'] as const) {
      const action = fk[key]
      if (action !== undefined && caps.referentialActions !== undefined && !caps.referentialActions.includes(action)) {
        out.push({ item: fk, what: `${key === 'onDelete' ? 'ON DELETE' : 'ON UPDATE'} ${action.toUpperCase()} (foreign key ${fk.name})`, sub: [key] })
      }
    }
  }
  for (const check of table.checks) {
    if (check.notValid && caps.notValid === false) out.push({ item: check, what: `NOT VALID (check ${check.name})`, sub: ['notValid'] })
    if (check.noInherit && caps.noInherit === false) out.push({ item: check, what: `NO INHERIT (check ${check.name})`, sub: ['noInherit'] })
    if (caps.autoincrementInChecks === false) {
      for (const column of table.columns) {
        if (column.autoincrement && mentionsName(check.expression, column.name)) {
          out.push({ item: check, what: `a check naming the autoincrement column ${column.name} (check ${check.name})`, sub: ['expression'] })
        }
      }
    }
  }
  if (caps.exclusions === false) for (const x of table.exclusions ?? []) out.push({ item: x, what: `an EXCLUDE constraint (${x.name})`, sub: [] })
  return out
}

/**
 * Is `column` the first column of the table's primary key, of a unique or
 * of an index? MySQL refuses an AUTO_INCREMENT column that is not ("there
 * can be only one auto column and it must be defined as a key", error 1075);
 * validate checks the files' final state with it, the MySQL compiler each
 * step of a migration (mysql-ddl.ts).
 * https://dev.mysql.com/doc/refman/8.0/en/example-auto-increment.html
 */
export function startsKey(table: Table, column: string): boolean {
  return (
    table.primaryKey?.columns[0] === column ||
    table.uniques.some((u) => u.columns[0] === column) ||
    table.indexes.some((i) => i.columns?.[0] === column)
  )
}

/** What strata.yaml opts into, beyond what the databases can hold. */
export interface ProjectSettings {
  /** `grants: true`: strata manages the grants of the schema files. Default false. */
  readonly grants?: boolean
}

export function checkCapabilities(resolution: Resolution, report: Reporter, databases: readonly TargetDatabase[], settings: ProjectSettings = {}): void {
  const withoutGrants = databases.find((d) => !d.capabilities.grants)
  for (const grant of resolution.schema.grants ?? []) {
    const origin = resolution.origins.get(grant)
    if (!origin) continue
    const subject = `grant to ${grant.role === 'public' ? 'PUBLIC' : `"${grant.role}"`} on ${grant.on} "${grant.object}"`
    if (!settings.grants) {
      report.error(origin, `${subject}: grants are managed only in a project that says grants: true in strata.yaml`, { key: true })
    } else if (withoutGrants) {
      report.error(origin, `${subject}: database "${withoutGrants.name}" (${withoutGrants.dialect}) has no grants strata manages (PostgreSQL only)`, { key: true })
    }
  }
  const withoutFunctions = databases.find((d) => !d.capabilities.functions)
  if (withoutFunctions) {
    for (const fn of resolution.schema.functions ?? []) {
      const origin = resolution.origins.get(fn)
      if (!origin) continue
      report.error(
        origin,
        `${fn.procedure ? 'procedure' : 'function'} "${fn.name}": database "${withoutFunctions.name}" (${withoutFunctions.dialect}) has no stored functions strata manages (PostgreSQL and MySQL only); ` +
          'keep it in a project of PostgreSQL databases, or create it with a sql operation',
        { key: true },
      )
    }
  }
  // A MySQL trigger calls a procedure from its body; it cannot execute a function.
  const withoutTriggerFunctions = databases.find((d) => d.capabilities.functions && !d.capabilities.triggerFunctions)
  for (const trigger of withoutTriggerFunctions ? resolution.schema.triggers ?? [] : []) {
    const origin = resolution.origins.get(trigger)
    if (!origin || trigger.function === undefined) continue
    report.error(
      origin,
      `trigger "${trigger.name}": database "${withoutTriggerFunctions!.name}" (${withoutTriggerFunctions!.dialect}) has no trigger functions (PostgreSQL only); ` +
        'give the trigger a body instead (on MySQL it may CALL a procedure of functions:)',
      { sub: ['function'], key: true },
    )
  }
  checkTriggerNames(resolution, report, databases)
  checkObjectKinds(resolution, report, databases)
  checkSqlObjectDialects(resolution.schema, resolution.origins, report, databases)
  const withoutUnlogged = databases.find((d) => !d.capabilities.unloggedTables)
  const withoutPartitions = databases.find((d) => !d.capabilities.partitions)
  const withoutArrays = databases.filter((d) => !d.capabilities.arrays)
  const withoutEmpty = databases.find((d) => !d.capabilities.tablesWithoutColumns)
  const withoutNullableKeys = databases.find((d) => !d.capabilities.nullableKeyColumns)
  for (const table of resolution.tables.values()) {
    for (const column of withoutNullableKeys ? table.columns : []) {
      if (!column.nullable || !table.primaryKey?.columns.includes(column.name)) continue
      report.error(
        resolution.origins.get(column) ?? table.origin,
        `column "${table.name}.${column.name}": a primary key column cannot be nullable on database "${withoutNullableKeys!.name}" (${withoutNullableKeys!.dialect}), which makes key columns NOT NULL (a nullable key column is SQLite's legacy quirk); remove nullable`,
        { sub: ['nullable'], key: true },
      )
    }
    if (table.columns.length === 0 && withoutEmpty) {
      report.error(
        table.origin,
        `table "${table.name}" has no columns, which database "${withoutEmpty.name}" (${withoutEmpty.dialect}) cannot hold (a table there needs one); give it a column, or drop the table`,
        { sub: ['columns'] },
      )
    }
    for (const column of table.columns) {
      const lacking = column.array ? withoutArrays.find((d) => column.native?.[d.dialect as 'sqlite' | 'mysql'] === undefined) : undefined
      if (!lacking) continue
      report.error(
        resolution.origins.get(column) ?? table.origin,
        `column "${table.name}.${column.name}" is an array (${describeType(column)}), which database "${lacking.name}" (${lacking.dialect}) does not have (arrays are PostgreSQL only); ` +
          `remove array, or give the column native.${lacking.dialect} to store it there`,
        { sub: ['array'], key: true },
      )
    }
    if ((table.partitionBy || table.partitions) && withoutPartitions) {
      report.error(
        table.origin,
        `table "${table.name}" is partitioned, which database "${withoutPartitions.name}" (${withoutPartitions.dialect}) does not have (declarative partitioning is PostgreSQL only); remove partitionBy and partitions`,
        { sub: [table.partitionBy ? 'partitionBy' : 'partitions'], key: true },
      )
    }
    if (table.unlogged && withoutUnlogged) {
      report.error(
        table.origin,
        `table "${table.name}" is UNLOGGED, which database "${withoutUnlogged.name}" (${withoutUnlogged.dialect}) does not have (PostgreSQL only); remove unlogged`,
        { sub: ['unlogged'], key: true },
      )
    }
    const withoutOnUpdate = databases.find((d) => !d.capabilities.onUpdateNow)
    if (withoutOnUpdate) {
      for (const column of table.columns) {
        if (column.onUpdate === undefined) continue
        report.error(
          resolution.origins.get(column) ?? table.origin,
          `column "${table.name}.${column.name}" takes the current time on every update (onUpdate: ${column.onUpdate}), which database "${withoutOnUpdate.name}" (${withoutOnUpdate.dialect}) does not have (MySQL's ON UPDATE CURRENT_TIMESTAMP); remove onUpdate, or set the column in a trigger`,
          { sub: ['onUpdate'], key: true },
        )
      }
    }
    const withoutCounterSource = databases.find((d) => d.capabilities.autoincrementInGenerated === false)
    if (withoutCounterSource) {
      for (const column of table.columns) {
        const source = column.generated && table.columns.find((c) => c.autoincrement && mentionsName(column.generated!.expression, c.name))
        if (!source) continue
        report.error(
          resolution.origins.get(column) ?? table.origin,
          `column "${table.name}.${column.name}" is generated from the autoincrement column "${source.name}", which database "${withoutCounterSource.name}" (${withoutCounterSource.dialect}) refuses ` +
            '(an AUTO_INCREMENT column cannot be the base of a generated column); compute it from other columns',
          { sub: ['generated'] },
        )
      }
    }
    const needsKey = databases.find((d) => d.capabilities.constraints?.autoincrementNeedsKey)
    if (needsKey) {
      // The schema as the files end it, not a step inside a migration (there
      // the compiler adds AUTO_INCREMENT with the column's first key).
      for (const column of table.columns) {
        if (!column.autoincrement || startsKey(table as unknown as Table, column.name)) continue
        report.error(
          resolution.origins.get(column) ?? table.origin,
          `column "${table.name}.${column.name}" is autoincrement but no key of the table starts with it, which database "${needsKey.name}" (${needsKey.dialect}) requires (an AUTO_INCREMENT column is the first column of the primary key, a unique or an index); make it a key, or give it an index`,
          { sub: ['autoincrement'], key: true },
        )
      }
    }
    const said = new Set<string>()
    for (const database of databases) {
      for (const problem of constraintFeatureProblems(table as unknown as Table, database.capabilities.constraints)) {
        if (said.has(problem.what)) continue
        said.add(problem.what)
        report.error(
          resolution.origins.get(problem.item) ?? table.origin,
          `table "${table.name}" uses ${problem.what}, which database "${database.name}" (${database.dialect}) does not have`,
          { sub: problem.sub, ...(problem.sub.length ? { key: true } : {}) },
        )
      }
    }
    for (const index of table.indexes) {
      // Each feature once, naming the first database that lacks it.
      const said = new Set<string>()
      for (const database of databases) {
        for (const problem of indexFeatureProblems(index, database.capabilities.indexes)) {
          if (said.has(problem.what)) continue
          said.add(problem.what)
          report.error(
            resolution.origins.get(index) ?? table.origin,
            `index "${index.name}" of table "${table.name}" uses ${problem.what}, which database "${database.name}" (${database.dialect}) does not have`,
            { sub: problem.sub },
          )
        }
      }
    }
  }
  const withoutRls = databases.find((d) => !d.capabilities.rowLevelSecurity)
  if (withoutRls) {
    const lacks = `database "${withoutRls.name}" (${withoutRls.dialect}) has no row-level security (PostgreSQL only)`
    for (const table of resolution.schema.tables) {
      const origin = table.rowLevelSecurity && resolution.origins.get(table.rowLevelSecurity)
      if (origin) report.error(origin, `table "${table.name}": ${lacks}; keep it in a project of PostgreSQL databases`, { key: true })
    }
    for (const policy of resolution.schema.policies ?? []) {
      const origin = resolution.origins.get(policy)
      if (origin) report.error(origin, `policy "${policy.name}" on "${policy.table}": ${lacks}; keep it in a project of PostgreSQL databases`, { key: true })
    }
  }
  const withoutPartial = databases.find((d) => d.capabilities.partialIndexes === false)
  const withoutExpression = databases.find((d) => d.capabilities.expressionIndexes === false)
  const withoutVirtual = databases.find((d) => d.capabilities.virtualGeneratedColumns === false)
  if (!withoutPartial && !withoutExpression && !withoutVirtual) return
  for (const table of resolution.tables.values()) {
    for (const column of table.columns) {
      if (!withoutVirtual || column.generated === undefined || column.generated.stored) continue
      report.error(
        resolution.origins.get(column) ?? table.origin,
        `column "${table.name}.${column.name}" is a VIRTUAL generated column, which database "${withoutVirtual.name}" (${withoutVirtual.dialect}) cannot create; say stored: true`,
        { sub: ['generated'] },
      )
    }
    for (const index of table.indexes) {
      const origin = resolution.origins.get(index) ?? table.origin
      if (index.where !== undefined && withoutPartial) {
        report.error(
          origin,
          `index "${index.name}" of table "${table.name}" is partial (where), which database "${withoutPartial.name}" (${withoutPartial.dialect}) cannot create`,
          { sub: ['where'] },
        )
      }
      if (index.expression !== undefined && withoutExpression) {
        report.error(
          origin,
          `index "${index.name}" of table "${table.name}" is an expression index, which database "${withoutExpression.name}" (${withoutExpression.dialect}) cannot create; index a generated column instead`,
          { sub: ['expression'] },
        )
      }
    }
  }
}

/** The PostgreSQL-only object kinds (sequences, extensions, domains, composite / range types), each refused at its key. */
function checkObjectKinds(resolution: Resolution, report: Reporter, databases: readonly TargetDatabase[]): void {
  const kinds = [
    { flag: 'sequences', items: resolution.schema.sequences, what: 'sequence', lacks: 'no standalone sequences strata manages' },
    { flag: 'extensions', items: resolution.schema.extensions, what: 'extension', lacks: 'no extensions' },
    { flag: 'domains', items: resolution.schema.domains, what: 'domain', lacks: 'no domains' },
    { flag: 'customTypes', items: resolution.schema.types, what: 'type', lacks: 'no composite or range types' },
  ] as const
  for (const kind of kinds) {
    const without = databases.find((d) => !d.capabilities[kind.flag])
    if (!without) continue
    for (const item of kind.items ?? []) {
      const origin = resolution.origins.get(item)
      if (!origin) continue
      report.error(
        origin,
        `${kind.what} "${item.name}": database "${without.name}" (${without.dialect}) has ${kind.lacks} (PostgreSQL only); ` +
          'keep it in a project of PostgreSQL databases, or create it with a sql operation',
        { key: true },
      )
    }
  }
}

/** Two triggers of one database name on different tables, where names are per schema (SQLite, MySQL). */
function checkTriggerNames(resolution: Resolution, report: Reporter, databases: readonly TargetDatabase[]): void {
  // A body trigger's function is <table>_<name> where it has trigger functions (PostgreSQL): a longer
  // name would be cut, and the introspector would no longer know the function as the trigger's.
  const withFunctions = databases.find((d) => d.capabilities.triggerFunctions)
  for (const trigger of withFunctions ? resolution.schema.triggers ?? [] : []) {
    const origin = resolution.origins.get(trigger)
    if (!origin || trigger.body === undefined || trigger.dbName === undefined || identifierProblem(trigger.dbName)) continue
    const fn = triggerFunctionName(trigger)
    const long = identifierProblem(fn)
    if (long) {
      report.error(origin, `trigger "${trigger.name}": its trigger function "${fn}" (<table>_<name>) on database "${withFunctions!.name}" (${withFunctions!.dialect}): ${long}; give a shorter name:`, { sub: ['name'] })
    }
  }
  const schemaWide = databases.find((d) => !d.capabilities.triggerNamesPerTable)
  if (!schemaWide) return
  const seen = new Map<string, Trigger>()
  for (const trigger of resolution.schema.triggers ?? []) {
    const name = triggerDbName(trigger)
    const first = seen.get(name)
    if (!first) {
      seen.set(name, trigger)
      continue
    }
    const origin = resolution.origins.get(trigger)
    if (!origin) continue
    const at = resolution.origins.get(first)
    const where = at ? ` (${at.source.file}:${at.source.locate(at.path, { key: true }).line})` : ''
    report.error(
      origin,
      `trigger "${trigger.name}": trigger "${first.name}"${where} has the same name "${name}" in the database, and database "${schemaWide.name}" (${schemaWide.dialect}) names triggers per schema, not per table (PostgreSQL only); give one of them another name:`,
      { sub: trigger.dbName !== undefined ? ['name'] : [], key: true },
    )
  }
}
