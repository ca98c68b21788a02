/**
 * Which tables `strata erd` draws: names and globs (`billing_*`), and with
 * `--depth N` every table within N relationships of them, so that a large
 * schema gives a readable picture around the tables of interest.
 */
import { UsageError } from '../errors'
import type { Schema } from '../schema/model'
import { isJoinTable } from './erd-model'

/** `*` any run of characters, `?` one character, `[abc]` one of them; the rest literal. */
export function globToRegExp(glob: string): RegExp {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!
    if (ch === '*') out += '.*'
    else if (ch === '?') out += '.'
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1)
      if (end < 0) out += '\\['
      else {
        out += `[${glob.slice(i + 1, end).replace(/\\/g, '\\\\').replace(/^!/, '^')}]`
        i = end
      }
    } else out += ch.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  return new RegExp(`^${out}$`)
}

export interface Selection {
  /** The tables to draw; undefined: all of them. */
  readonly shown?: ReadonlySet<string>
  /** Tables named exactly (not through a glob or depth): a join table named so is drawn as a table. */
  readonly named: ReadonlySet<string>
}

/**
 * Resolve patterns (names or globs; commas separate several in one) and a
 * depth to the tables shown. A name or glob that matches no table is a
 * usage error naming it.
 */
export function selectTables(schema: Schema, patterns: readonly string[], depth?: number): Selection {
  const all = schema.tables.map((t) => t.name)
  const list = patterns.flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean)
  if (!list.length) {
    if (depth !== undefined) throw new UsageError('--depth needs tables to start from: strata erd TABLE --depth N')
    return { named: new Set() }
  }
  const seeds = new Set<string>()
  const named = new Set<string>()
  for (const pattern of list) {
    const re = globToRegExp(pattern)
    const matches = all.filter((t) => re.test(t))
    if (!matches.length) throw new UsageError(`no table matches "${pattern}" (the schema has ${all.length} table${all.length === 1 ? '' : 's'})`)
    for (const m of matches) seeds.add(m)
    if (!/[*?[]/.test(pattern)) named.add(pattern)
  }
  if (!depth) return { shown: seeds, named }
  // Neighbours: both ends of every foreign key; a join table's two ends are one step apart.
  const neighbours = new Map<string, Set<string>>(all.map((t) => [t, new Set<string>()]))
  const link = (a: string, b: string) => {
    neighbours.get(a)?.add(b)
    neighbours.get(b)?.add(a)
  }
  for (const t of schema.tables) {
    for (const fk of t.foreignKeys) link(t.name, fk.references.table)
    if (isJoinTable(t)) link(t.foreignKeys[0]!.references.table, t.foreignKeys[1]!.references.table)
  }
  const shown = new Set(seeds)
  let frontier = [...seeds]
  for (let step = 0; step < depth && frontier.length; step++) {
    const next: string[] = []
    for (const t of frontier) for (const n of neighbours.get(t) ?? []) if (!shown.has(n)) (shown.add(n), next.push(n))
    frontier = next
  }
  return { shown, named }
}
