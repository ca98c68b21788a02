/**
 * Human-readable summaries of operations for `make` (one line each, `+` adds,
 * `-` drops, `~` changes) and a migration name derived from them (SPEC §4).
 */
import { equalData } from '../schema/canonical'
import { boundOf, describeBound, type Partition, type PartitionState } from '../schema/partitions'
import { partitionObjects } from '../schema/partition-objects'
import {
  type ConstraintState,
  type DefaultValue,
  type Exclusion,
  type Generated,
  type IndexColumnOptions,
  type Literal,
  type TypeSpec,
  tableOptionsOf,
} from '../schema/model'
import type { ColumnChange, Operation } from './operations'

/** `string(200)`, `decimal(10,2)`, `timestamptz`, `enum(role)`, `bigint autoincrement`. */
export function describeType(spec: Partial<TypeSpec>): string {
  let out: string
  switch (spec.type) {
    case 'string':
      out = spec.length === undefined ? 'string' : `string(${spec.length})`
      break
    case 'decimal':
      out =
        spec.precision === undefined
          ? 'decimal'
          : `decimal(${spec.precision}${spec.scale === undefined ? '' : `,${spec.scale}`})`
      break
    case 'timestamp':
      out = spec.timezone ? 'timestamptz' : 'timestamp'
      break
    case 'enum':
      out = spec.enum === undefined ? 'enum' : `enum(${spec.enum})`
      break
    case 'native': {
      const parts = Object.entries(spec.native ?? {}).map(([dialect, type]) => `${dialect}: ${type}`)
      out = `native(${parts.join(', ')})`
      break
    }
    default:
      out = spec.type ?? '?'
  }
  if (spec.array) out += '[]'.repeat(spec.array)
  if (spec.collation !== undefined) out += ` collate ${spec.collation}`
  if (!spec.autoincrement) return out
  const how = [spec.identity === 'always' ? 'always' : '', spec.sequence !== undefined ? `serial ${spec.sequence}` : '', spec.monotonic ? 'monotonic' : '']
  const detail = how.filter(Boolean).join(', ')
  return `${out} autoincrement${detail ? ` (${detail})` : ''}`
}

const literal = (value: Literal): string => (typeof value === 'string' ? `'${value}'` : String(value))

function describeDefault(value: DefaultValue | null | undefined): string {
  if (value === null || value === undefined) return 'no default'
  if (typeof value !== 'object') return `default ${literal(value)}`
  if ('expr' in value) return `default ${value.expr}()`
  return 'default (sql)'
}

/** `created_at collate C text_pattern_ops desc nulls last`. */
function describeIndexColumn(column: string, o: IndexColumnOptions | undefined): string {
  if (!o) return column
  const parts = [o.length !== undefined ? `${column}(${o.length})` : column, o.collation ? `collate ${o.collation}` : '', o.opclass ?? '', o.order ?? '', o.nulls ? `nulls ${o.nulls}` : '']
  return parts.filter(Boolean).join(' ')
}

/** ` deferrable initially deferred match full not valid no inherit`: the attributes a constraint has, each with its space. */
function describeAttributes(c: ConstraintState & { readonly match?: string; readonly noInherit?: boolean }): string {
  const parts = [
    c.deferrable ? 'deferrable' : '',
    c.initiallyDeferred ? 'initially deferred' : '',
    c.match ? `match ${c.match}` : '',
    c.notValid ? 'not valid' : '',
    c.noInherit ? 'no inherit' : '',
  ]
  return parts.filter(Boolean).map((p) => ` ${p}`).join('')
}

/** `deferrable initially deferred`, `not deferrable, not valid` (validity only when `validity`). */
function describeState(s: ConstraintState, validity: boolean): string {
  const timing = s.deferrable ? `deferrable${s.initiallyDeferred ? ' initially deferred' : ''}` : 'not deferrable'
  return validity ? `${timing}, ${s.notValid ? 'not valid' : 'valid'}` : timing
}

/** ` with index a, foreign key b`: what a new partition holds of its own. */
function describeOwn(p: Partition): string {
  const own = partitionObjects(p)
  return own.length ? ` with ${own.map((o) => `${o.kind} ${o.item.name}`).join(', ')}` : ''
}

