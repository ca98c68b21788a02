/**
 * YAML files with source positions: the parsed value plus a way back from a
 * path in that value to the line and column of the node that produced it, so
 * that every later stage (ajv, semantic checks, migration and config readers)
 * can report `file:line:col`.
 */
import type { Document, Node, Pair } from 'yaml'
import type { Diagnostic } from '../errors'
import { MAX_NESTING, nestingTooDeep, nulDiagnostics } from './input-limits'
import { locateFast, parseYamlFast } from './yaml-fast'

/**
 * The yaml package, loaded on first use: files in the plain subset that
 * yaml-fast.ts reads (every file strata writes, and most that people write)
 * never need it, and neither does start-up.
 */
function yamlLib(): typeof import('yaml') {
  return require('yaml') as typeof import('yaml')
}

/** A parsed YAML file that remembers where each value came from. */
export interface YamlSource {
  /** Path as given (relative to cwd for messages). */
  readonly file: string
  /** Plain JS value (`doc.toJS()`). */
  readonly value: unknown
  /**
   * Line/column (1-based) of the node at `path` (e.g.
   * `['tables','posts','columns','title','type']`); the key's position when
   * `key: true`; falls back to the nearest existing ancestor.
   */
  locate(path: readonly (string | number)[], options?: { key?: boolean }): { line: number; column: number }
}

/**
 * Aliases are expanded by `toJS`; a "billion laughs" file makes that
 * exponential, so the expansion is capped (yaml's `maxAliasCount`, see
 * https://eemeli.org/yaml/#tojs-options).
 */
const MAX_ALIAS_COUNT = 100

/**
 * Parse one file. Malformed YAML, duplicate keys, non-UTF-8 bytes, an empty
 * file, unresolved or excessive aliases: Diagnostics with file:line:col, and
 * no source. YAML warnings come back as `warning` diagnostics next to the source.
 * Files in the plain subset of yaml-fast.ts are read by it, the others by
 * the yaml package; both give the same value and the same positions.
 */
export function parseYamlSource(
  file: string,
  content: Buffer | string,
  options: { fast?: boolean } = {},
): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const parsed = parseChecked(file, content, options)
  // NUL in any string: PostgreSQL cannot store it, SQLite's tokenizer stops at it.
  // The raw text holds a NUL byte or an escape that makes one ("\0", "\x00", "\u0000", "\U00000000").
  if (parsed.source && /\0|\\(0|x00|u0000|U00000000)/.test(typeof content === 'string' ? content : content.toString('latin1'))) {
    const nul = nulDiagnostics(parsed.source)
    if (nul.length) return { diagnostics: [...parsed.diagnostics, ...nul] }
  }
  return parsed
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let start = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    start = i + 1
  }
  return { line, column: offset - start + 1 }
}

function parseChecked(file: string, content: Buffer | string, options: { fast?: boolean }): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const text = typeof content === 'string' ? content : content.toString('utf8')
  const deep = nestingTooDeep(text)
  const tooDeep = (offset: number): { diagnostics: Diagnostic[] } => ({
    diagnostics: [{ file, ...lineColumn(text, offset), severity: 'error', message: `nested more than ${MAX_NESTING} levels deep: flatten the structure` }],
  })
  if (deep !== undefined) return tooDeep(deep)
  try {
    return parseUnchecked(file, content, options)
  } catch (error) {
    // A recursion the pre-scan did not foresee (aliases nesting each other, say).
    if (error instanceof RangeError) return tooDeep(0)
    throw error
  }
}

function parseUnchecked(
  file: string,
  content: Buffer | string,
  options: { fast?: boolean } = {},
): { source?: YamlSource; diagnostics: Diagnostic[] } {
  let text: string
  if (typeof content === 'string') {
    text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content
  } else {
    const decoded = decodeUtf8(file, content)
    if ('diagnostic' in decoded) return { diagnostics: [decoded.diagnostic] }
    text = decoded.text
  }

  // `fast: false` (tests) always takes the yaml package's path.
  const fast = options.fast === false ? undefined : parseYamlFast(text)
  if (fast) {
    let lineStarts: number[] | undefined
    const at = (offset: number): { line: number; column: number } => {
      lineStarts ??= newlineOffsets(text)
      // As yaml's LineCounter.linePos: 1-based line and column.
      let low = 0
      let high = lineStarts.length
      while (low + 1 < high) {
        const mid = (low + high) >> 1
        if (lineStarts[mid]! <= offset) low = mid
        else high = mid
      }
      return { line: low + 1, column: offset - lineStarts[low]! + 1 }
    }
    const value = fast.value
    const root = fast.root
    return { source: { file, value, locate: (path, options) => at(locateFast(root, path, options?.key === true)) }, diagnostics: [] }
  }

  const { LineCounter, parseDocument, isScalar } = yamlLib()
  const lineCounter = new LineCounter()
  // yaml's own uniqueKeys check compares each key with every earlier one
  // (quadratic on a 2,000-table map); scanNodes finds duplicates with a Set.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false })
  const at = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }
  const error = (offset: number, message: string): Diagnostic => ({ file, ...at(offset), severity: 'error', message })

  const diagnostics: Diagnostic[] = doc.errors.map((e) => error(e.pos[0], yamlMessage(e.code, e.message)))
  const warnings: Diagnostic[] = doc.warnings.map((w) => ({ ...error(w.pos[0], w.message), severity: 'warning' }))
  if (diagnostics.length > 0) return { diagnostics: [...diagnostics, ...warnings] }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return { diagnostics: [error(0, 'the file is empty: expected a map such as "tables:"'), ...warnings] }
  }

  const problems = scanNodes(doc).map((p) => error(p.offset, p.message))
  if (problems.length > 0) return { diagnostics: [...problems, ...warnings] }
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    return { diagnostics: [error(0, `cannot expand aliases: ${message}`)] }
  }

  const source: YamlSource = {
    file,
    value,
    locate: (path, options) => at(locateOffset(doc, path, options?.key === true)),
  }
  return { source, diagnostics: warnings }
}

