/**
 * An Erd as a Mermaid `erDiagram` (https://mermaid.js.org/syntax/entityRelationshipDiagram.html),
 * which GitHub and most Markdown viewers render. Crow's-foot ends: `||`
 * exactly one, `|o` zero or one, `o{` zero or more, `o|` zero or one on the
 * child's side. Solid lines (`--`) for identifying relationships (the foreign
 * key is part of the child's primary key), dashed (`..`) for the others.
 */
import type { Erd, ErdColumn, ErdRelationship } from './erd-model'

/** Mermaid's entity names: a word, else quoted. */
function entity(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : `"${name.replace(/"/g, "'")}"`
}

const WORD = /^[A-Za-z_][A-Za-z0-9_\-()[\]]*$/
const quoteComment = (text: string) => `"${text.replace(/"/g, "'")}"`

/** `type name PK, FK "comment"`: what does not fit Mermaid's words goes in the comment. */
function attribute(c: ErdColumn): string {
  const notes: string[] = []
  let type = c.type
  if (!WORD.test(type)) {
    notes.push(type)
    type = /^[A-Za-z_]\w*/.exec(type)?.[0] ?? 'type'
  }
  let name = c.name
  if (!WORD.test(name)) {
    notes.push(`column "${name}"`)
    name = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[0-9])/, '_') || '_'
  }
  if (c.nullable) notes.push('nullable')
  return [type, name, c.keys.join(', '), notes.length ? quoteComment(notes.join(', ')) : ''].filter(Boolean).join(' ')
}

function edge(r: ErdRelationship): string {
  const label = quoteComment(r.through ?? r.columns.join(', '))
  if (r.cardinality === 'many-to-many') return `${entity(r.parent)} }o..o{ ${entity(r.child)} : ${label}`
  const parentEnd = r.optional ? '|o' : '||'
  const childEnd = r.cardinality === 'one-to-one' ? 'o|' : 'o{'
  return `${entity(r.parent)} ${parentEnd}${r.identifying ? '--' : '..'}${childEnd} ${entity(r.child)} : ${label}`
}

export function renderMermaid(erd: Erd): string {
  const lines = ['erDiagram']
  for (const t of erd.tables) {
    if (!t.columns.length) {
      lines.push(`  ${entity(t.name)}`)
      continue
    }
    lines.push(`  ${entity(t.name)} {`, ...t.columns.map((c) => `    ${attribute(c)}`), '  }')
  }
  for (const r of erd.relationships) lines.push(`  ${edge(r)}`)
  return lines.join('\n') + '\n'
}