/** A partition's change: its bound (`from (…) to (…) -> …`), then its own objects gone (`-`), come (`+`) or changed (`~`). */
function describePartitionChange(name: string, from: PartitionState, to: PartitionState): string {
  const parts: string[] = []
  const a = describeBound({ ...boundOf(from), name })
  const b = describeBound({ ...boundOf(to), name })
  if (a !== b) parts.push(`${a} -> ${b}`)
  const before = new Map<string, unknown>(partitionObjects({ ...from, name }).map((o) => [`${o.kind} ${o.item.name}`, o.item]))
  const after = new Map<string, unknown>(partitionObjects({ ...to, name }).map((o) => [`${o.kind} ${o.item.name}`, o.item]))
  for (const k of before.keys()) if (!after.has(k)) parts.push(`- ${k}`)
  for (const k of after.keys()) if (!before.has(k)) parts.push(`+ ${k}`)
  for (const [k, v] of after) if (before.has(k) && !equalData(before.get(k), v)) parts.push(`~ ${k}`)
  return parts.join(', ')
}

/** `(room with =, during with &&)`. */
function describeExclusion(x: Exclusion): string {
  const options = (e: Exclusion['elements'][number]) =>
    `${e.collation !== undefined ? ` collate ${e.collation}` : ''}${e.opclass !== undefined ? ` ${e.opclass}` : ''}${e.order ? ` ${e.order}` : ''}${e.nulls ? ` nulls ${e.nulls}` : ''}`
  const include = x.include?.length ? ` include ${list(x.include)}` : ''
  return list(x.elements.map((e) => `${e.column ?? `(${e.expression ?? ''})`}${options(e)} with ${e.operator}`)) + include
}

/** `generated (a + b) stored`, or `not generated`. */
export function describeGenerated(value: Generated | null | undefined): string {
  if (value === null || value === undefined) return 'not generated'
  return `generated (${value.expression}) ${value.stored ? 'stored' : 'virtual'}`
}

function describeChange(from: ColumnChange, to: ColumnChange): string {
  const parts: string[] = []
  if (to.type !== undefined) parts.push(`${describeType(from)} -> ${describeType(to)}`)
  if (to.nullable !== undefined) parts.push(`${from.nullable ? 'null' : 'not null'} -> ${to.nullable ? 'null' : 'not null'}`)
  if (to.default !== undefined) parts.push(`${describeDefault(from.default)} -> ${describeDefault(to.default)}`)
  if (to.generated !== undefined) parts.push(`${describeGenerated(from.generated)} -> ${describeGenerated(to.generated)}`)
  if (to.onUpdate !== undefined) parts.push(`on update ${from.onUpdate ?? 'nothing'} -> on update ${to.onUpdate ?? 'nothing'}`)
  return parts.join(', ')
}

const list = (items: readonly string[]): string => `(${items.join(', ')})`

