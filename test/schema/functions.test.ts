/** Functions and procedures in schema files: the model they resolve to, and located errors. */
import assert from 'node:assert/strict'
import { ValidationError } from '../../src/errors'
import { loadSchemaSources } from '../../src/schema/load'
import { postgresDialect } from '../../src/dialects/postgres/postgres-dialect'
import { mysqlDialect } from '../../src/dialects/mysql/mysql-dialect'
import { sqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect'

const load = (content: string, databases: Parameters<typeof loadSchemaSources>[1] = []) =>
  loadSchemaSources([{ file: 'schemas/app.yaml', content }], databases)

function errors(content: string, databases: Parameters<typeof loadSchemaSources>[1] = []): string[] {
  try {
    load(content, databases)
  } catch (e) {
    assert.ok(e instanceof ValidationError)
    return e.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)
  }
  assert.fail('expected a ValidationError')
}

const TABLE = `tables:
  items:
    columns:
      name: string
`

describe('schema files: functions and procedures', () => {
  it('resolve into the model, defaults left out', () => {
    const { schema } = load(`${TABLE}functions:
  shout:
    args: "s text"
    returns: text
    language: sql
    volatility: volatile
    parallel: unsafe
    strict: false
    body: SELECT upper(s)
  cleanup:
    procedure: true
    language: plpgsql
    set: { search_path: public }
    body: BEGIN DELETE FROM items; END
`)
    assert.deepEqual(schema.functions, [
      { name: 'cleanup', procedure: true, language: 'plpgsql', set: { search_path: 'public' }, body: 'BEGIN DELETE FROM items; END' },
      { name: 'shout', args: 's text', returns: 'text', language: 'sql', body: 'SELECT upper(s)' },
    ])
  })

  it('located errors: a procedure with a result, a function without, a clash with a table, a trigger body of the same name, a bad key', () => {
    assert.deepEqual(
      errors(`${TABLE}triggers:
  touch:
    table: items
    timing: before
    events: insert
    body: BEGIN RETURN NEW; END
functions:
  p:
    procedure: true
    returns: integer
    language: sql
    body: SELECT 1
  f:
    language: sql
    body: SELECT 1
  items:
    returns: integer
    language: sql
    body: SELECT 1
  touch:
    returns: trigger
    language: plpgsql
    body: BEGIN RETURN NEW; END
`),
      [
        '14:5 procedure "p": a procedure has no result; remove returns',
        '17:3 function "f": give returns (the result type), or procedure: true',
        '20:3 function "items": a table or view has the same name',
        '24:3 function "touch": trigger "touch" has a body, whose trigger function takes that name on PostgreSQL; rename one of them',
      ],
    )
    assert.match(errors(`${TABLE}functions:\n  f:\n    returns: int\n    language: sql\n    body: SELECT 1\n    volatile: true\n`)[0]!, /^10:5 functions\.f: unknown property "volatile" \(did you mean "volatility"\?\)/)
  })

  it('refused for a project whose databases include one without stored functions, accepted for PostgreSQL and MySQL', () => {
    const file = `${TABLE}functions:\n  f:\n    returns: integer\n    language: sql\n    body: SELECT 1\n`
    const pg = { name: 'main', dialect: 'postgres', capabilities: postgresDialect.capabilities }
    const my = { name: 'shop', dialect: 'mysql', capabilities: mysqlDialect.capabilities }
    const lite = { name: 'dev', dialect: 'sqlite', capabilities: sqliteDialect.capabilities }
    assert.equal(load(file, [pg]).schema.functions?.length, 1)
    assert.equal(load(file, [pg, my]).schema.functions?.length, 1)
    assert.deepEqual(errors(file, [pg, lite]), [
      '6:3 function "f": database "dev" (sqlite) has no stored functions strata manages (PostgreSQL and MySQL only); keep it in a project of PostgreSQL databases, or create it with a sql operation',
    ])
  })

  it('MySQL routines: per-dialect text, MySQL characteristics, language sql by default', () => {
    const { schema } = load(`${TABLE}functions:
  with_tax:
    args: p DECIMAL(10,2)
    returns: { postgres: numeric, mysql: "DECIMAL(10,2)" }
    deterministic: true
    dataAccess: no sql
    comment: gross price
    body: { postgres: SELECT p * 1.2, mysql: RETURN p * 1.2 }
  reprice:
    procedure: true
    args: IN factor DECIMAL(4,2), OUT changed INT
    dataAccess: contains sql
    deterministic: false
    securityDefiner: true
    body: |
      BEGIN
        UPDATE items SET name = name;
        SET changed = ROW_COUNT();
      END
`, [{ name: 'shop', dialect: 'mysql', capabilities: mysqlDialect.capabilities }])
    assert.deepEqual(schema.functions, [
      {
        name: 'reprice',
        args: 'IN factor DECIMAL(4,2), OUT changed INT',
        procedure: true,
        language: 'sql',
        securityDefiner: true,
        body: 'BEGIN\n  UPDATE items SET name = name;\n  SET changed = ROW_COUNT();\nEND\n',
      },
      {
        name: 'with_tax',
        args: 'p DECIMAL(10,2)',
        returns: { postgres: 'numeric', mysql: 'DECIMAL(10,2)' },
        language: 'sql',
        body: { postgres: 'SELECT p * 1.2', mysql: 'RETURN p * 1.2' },
        deterministic: true,
        dataAccess: 'no sql',
        comment: 'gross price',
      },
    ])
    assert.match(
      errors(`${TABLE}functions:\n  f:\n    returns: int\n    dataAccess: reads\n    body: RETURN 1\n`)[0]!,
      /^8:17 functions\.f\.dataAccess "reads" is not one of contains sql, no sql, reads sql data, modifies sql data/,
    )
  })

  it('a trigger that executes a function is refused for a project with a MySQL database, at its function key', () => {
    const file = `${TABLE}functions:\n  touch:\n    returns: trigger\n    language: plpgsql\n    body: BEGIN RETURN NEW; END\ntriggers:\n  items_touch:\n    table: items\n    timing: before\n    events: update\n    function: touch\n`
    const pg = { name: 'main', dialect: 'postgres', capabilities: postgresDialect.capabilities }
    const my = { name: 'shop', dialect: 'mysql', capabilities: mysqlDialect.capabilities }
    assert.equal(load(file, [pg]).schema.triggers?.length, 1)
    assert.deepEqual(errors(file, [pg, my]), [
      '15:5 trigger "items_touch": database "shop" (mysql) has no trigger functions (PostgreSQL only); give the trigger a body instead (on MySQL it may CALL a procedure of functions:)',
    ])
  })
})
