/**
 * Finding schema files: every `*.yaml` / `*.yml` under a folder, or the files
 * a glob (`schemas/**\/*.yaml`, `db/{a,b}.yml`) matches.
 */
import type { Dirent } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { UsageError } from '../errors'

/** A schema file: where to read it, and how to name it in messages (relative to cwd). */
export interface SchemaFile {
  readonly path: string
  readonly display: string
}

const GLOB_CHARS = /[*?[{]/
const YAML_FILE = /\.ya?ml$/i

/** The schema files named by `schemas` (a folder, a file or a glob), sorted. A missing folder is a UsageError. */
export async function findSchemaFiles(schemas: string, cwd: string): Promise<SchemaFile[]> {
  const target = resolve(cwd, schemas)
  const info = await stat(target).catch(() => undefined)
  let paths: string[]
  if (info?.isDirectory()) {
    paths = await walk(target)
    paths = paths.filter((p) => YAML_FILE.test(p))
  } else if (info?.isFile()) {
    paths = [target]
  } else if (GLOB_CHARS.test(schemas)) {
    paths = await glob(target)
  } else {
    const shown = relative(cwd, target) || target
    throw new UsageError(
      `the schemas folder "${shown}" does not exist: run \`strata init\` to start a project here, or set schemas: in strata.yaml`,
      { schemas, path: target },
    )
  }
  const display = (p: string): string => {
    const rel = relative(cwd, p)
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p
  }
  return paths.sort().map((p) => ({ path: p, display: display(p) }))
}

/** Every file under `dir`, skipping hidden folders (.git) and node_modules. */
async function walk(dir: string): Promise<string[]> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true })
  const out: string[] = []
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(...(await walk(path)))
    } else if (entry.isFile()) out.push(path)
  }
  return out
}

/** Files matching an absolute glob: `**` any depth, `*` and `?` within a name, `{a,b}` alternatives, `[...]` classes. */
async function glob(pattern: string): Promise<string[]> {
  const parts = pattern.split(sep)
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p))
  const base = parts.slice(0, firstGlob).join(sep) || sep
  const info = await stat(base).catch(() => undefined)
  if (!info?.isDirectory()) return []
  const regex = globToRegExp(pattern)
  return (await walk(base)).filter((p) => regex.test(p))
}

export function globToRegExp(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more folders.
      if (pattern[i + 2] === sep) {
        out += `(?:[^${escape(sep)}]*${escape(sep)})*`
        i += 2
      } else {
        out += '.*'
        i += 1
      }
    } else if (c === '*') out += `[^${escape(sep)}]*`
    else if (c === '?') out += `[^${escape(sep)}]`
    else if (c === '{') {
      const end = pattern.indexOf('}', i)
      if (end < 0) out += '\\{'
      else {
        out += `(?:${pattern.slice(i + 1, end).split(',').map(escape).join('|')})`
        i = end
      }
    } else if (c === '[') {
      const end = pattern.indexOf(']', i)
      if (end < 0) out += '\\['
      else {
        out += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`
        i = end
      }
    } else out += escape(c)
  }
  return new RegExp(`^${out}$`)
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
