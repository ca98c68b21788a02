/**
 * `strata erd` on the README's example schema (Mermaid: every table and
 * relationship with its cardinality; DOT that Graphviz parses; SVG that is
 * well-formed XML with a text element per table), selection by globs and
 * depth, and a 30-table SVG rendered to a PNG that is not blank.
 */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import { runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

const ROOT = join(__dirname, '..', '..', '..')

/** The schema of the README's "Schema files" section, as a user would copy it. */
function readmeSchema(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const block = /## Schema files[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1]
  assert.ok(block, 'README has an example schema')
  return block
}

/** 30 tables: a chain of one-to-many, a one-to-one profile per ten, and a join table. */
function thirtyTables(): string {
  let out = 'tables:\n'
  for (let i = 1; i <= 27; i++) {
    out += `  table_${i}:\n    columns:\n      name: { type: string, length: 80 }\n      created_at: { type: timestamp, timezone: true }\n`
    if (i > 1) out += `    relations:\n      parent: { belongsTo: table_${i - 1}${i % 10 === 0 ? ', unique: true' : ''} }\n`
  }
  out += '  labels:\n    columns:\n      title: text\n    relations:\n      items: { manyToMany: table_1 }\n'
  out += '  notes:\n    columns:\n      body: text\n'
  return out
}

async function ok(project: TempProject, ...args: string[]) {
  const result = await runCli(args, { cwd: project.dir })
  assert.equal(result.code, 0, `strata ${args.join(' ')}: ${result.stdout}\n${result.stderr}`)
  return result
}

/** A strict well-formedness check: every tag closed in order, attributes quoted, only known entities. */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/<\?xml[^?]*\?>/, '').replace(/<!DOCTYPE[^>]*>/, '').replace(/<!--[\s\S]*?-->/g, '')
  const stack: string[] = []
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/g
  let last = 0
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const text = body.slice(last, m.index)
    assert.doesNotMatch(text, /<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/, `stray markup or entity before ${m[0]}`)
    last = m.index + m[0].length
    if (m[1]) assert.equal(stack.pop(), m[2], `</${m[2]}> closes the open element`)
    else if (!m[4]) stack.push(m[2]!)
  }
  assert.doesNotMatch(body.slice(last), /</, 'nothing unparsed after the last tag')
  assert.deepEqual(stack, [], 'every element is closed')
}

