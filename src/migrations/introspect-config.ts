/**
 * strata.yaml for a project that `strata introspect` starts (issue 7 item
 * 11): the database it read becomes `databases.default`, so the next
 * command needs no `-d`. Written only when the project has no strata.yaml.
 */
import { isAbsolute, join, relative } from 'node:path'
import { schemaModeline } from '../paths'
import { CONFIG_FILE, type Project } from '../project'
import { writeFileAtomic } from './atomic'

/** The variable a password in the URL is replaced by: a password is not written into a file meant to be committed. */
export const PASSWORD_VARIABLE = 'STRATA_DATABASE_PASSWORD'

/**
 * The URL as strata.yaml keeps it: a password becomes `${STRATA_DATABASE_PASSWORD}`
 * (read from the environment, see resolveDatabaseUrl), a SQLite file inside
 * the project a path relative to it.
 */
export function configUrl(url: string, root: string): { readonly url: string; readonly password: boolean } {
  const sqlite = /^sqlite:(.*)$/i.exec(url)
  if (sqlite) {
    const path = sqlite[1]!
    if (!isAbsolute(path)) return { url, password: false }
    const inside = relative(root, path)
    return { url: inside && !inside.startsWith('..') && !isAbsolute(inside) ? `sqlite:./${inside}` : url, password: false }
  }
  // scheme://user:password@host…: the userinfo ends at the last @ before the path.
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i.exec(url)
  if (!match) return { url, password: false }
  const userinfo = match[2]!
  const colon = userinfo.indexOf(':')
  if (colon < 0) return { url, password: false }
  return { url: `${match[1]}${userinfo.slice(0, colon)}:\${${PASSWORD_VARIABLE}}@${url.slice(match[0].length)}`, password: true }
}

/** A YAML scalar: plain when that reads back the same, else double-quoted (JSON is valid YAML). */
function scalar(value: string): string {
  return /^[A-Za-z0-9_.\/][A-Za-z0-9_.\/:@${}?=&%+~-]*$/.test(value) && !/:$/.test(value) ? value : JSON.stringify(value)
}

/** Write strata.yaml naming `url` as the default database, unless the project has one. Returns its path, or undefined. */
export function writeIntrospectConfig(project: Project, url: string): { readonly path: string; readonly password: boolean } | undefined {
  if (project.configFile) return undefined
  const path = join(project.root, CONFIG_FILE)
  const { url: kept, password } = configUrl(url, project.root)
  const folder = (p: string) => relative(project.root, p) || '.'
  writeFileAtomic(
    path,
    [
      `# strata's configuration, written by strata introspect. Every key has a default.`,
      schemaModeline('strata-config', project.root),
      `schemas: ${scalar(folder(project.schemas))}`,
      `migrations: ${scalar(folder(project.migrations))}`,
      'databases:',
      `  default: ${scalar(kept)}${password ? `   # the password is read from $${PASSWORD_VARIABLE}` : ''}`,
      '',
    ].join('\n'),
  )
  return { path, password }
}
