/**
 * The dialects of a project's databases (strata.yaml `databases`, and
 * STRATA_DATABASE_URL), so that schema checks can refuse what one of them
 * cannot hold. A URL whose scheme is behind an unset `${VAR}` is skipped.
 */
import { dialectForUrl } from './dialects'
import type { Project } from './project'
import type { TargetDatabase } from './schema/check-capabilities'

export function projectDatabases(project: Project, env: NodeJS.ProcessEnv = process.env): TargetDatabase[] {
  const entries: [string, string][] = Object.entries(project.databases)
  if (env.STRATA_DATABASE_URL) entries.push(['STRATA_DATABASE_URL', env.STRATA_DATABASE_URL])
  const out: TargetDatabase[] = []
  for (const [name, raw] of entries) {
    const url = raw.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, variable: string) => env[variable] ?? '')
    try {
      const dialect = dialectForUrl(url)
      out.push({ name, dialect: dialect.name, capabilities: dialect.capabilities })
    } catch {
      // Not a URL strata knows (yet): the command that connects reports it.
    }
  }
  return out
}
