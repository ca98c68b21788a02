/**
 * From ajv's raw errors to one readable message per problem: the noise of
 * oneOf/anyOf alternatives collapsed to the alternative the user meant, each
 * error described in terms of the object it concerns (`column "posts.title"`).
 */
import type { ErrorObject, ValidateFunction } from 'ajv'

type Path = (string | number)[]

/** A validator for branch `index` of the oneOf/anyOf array `alternatives` (an object of the compiled schema). */
export type BranchValidator = (alternatives: unknown, index: number) => ValidateFunction

/** One error, ready to be located: the path of its YAML node, whether the key is meant, the message. */
export interface DescribedError {
  readonly path: Path
  readonly key: boolean
  readonly message: string
}

const signature = (e: ErrorObject): string => `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`
const depth = (e: ErrorObject): number => e.instancePath.split('/').length
const isAlternative = (e: ErrorObject): boolean => e.keyword === 'oneOf' || e.keyword === 'anyOf'

/**
 * Replace each failed oneOf/anyOf and the errors of all its branches by the
 * errors of the one branch whose type fits the value (or by one message when
 * none fits). Branch errors are recognised by validating the value against
 * each branch alone (`branch(alternatives, i)` gives a validator for one).
 * `if` errors ("must match then schema") only repeat the `then` errors.
 */
export function collapseErrors(
  errors: readonly ErrorObject[],
  branch: BranchValidator,
): ErrorObject[] {
  let result = errors.filter((e) => e.keyword !== 'if')
  const alternatives = result.filter(isAlternative).sort((a, b) => depth(a) - depth(b))
  for (const alt of alternatives) {
    if (!result.includes(alt)) continue
    const branches = (alt.schema as unknown[]).map((_, i) => {
      const validate = branch(alt.schema, i)
      validate(alt.data)
      return (validate.errors ?? []).map((e) => ({ ...e, instancePath: alt.instancePath + e.instancePath }))
    })
    const noise = new Set(branches.flat().map(signature))
    const replacement = chooseBranch(alt, branches, branch)
    result = result.flatMap((e) => (e === alt ? replacement : noise.has(signature(e)) ? [] : [e]))
  }
  return result
}

function chooseBranch(
  alt: ErrorObject,
  branches: ErrorObject[][],
  branch: BranchValidator,
): ErrorObject[] {
  const custom = (alt.parentSchema as Record<string, unknown> | undefined)?.['x-message']
  if (typeof custom === 'string') return [{ ...alt, keyword: 'x-message', message: custom }]
  const typeMismatch = (errors: ErrorObject[]): ErrorObject | undefined =>
    errors.find((e) => e.keyword === 'type' && e.instancePath === alt.instancePath)
  const candidates = branches.filter((errors) => errors.length > 0 && !typeMismatch(errors))
  if (candidates.length === 0) {
    const types = new Set<string>()
    for (const errors of branches) {
      const t = typeMismatch(errors)?.params.type as string | string[] | undefined
      for (const name of [t ?? []].flat()) types.add(name)
    }
    if (types.size === 0) return [{ ...alt, message: 'matches more than one of the allowed forms' }]
    return [{ ...alt, keyword: 'type', params: { type: [...types] } }]
  }
  const best = candidates.reduce((a, b) => (b.length < a.length ? b : a))
  return collapseErrors(best, branch)
}

/** Path, key flag and message of one (collapsed) error. */
export function describeError(error: ErrorObject): DescribedError {
  const path = parsePointer(error.instancePath)
  const { subject, rest } = subjectOf(path)
  const field = formatPath(rest)
  const prefix = (text: string): string => (subject ? `${subject}: ${text}` : text)
  const data = error.data
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(error.params.additionalProperty)
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {})
      const near = closest(name, allowed)
      const hint = near ? ` (did you mean "${near}"?)` : allowed.length ? `; expected one of ${allowed.join(', ')}` : ''
      return { path: [...path, name], key: true, message: prefix(`${field ? `${field}: ` : ''}unknown property "${name}"${hint}`) }
    }
    case 'required':
      return {
        path,
        key: false,
        message: prefix(`${field ? `${field}: ` : ''}missing required property "${String(error.params.missingProperty)}"`),
      }
    case 'enum': {
      const label = field || (subject.startsWith('column') ? 'type' : 'value')
      const allowed = (error.params.allowedValues as unknown[]).map(String).join(', ')
      return { path, key: false, message: prefix(`${label} ${show(data)} is not one of ${allowed}`) }
    }
    case 'type': {
      const label = field || (path.length === 0 ? 'the file' : subject ? '' : 'value')
      const text = `must be ${typeWords(error.params.type)}, got ${kindOf(data)}`
      return { path, key: false, message: prefix(label ? `${label} ${text}` : text) }
    }
    case 'x-message':
      return { path, key: false, message: prefix(`${field ? `${field}: ` : ''}${error.message ?? ''}`) }
    default:
      return { path, key: false, message: prefix(`${field ? `${field} ` : ''}${error.message ?? 'is invalid'}`) }
  }
}

function parsePointer(pointer: string): Path {
  if (!pointer) return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s))
}

/** `column "posts.title"` and the rest of the path below it. */
function subjectOf(path: Path): { subject: string; rest: Path } {
  if (path[0] === 'tables' && path.length >= 2) {
    const table = String(path[1])
    if (path[2] === 'columns' && path.length >= 4) return { subject: `column "${table}.${path[3]}"`, rest: path.slice(4) }
    if (path[2] === 'relations' && path.length >= 4) return { subject: `relation "${table}.${path[3]}"`, rest: path.slice(4) }
    if (path[2] === 'policies' && path.length >= 4) return { subject: `policy "${path[3]}" on "${table}"`, rest: path.slice(4) }
    return { subject: `table "${table}"`, rest: path.slice(2) }
  }
  if (path[0] === 'enums' && path.length >= 2) return { subject: `enum "${path[1]}"`, rest: path.slice(2) }
  if (path[0] === 'views' && path.length >= 2) return { subject: `view "${path[1]}"`, rest: path.slice(2) }
  if (path[0] === 'grants' && path.length >= 4) return { subject: `grant to "${path[1]}" on ${path[2]} "${path[3]}"`, rest: path.slice(4) }
  if (path[0] === 'triggers' && path.length >= 2) return { subject: `trigger "${path[1]}"`, rest: path.slice(2) }
  return { subject: '', rest: path }
}

function formatPath(path: Path): string {
  let out = ''
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out ? `.${segment}` : segment
  return out
}

function typeWords(type: unknown): string {
  const words: Record<string, string> = {
    string: 'a string',
    object: 'a map',
    array: 'a list',
    boolean: 'a boolean (true or false)',
    number: 'a number',
    integer: 'an integer',
    null: 'null',
  }
  const list = [type].flat().map((t) => words[String(t)] ?? String(t))
  return list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}` : list[0]
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a map'
  if (typeof value === 'string') return `a string (${show(value)})`
  if (typeof value === 'number') return `${Number.isInteger(value) ? 'an integer' : 'a number'} (${value})`
  return `a ${typeof value} (${String(value)})`
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value)
}

/** The allowed name nearest to a misspelt one, if it is near enough to be a typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const d = levenshtein(name.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]
}
