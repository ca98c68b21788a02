/**
 * Schema-qualified names (`billing.invoices`, qualified.ts): at most one dot
 * in a table or enum name, and only for a project whose databases all have
 * several schemas (`capabilities.schemas`, PostgreSQL). Each refusal is at
 * the name's key, naming the database.
 */
import type { TargetDatabase } from './check-capabilities'
import type { Resolution } from './draft'
import type { Origin, Reporter } from './origins'
import { qualifiedNameProblem, schemaOfName } from './qualified'

export function checkSchemaNames(resolution: Resolution, report: Reporter, databases: readonly TargetDatabase[]): void {
  const without = databases.find((d) => !d.capabilities.schemas)
  const named: { subject: string; name: string; origin: Origin }[] = []
  for (const table of resolution.tables.values()) if (table.raw) named.push({ subject: `table "${table.name}"`, name: table.name, origin: table.origin })
  for (const { enum: e, origin } of resolution.enums.values()) named.push({ subject: `enum "${e.name}"`, name: e.name, origin })
  for (const item of named) {
    if (!item.name.includes('.')) continue
    const problem = qualifiedNameProblem(item.name)
    if (problem) {
      report.error(item.origin, `${item.subject}: the name ${problem}`, { key: true })
    } else if (without) {
      report.error(
        item.origin,
        `${item.subject} is in schema "${schemaOfName(item.name)}", but database "${without.name}" (${without.dialect}) has no schemas (PostgreSQL only); name it without a dot`,
        { key: true },
      )
    }
  }
}
