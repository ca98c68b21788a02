/**
 * An Erd as Graphviz DOT (https://graphviz.org/doc/info/lang.html): one node
 * per table, an HTML-like label with a row per column (name, type, keys),
 * and an edge per relationship from the child's foreign key column to the
 * parent's key, with crow's-foot ends (https://graphviz.org/docs/attr-types/arrowType/):
 * `teetee` exactly one, `teeodot` zero or one, `crowodot` zero or more.
 */
import type { Erd, ErdRelationship, ErdTable } from './erd-model'

/** A DOT quoted ID. */
const id = (name: string) => `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
/** Text inside an HTML-like label. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const FONT = 'Helvetica,Arial,sans-serif'

function node(t: ErdTable): string {
  const rows = t.columns.map(
    (c, i) =>
      `<tr><td port="c${i}" align="left">${c.keys.includes('PK') ? `<b>${html(c.name)}</b>` : html(c.name)}</td>` +
      `<td align="left"><font color="#555555">${html(c.type)}${c.nullable ? '?' : ''}</font></td>` +
      `<td align="left">${html(c.keys.join(' '))}</td></tr>`,
  )
  const title = `<tr><td colspan="3" bgcolor="#dbe8f7"><b>${html(t.name)}</b></td></tr>`
  return `  ${id(t.name)} [label=<<table border="0" cellborder="1" cellspacing="0" cellpadding="5">${title}${rows.join('')}</table>>${t.comment ? `, tooltip=${id(t.comment)}` : ''}];`
}

function port(tables: Map<string, ErdTable>, table: string, column: string | undefined): string {
  const index = column === undefined ? -1 : (tables.get(table)?.columns.findIndex((c) => c.name === column) ?? -1)
  return index < 0 ? id(table) : `${id(table)}:c${index}`
}

function edge(tables: Map<string, ErdTable>, r: ErdRelationship): string {
  if (r.cardinality === 'many-to-many') {
    return `  ${id(r.child)} -> ${id(r.parent)} [arrowtail=crowodot, arrowhead=crowodot, style=dashed, label=${id(r.through ?? r.name)}];`
  }
  const tail = r.cardinality === 'one-to-one' ? 'teeodot' : 'crowodot'
  const head = r.optional ? 'teeodot' : 'teetee'
  const from = port(tables, r.child, r.columns[0])
  const to = port(tables, r.parent, r.parentColumns[0])
  return `  ${from} -> ${to} [arrowtail=${tail}, arrowhead=${head}${r.identifying ? '' : ', style=dashed'}, label=${id(r.columns.join(', '))}];`
}

export function renderDot(erd: Erd): string {
  const tables = new Map(erd.tables.map((t) => [t.name, t]))
  return [
    'digraph erd {',
    `  graph [rankdir=LR, fontname="${FONT}", nodesep=0.4, ranksep=0.9];`,
    `  node [shape=plain, fontname="${FONT}", fontsize=10];`,
    `  edge [dir=both, fontname="${FONT}", fontsize=9, color="#555555"];`,
    ...erd.tables.map(node),
    ...erd.relationships.map((r) => edge(tables, r)),
    '}',
    '',
  ].join('\n')
}