/** The offset at which each line starts. */
function newlineOffsets(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

/** yaml's messages, reworded for people who write schema files. */
function yamlMessage(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'invalid YAML: the file holds several documents (---); a file holds one'
  return `invalid YAML: ${message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`
}

function decodeUtf8(file: string, bytes: Buffer): { text: string } | { diagnostic: Diagnostic } {
  try {
    // The default decoder strips a leading byte-order mark.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    const offset = firstInvalidUtf8(bytes)
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset))
    const lines = before.split('\n')
    const line = lines.length
    const column = [...lines[lines.length - 1]].length + 1
    const hex = bytes[offset].toString(16).padStart(2, '0')
    return {
      diagnostic: {
        file,
        line,
        column,
        severity: 'error',
        message: `the file is not valid UTF-8 (byte 0x${hex} at offset ${offset}); save it as UTF-8`,
      },
    }
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629 §4). */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]
    let need: number
    let min: number
    if (b < 0x80) {
      i++
      continue
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1
      min = 0x80
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      min = 0x800
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      min = 0x10000
    } else return i
    if (i + need >= bytes.length) return i
    let cp = b & (0xff >> (need + 2))
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if ((c & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (c & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += need + 1
  }
  return bytes.length - 1
}

/** Duplicate keys and aliases without an anchor, in document order. */
function scanNodes(doc: Document): { offset: number; message: string }[] {
  const { isAlias, isMap, isScalar, isSeq } = yamlLib()
  const problems: { offset: number; message: string }[] = []
  const visit = (node: unknown): void => {
    if (isAlias(node)) {
      if (!node.resolve(doc)) {
        problems.push({ offset: node.range?.[0] ?? 0, message: `alias "*${node.source}" has no anchor "&${node.source}" before it` })
      }
    } else if (isMap(node)) {
      const seen = new Set<string>()
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined
        if (key !== undefined && key !== null && typeof key !== 'object') {
          const text = String(key)
          if (seen.has(text)) {
            problems.push({ offset: rangeStart(pair.key) ?? 0, message: `duplicate key "${String(key)}": keys in a map must be unique` })
          }
          seen.add(text)
        }
        visit(pair.key)
        visit(pair.value)
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item)
    }
  }
  visit(doc.contents)
  return problems
}

/** The offset of the node at `path`, or of its nearest existing ancestor. */
function locateOffset(doc: Document, path: readonly (string | number)[], key: boolean): number {
  const { isMap, isSeq } = yamlLib()
  let node: unknown = doc.contents
  let offset = rangeStart(node) ?? 0
  for (let i = 0; i < path.length; i++) {
    node = deref(doc, node)
    const segment = path[i]
    let next: unknown
    let pair: Pair | undefined
    if (isMap(node)) {
      pair = node.items.find((p) => keyText(p.key) === String(segment))
      next = pair?.value
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment]
    } else {
      return offset
    }
    const last = i === path.length - 1
    if (pair && last && key) return rangeStart(pair.key) ?? offset
    const start = rangeStart(deref(doc, next)) ?? (pair ? rangeStart(pair.key) : undefined)
    if (start === undefined) return offset
    offset = start
    // A key with no value (`title:`) has nothing below it: stay on the key.
    if (next === null || next === undefined) return offset
    node = next
  }
  return offset
}

function deref(doc: Document, node: unknown): unknown {
  return yamlLib().isAlias(node) ? node.resolve(doc) : node
}

function keyText(key: unknown): string | undefined {
  if (yamlLib().isScalar(key)) return String(key.value)
  if (typeof key === 'string' || typeof key === 'number') return String(key)
  return undefined
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range
  return range ? range[0] : undefined
}