/** One line per operation for `make`'s summary. */
export function describeOperation(op: Operation): string {
  switch (op.op) {
    case 'createSchema':
      return `+ schema ${op.name}`
    case 'dropSchema':
      return `- schema ${op.name}`
    case 'createTable':
      return `+ table ${op.table.name}`
    case 'dropTable':
      return `- table ${op.name}`
    case 'renameTable':
      return `~ table ${op.from} renamed to ${op.to}${op.renames ? `, with ${Object.entries(op.renames).map(([a, b]) => `${a} -> ${b}`).join(', ')}` : ''}`
    case 'addColumn': {
      const c = op.column
      const fill = op.fill === undefined ? '' : `, existing rows ${literal(op.fill)}`
      const generated = c.generated ? ` ${describeGenerated(c.generated)}` : ''
      const onUpdate = c.onUpdate ? ` on update ${c.onUpdate}` : ''
      return `+ column ${op.table}.${c.name}: ${describeType(c)}${c.nullable ? ' null' : ''}${generated}${onUpdate}${fill}`
    }
    case 'dropColumn':
      return `- column ${op.table}.${op.column}`
    case 'renameColumn':
      return `~ column ${op.table}.${op.from} renamed to ${op.to}${op.renames ? `, with ${Object.entries(op.renames).map(([a, b]) => `${a} -> ${b}`).join(', ')}` : ''}`
    case 'alterColumn':
      return `~ column ${op.table}.${op.column}: ${describeChange(op.from, op.to)}`
    case 'addIndex': {
      const what = op.index.unique ? 'unique index' : 'index'
      const on = op.index.columns
        ? list(op.index.columns.map((c) => describeIndexColumn(c, op.index.columnOptions?.[c])))
        : `(${op.index.expression ?? ''})`
      const using = op.index.method ? ` using ${op.index.method}` : ''
      const include = op.index.include ? ` include ${list(op.index.include)}` : ''
      const nnd = op.index.nullsNotDistinct ? ' nulls not distinct' : ''
      return `+ ${what} ${op.index.name} on ${op.table}${using} ${on}${include}${nnd}${op.index.where ? ` where ${op.index.where}` : ''}`
    }
    case 'dropIndex':
      return `- index ${op.name}`
    case 'addUnique':
      return `+ unique ${op.unique.name} on ${op.table} ${list(op.unique.columns)}${describeAttributes(op.unique)}`
    case 'dropUnique':
      return `- unique ${op.name}`
    case 'addForeignKey': {
      const fk = op.foreignKey
      return `+ foreign key ${fk.name}: ${op.table} ${list(fk.columns)} -> ${fk.references.table} ${list(fk.references.columns)}${describeAttributes(fk)}`
    }
    case 'dropForeignKey':
      return `- foreign key ${op.name}`
    case 'addCheck':
      return `+ check ${op.check.name} on ${op.table}${describeAttributes(op.check)}`
    case 'dropCheck':
      return `- check ${op.name}`
    case 'addExclusion': {
      const x = op.exclusion
      return `+ exclusion ${x.name} on ${op.table} using ${x.method ?? 'gist'} ${describeExclusion(x)}${x.where ? ` where ${x.where}` : ''}${describeAttributes(x)}`
    }
    case 'dropExclusion':
      return `- exclusion ${op.name}`
    case 'addPartition':
      return `+ partition ${op.partition.name} of ${op.table} ${describeBound(op.partition)}${describeOwn(op.partition)}`
    case 'dropPartition':
      return `- partition ${op.name} of ${op.table}`
    case 'alterPartition':
      return `~ partition ${op.name} of ${op.table}: ${describePartitionChange(op.name, op.from, op.to)}`
    case 'alterConstraint': {
      const validity = Boolean(op.from.notValid) || Boolean(op.to.notValid)
      return `~ constraint ${op.name} on ${op.table}: ${describeState(op.from, validity)} -> ${describeState(op.to, validity)}`
    }
    case 'alterPrimaryKey': {
      // The constraint names too when they differ (a key renamed, or made by hand under another name).
      const named = op.from !== null && op.to !== null && op.from.name !== op.to.name
      const key = (pk: typeof op.from) => (pk ? `${named ? `${pk.name} ` : ''}${list(pk.columns)}${describeAttributes(pk)}` : 'none')
      return `~ primary key ${op.table}: ${key(op.from)} -> ${key(op.to)}`
    }
    case 'createEnum':
      return `+ enum ${op.name} ${list(op.values)}`
    case 'alterEnum':
      return `~ enum ${op.name}: ${list(op.from)} -> ${list(op.to)}`
    case 'dropEnum':
      return `- enum ${op.name}`
    case 'setComment':
      if (op.index !== undefined) return `~ comment index ${op.index}`
      if (op.constraint !== undefined) return `~ comment constraint ${op.constraint} on ${op.table}`
      return `~ comment ${op.column === undefined ? `table ${op.table}` : `${op.table}.${op.column}`}`
    case 'createView':
      return `+ ${op.view.materialized ? 'materialized view' : 'view'} ${op.view.name}${op.view.withData === false ? ' (with no data)' : ''}`
    case 'dropView':
      return `- view ${op.name}`
    case 'createTrigger':
      return `+ trigger ${op.trigger.name} on ${op.trigger.table}`
    case 'dropTrigger':
      return `- trigger ${op.name}`
    case 'createFunction':
      return `+ ${op.function.procedure ? 'procedure' : 'function'} ${op.function.name}(${typeof op.function.args === 'object' ? '…' : (op.function.args ?? '')})`
    case 'dropFunction':
      return `- function ${op.name}`
    case 'replaceFunction': {
      const changed = (Object.keys({ ...op.from, ...op.to }) as (keyof typeof op.to)[])
        .filter((k) => !equalData(op.from[k], op.to[k]))
        .sort()
      return `~ function ${op.to.name}: ${changed.join(', ') || 'replaced'}`
    }
    case 'createSequence':
      return `+ sequence ${op.sequence.name}`
    case 'createExtension':
      return `+ extension ${op.extension.name}${op.extension.version ? ` ${op.extension.version}` : ''}`
    case 'createDomain':
      return `+ domain ${op.domain.name} (${op.domain.type})`
    case 'createType':
      return `+ ${op.type.range ? 'range' : 'composite'} type ${op.type.name}`
    case 'alterType': {
      const names = (t: typeof op.from) => new Set((t.composite ?? []).map((f) => f.name))
      const [had, has] = [names(op.from), names(op.to)]
      const parts = [
        ...(op.to.composite ?? []).filter((f) => !had.has(f.name)).map((f) => `+ ${f.name} ${f.type}`),
        ...(op.from.composite ?? []).filter((f) => !has.has(f.name)).map((f) => `- ${f.name}`),
      ]
      return `~ composite type ${op.name}: ${parts.join(', ')}`
    }
    case 'dropSequence':
    case 'dropExtension':
    case 'dropDomain':
    case 'dropType':
      return `- ${op.op.slice(4).toLowerCase()} ${op.name}`
    case 'alterSequence':
    case 'alterExtension':
    case 'alterDomain': {
      const from = op.from as unknown as Record<string, unknown>
      const to = op.to as unknown as Record<string, unknown>
      const changed = Object.keys({ ...from, ...to }).filter((k) => JSON.stringify(from[k]) !== JSON.stringify(to[k])).sort()
      return `~ ${op.op.slice(5).toLowerCase()} ${op.name}: ${changed.join(', ')}`
    }
    case 'setTableOptions': {
      const options = (o: typeof op.from) =>
        Object.entries(tableOptionsOf(o))
          .flatMap(([key, value]) => (typeof value === 'object' ? Object.entries(value as object).map(([k, v]) => `${key} ${k}=${String(v)}`) : [key]))
          .join(', ') || 'none'
      return `~ table ${op.table} options: ${options(op.from)} -> ${options(op.to)}`
    }
    case 'createPolicy':
      return `+ policy ${op.policy.name} on ${op.policy.table}`
    case 'dropPolicy':
      return `- policy ${op.name} on ${op.table}`
    case 'alterPolicy': {
      const changed = (['roles', 'using', 'withCheck'] as const).filter((k) => JSON.stringify(op.from[k]) !== JSON.stringify(op.to[k]))
      return `~ policy ${op.to.name} on ${op.to.table}: ${changed.join(', ') || 'altered'}`
    }
    case 'grant':
    case 'revoke': {
      const g = op.grant
      const role = g.role === 'public' ? 'PUBLIC' : g.role
      return `${op.op === 'grant' ? '+' : '-'} grant ${g.privileges.join(', ')} on ${g.on} ${g.object} ${op.op === 'grant' ? 'to' : 'from'} ${role}`
    }
    case 'setRowLevelSecurity': {
      const state = (r: typeof op.from) => [r.enable ? 'enable' : '', r.force ? 'force' : ''].filter(Boolean).join(', ') || 'off'
      return `~ table ${op.table} row level security: ${state(op.from)} -> ${state(op.to)}`
    }
    case 'insert':
      return `+ rows ${op.table} (${op.rows.length})`
    case 'update':
      return `~ rows ${op.table}`
    case 'delete':
      return `- rows ${op.table}`
    case 'createSql':
      return `+ sql ${op.object.name}`
    case 'dropSql':
      return `- sql ${op.name}`
    case 'sql':
      return op.down === undefined ? '! sql (irreversible)' : '! sql'
  }
}

