/**
 * A fast reader for the plain subset of YAML that schema files, migration
 * files and strata.yaml are written in: block maps and sequences, one-line
 * flow maps and sequences, plain and one-line quoted scalars, comments.
 *
 * The `yaml` package builds a full concrete syntax tree with source ranges
 * for every token, which costs about a second per megabyte; a 2,000-table
 * project holds several megabytes of YAML. This reader does one pass over
 * the text and keeps only what `locate` needs (the offset of each node and
 * key). It gives up (returns undefined) on anything outside the subset or
 * anything wrong (anchors, tags, block scalars, multi-line scalars or flow
 * collections, duplicate keys, tabs, odd indentation, `null` values,
 * directives), and the caller then parses with the `yaml` package, which
 * reports the errors. So for every text it accepts, its value is exactly
 * what `yaml`'s `parseDocument(text).toJS()` gives (YAML 1.2 core schema),
 * and its offsets are the `range[0]` of the same nodes (test/schema/yaml-fast.test.ts).
 */

/** A node of the parsed document: where it starts, and its children for locating paths. */
export type FastNode = FastMap | FastSeq | FastScalar

export interface FastMap {
  readonly kind: 'map'
  readonly start: number
  /** Keys in document order, with the offset of each key and its value node. */
  readonly pairs: Map<string, { readonly keyStart: number; readonly value: FastNode }>
}

export interface FastSeq {
  readonly kind: 'seq'
  readonly start: number
  readonly items: FastNode[]
}

export interface FastScalar {
  readonly kind: 'scalar'
  readonly start: number
}

/** The value (as `toJS` gives it) and the node tree, or undefined: use the `yaml` package. */
export interface FastDocument {
  readonly value: unknown
  readonly root: FastNode
}

/** Thrown inside the reader to give up; never escapes it. */
const GIVE_UP = Symbol('give up')

interface Line {
  /** Offset of the line's first character. */
  readonly start: number
  /** Offset of the line's end (its `\n`, or the end of the text). */
  readonly end: number
  /** Offset of its first non-space character. */
  readonly content: number
}

interface Parsed {
  readonly value: unknown
  readonly node: FastNode
}

const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/
const INT_OCT_RE = /^0o[0-7]+$/
const INT_RE = /^[-+]?[0-9]+$/
const INT_HEX_RE = /^0x[0-9a-fA-F]+$/
const FLOAT_NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/
const FLOAT_EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/
/** Plain keys taken as they are: anything else (numbers, `true`, `<<`, spaces) goes to the `yaml` package. */
const PLAIN_KEY_RE = /^[A-Za-z_][A-Za-z0-9_.\-]*$/
const SPECIAL_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '__proto__'])

