/**
 * The report of `strata introspect` by object kind (SPEC §5, issue 7 item
 * 11): for each kind of database object read, how many are modelled
 * exactly, which are kept in a per-dialect form (a `native` type, a raw SQL
 * default), and which are not kept, each with the reason.
 */
import { DIALECT_NAMES, type DialectName, type UnkeptItem } from '../dialects/dialect'
import { dialectByName } from '../dialects'
import { describeType } from '../diff/describe'
import { isLiteralDefault, type Schema } from '../schema/model'

/** Something kept in a per-dialect form rather than modelled portably. */
export interface RawItem {
  /** `column`, `column default`. */
  readonly kind: string
  /** `table.column`. */
  readonly name: string
  /** What is kept and how: `type kept as native (postgres: inet)`. */
  readonly how: string
}

/** One kind of object: how much of it the schema files keep, and how. */
export interface KindReport {
  readonly kind: string
  /** Modelled exactly (raw ones included: they round-trip too). */
  readonly modelled: number
  /** Of those, kept in a per-dialect form. */
  readonly raw: readonly RawItem[]
  /** Read but not kept, each with the reason. */
  readonly notKept: readonly UnkeptItem[]
  /** Not modelled, but kept as raw `sql` entries that create it again exactly (a PostgreSQL aggregate); absent when none. */
  readonly sql?: readonly RawItem[]
}

/** What the schema files keep of `live` (as modelled), in a per-dialect form. */
export function rawItems(live: Schema): RawItem[] {
  const out: RawItem[] = []
  for (const table of live.tables) {
    for (const column of table.columns) {
      const name = `${table.name}.${column.name}`
      if (column.type === 'native') {
        const spelled = Object.entries(column.native ?? {}).map(([d, t]) => `${d}: ${t}`).join(', ')
        out.push({ kind: 'column', name, how: `type kept as native (${spelled}), it has no portable type` })
      }
      if (column.default !== undefined && !isLiteralDefault(column.default) && 'sql' in column.default) {
        out.push({ kind: 'column default', name, how: `default kept as raw SQL ${JSON.stringify(column.default.sql)}` })
      }
    }
  }
  return out
}

/** The kinds in the order they are printed; kinds only the database knows (extension, policy …) follow, sorted. */
const ORDER = ['table', 'column', 'column default', 'index', 'constraint', 'enum', 'view', 'materialized view', 'trigger', 'function', 'procedure', 'row level security', 'policy', 'extension', 'domain', 'composite type', 'range type', 'sequence']

/** The report by kind: every kind with anything in it. */
export function reportByKind(live: Schema, raw: readonly RawItem[], notKept: readonly UnkeptItem[], sql: readonly RawItem[] = []): KindReport[] {
  const count = (f: (t: Schema['tables'][number]) => number) => live.tables.reduce((n, t) => n + f(t), 0)
  const own = (t: Schema['tables'][number], f: (p: NonNullable<Schema['tables'][number]['partitions']>[number]) => readonly unknown[] | undefined) =>
    (t.partitions ?? []).reduce((n, p) => n + (f(p)?.length ?? 0), 0)
  const views = live.views ?? []
  const functions = live.functions ?? []
  const modelled: Record<string, number> = {
    table: live.tables.length,
    column: count((t) => t.columns.length),
    'column default': count((t) => t.columns.filter((c) => c.default !== undefined).length),
    // A partition's own indexes and constraints (schema/partition-objects.ts) count with its parent's.
    index: count((t) => t.indexes.length + own(t, (p) => p.indexes)) + views.reduce((n, v) => n + (v.indexes?.length ?? 0), 0),
    constraint: count((t) => (t.primaryKey ? 1 : 0) + t.uniques.length + t.foreignKeys.length + t.checks.length + own(t, (p) => [...(p.uniques ?? []), ...(p.foreignKeys ?? []), ...(p.checks ?? [])])),
    enum: live.enums.length,
    view: views.filter((v) => !v.materialized).length,
    'materialized view': views.filter((v) => v.materialized).length,
    trigger: (live.triggers ?? []).length,
    function: functions.filter((f) => !f.procedure).length,
    procedure: functions.filter((f) => f.procedure).length,
    'row level security': count((t) => (t.rowLevelSecurity ? 1 : 0)),
    policy: (live.policies ?? []).length,
    extension: (live.extensions ?? []).length,
    domain: (live.domains ?? []).length,
    'composite type': (live.types ?? []).filter((t) => t.composite).length,
    'range type': (live.types ?? []).filter((t) => t.range).length,
    sequence: (live.sequences ?? []).length,
  }
  const kinds = new Set([...ORDER, ...raw.map((r) => r.kind), ...notKept.map((n) => n.kind), ...sql.map((s) => s.kind)])
  const rank = (k: string) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length)
  return [...kinds]
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((kind): KindReport => {
      const kept = sql.filter((s) => s.kind === kind)
      return { kind, modelled: modelled[kind] ?? 0, raw: raw.filter((r) => r.kind === kind), notKept: notKept.filter((n) => n.kind === kind), ...(kept.length ? { sql: kept } : {}) }
    })
    .filter((k) => k.modelled > 0 || k.raw.length > 0 || k.notKept.length > 0 || (k.sql?.length ?? 0) > 0)
}

