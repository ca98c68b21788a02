/** `strata erd`: the schema files' tables as a Mermaid ER diagram, Graphviz DOT or SVG. */
import type { Schema } from '../schema/model'
import { renderDot } from './dot'
import { type Erd, buildErd } from './erd-model'
import { renderMermaid } from './mermaid'
import { selectTables } from './select'
import { renderSvg } from './svg'

export const ERD_FORMATS = ['mermaid', 'dot', 'svg'] as const
export type ErdFormat = (typeof ERD_FORMATS)[number]

export interface ErdOptions {
  /** Table names or globs (`billing_*`); commas separate several. Default: every table. */
  readonly tables?: readonly string[]
  /** Also every table within this many relationships of `tables`. */
  readonly depth?: number
  readonly format?: ErdFormat
}

export interface ErdResult {
  readonly erd: Erd
  readonly format: ErdFormat
  /** The diagram in that format. */
  readonly text: string
}

/** Draw a schema. SVG loads Graphviz (WebAssembly) on first use. */
export async function drawErd(schema: Schema, options: ErdOptions = {}): Promise<ErdResult> {
  const selection = selectTables(schema, options.tables ?? [], options.depth)
  const erd = buildErd(schema, selection.shown, selection.named)
  const format = options.format ?? 'mermaid'
  if (format === 'mermaid') return { erd, format, text: renderMermaid(erd) }
  const dot = renderDot(erd)
  if (format === 'dot') return { erd, format, text: dot }
  return { erd, format, text: await renderSvg(dot) }
}

export { buildErd, renderDot, renderMermaid, selectTables }
export type { Erd, ErdRelationship, ErdTable, Cardinality } from './erd-model'
