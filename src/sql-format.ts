/** Compiled operations as a SQL script for people: a comment per operation, non-transactional statements flagged. */
import type { CompiledOperation } from './migrations/compile'

export function formatCompiled(compiled: readonly CompiledOperation[]): string {
  const lines: string[] = []
  for (const c of compiled) {
    lines.push(`-- ${c.index + 1}. ${c.operation.op}`)
    if (!c.statements.length) lines.push('-- (nothing to run on this database)')
    for (const s of c.statements) {
      if (s.transactional === false) lines.push('-- runs outside a transaction, alone (the database forbids it inside one)')
      lines.push(s.sql.endsWith(';') ? s.sql : `${s.sql};`)
      if (s.params?.length) lines.push(`-- parameters: ${JSON.stringify(s.params)}`)
    }
  }
  return lines.join('\n')
}
