/**
 * The CLI's answers to what the diff cannot decide alone: on a terminal it
 * asks (Django's "Did you rename …? [y/N]" and one-off defaults); otherwise
 * it takes `--default table.column=VALUE` values and confirms no renames.
 */
import { createInterface } from 'node:readline/promises'
import type { DiffResolver } from './diff/rename'
import { UsageError } from './errors'
import type { TypeSpec } from './schema/model'
import { ValueMisfit, parseTypedValue } from './schema/parse-value'

/** `string(20)`, `decimal(10,2)`, `integer`. */
function typeLabel(type: TypeSpec): string {
  if (type.length !== undefined) return `${type.type}(${type.length})`
  if (type.precision !== undefined) return `${type.type}(${type.precision}${type.scale !== undefined ? `,${type.scale}` : ''})`
  return type.type
}

/**
 * Parse `table.column=VALUE` flags. VALUE stays text here: it is read as the
 * column's type when the diff asks for it (see parseTypedValue), so `00000`
 * for a string column stays "00000".
 */
export function parseDefaults(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const value of values) {
    const match = /^([^.=]+)\.([^=]+)=(.*)$/s.exec(value)
    if (!match) throw new UsageError(`--default "${value}" is not table.column=VALUE`)
    out[`${match[1]}.${match[2]}`] = match[3]!
  }
  return out
}

export function cliResolver(options: { interactive: boolean; defaults: Record<string, string> }): DiffResolver {
  const ask = async (question: string, trim = true): Promise<string> => {
    const rl = createInterface({ input: process.stdin, output: process.stderr })
    try {
      const answer = await rl.question(question)
      return trim || answer.trim() === '' ? answer.trim() : answer
    } finally {
      rl.close()
    }
  }
  /** `--default table.column=VALUE`, else (on a terminal) asked until it fits the type; undefined when none is given. */
  const oneOffValue = async (table: string, column: string, type: TypeSpec, first: string) => {
    const given = options.defaults[`${table}.${column}`]
    if (given !== undefined) {
      try {
        return parseTypedValue(given, type)
      } catch (error) {
        if (!(error instanceof ValueMisfit)) throw error
        throw new UsageError(`--default ${table}.${column}=${given}: does not fit column ${table}.${column} (${typeLabel(type)}): ${error.problem}`)
      }
    }
    if (!options.interactive) return undefined
    let question = first
    for (;;) {
      // Not trimmed: a string column may want the spaces typed.
      const answer = await ask(question, false)
      if (answer === '') return undefined
      try {
        return parseTypedValue(answer, type)
      } catch (error) {
        if (!(error instanceof ValueMisfit)) throw error
        question = `That does not fit ${typeLabel(type)}: ${error.problem}. Another value for the existing rows (empty to stop): `
      }
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
    fillValue: (table, column, type: TypeSpec) =>
      oneOffValue(table, column, type, `Column ${table}.${column} (${typeLabel(type)}) is NOT NULL and has no default, and ${table} may hold rows.\n` +
        'Give a one-off value for the existing rows (empty to stop and add a default to the schema instead): '),
    reversalValue: (table, column, type: TypeSpec) =>
      oneOffValue(table, column, type, `Column ${table}.${column} (${typeLabel(type)}) is dropped; it is NOT NULL without a default.\n` +
        'Give the value reversing this migration puts back in the existing rows (empty for a placeholder): '),
  }
}
