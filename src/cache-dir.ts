/** strata's local cache folder in a project (`.strata/`): never part of the project, safe to delete. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const CACHE_DIR = '.strata'

/** Create the folder, with a .gitignore that ignores it whole (as .pytest_cache does), where .gitignore does not name it. */
export function ensureCacheDir(dir: string): void {
  mkdirSync(dir, { recursive: true })
  const ignore = join(dir, '.gitignore')
  if (!existsSync(ignore)) writeFileSync(ignore, "# strata's local caches (safe to delete)\n*\n")
}
