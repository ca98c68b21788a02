/**
 * Applying the operations of the PostgreSQL catalog objects that are
 * sections of named definitions — sequences, extensions, domains, composite
 * and range types — to the model (pure, called by apply.ts and invert.ts).
 * Each kind is one section of the schema: create adds to it, drop removes
 * from it, alter replaces `from` with `to`.
 */
import type { Schema } from '../schema/model'
import { columnsOfType } from '../schema/domains'
import type {
  AlterDomain,
  AlterExtension,
  AlterSequence,
  AlterType,
  CreateDomain,
  CreateExtension,
  CreateSequence,
  CreateType,
  DropDomain,
  DropExtension,
  DropSequence,
  DropType,
  Operation,
} from './operations'

export type CatalogOperation =
  | CreateSequence
  | DropSequence
  | AlterSequence
  | CreateExtension
  | DropExtension
  | AlterExtension
  | CreateDomain
  | DropDomain
  | AlterDomain
  | CreateType
  | DropType
  | AlterType

type Section = 'sequences' | 'extensions' | 'domains' | 'types'
type Item = { readonly name: string }
type Fail = (message: string) => never

/** Which section and noun each operation works on, and its item (create) or name. */
export function catalogTarget(op: CatalogOperation): { section: Section; noun: string; name: string; item?: Item } {
  switch (op.op) {
    case 'createSequence':
      return { section: 'sequences', noun: 'sequence', name: op.sequence.name, item: op.sequence }
    case 'createExtension':
      return { section: 'extensions', noun: 'extension', name: op.extension.name, item: op.extension }
    case 'createDomain':
      return { section: 'domains', noun: 'domain', name: op.domain.name, item: op.domain }
    case 'createType':
      return { section: 'types', noun: 'type', name: op.type.name, item: op.type }
    case 'dropSequence':
    case 'alterSequence':
      return { section: 'sequences', noun: 'sequence', name: op.name }
    case 'dropExtension':
    case 'alterExtension':
      return { section: 'extensions', noun: 'extension', name: op.name }
    case 'dropDomain':
    case 'alterDomain':
      return { section: 'domains', noun: 'domain', name: op.name }
    case 'dropType':
    case 'alterType':
      return { section: 'types', noun: 'type', name: op.name }
  }
}

export function findCatalogItem(schema: Schema, section: Section, name: string): Item | undefined {
  return (schema[section] as readonly Item[] | undefined)?.find((i) => i.name === name)
}

function withSection(schema: Schema, section: Section, items: readonly Item[]): Schema {
  const out: Record<string, unknown> = { ...schema }
  if (items.length) out[section] = [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  else delete out[section]
  return out as unknown as Schema
}

export function applyCatalogOperation(schema: Schema, op: CatalogOperation, fail: Fail): Schema {
  const { section, noun, name, item } = catalogTarget(op)
  const items = (schema[section] as readonly Item[] | undefined) ?? []
  const found = items.find((i) => i.name === name)
  if (item) {
    if (found) fail(`${noun} "${name}" already exists`)
    return withSection(schema, section, [...items, item])
  }
  if (!found) fail(`${noun} "${name}" does not exist`)
  if (op.op === 'dropDomain' || op.op === 'dropType') {
    const users = columnsOfType(schema, name)
    if (users.length) fail(`${noun} "${name}" is still the type of ${users.join(', ')}`)
  }
  if ('to' in op) {
    if (op.to.name !== name || op.from.name !== name) fail(`${op.op}: from and to must both be ${noun} "${name}"`)
    return withSection(schema, section, items.map((i) => (i.name === name ? op.to : i)))
  }
  return withSection(schema, section, items.filter((i) => i.name !== name))
}

/** The inverse of a catalog operation, given the schema before it. */
export function invertCatalogOperation(before: Schema, op: CatalogOperation, fail: Fail): Operation {
  switch (op.op) {
    case 'createSequence':
      return { op: 'dropSequence', name: op.sequence.name }
    case 'createExtension':
      return { op: 'dropExtension', name: op.extension.name }
    case 'createDomain':
      return { op: 'dropDomain', name: op.domain.name }
    case 'createType':
      return { op: 'dropType', name: op.type.name }
    case 'alterSequence':
    case 'alterExtension':
    case 'alterDomain':
    case 'alterType':
      return { ...op, from: op.to, to: op.from } as Operation
  }
  const { section, noun, name } = catalogTarget(op)
  const found = findCatalogItem(before, section, name)
  if (!found) fail(`${noun} "${name}" does not exist`)
  switch (op.op) {
    case 'dropSequence':
      return { op: 'createSequence', sequence: found as CreateSequence['sequence'] }
    case 'dropExtension':
      return { op: 'createExtension', extension: found as CreateExtension['extension'] }
    case 'dropDomain':
      return { op: 'createDomain', domain: found as CreateDomain['domain'] }
    case 'dropType':
      return { op: 'createType', type: found as CreateType['type'] }
  }
}

export const CATALOG_OPERATION_KINDS = [
  'createSequence',
  'dropSequence',
  'alterSequence',
  'createExtension',
  'dropExtension',
  'alterExtension',
  'createDomain',
  'dropDomain',
  'alterDomain',
  'createType',
  'dropType',
  'alterType',
] as const
