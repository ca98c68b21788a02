/**
 * What shell completion offers beyond command and flag names (those come
 * from oclif's plugin-autocomplete): database names from strata.yaml,
 * migration names from the migrations folder, table names from the schema
 * files, command names for `strata help`, and the fixed options of a flag or
 * argument. Everything here is read cheaply and never fails: a project that
 * does not load completes nothing.
 */
import { readdirSync } from 'node:fs'
import { loadProject } from '../project'
import { loadSchemaFiles } from '../schema/load'

/** The part of an oclif command's manifest entry that completion reads. */
export interface CommandInfo {
  readonly id: string
  readonly hidden?: boolean
  readonly strict?: boolean
  readonly flags: Readonly<Record<string, { readonly type: 'boolean' | 'option'; readonly char?: string; readonly options?: readonly string[]; readonly hidden?: boolean }>>
  readonly args: Readonly<Record<string, { readonly name?: string; readonly options?: readonly string[] }>>
}

/** Names of the migrations (`0001_initial`) in the project's migrations folder, sorted. */
export function migrationNames(config?: string): string[] {
  try {
    const project = loadProject(config ? { config } : {})
    return readdirSync(project.migrations)
      .filter((f) => /^\d{4}_.*\.ya?ml$/.test(f))
      .map((f) => f.replace(/\.ya?ml$/, ''))
      .sort()
  } catch {
    return []
  }
}

/** Database names from strata.yaml (`default` always). */
export function databaseNames(config?: string): string[] {
  try {
    const project = loadProject(config ? { config } : {})
    return [...new Set(['default', ...Object.keys(project.databases)])].sort()
  } catch {
    return ['default']
  }
}

/** Table names of the schema files. */
export async function tableNames(config?: string): Promise<string[]> {
  try {
    const project = loadProject(config ? { config } : {})
    return (await loadSchemaFiles(project.schemas, { settings: { grants: project.grants } })).schema.tables.map((t) => t.name)
  } catch {
    return []
  }
}

/**
 * Candidates for the last of `words` (the words after `strata`, the last one
 * being completed, possibly empty), given the commands. Not filtered by the
 * prefix: the shell does that.
 */
export async function completions(words: readonly string[], commands: readonly CommandInfo[]): Promise<string[]> {
  const visible = commands.filter((c) => !c.hidden)
  const before = words.slice(0, -1)
  const current = words[words.length - 1] ?? ''
  // The command: the longest run of leading words that names one (topics are separated by spaces).
  let command: CommandInfo | undefined
  let used = 0
  for (let i = before.length; i > 0 && !command; i--) {
    command = commands.find((c) => c.id === before.slice(0, i).join(':'))
    if (command) used = i
  }
  if (!command) {
    const typed = before.join(':')
    return [...new Set(visible.filter((c) => typed === '' || c.id.startsWith(typed + ':')).map((c) => c.id.split(':')[before.length]!))]
  }
  const config = flagValue(before, '--config')
  const rest = before.slice(used)
  const flagOf = (word: string) =>
    word.startsWith('--')
      ? command!.flags[word.slice(2).split('=')[0]!]
      : word.length === 2 && word[0] === '-'
        ? Object.values(command!.flags).find((f) => f.char === word[1])
        : undefined
  const previous = rest[rest.length - 1]
  const previousFlag = previous && !previous.includes('=') ? flagOf(previous) : undefined
  if (previousFlag?.type === 'option') {
    const name = Object.entries(command.flags).find(([, f]) => f === previousFlag)![0]
    if (previousFlag.options) return [...previousFlag.options]
    if (name === 'database') return databaseNames(config)
    if (name === 'tables') return tableNames(config)
    return []
  }
  if (current.startsWith('-')) {
    return Object.entries(command.flags)
      .filter(([, f]) => !f.hidden)
      .flatMap(([name, f]) => (f.type === 'boolean' && name === 'color' ? ['--color', '--no-color'] : [`--${name}`]))
  }
  // Which positional argument is being completed: count the words that are not flags or flag values.
  let position = 0
  for (let i = 0; i < rest.length; i++) {
    const flag = flagOf(rest[i]!)
    if (flag) {
      if (flag.type === 'option' && !rest[i]!.includes('=')) i++
      continue
    }
    if (!rest[i]!.startsWith('-')) position++
  }
  const args = Object.entries(command.args)
  const entry = args[position] ?? (command.strict === false ? args[args.length - 1] : undefined)
  if (!entry) return []
  const [name, arg] = entry
  if (arg.options) return [...arg.options]
  if (/^(target|migrations?|from|to)$/i.test(name)) return [...migrationNames(config), ...(name === 'target' ? ['zero'] : [])]
  if (/^tables?$/i.test(name)) return tableNames(config)
  if (/^commands?$/i.test(name)) return [...new Set(visible.map((c) => c.id.split(':')[0]!))]
  return []
}

function flagValue(words: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    if (words[i] === flag) return words[i + 1]
    if (words[i]!.startsWith(flag + '=')) return words[i]!.slice(flag.length + 1)
  }
  return undefined
}
