/**
 * A small YAML writer for the files strata generates (migrations). The
 * `yaml` package's Document model costs about a second per megabyte; a
 * 2,000-table initial migration is two megabytes. Layout: block maps and
 * sequences, with any collection whose one-line form is short written on one
 * line (SPEC §4's example style).
 *
 * Scalars are written plain only when they are unmistakably strings (a
 * letter first, then letters, digits, `_`, `.`, `-`, `/`, and not a word YAML
 * or a YAML 1.1 reader would take for a boolean or null); everything else is
 * a JSON string, which is a valid YAML double-quoted scalar.
 */

/** Longest one-line form of a collection written in flow style. */
const FLOW_LIMIT = 100

const SAFE_PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*$/
/** Migration names (`0002_post_tags`): digits first, but never a number. */
const MIGRATION_NAME = /^\d{4}_[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*$/
/** Words that YAML 1.2 (or a YAML 1.1 reader) resolves to something other than a string. */
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i

/**
 * Strings already written, with their scalar: the one-line tries at each
 * level of a 7,000-operation migration meet the same names and types again
 * and again. Bounded, so that a file of unique strings does not keep them all.
 */
const written = new Map<string, string>()
const WRITTEN_LIMIT = 50_000

export function yamlScalar(value: unknown): string {
  if (typeof value === 'string') {
    let text = written.get(value)
    if (text === undefined) {
      text = (SAFE_PLAIN.test(value) && !RESERVED.test(value)) || MIGRATION_NAME.test(value) ? value : JSON.stringify(value)
      if (written.size < WRITTEN_LIMIT) written.set(value, text)
    }
    return text
  }
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return String(value)
    return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf'
  }
  const text = String(value)
  return (SAFE_PLAIN.test(text) && !RESERVED.test(text)) || MIGRATION_NAME.test(text) ? text : JSON.stringify(text)
}

function isCollection(value: unknown): value is object {
  return value !== null && typeof value === 'object'
}

function entries(value: object): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined)
}

/** The one-line (flow) form, or undefined when it is longer than the limit. */
function flow(value: unknown, budget: number): string | undefined {
  if (!isCollection(value)) return yamlScalar(value)
  const parts: string[] = []
  let length = 4
  const items: [string | undefined, unknown][] = Array.isArray(value) ? value.map((v) => [undefined, v]) : entries(value)
  for (const [key, item] of items) {
    const inner = flow(item, budget - length)
    if (inner === undefined) return undefined
    const part = key === undefined ? inner : `${yamlScalar(key)}: ${inner}`
    length += part.length + 2
    if (length > budget) return undefined
    parts.push(part)
  }
  if (!parts.length) return Array.isArray(value) ? '[]' : '{}'
  return Array.isArray(value) ? `[ ${parts.join(', ')} ]` : `{ ${parts.join(', ')} }`
}

/** A key path from the top of the document: keys and sequence positions. */
export type YamlPath = readonly (string | number)[]

export interface EmitOptions {
  /** Comment lines before the document (each gets a `#`). */
  readonly header?: string
  /** Longest one-line form of a collection written in flow style (default 100). */
  readonly flowLimit?: number
  /** Collections to keep in block style however short they are. */
  readonly keepBlock?: (path: YamlPath, value: object) => boolean
}

class Emitter {
  readonly out: string[] = []
  constructor(private readonly options: EmitOptions) {}

  private oneLine(path: YamlPath, value: unknown): string | undefined {
    if (isCollection(value) && this.options.keepBlock?.(path, value) && (Array.isArray(value) ? value.length : entries(value).length)) {
      return undefined
    }
    return flow(value, this.options.flowLimit ?? FLOW_LIMIT)
  }

  /** `key: value` at `prefix` (the text before the key on its line), and what nests under it. */
  key(prefix: string, path: YamlPath, value: unknown): void {
    const head = `${prefix}${yamlScalar(path[path.length - 1])}:`
    const oneLine = this.oneLine(path, value)
    if (oneLine !== undefined) {
      this.out.push(`${head} ${oneLine}`)
      return
    }
    this.out.push(head)
    const child = ' '.repeat(prefix.length) + '  '
    if (Array.isArray(value)) value.forEach((item, i) => this.item(child, [...path, i], item))
    else for (const [k, v] of entries(value as object)) this.key(child, [...path, k], v)
  }

  /** `- item` at `indent`; a map's first key goes on the dash's line. */
  item(indent: string, path: YamlPath, value: unknown): void {
    const oneLine = this.oneLine(path, value)
    if (oneLine !== undefined) {
      this.out.push(`${indent}- ${oneLine}`)
      return
    }
    if (Array.isArray(value)) {
      this.out.push(`${indent}-`)
      value.forEach((sub, i) => this.item(`${indent}  `, [...path, i], sub))
      return
    }
    entries(value as object).forEach(([k, v], i) => this.key(i === 0 ? `${indent}- ` : `${indent}  `, [...path, k], v))
  }
}

/** A document: a top-level map in block style. */
export function emitYamlDocument(doc: Record<string, unknown>, options: EmitOptions = {}): string {
  const emitter = new Emitter(options)
  if (options.header !== undefined) emitter.out.push(...options.header.split('\n').map((l) => `#${l}`))
  for (const [key, value] of entries(doc)) emitter.key('', [key], value)
  return emitter.out.join('\n') + '\n'
}