/** A plain scalar resolved by the YAML 1.2 core schema, in the order of yaml's core tags. */
function resolvePlain(s: string): unknown {
  if (NULL_RE.test(s)) return null
  if (BOOL_RE.test(s)) return s[0] === 't' || s[0] === 'T'
  if (INT_OCT_RE.test(s)) return parseInt(s.substring(2), 8)
  if (INT_RE.test(s)) return parseInt(s, 10)
  if (INT_HEX_RE.test(s)) return parseInt(s.substring(2), 16)
  if (FLOAT_NAN_RE.test(s)) {
    if (s.slice(-3).toLowerCase() === 'nan') return NaN
    return s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY
  }
  if (FLOAT_EXP_RE.test(s) || FLOAT_RE.test(s)) return parseFloat(s)
  return s
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r' }

class FastReader {
  private readonly lines: Line[] = []

  constructor(private readonly text: string) {
    let start = 0
    const length = text.length
    while (start <= length) {
      let end = text.indexOf('\n', start)
      if (end < 0) end = length
      let content = start
      while (content < end && text.charCodeAt(content) === 32) content++
      if (content < end) {
        const c = text[content]
        if (c === '#') {
          // A comment line.
        } else {
          this.lines.push({ start, end, content })
        }
      }
      start = end + 1
    }
  }

  document(): FastDocument {
    let first = 0
    if (this.lines.length > 0 && this.isDocumentStart(this.lines[0]!)) first = 1
    if (first >= this.lines.length) throw GIVE_UP
    const line = this.lines[first]!
    if (line.content !== line.start) throw GIVE_UP
    const { value, node, next } = this.blockNode(first, 0)
    if (next !== this.lines.length || node.kind !== 'map') throw GIVE_UP
    return { value, root: node }
  }

  /** A first line `---` (with an optional comment): the explicit start of the one document. */
  private isDocumentStart(line: Line): boolean {
    if (this.text.slice(line.content, line.content + 3) !== '---' || line.content !== line.start) return false
    const rest = this.text.slice(line.content + 3, line.end).trimStart()
    return rest === '' || (rest[0] === '#' && /^\s/.test(this.text[line.content + 3] ?? ''))
  }

  /** A block map or sequence whose first entry starts at column `col` of line `li`. */
  private blockNode(li: number, col: number): Parsed & { next: number } {
    const line = this.lines[li]!
    const p = line.start + col
    if (this.isSeqIndicator(p, line.end)) return this.blockSeq(li, col)
    if (!this.looksLikeKey(p, line.end)) throw GIVE_UP
    return this.blockMap(li, col)
  }

  private isSeqIndicator(p: number, end: number): boolean {
    return this.text.charCodeAt(p) === 45 /* - */ && (p + 1 === end || this.text.charCodeAt(p + 1) === 32)
  }

  private blockMap(li: number, col: number): Parsed & { next: number } {
    const out: Record<string, unknown> = {}
    const pairs = new Map<string, { keyStart: number; value: FastNode }>()
    const start = this.lines[li]!.start + col
    let first = true
    while (li < this.lines.length) {
      const line = this.lines[li]!
      const indent = line.content - line.start
      if (!first) {
        if (indent < col) break
        if (indent > col) throw GIVE_UP
        // A sequence at the parent key's indentation ends this map.
        if (this.isSeqIndicator(line.content, line.end)) break
      }
      const keyStart = line.start + col
      const { key, after } = this.key(keyStart, line.end)
      if (pairs.has(key)) throw GIVE_UP
      const parsed = this.valueAfter(li, after, col, true)
      out[key] = parsed.value
      pairs.set(key, { keyStart, value: parsed.node })
      li = parsed.next
      first = false
    }
    return { value: out, node: { kind: 'map', start, pairs }, next: li }
  }

  private blockSeq(li: number, col: number): Parsed & { next: number } {
    const out: unknown[] = []
    const items: FastNode[] = []
    const start = this.lines[li]!.start + col
    let first = true
    while (li < this.lines.length) {
      const line = this.lines[li]!
      const indent = line.content - line.start
      const p = first ? line.start + col : line.content
      if (!first) {
        if (indent < col) break
        if (indent > col) throw GIVE_UP
        // A key at the same indentation: this sequence was the value of the key above it.
        if (!this.isSeqIndicator(p, line.end)) break
      }
      if (!this.isSeqIndicator(p, line.end)) throw GIVE_UP
      let q = p + 1
      while (q < line.end && this.text.charCodeAt(q) === 32) q++
      let parsed: Parsed & { next: number }
      if (q === line.end || this.text[q] === '#') {
        parsed = this.nestedBlock(li, col)
      } else if (this.isSeqIndicator(q, line.end)) {
        throw GIVE_UP
      } else if (this.looksLikeKey(q, line.end)) {
        parsed = this.blockMap(li, q - line.start)
      } else {
        const inline = this.inline(q, line.end)
        parsed = { ...inline, next: li + 1 }
      }
      out.push(parsed.value)
      items.push(parsed.node)
      li = parsed.next
      first = false
    }
    return { value: out, node: { kind: 'seq', start, items }, next: li }
  }

  /** The value after `key:` (at `p`): on the same line, or a block on the lines below. */
  private valueAfter(li: number, p: number, col: number, seqAtSameIndent: boolean): Parsed & { next: number } {
    const line = this.lines[li]!
    while (p < line.end && this.text.charCodeAt(p) === 32) p++
    if (p === line.end || this.text[p] === '#') {
      const next = this.lines[li + 1]
      if (!next) throw GIVE_UP
      const indent = next.content - next.start
      if (indent > col) return this.blockNode(li + 1, indent)
      if (seqAtSameIndent && indent === col && this.isSeqIndicator(next.content, next.end)) return this.blockSeq(li + 1, col)
      // `key:` with nothing below it: null, which the yaml package locates differently.
      throw GIVE_UP
    }
    return { ...this.inline(p, line.end), next: li + 1 }
  }

  /** A value below a bare `-`: a block more indented than the dash. */
  private nestedBlock(li: number, col: number): Parsed & { next: number } {
    const next = this.lines[li + 1]
    if (!next) throw GIVE_UP
    const indent = next.content - next.start
    if (indent <= col) throw GIVE_UP
    return this.blockNode(li + 1, indent)
  }

  /** Is there a `key:` at `p` (plain or quoted key, then `: ` or `:` at the end of the line)? */
  private looksLikeKey(p: number, end: number): boolean {
    const c = this.text[p]
    if (c === '"' || c === "'") {
      const close = this.quotedEnd(p, end)
      return close !== undefined && this.text[close] === ':' && (close + 1 === end || this.text.charCodeAt(close + 1) === 32)
    }
    if (c === '{' || c === '[') return false
    for (let i = p; i < end; i++) {
      const ch = this.text.charCodeAt(i)
      if (ch === 58 /* : */ && (i + 1 === end || this.text.charCodeAt(i + 1) === 32)) return true
      if (ch === 35 /* # */ && this.text.charCodeAt(i - 1) === 32) return false
    }
    return false
  }

  /** The offset just after the closing quote of a one-line quoted scalar at `p`. */
  private quotedEnd(p: number, end: number): number | undefined {
    const quote = this.text[p]
    for (let i = p + 1; i < end; i++) {
      const c = this.text[i]
      if (quote === '"' && c === '\\') {
        i++
        continue
      }
      if (c === quote) {
        if (quote === "'" && this.text[i + 1] === "'") {
          i++
          continue
        }
        return i + 1
      }
    }
    return undefined
  }

  private key(p: number, end: number): { key: string; after: number } {
    const c = this.text[p]
    let key: string
    let colon: number
    if (c === '"' || c === "'") {
      const close = this.quotedEnd(p, end)
      if (close === undefined) throw GIVE_UP
      key = this.quoted(p, close)
      colon = close
      if (key === '__proto__') throw GIVE_UP
    } else {
      colon = p
      while (colon < end && !(this.text.charCodeAt(colon) === 58 && (colon + 1 === end || this.text.charCodeAt(colon + 1) === 32))) colon++
      key = this.text.slice(p, colon)
      if (!PLAIN_KEY_RE.test(key) || SPECIAL_KEYS.has(key)) throw GIVE_UP
    }
    if (this.text[colon] !== ':') throw GIVE_UP
    return { key, after: colon + 1 }
  }

  /** The value of a quoted scalar spanning [p, close). */
  private quoted(p: number, close: number): string {
    const body = this.text.slice(p + 1, close - 1)
    if (this.text[p] === "'") return body.replace(/''/g, "'")
    if (!body.includes('\\')) return body
    let out = ''
    for (let i = 0; i < body.length; i++) {
      const ch = body[i]!
      if (ch !== '\\') {
        out += ch
        continue
      }
      const e = body[++i]
      if (e !== undefined && e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e]
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
        const code = parseInt(body.slice(i + 1, i + 5), 16)
        // Lone surrogates are left to the yaml package.
        if (code >= 0xd800 && code <= 0xdfff) throw GIVE_UP
        out += String.fromCharCode(code)
        i += 4
      } else throw GIVE_UP
    }
    return out
  }

  /** A value on one line from `p`: flow collection, quoted or plain scalar, then only a comment. */
  private inline(p: number, end: number): Parsed {
    const c = this.text[p]!
    let parsed: Parsed
    let after: number
    if (c === '{' || c === '[') {
      const flow = this.flow(p, end)
      parsed = flow
      after = flow.after
    } else if (c === '"' || c === "'") {
      const close = this.quotedEnd(p, end)
      if (close === undefined) throw GIVE_UP
      parsed = { value: this.quoted(p, close), node: { kind: 'scalar', start: p } }
      after = close
    } else {
      if ('?:,]}#&*!|>%@`'.includes(c) || this.isSeqIndicator(p, end)) throw GIVE_UP
      let stop = end
      for (let i = p; i < end; i++) {
        const ch = this.text.charCodeAt(i)
        if (ch === 35 /* # */ && this.text.charCodeAt(i - 1) === 32) {
          stop = i
          break
        }
        // `a: b: c` is an error; `key: value` after a dash is a map (handled before).
        if (ch === 58 /* : */ && (i + 1 === end || this.text.charCodeAt(i + 1) === 32)) throw GIVE_UP
      }
      const raw = this.text.slice(p, stop).trimEnd()
      return { value: resolvePlain(raw), node: { kind: 'scalar', start: p } }
    }
    while (after < end && this.text.charCodeAt(after) === 32) after++
    if (after < end && this.text[after] !== '#') throw GIVE_UP
    if (after < end && this.text.charCodeAt(after - 1) !== 32) throw GIVE_UP
    return parsed
  }

  private skipSpaces(p: number, end: number): number {
    while (p < end && this.text.charCodeAt(p) === 32) p++
    return p
  }

  /** A flow map or sequence closed on the same line. */
  private flow(p: number, end: number): Parsed & { after: number } {
    const open = this.text[p]
    const close = open === '{' ? '}' : ']'
    const start = p
    p = this.skipSpaces(p + 1, end)
    if (open === '{') {
      const out: Record<string, unknown> = {}
      const pairs = new Map<string, { keyStart: number; value: FastNode }>()
      if (this.text[p] === '}') return { value: out, node: { kind: 'map', start, pairs }, after: p + 1 }
      for (;;) {
        const keyStart = p
        let key: string
        if (this.text[p] === '"' || this.text[p] === "'") {
          const q = this.quotedEnd(p, end)
          if (q === undefined) throw GIVE_UP
          key = this.quoted(p, q)
          if (key === '__proto__') throw GIVE_UP
          p = q
        } else {
          const q = this.plainFlowEnd(p, end)
          key = this.text.slice(p, q).trimEnd()
          if (!PLAIN_KEY_RE.test(key) || SPECIAL_KEYS.has(key)) throw GIVE_UP
          p = q
        }
        if (this.text[p] !== ':' || this.text.charCodeAt(p + 1) !== 32) throw GIVE_UP
        if (pairs.has(key)) throw GIVE_UP
        p = this.skipSpaces(p + 1, end)
        const item = this.flowValue(p, end)
        out[key] = item.value
        pairs.set(key, { keyStart, value: item.node })
        p = this.skipSpaces(item.after, end)
        if (this.text[p] === ',') {
          p = this.skipSpaces(p + 1, end)
          if (this.text[p] === close) throw GIVE_UP
          continue
        }
        if (this.text[p] === close) return { value: out, node: { kind: 'map', start, pairs }, after: p + 1 }
        throw GIVE_UP
      }
    }
    const out: unknown[] = []
    const items: FastNode[] = []
    if (this.text[p] === ']') return { value: out, node: { kind: 'seq', start, items }, after: p + 1 }
    for (;;) {
      const item = this.flowValue(p, end)
      out.push(item.value)
      items.push(item.node)
      p = this.skipSpaces(item.after, end)
      if (this.text[p] === ',') {
        p = this.skipSpaces(p + 1, end)
        if (this.text[p] === close) throw GIVE_UP
        continue
      }
      if (this.text[p] === close) return { value: out, node: { kind: 'seq', start, items }, after: p + 1 }
      throw GIVE_UP
    }
  }

  /** Where a plain scalar in a flow collection ends. */
  private plainFlowEnd(p: number, end: number): number {
    let i = p
    for (; i < end; i++) {
      const ch = this.text[i]!
      if (ch === ',' || ch === '[' || ch === ']' || ch === '{' || ch === '}') break
      if (ch === ':') {
        const next = this.text[i + 1]
        if (next === ' ' || next === ',' || next === ']' || next === '}' || i + 1 === end) break
      }
      if (ch === '#' && this.text[i - 1] === ' ') throw GIVE_UP
    }
    return i
  }

  private flowValue(p: number, end: number): Parsed & { after: number } {
    const c = this.text[p]
    if (c === undefined || p >= end) throw GIVE_UP
    if (c === '{' || c === '[') return this.flow(p, end)
    if (c === '"' || c === "'") {
      const q = this.quotedEnd(p, end)
      if (q === undefined) throw GIVE_UP
      return { value: this.quoted(p, q), node: { kind: 'scalar', start: p }, after: q }
    }
    if ('?:,]}#&*!|>%@`'.includes(c) || (c === '-' && (this.text[p + 1] === ' ' || p + 1 === end))) throw GIVE_UP
    const q = this.plainFlowEnd(p, end)
    // `[a: b]` (a one-pair map in a sequence) is left to the yaml package.
    if (this.text[q] === ':') throw GIVE_UP
    const raw = this.text.slice(p, q).trimEnd()
    if (raw === '') throw GIVE_UP
    return { value: resolvePlain(raw), node: { kind: 'scalar', start: p }, after: q }
  }
}