describe('strata erd', function () {
  this.timeout(120000)
  let project: TempProject
  afterEach(() => project.cleanup())

  it('Mermaid on the README schema: every table, its columns and keys, every relationship with its cardinality', async () => {
    project = new TempProject({ 'schemas/blog.yaml': readmeSchema() })
    const { stdout } = await ok(project, 'erd')
    const lines = stdout.split('\n')
    assert.equal(lines[0], 'erDiagram')
    for (const table of ['users', 'posts', 'tags']) assert.ok(lines.includes(`  ${table} {`), `table ${table}`)
    assert.ok(lines.includes('    bigint id PK'))
    assert.ok(lines.includes('    string(320) email UK'))
    assert.ok(lines.includes('    bigint author_id FK'))
    assert.ok(lines.includes('    bigint editor_id FK "nullable"'))
    assert.ok(lines.includes('    string(50) name UK'))
    const edges = lines.filter((l) => /--|\.\./.test(l) && l.includes(' : '))
    assert.deepEqual(edges.sort(), [
      '  posts }o..o{ tags : "posts_tags"', // many-to-many through the join table
      '  users |o..o{ posts : "editor_id"', // one-to-many, optional (nullable)
      '  users ||..o{ posts : "author_id"', // one-to-many
    ])
    // The join table is the many-to-many edge, not a box of its own.
    assert.ok(!lines.includes('  posts_tags {'))
  })

  it('a unique foreign key is one-to-one; an FK in the primary key is identifying; a join table with more columns stays a table', async () => {
    project = new TempProject({
      'schemas/app.yaml': `tables:
  users:
    columns:
      name: text
  profiles:
    columns:
      bio: text
    relations:
      user: { belongsTo: users, unique: true }
  groups:
    columns:
      title: text
  memberships:
    primaryKey: [user_id, group_id]
    columns:
      since: date
    relations:
      user: { belongsTo: users }
      group: { belongsTo: groups }
`,
    })
    const { stdout } = await ok(project, 'erd')
    assert.match(stdout, /^ {2}users \|\|\.\.o\| profiles : "user_id"$/m)
    assert.match(stdout, /^ {2}users \|\|--o\{ memberships : "user_id"$/m)
    assert.match(stdout, /^ {2}groups \|\|--o\{ memberships : "group_id"$/m)
    assert.match(stdout, /^ {2}memberships \{$/m)
    assert.match(stdout, /^ {4}bigint user_id PK, FK$/m)
    const json = JSON.parse((await ok(project, 'erd', '--json')).stdout)
    const cardinalities = Object.fromEntries(json.relationships.map((r: { name: string; cardinality: string }) => [r.name, r.cardinality]))
    assert.deepEqual(cardinalities, {
      memberships_group_id_fkey: 'one-to-many',
      memberships_user_id_fkey: 'one-to-many',
      profiles_user_id_fkey: 'one-to-one',
    })
  })

  it('DOT that Graphviz parses, and an SVG that is well-formed XML with a text element per table', async () => {
    project = new TempProject({ 'schemas/blog.yaml': readmeSchema() })
    const dot = (await ok(project, 'erd', '--format', 'dot')).stdout
    assert.match(dot, /^digraph erd \{/)
    const { instance } = await import('@viz-js/viz')
    const viz = await instance()
    const parsed = viz.render(dot, { format: 'canon' })
    assert.equal(parsed.status, 'success', JSON.stringify(parsed.errors))
    assert.deepEqual(parsed.errors.filter((e) => e.level === 'error'), [])
    for (const table of ['users', 'posts', 'tags']) assert.match(parsed.output!, new RegExp(`\\b${table}\\b`))

    const written = await ok(project, 'erd', '-o', 'schema.svg')
    assert.match(written.stdout, /^Wrote schema\.svg \(svg, 3 tables, 3 relationships\)$/m)
    const svg = project.read('schema.svg')
    assertWellFormedXml(svg)
    new Resvg(svg) // resvg's XML parser is strict: it throws on malformed XML
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])
    for (const table of ['users', 'posts', 'tags']) assert.ok(texts.includes(table), `a <text> element for ${table}`)
    assert.ok(texts.includes('posts_tags'), 'the join table labels the many-to-many edge')
  })

  it('--tables globs and --depth around a table select what is drawn; a glob that matches nothing is exit 2', async () => {
    project = new TempProject({ 'schemas/app.yaml': thirtyTables() })
    const tablesOf = (mermaid: string) => [...mermaid.matchAll(/^ {2}(\w+) \{$/gm)].map((m) => m[1]).sort()
    const around = (await ok(project, 'erd', 'table_5', '--depth', '1')).stdout
    assert.deepEqual(tablesOf(around), ['table_4', 'table_5', 'table_6'])
    assert.match(around, /table_4 \|\|\.\.o\{ table_5/)
    const two = (await ok(project, 'erd', '--tables', 'table_10', '--depth', '2')).stdout
    assert.deepEqual(tablesOf(two), ['table_10', 'table_11', 'table_12', 'table_8', 'table_9'])
    assert.match(two, /table_9 \|\|\.\.o\| table_10 : "parent_id"/, 'table_10 has a unique parent: one-to-one')
    const glob = (await ok(project, 'erd', '--tables', 'table_2?,notes')).stdout
    assert.deepEqual(tablesOf(glob), ['notes', 'table_20', 'table_21', 'table_22', 'table_23', 'table_24', 'table_25', 'table_26', 'table_27'])
    const m2m = (await ok(project, 'erd', 'labels', '--depth', '1')).stdout
    assert.deepEqual(tablesOf(m2m), ['labels', 'table_1'])
    assert.match(m2m, /labels \}o\.\.o\{ table_1 : "labels_items"/)
    const none = await runCli(['erd', '--tables', 'nope*'], { cwd: project.dir })
    assert.equal(none.code, 2)
    assert.match(none.stderr, /no table matches "nope\*"/)
    const depthAlone = await runCli(['erd', '--depth', '1'], { cwd: project.dir })
    assert.equal(depthAlone.code, 2)
    assert.match(depthAlone.stderr, /--depth needs tables/)
  })

  it('the SVG of a 30-table schema renders to a PNG that is not blank', async () => {
    project = new TempProject({ 'schemas/app.yaml': thirtyTables() })
    await ok(project, 'erd', '--format', 'svg', '--output', 'big.svg')
    const svg = project.read('big.svg')
    assertWellFormedXml(svg)
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])
    for (let i = 1; i <= 27; i++) assert.ok(texts.includes(`table_${i}`), `table_${i}`)
    const image = new Resvg(svg, { background: 'white', fitTo: { mode: 'width', value: 1200 } }).render()
    assert.ok(image.width >= 1200 && image.height > 50, `${image.width}x${image.height}`)
    const png = image.asPng()
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG')
    const pixels = image.pixels
    let inked = 0
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 200 || pixels[i + 1]! < 200 || pixels[i + 2]! < 200) inked++
    const share = inked / (pixels.length / 4)
    assert.ok(share > 0.01 && share < 0.9, `${(share * 100).toFixed(1)}% of the pixels are drawn`)
  })

  it('-o FILE.md writes a fenced mermaid block; a bad --format is exit 2', async () => {
    project = new TempProject({ 'schemas/blog.yaml': readmeSchema() })
    await ok(project, 'erd', '-o', 'docs/schema.md')
    assert.match(project.read('docs/schema.md'), /^```mermaid\nerDiagram\n[\s\S]*\n```\n$/)
    const bad = await runCli(['erd', '--format', 'png'], { cwd: project.dir })
    assert.equal(bad.code, 2)
  })
})
