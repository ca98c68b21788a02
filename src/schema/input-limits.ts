/**
 * Input that parsers and databases cannot take, found before they see it:
 * YAML nested deeper than a recursive reader can follow (the fast reader,
 * the yaml package and ajv all recurse once per level, and V8's stack ends
 * somewhere past a few thousand levels), and NUL characters, which
 * PostgreSQL cannot store in text and SQLite's SQL tokenizer stops at.
 * https://www.postgresql.org/docs/current/datatype-character.html
 */
import type { Diagnostic } from '../errors'
import type { YamlSource } from './yaml-source'

/** Deeper than any schema or migration file needs (a table is about 6 levels deep). */
export const MAX_NESTING = 200

/**
 * The offset where the text's nesting first exceeds `limit` levels (flow
 * brackets, block indentation and compact `- - -` sequences counted
 * together), or undefined. A cheap over-approximation of the YAML structure:
 * quotes and comments are skipped, so brackets inside them do not count.
 */
export function nestingTooDeep(text: string, limit = MAX_NESTING): number | undefined {
  const indents: number[] = []
  let flow = 0
  let i = 0
  const n = text.length
  while (i < n) {
    // At a line start: indentation and leading dashes.
    let indent = 0
    while (i + indent < n && text[i + indent] === ' ') indent++
    const lineStart = i
    i += indent
    if (flow === 0 && i < n && text[i] !== '\n' && text[i] !== '#') {
      while (indents.length && indents[indents.length - 1]! > indent) indents.pop()
      if (!indents.length || indents[indents.length - 1]! < indent) indents.push(indent)
      let dashes = 0
      while (i < n && text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\n')) {
        dashes++
        i += 1
        while (i < n && text[i] === ' ') i++
      }
      if (indents.length + dashes > limit) return lineStart
    }
    // The rest of the line: flow brackets outside quotes and comments.
    let prev = ' '
    while (i < n && text[i] !== '\n') {
      const c = text[i]!
      if (c === '#' && (prev === ' ' || prev === '\t')) {
        while (i < n && text[i] !== '\n') i++
        break
      }
      if ((c === '"' || c === "'") && /[\s[{,:]/.test(prev)) {
        const close = c
        i++
        while (i < n && text[i] !== close) {
          if (close === '"' && text[i] === '\\') i++
          i++
        }
        prev = close
        i++
        continue
      }
      if (c === '[' || c === '{') {
        flow++
        if (flow + indents.length > limit) return i
      } else if ((c === ']' || c === '}') && flow > 0) flow--
      prev = c
      i++
    }
    i++
  }
  return undefined
}

/** Every string (key or value) of the document holding a NUL character, located. */
export function nulDiagnostics(source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = []
  const walk = (value: unknown, path: (string | number)[]) => {
    if (out.length >= 20) return
    if (typeof value === 'string') {
      if (value.includes('\0')) {
        const at = source.locate(path)
        out.push({ file: source.file, ...at, severity: 'error', message: `${describe(path)} contains a NUL character (\\0), which databases cannot store in text or SQL` })
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, i]))
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('\0')) {
          const at = source.locate([...path, k], { key: true })
          out.push({ file: source.file, ...at, severity: 'error', message: `the key ${JSON.stringify(k)} contains a NUL character (\\0)` })
        }
        walk(v, [...path, k])
      }
    }
  }
  walk(source.value, [])
  return out
}

function describe(path: readonly (string | number)[]): string {
  return path.length ? `the value at ${path.join('.')}` : 'the document'
}