/**
 * Read `text` if it is in the plain subset (see the file comment); undefined
 * otherwise, and then the `yaml` package must parse it.
 */
export function parseYamlFast(text: string): FastDocument | undefined {
  // Tabs, carriage returns and other control characters, and anything that
  // would need YAML's full grammar, are left to the yaml package.
  // eslint-disable-next-line no-control-regex
  if (/[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0085\u2028\u2029\ufeff]/.test(text)) return undefined
  try {
    return new FastReader(text).document()
  } catch (error) {
    if (error === GIVE_UP) return undefined
    throw error
  }
}

/** The offset of the node at `path` (the key's with `key`), or of its nearest existing ancestor: as yaml-source.ts's locateOffset. */
export function locateFast(root: FastNode, path: readonly (string | number)[], key: boolean): number {
  let node: FastNode = root
  let offset = root.start
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!
    let next: FastNode | undefined
    let pair: { keyStart: number; value: FastNode } | undefined
    if (node.kind === 'map') {
      pair = node.pairs.get(String(segment))
      next = pair?.value
    } else if (node.kind === 'seq' && typeof segment === 'number') {
      next = node.items[segment]
    } else {
      return offset
    }
    if (pair && i === path.length - 1 && key) return pair.keyStart
    if (!next) return offset
    offset = next.start
    node = next
  }
  return offset
}
