/** Views and triggers in schema files: the model they resolve to, and located errors. */
import assert from 'node:assert/strict'
import { ValidationError } from '../../src/errors'
import { loadSchemaSources } from '../../src/schema/load'

const load = (content: string) => loadSchemaSources([{ file: 'schemas/app.yaml', content }])

function errors(content: string): string[] {
  try {
    load(content)
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

describe('schema files: views and triggers', () => {
  it('resolve into sorted sections of the model', () => {
    const { schema } = load(`${TABLE}views:
  named:
    query: SELECT name FROM items
    columns: [n]
  top:
    materialized: true
    query: { postgres: "SELECT name FROM items LIMIT 10", sqlite: "SELECT name FROM items LIMIT 10" }
    indexes: [{ columns: [name] }]
triggers:
  items_touch:
    table: items
    timing: after
    events: [update, insert]
    of: [name]
    body: "SELECT 1;"
`)
    assert.deepEqual(schema.views, [
      { name: 'named', query: 'SELECT name FROM items', columns: ['n'] },
      {
        name: 'top',
        materialized: true,
        query: { postgres: 'SELECT name FROM items LIMIT 10', sqlite: 'SELECT name FROM items LIMIT 10' },
        indexes: [{ name: 'top_name_idx', columns: ['name'] }],
      },
    ])
    assert.deepEqual(schema.triggers, [
      { name: 'items_touch', table: 'items', timing: 'after', events: ['insert', 'update'], of: ['name'], body: 'SELECT 1;' },
    ])
  })

  it('a schema without them has no such sections (snapshots unchanged)', () => {
    const { schema } = load(TABLE)
    assert.deepEqual(Object.keys(schema).sort(), ['enums', 'tables'])
  })

  it('shape errors are located (JSON Schema)', () => {
    assert.deepEqual(
      errors(`${TABLE}views:
  v:
    columns: [a]
triggers:
  t:
    table: items
    timing: during
    events: insert
    body: "SELECT 1;"
`),
      [
        '7:5 view "v": missing required property "query"',
        '11:13 trigger "t": timing "during" is not one of before, after, instead of',
      ],
    )
  })

  it('meaning errors are located: missing table, unknown column, no body, a name taken', () => {
    assert.deepEqual(
      errors(`${TABLE}views:
  items:
    query: SELECT 1
  v:
    query: SELECT name FROM items
    dependsOn: [nothing]
triggers:
  t1:
    table: orders
    timing: after
    events: insert
    body: "SELECT 1;"
  t2:
    table: items
    timing: after
    events: insert
    of: [name]
  t3:
    table: items
    timing: before
    events: update
    of: [nmae]
    body: "SELECT 1;"
`),
      [
        '6:3 view "items": a table or type has the same name; views share their namespace',
        '10:17 view "v": dependsOn "nothing" is not a table, view or sql object of the schema',
        '13:12 trigger "t1": table "orders" is not a table or view of the schema',
        '17:3 trigger "t2": give a body (or, on PostgreSQL, a function)',
        '21:5 trigger "t2": "of" lists columns for UPDATE OF, but the events do not include update',
        '26:10 trigger "t3": column "nmae" is not a column of table "items"',
      ],
    )
  })
})
