/**
 * The light path's command-line parser (issue 13, start-up). It parses only
 * the plain forms, where its result is exactly oclif's (v4 `lib/parser`):
 * `--flag`, `--no-flag` (allowNo), `--flag value`, `--flag=value`,
 * `-c value`, repeated `multiple` flags, positional arguments in order.
 * Anything else gives `undefined`, and bin/run.js then runs the command
 * through oclif, which prints its help or its error as before: `--help`,
 * an unknown flag, `--`, a value that starts with `-`, a flag given twice,
 * a value outside `options`, a non-integer for an integer flag, two
 * `exclusive` flags, a missing required argument, an extra argument, a
 * positional after a `multiple` flag (oclif gives it to the flag), and any
 * definition this parser does not model (env, dependsOn, relationships,
 * required flags, computed defaults, aliases).
 * test/cli/fast-parse.test.ts compares it with oclif's parser.
 */

/** A flag's or argument's definition as oclif's builders (or src/cli/flags.ts) return it. */
export interface Definition {
  readonly type?: string
  readonly char?: string
  readonly multiple?: boolean
  readonly allowNo?: boolean
  readonly options?: readonly string[]
  readonly exclusive?: readonly string[]
  readonly default?: unknown
  readonly required?: boolean
  readonly integer?: boolean
  readonly min?: number
  readonly max?: number
  readonly parse?: (input: never, context: unknown, options: unknown) => Promise<unknown>
  readonly [key: string]: unknown
}

export type Definitions = Readonly<Record<string, Definition>>

/** What `Command.parse` gives strata's commands. */
export interface Parsed {
  readonly flags: Record<string, unknown>
  readonly args: Record<string, unknown>
  readonly argv: string[]
}

const UNMODELLED = ['env', 'dependsOn', 'exactlyOne', 'relationships', 'aliases', 'charAliases', 'deprecateAliases', 'deprecated', 'delimiter', 'multipleNonGreedy']

function modelled(def: Definition): boolean {
  return UNMODELLED.every((key) => def[key] === undefined) && typeof def.default !== 'function' && !(def.type === 'boolean' && def.required)
}

const GIVE_WAY = Symbol('give way')

/** The definition's own parse (oclif's when the definitions are oclif's); a value it refuses is oclif's to report. */
async function parseValue(def: Definition, value: string): Promise<unknown> {
  if (!def.parse) return value
  try {
    return await def.parse(value as never, undefined, def)
  } catch {
    return GIVE_WAY
  }
}

/** Parse `argv` as oclif would, or `undefined` where this parser cannot be sure of that. */
export async function liteParse(
  argv: readonly string[],
  spec: { readonly flags: Definitions; readonly args: Definitions; readonly strict: boolean },
): Promise<Parsed | undefined> {
  const { flags: defs, args: argDefs } = spec
  if (!Object.values(defs).every(modelled) || !Object.values(argDefs).every(modelled)) return undefined
  if (Object.values(defs).some((d) => d.required)) return undefined
  const byChar = new Map<string, string>()
  for (const [name, def] of Object.entries(defs)) if (def.char) byChar.set(def.char, name)

  const flags: Record<string, unknown> = {}
  const positional: string[] = []
  let multipleSeen = false
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!
    if (token === '--' || token === '-') return undefined
    if (!token.startsWith('-')) {
      if (multipleSeen) return undefined
      positional.push(token)
      continue
    }
    let name: string | undefined
    let inline: string | undefined
    if (token.startsWith('--')) {
      const eq = token.indexOf('=')
      name = eq === -1 ? token.slice(2) : token.slice(2, eq)
      inline = eq === -1 ? undefined : token.slice(eq + 1)
      if (!defs[name]) {
        const base = name.startsWith('no-') ? name.slice(3) : undefined
        if (base === undefined || inline !== undefined || defs[base]?.type !== 'boolean' || !defs[base]!.allowNo) return undefined
        if (base in flags) return undefined
        flags[base] = false
        continue
      }
    } else {
      if (token.length !== 2) return undefined
      name = byChar.get(token[1]!)
      if (name === undefined) return undefined
    }
    const def = defs[name]!
    if (def.type === 'boolean') {
      if (inline !== undefined || name in flags) return undefined
      flags[name] = true
      continue
    }
    if (def.type !== 'option') return undefined
    let value = inline
    if (value === undefined) {
      value = argv[++i]
      if (value === undefined || value.startsWith('-')) return undefined
    }
    if (def.options && !def.options.includes(value)) return undefined
    if (def.integer) {
      if (!/^-?\d+$/.test(value)) return undefined
      const n = Number.parseInt(value, 10)
      if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max)) return undefined
    }
    const parsed = await parseValue(def, value)
    if (parsed === GIVE_WAY) return undefined
    if (def.multiple) {
      multipleSeen = true
      ;((flags[name] ??= []) as unknown[]).push(parsed)
    } else {
      if (name in flags) return undefined
      flags[name] = parsed
    }
  }
  for (const name of Object.keys(flags)) {
    if (defs[name]!.exclusive?.some((other) => other in flags)) return undefined
  }
  for (const [name, def] of Object.entries(defs)) {
    if (!(name in flags) && def.default !== undefined) flags[name] = def.default
  }

  const names = Object.keys(argDefs)
  if (spec.strict && positional.length > names.length) return undefined
  const args: Record<string, unknown> = {}
  for (const [i, name] of names.entries()) {
    const def = argDefs[name]!
    const value = positional[i]
    if (value === undefined) {
      if (def.required) return undefined
      if (def.default !== undefined) args[name] = def.default
      continue
    }
    if (def.options && !def.options.includes(value)) return undefined
    const parsed = await parseValue(def, value)
    if (parsed === GIVE_WAY) return undefined
    args[name] = parsed
  }
  return { flags, args, argv: positional }
}
