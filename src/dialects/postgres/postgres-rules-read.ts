/**
 * Rules of the current schema's tables and views (not a view's own
 * `_RETURN` rule), offered by `introspect` as raw `sql` entries: the
 * statement is pg_get_ruledef's, which PostgreSQL prints to be run again,
 * with the rule's DISABLE / ENABLE REPLICA | ALWAYS state and its comment.
 * https://www.postgresql.org/docs/current/sql-createrule.html
 */
import type { AdoptedSqlObject, Row } from '../dialect'
import { adoptedSql } from './postgres-adopted-sql'

type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

const NS = `(SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = current_schema())`

/** The rules introspect keeps (`r`: pg_rewrite, `c`: its relation): every one but a view's _RETURN. */
export const RULE_KEPT = (r: string, c: string) => `(${r}.rulename <> '_RETURN' AND ${c}.relnamespace = ${NS})`

const RULES = `
SELECT r.rulename AS name, quote_ident(r.rulename) AS quoted, c.relname AS relation, c.relkind AS kind,
       CASE WHEN pg_table_is_visible(c.oid) THEN quote_ident(c.relname) ELSE quote_ident(n.nspname) || '.' || quote_ident(c.relname) END AS target,
       pg_get_ruledef(r.oid, true) AS definition, r.ev_enabled AS enabled, obj_description(r.oid, 'pg_rewrite') AS comment,
       (SELECT i.type || ' ' || i.identity FROM pg_identify_object('pg_catalog.pg_rewrite'::regclass, r.oid, 0) i) AS key
FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ${RULE_KEPT('r', 'c')} AND NOT (c.relname = ANY($1::text[]))
ORDER BY c.relname, r.rulename`

// ALTER TABLE … DISABLE RULE and its kin; 'O' (fires in origin and local mode) is the default.
const ENABLED: Record<string, string> = { D: 'DISABLE RULE', R: 'ENABLE REPLICA RULE', A: 'ENABLE ALWAYS RULE' }

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

/** Each rule as a `sql` entry named `<rule>_on_<relation>`; `exclude`: strata's own tables. */
export async function readPostgresRules(query: QueryFn, definitions: (keys: readonly string[]) => Promise<ReadonlyMap<string, string>>, exclude: readonly string[]): Promise<AdoptedSqlObject[]> {
  const rows = await query(RULES, [exclude])
  const made = await definitions(rows.map((r) => String(r.key)))
  return rows.map((row) => {
    const text = String(row.definition).trim()
    const statements = [text.endsWith(';') ? text.slice(0, -1) : text]
    const alter = ENABLED[String(row.enabled)]
    // ALTER TABLE takes a view's rules too (ALTER VIEW has no RULE forms).
    if (alter) statements.push(`ALTER TABLE ${row.target} ${alter} ${row.quoted}`)
    if (row.comment !== null) statements.push(`COMMENT ON RULE ${row.quoted} ON ${row.target} IS ${literal(String(row.comment))}`)
    return adoptedSql({
      kind: 'rule',
      label: `${row.relation}.${row.name}`,
      name: `${row.name}_on_${row.relation}`,
      statements,
      drop: `DROP RULE ${row.quoted} ON ${row.target}`,
      key: String(row.key),
      made,
    })
  })
}
