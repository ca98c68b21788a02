/**
 * Structural equality of model data (JSON-like: primitives, arrays, plain
 * objects), with properties holding `undefined` counted as absent, like
 * `stableStringify` does, but without building strings: the diff runs it
 * on every table of both sides.
 */
export function equalData(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!equalData(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  let count = 0
  for (const key in x) {
    const value = x[key]
    if (value === undefined) continue
    count++
    if (!equalData(value, y[key])) return false
  }
  for (const key in y) if (y[key] !== undefined) count--
  return count === 0
}
