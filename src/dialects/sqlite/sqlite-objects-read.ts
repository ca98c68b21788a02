/**
 * Views and triggers read back from sqlite_master, where SQLite keeps the
 * CREATE statement as written (https://www.sqlite.org/schematab.html): the
 * query, the condition and the body are cut out of that text, so what strata
 * wrote (sqlite-objects.ts) reads back exactly.
 */
import type BetterSqlite3 from 'better-sqlite3'
import type { Trigger, TriggerEvent, TriggerTiming } from '../../schema/triggers'
import type { View } from '../../schema/views'
import { type Token, isKeyword, matchingParen, splitTopLevel, tokenize } from './sqlite-tokens'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Skip `CREATE [TEMP] KIND [IF NOT EXISTS] [schema.]name`: the index of the token after the name. */
function afterName(tokens: readonly Token[], kind: string): number {
  let i = tokens.findIndex((t) => isKeyword(t, kind)) + 1
  if (isKeyword(tokens[i], 'IF')) i += 3
  if (tokens[i + 1]?.text === '.') i += 2
  return i + 1
}

function columnNames(tokens: readonly Token[]): string[] {
  return splitTopLevel(tokens).map((part) => part.filter((t) => t.kind !== 'comment')[0]!.value)
}

export function parseView(name: string, sql: string): View {
  const tokens = tokenize(sql).filter((t) => t.kind !== 'comment')
  let i = afterName(tokens, 'VIEW')
  const view: Mutable<View> = { name, query: '' }
  if (tokens[i]?.text === '(') {
    const close = matchingParen(tokens, i)
    view.columns = columnNames(tokens.slice(i + 1, close))
    i = close + 1
  }
  // tokens[i] is AS
  view.query = sql.slice(tokens[i]!.end).trim()
  return view
}

export function parseTrigger(name: string, sql: string): Trigger {
  const tokens = tokenize(sql).filter((t) => t.kind !== 'comment')
  let i = afterName(tokens, 'TRIGGER')
  let timing: TriggerTiming = 'before'
  if (isKeyword(tokens[i], 'BEFORE')) i++
  else if (isKeyword(tokens[i], 'AFTER')) {
    timing = 'after'
    i++
  } else if (isKeyword(tokens[i], 'INSTEAD')) {
    timing = 'instead of'
    i += 2
  }
  const event = tokens[i]!.text.toLowerCase() as TriggerEvent
  i++
  const trigger: Mutable<Trigger> = { name, table: '', timing, events: [event] }
  if (isKeyword(tokens[i], 'OF')) {
    const on = tokens.findIndex((t, j) => j > i && isKeyword(t, 'ON'))
    trigger.of = columnNames(tokens.slice(i + 1, on))
    i = on
  }
  i++ // ON
  if (tokens[i + 1]?.text === '.') i += 2
  trigger.table = tokens[i]!.value
  i++
  if (isKeyword(tokens[i], 'FOR')) i += 3
  const begin = tokens.findIndex((t, j) => j >= i && isKeyword(t, 'BEGIN'))
  if (isKeyword(tokens[i], 'WHEN')) trigger.when = sql.slice(tokens[i]!.end, tokens[begin]!.start).trim()
  let end = tokens.length - 1
  while (end > begin && !isKeyword(tokens[end], 'END')) end--
  trigger.body = sql.slice(tokens[begin]!.end, tokens[end]!.start).trim()
  return trigger
}

/** Every view and trigger of the database (none of strata's own). */
export function readSqliteObjects(db: BetterSqlite3.Database): { views: View[]; triggers: Trigger[] } {
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY name")
    .all() as { type: string; name: string; sql: string }[]
  return {
    views: rows.filter((r) => r.type === 'view').map((r) => parseView(r.name, r.sql)),
    triggers: rows.filter((r) => r.type === 'trigger').map((r) => parseTrigger(r.name, r.sql)),
  }
}
