/**
 * Functions and procedures from validated schema files into the model, with
 * their meaning checked (one definition per name, a result for a function
 * and none for a procedure, no name shared with a table or view), each
 * problem located at its YAML node. The origin of each function is kept for
 * the capability check (check-capabilities.ts). A function that says no
 * language gets `sql` (PostgreSQL's standard one, MySQL's only one).
 */
import type { StoredFunction } from './functions'
import type { Origin, Origins, Reporter } from './origins'
import type { RawFile } from './raw'
import type { YamlSource } from './yaml-source'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * `taken`: names of tables and views; `triggerFunctions`: the names of the
 * PostgreSQL trigger functions of triggers with a body (triggerFunctionName)
 * to the triggers' keys.
 */
export function resolveFunctions(
  sources: readonly YamlSource[],
  taken: ReadonlySet<string>,
  triggerFunctions: ReadonlyMap<string, string>,
  origins: Origins,
  report: Reporter,
): StoredFunction[] {
  const out = new Map<string, { fn: StoredFunction; origin: Origin }>()
  for (const source of sources) {
    const file = source.value as RawFile
    for (const [name, raw] of Object.entries(file.functions ?? {})) {
      const origin: Origin = { source, path: ['functions', name] }
      const subject = `${raw.procedure ? 'procedure' : 'function'} "${name}"`
      const other = out.get(name)
      if (other) {
        report.error(origin, `${subject}: already defined (${other.origin.source.file}); a function is defined once (overloads are not supported)`, { key: true })
        continue
      }
      if (taken.has(name)) report.error(origin, `${subject}: a table or view has the same name`, { key: true })
      if (triggerFunctions.has(name)) {
        report.error(origin, `${subject}: trigger "${triggerFunctions.get(name)}" has a body, whose trigger function takes that name on PostgreSQL; rename one of them`, { key: true })
      }
      if (raw.procedure && raw.returns !== undefined) report.error(origin, `${subject}: a procedure has no result; remove returns`, { sub: ['returns'], key: true })
      if (!raw.procedure && raw.returns === undefined) report.error(origin, `${subject}: give returns (the result type), or procedure: true`, { key: true })
      if (raw.procedure && (raw.volatility !== undefined || raw.strict !== undefined || raw.parallel !== undefined || raw.leakproof !== undefined || raw.cost !== undefined || raw.rows !== undefined)) {
        const key = ['volatility', 'strict', 'parallel', 'leakproof', 'cost', 'rows'].find((k) => (raw as unknown as Record<string, unknown>)[k] !== undefined)!
        report.error(origin, `${subject}: a procedure has no ${key}`, { sub: [key], key: true })
      }
      const fn: Mutable<StoredFunction> = { name, language: raw.language ?? 'sql', body: raw.body }
      if (raw.args !== undefined && (typeof raw.args !== 'string' || raw.args.trim() !== '')) fn.args = raw.args
      if (raw.returns !== undefined) fn.returns = raw.returns
      if (raw.procedure) fn.procedure = true
      if (raw.volatility !== undefined && raw.volatility !== 'volatile') fn.volatility = raw.volatility
      if (raw.strict) fn.strict = true
      if (raw.securityDefiner) fn.securityDefiner = true
      if (raw.parallel !== undefined && raw.parallel !== 'unsafe') fn.parallel = raw.parallel
      if (raw.leakproof) fn.leakproof = true
      if (raw.cost !== undefined) fn.cost = raw.cost
      if (raw.rows !== undefined) fn.rows = raw.rows
      if (raw.set && Object.keys(raw.set).length > 0) fn.set = { ...raw.set }
      if (raw.deterministic) fn.deterministic = true
      if (raw.dataAccess !== undefined && raw.dataAccess !== 'contains sql') fn.dataAccess = raw.dataAccess
      if (raw.comment !== undefined && raw.comment !== '') fn.comment = raw.comment
      origins.set(fn, origin)
      out.set(name, { fn, origin })
    }
  }
  return [...out.values()].map((f) => f.fn)
}
