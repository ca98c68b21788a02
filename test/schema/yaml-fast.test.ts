/**
 * yaml-fast.ts must agree with the yaml package on every text it accepts:
 * the same value, and the same position for every path (and every key).
 * Texts outside its subset must be refused, so that the yaml package reads
 * them and reports their errors.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { generateProject, tableYaml } from '../../bench/generate'
import { renderMigration, makeMigrationRecord } from '../../src/migrations/migration-file'
import { parseYamlFast } from '../../src/schema/yaml-fast'
import { parseYamlSource } from '../../src/schema/yaml-source'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { decodeOperation } from '../../src/migrations/codec'
import { parse } from 'yaml'

type Path = (string | number)[]

/** Every path to a node of a plain value, with whether it ends at a map key. */
function paths(value: unknown, prefix: Path = [], out: { path: Path; key: boolean }[] = []): { path: Path; key: boolean }[] {
  out.push({ path: prefix, key: false })
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out))
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: [...prefix, k], key: true })
      paths(v, [...prefix, k], out)
    }
  }
  return out
}

/** The fast reader accepts `text`, and agrees with the yaml package on it. */
function assertAgrees(text: string, name = 'text'): void {
  assert.ok(parseYamlFast(text), `${name}: expected the fast reader to accept it`)
  const fast = parseYamlSource(name, text)
  const slow = parseYamlSource(name, text, { fast: false })
  assert.deepEqual(fast.diagnostics, slow.diagnostics, name)
  assert.ok(fast.source && slow.source, name)
  assert.deepEqual(fast.source.value, slow.source.value, name)
  for (const { path, key } of paths(slow.source.value)) {
    assert.deepEqual(fast.source.locate(path, { key }), slow.source.locate(path, { key }), `${name}: ${JSON.stringify(path)} key=${key}`)
  }
  // Paths that do not exist fall back to the nearest ancestor in both.
  for (const path of [['nope'], ['tables', 'nope', 'x'], ['up', 99], ['name', 'x', 'y']] as Path[]) {
    assert.deepEqual(fast.source.locate(path), slow.source.locate(path), `${name}: missing ${JSON.stringify(path)}`)
  }
}

describe('schema files: the fast YAML reader', () => {
  it('agrees with the yaml package on hand-written shapes', () => {
    const texts = [
      'tables:\n  a:\n    columns:\n      id: bigint\n',
      '# head\n\ntables:   # trailing\n  a:\n    columns:\n      x: { type: string, length: 10 }   # c\n\n      y: [ 1, -2, +3, 0o17, 0x1F, 1.50, .5, 1e3, -.inf, .NaN, 007, -0 ]\n',
      'a: "double \\"quoted\\" \\\\ \\n \\t \\u00e9 /"\nb: \'single \'\'quoted\'\'\'\nc: plain words here\nd: a#b\ne: x:y\n',
      'list:\n- a\n- b\nnext: 1\n',
      'list:\n  - a\n  -   b\n  - { x: 1, y: [a, b c, "d"] }\n  - name: n\n    type: t\n  -\n    deep: true\n  - []\n  - {}\n',
      'x: [ [1, 2], [ ], {a: {b: c}} ]\ny: { "q k": 1, \'s\': 2 }\n',
      'bools: [true, True, TRUE, false, False, FALSE, yes, no, on, off]\nnulls: [~, null, Null, NULL]\n',
      '---\nname: 0001_x\ndependsOn: null\n',
      'k: value with \'quote\' and "dq" inside\nurl: http://example.com/a?b=c\nexpr: lower(email) || \'x\'\n',
      'tables:\n  t:\n    checks:\n      - { name: c, expression: "amount >= 0 AND x <> \'a,b\'" }\n',
      'a:\n  b:\n    c:\n      - 1\n  d: 2\ne: 3\n',
      'unicode: "é ü 日本"\nplain: café\n',
    ]
    texts.forEach((t, i) => assertAgrees(t, `text ${i}`))
  })

  it('agrees with the yaml package on the fixtures', () => {
    const root = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'schemas')
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? walk(join(dir, e)) : /\.ya?ml$/.test(e) ? [join(dir, e)] : []))
    const files = walk(root)
    assert.ok(files.length >= 3)
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      if (parseYamlFast(text)) assertAgrees(text, file)
    }
    // strata's own migration is in the subset.
    const own = readFileSync(join(__dirname, '..', '..', '..', 'migrations', '0001_history.yaml'), 'utf8')
    assertAgrees(own, '0001_history.yaml')
  })

  it('agrees with the yaml package on generated schema files and on the migration strata writes for them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-fast-'))
    try {
      const project = generateProject(dir, 60)
      for (const file of project.files) assertAgrees(readFileSync(join(dir, file), 'utf8'), file)
      for (let i = 0; i < 30; i++) assertAgrees(`tables:\n${tableYaml(i)}`, `table ${i}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    const ops = (parse(readFileSync(join(__dirname, '..', '..', '..', 'migrations', '0001_history.yaml'), 'utf8')).up as Record<string, unknown>[]).map(decodeOperation)
    const text = renderMigration(makeMigrationRecord('0001_initial', null, ops, [{ op: 'dropTable', name: 'strata_migrations' }]), new Date(0))
    assertAgrees(text, 'rendered migration')
  })

  it('refuses what it does not read, so that the yaml package reads it and reports its errors', () => {
    const refused = [
      '',
      '# only a comment\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |\n  text\n',
      'a: >\n  text\n',
      'a: {\n  b: 1 }\n',
      'a: [1,\n  2]\n',
      'a: plain\n  continued\n',
      'a: "multi\n  line"\n',
      'a:\n',
      'a:\nb: 1\n',
      'a: 1\na: 2\n',
      'a: { x: 1, x: 2 }\n',
      'a:\tb\n',
      'a: 1\r\nb: 2\r\n',
      '? complex\n: key\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n---\nb: 2\n',
      'a: b: c\n',
      'a: [x: 1]\n',
      'a: [1, 2, ]\n',
      '1: one\n',
      'true: yes\n',
      '"__proto__": 1\n',
      '<<: { a: 1 }\n',
      '  a: 1\n',
      'a: 1\n  b: 2\n',
      '- a\n- b\n',
      'scalar\n',
      'a: "bad \\x escape"\n',
      'a: "x"#y\n',
      'a: - b\n',
    ]
    for (const text of refused) assert.equal(parseYamlFast(text), undefined, JSON.stringify(text))
  })

  it('still reports errors in refused texts with file:line:col', () => {
    const { diagnostics } = parseYamlSource('f.yaml', 'a: 1\na: 2\n')
    assert.equal(diagnostics.length, 1)
    assert.equal(diagnostics[0]!.line, 2)
    assert.match(diagnostics[0]!.message, /duplicate key "a"/)
  })
})
