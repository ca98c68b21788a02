/** Where a `sqlite:` URL points. */
import { isAbsolute, resolve } from 'node:path'

/** The file path of a `sqlite:` URL: `sqlite:PATH` (relative to the working directory), `sqlite:/abs`, `sqlite::memory:`. */
export function sqlitePath(url: string): string {
  let rest = url.replace(/^sqlite:/i, '')
  if (rest === ':memory:' || rest === '') return ':memory:'
  // sqlite:///abs/path and sqlite://rel/path, as SQLAlchemy-style URLs write them.
  if (rest.startsWith('//')) rest = rest.slice(2)
  return isAbsolute(rest) ? rest : resolve(process.cwd(), rest)
}
