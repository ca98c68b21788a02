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

export function yamlScalar(value: unknown): string {
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

/** `key: value` at `prefix` (the text before the key on its line), and what nests under it. */
function keyLines(out: string[], prefix: string, key: string, value: unknown): void {
  const head = `${prefix}${yamlScalar(key)}:`
  const oneLine = flow(value, FLOW_LIMIT)
  if (oneLine !== undefined) {
    out.push(`${head} ${oneLine}`)
    return
  }
  out.push(head)
  const child = ' '.repeat(prefix.length) + '  '
  if (Array.isArray(value)) for (const item of value) itemLines(out, child, item, false)
  else for (const [k, v] of entries(value as object)) keyLines(out, child, k, v)
}

/** `- item` at `indent`; a map's first key goes on the dash's line. */
function itemLines(out: string[], indent: string, item: unknown, forceBlock: boolean): void {
  const oneLine = forceBlock ? undefined : flow(item, FLOW_LIMIT)
  if (oneLine !== undefined) {
    out.push(`${indent}- ${oneLine}`)
    return
  }
  if (Array.isArray(item)) {
    out.push(`${indent}-`)
    for (const sub of item) itemLines(out, `${indent}  `, sub, false)
    return
  }
  entries(item as object).forEach(([k, v], i) => keyLines(out, i === 0 ? `${indent}- ` : `${indent}  `, k, v))
}

/**
 * A document: a top-level map in block style. The items of the sequences
 * named in `blockLists` (a migration's operations) stay in block style
 * however short they are: `- dropTable: users`.
 */
export function emitYamlDocument(doc: Record<string, unknown>, options: { header?: string; blockLists?: readonly string[] } = {}): string {
  const out: string[] = []
  if (options.header !== undefined) out.push(...options.header.split('\n').map((l) => `#${l}`))
  for (const [key, value] of entries(doc)) {
    if (options.blockLists?.includes(key) && Array.isArray(value) && value.length) {
      out.push(`${yamlScalar(key)}:`)
      for (const item of value) itemLines(out, '  ', item, isCollection(item) && !Array.isArray(item))
    } else {
      keyLines(out, '', key, value)
    }
  }
  return out.join('\n') + '\n'
}