/** The operations that name a migration; constraints and indexes that come with them do not. */
const MAIN_KINDS: ReadonlySet<string> = new Set([
  'createTable',
  'dropTable',
  'renameTable',
  'addColumn',
  'dropColumn',
  'renameColumn',
  'alterColumn',
  'createEnum',
  'alterEnum',
  'dropEnum',
])

function fragment(op: Operation): string {
  switch (op.op) {
    case 'createSchema':
      return `create_schema_${op.name}`
    case 'dropSchema':
      return `drop_schema_${op.name}`
    case 'createTable':
      return `create_${op.table.name}`
    case 'dropTable':
      return `drop_${op.name}`
    case 'renameTable':
      return `rename_${op.from}_${op.to}`
    case 'addColumn':
      return `add_${op.table}_${op.column.name}`
    case 'dropColumn':
      return `drop_${op.table}_${op.column}`
    case 'renameColumn':
      return `rename_${op.table}_${op.from}_${op.to}`
    case 'alterColumn':
      return `alter_${op.table}_${op.column}`
    case 'addIndex':
      return `add_${op.index.name}`
    case 'addUnique':
      return `add_${op.unique.name}`
    case 'addForeignKey':
      return `add_${op.foreignKey.name}`
    case 'addCheck':
      return `add_${op.check.name}`
    case 'addExclusion':
      return `add_${op.exclusion.name}`
    case 'alterConstraint':
      return `alter_${op.name}`
    case 'addPartition':
      return `add_partition_${op.partition.name}`
    case 'dropPartition':
      return `drop_partition_${op.name}`
    case 'alterPartition':
      return `alter_partition_${op.name}`
    case 'dropIndex':
    case 'dropUnique':
    case 'dropForeignKey':
    case 'dropCheck':
    case 'dropExclusion':
      return `drop_${op.name}`
    case 'alterPrimaryKey':
      return `alter_${op.table}_pkey`
    case 'createEnum':
      return `create_enum_${op.name}`
    case 'alterEnum':
      return `alter_enum_${op.name}`
    case 'dropEnum':
      return `drop_enum_${op.name}`
    case 'setComment':
      if (op.index !== undefined) return `comment_${op.index}`
      if (op.constraint !== undefined) return `comment_${op.constraint}`
      return `comment_${op.table}${op.column === undefined ? '' : `_${op.column}`}`
    case 'createView':
      return `create_view_${op.view.name}`
    case 'dropView':
      return `drop_view_${op.name}`
    case 'createTrigger':
      return `create_trigger_${op.trigger.name}`
    case 'dropTrigger':
      return `drop_trigger_${op.name}`
    case 'createFunction':
      return `create_function_${op.function.name}`
    case 'dropFunction':
      return `drop_function_${op.name}`
    case 'replaceFunction':
      return `replace_function_${op.to.name}`
    case 'createSequence':
      return `create_sequence_${op.sequence.name}`
    case 'createExtension':
      return `create_extension_${op.extension.name}`
    case 'createDomain':
      return `create_domain_${op.domain.name}`
    case 'createType':
      return `create_type_${op.type.name}`
    case 'alterType':
      return `alter_type_${op.name}`
    case 'dropSequence':
    case 'dropExtension':
    case 'dropDomain':
    case 'dropType':
      return `drop_${op.op.slice(4).toLowerCase()}_${op.name}`
    case 'alterSequence':
    case 'alterExtension':
    case 'alterDomain':
      return `alter_${op.op.slice(5).toLowerCase()}_${op.name}`
    case 'setTableOptions':
      return `options_${op.table}`
    case 'createPolicy':
      return `create_policy_${op.policy.name}`
    case 'dropPolicy':
      return `drop_policy_${op.name}`
    case 'alterPolicy':
      return `alter_policy_${op.to.name}`
    case 'setRowLevelSecurity':
      return `rls_${op.table}`
    case 'grant':
      return `grant_${op.grant.object}_${op.grant.role}`
    case 'revoke':
      return `revoke_${op.grant.object}_${op.grant.role}`
    case 'insert':
      return `insert_${op.table}`
    case 'update':
      return `update_${op.table}`
    case 'delete':
      return `delete_${op.table}`
    case 'createSql':
      return `create_${op.object.name}`
    case 'dropSql':
      return `drop_${op.name}`
    case 'sql':
      return 'sql'
  }
}

/** Lower-case snake_case words: anything else becomes `_`. */
export function snakeWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
}

const MAX_NAME = 40

/**
 * A migration name from its operations (SPEC §4): `initial` for the first,
 * `create_tags`, `add_posts_slug`, several joined while they fit 40
 * characters, else the first and `_and_more`, else `auto`.
 */
export function suggestName(ops: readonly Operation[], isFirst: boolean): string {
  if (isFirst) return 'initial'
  const main = ops.filter((op) => MAIN_KINDS.has(op.op))
  const fragments = [...new Set((main.length > 0 ? main : ops).map((op) => snakeWords(fragment(op))))].filter(
    (f) => f.length > 0,
  )
  if (fragments.length === 0) return 'auto'
  const all = fragments.join('_')
  if (all.length <= MAX_NAME) return all
  const first = `${fragments[0]}_and_more`
  return first.length <= MAX_NAME ? first : 'auto'
}
