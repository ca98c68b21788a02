/**
 * The difference between two schemas, as lines naming the object and the
 * property (`table "t3" column "c5" default: snapshot 5, database (none)`),
 * so that a failing run says what is wrong, not only that something is.
 */
import { canonicalSchema, stableStringify } from '../../src/schema/canonical'
import type { Schema } from '../../src/schema/model'

type Tree = { [key: string]: unknown }

/** Arrays of named objects become maps by name (the order of columns is not schema). */
function byName(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.every((v) => v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string')) {
      return Object.fromEntries(value.map((v) => [(v as { name: string }).name, byName(v)]))
    }
    return value.map(byName)
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'name').map(([k, v]) => [k, byName(v)]))
  }
  return value
}

const show = (v: unknown): string => (v === undefined ? '(none)' : stableStringify(v))

function walk(path: string, a: unknown, b: unknown, out: string[]): void {
  if (stableStringify(a) === stableStringify(b)) return
  const isTree = (v: unknown): v is Tree => !!v && typeof v === 'object' && !Array.isArray(v)
  if (isTree(a) && isTree(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(path ? `${path} ${k}` : k, a[k], b[k], out)
    return
  }
  out.push(`${path}: snapshot ${show(a)}, database ${show(b)}`)
}

/** Lines describing how `live` differs from `expected`; empty when they are equivalent (column order aside). */
export function schemaDifferences(expected: Schema, live: Schema): string[] {
  const out: string[] = []
  walk('', byName(canonicalSchema(expected)), byName(canonicalSchema(live)), out)
  return out.map((line) => line.replace(/^tables (\S+) (columns|uniques|indexes|foreignKeys|checks) (\S+)/, 'table "$1" $2 "$3"').replace(/^tables (\S+)/, 'table "$1"').replace(/^enums (\S+)/, 'enum "$1"'))
}