/** The report as lines for a terminal: one per kind, aligned. */
export function formatReport(kinds: readonly KindReport[]): string[] {
  const width = Math.max(4, ...kinds.map((k) => k.kind.length))
  return kinds.map((k) => {
    const sqlKept = k.sql?.length ?? 0
    const parts = k.modelled > 0 || sqlKept === 0 ? [`${k.modelled} modelled`] : []
    if (k.raw.length > 0) parts.push(`${k.raw.length} of them kept as native types or raw SQL`)
    if (sqlKept > 0) parts.push(`${sqlKept} kept as raw SQL`)
    if (k.notKept.length > 0) parts.push(`${k.notKept.length} not kept`)
    return `  ${k.kind.padEnd(width)}  ${parts.join(', ')}`
  })
}

/** The columns of `live` whose type a dialect cannot run: no spelling of it for that dialect. */
export interface UnrunnableTypes {
  readonly dialect: DialectName
  readonly columns: readonly { readonly column: string; readonly type: string }[]
}

/**
 * For every dialect but the one read, the columns whose type it has no
 * spelling for (a `native` type without `native.<dialect>`), so that the
 * baseline says so up front instead of `strata sql --dialect sqlite`
 * failing later.
 */
export function unrunnableTypes(live: Schema, read: DialectName): UnrunnableTypes[] {
  const out: UnrunnableTypes[] = []
  for (const dialect of DIALECT_NAMES) {
    if (dialect === read) continue
    // A native type without this dialect's spelling, or an array where the dialect has none.
    const arrays = dialectByName(dialect).capabilities.arrays === true
    const columns = live.tables.flatMap((t) =>
      t.columns
        .filter((c) => (c.type === 'native' || (c.array !== undefined && !arrays)) && c.native?.[dialect] === undefined)
        .map((c) => ({ column: `${t.name}.${c.name}`, type: c.type === 'native' ? `${Object.values(c.native ?? {})[0] ?? 'native'}${'[]'.repeat(c.array ?? 0)}` : describeType(c) })),
    )
    if (columns.length) out.push({ dialect, columns })
  }
  return out
}

/** The warning about one dialect, for the baseline's header and the command's output. */
export function unrunnableWarning(u: UnrunnableTypes): string {
  return (
    `WARNING: this baseline uses types that ${u.dialect} cannot run, so \`strata sql --dialect ${u.dialect}\` and \`migrate\` on ${u.dialect} refuse it: ` +
    u.columns.map((c) => `${c.column} (${c.type})`).join(', ') +
    `; add native.${u.dialect} to those columns to run them there.`
  )
}
