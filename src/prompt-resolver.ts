/**
 * The CLI's answers to what the diff cannot decide alone: on a terminal it
 * asks (Django's "Did you rename …? [y/N]" and one-off defaults); otherwise
 * it takes `--default table.column=VALUE` values and confirms no renames.
 */
import { createInterface } from 'node:readline/promises'
import type { DiffResolver } from './diff/rename'
import { UsageError } from './errors'
import type { Literal, TypeSpec } from './schema/model'

/** Parse `table.column=VALUE` flags; VALUE is read as YAML would read a scalar (numbers, true/false, else text). */
export function parseDefaults(values: readonly string[]): Record<string, Literal> {
  const out: Record<string, Literal> = {}
  for (const value of values) {
    const match = /^([^.=]+)\.([^=]+)=(.*)$/s.exec(value)
    if (!match) throw new UsageError(`--default "${value}" is not table.column=VALUE`)
    out[`${match[1]}.${match[2]}`] = scalar(match[3]!)
  }
  return out
}

function scalar(text: string): Literal {
  if (text === 'true') return true
  if (text === 'false') return false
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text)
  return text.replace(/^'(.*)'$|^"(.*)"$/s, '$1$2')
}

export function cliResolver(options: { interactive: boolean; defaults: Record<string, Literal> }): DiffResolver {
  const ask = async (question: string): Promise<string> => {
    const rl = createInterface({ input: process.stdin, output: process.stderr })
    try {
      return (await rl.question(question)).trim()
    } finally {
      rl.close()
    }
  }
  return {
    async confirmColumnRename(table, from, to) {
      if (!options.interactive) return false
      return /^y(es)?$/i.test(await ask(`Did you rename ${table}.${from} to ${table}.${to}? [y/N] `))
    },
    async confirmTableRename(from, to) {
      if (!options.interactive) return false
      return /^y(es)?$/i.test(await ask(`Did you rename table ${from} to ${to}? [y/N] `))
    },
    async fillValue(table, column, type: TypeSpec) {
      const given = options.defaults[`${table}.${column}`]
      if (given !== undefined || !options.interactive) return given
      const answer = await ask(
        `Column ${table}.${column} (${type.type}) is NOT NULL and has no default, and ${table} may hold rows.\n` +
          'Give a one-off value for the existing rows (empty to stop and add a default to the schema instead): ',
      )
      return answer === '' ? undefined : scalar(answer)
    },
  }
}
