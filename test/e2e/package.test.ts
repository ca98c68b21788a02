/**
 * The package as `npm pack` publishes it: it holds the JSON Schemas, the
 * bookkeeping migrations and the manifest; installed into a fresh project
 * (`npm install ./strata-migrate-X.tgz`, offline), `npx strata init && npx
 * strata make && npx strata migrate` work there; and yaml-language-server,
 * over its stdio protocol, resolves the `$schema` lines that init and make
 * wrote: a diagnostic for a typo and completion of a key, in a schema file
 * and in a migration file.
 */
import { strict as assert } from 'node:assert'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { listTables } from '../helpers/sqlite-inspect'
import { LspClient } from '../helpers/lsp'
import { ROOT, installTarball, packTarball, tarballFiles } from '../helpers/pack'

describe('the npm package, installed in a fresh project', function () {
  this.timeout(300000)
  let dir: string
  let app: string
  let tarball: string

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'strata-pack-'))
    tarball = packTarball(dir)
    app = join(dir, 'app')
    installTarball(tarball, app)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('holds the CLI, the compiled library, the JSON Schemas, the bookkeeping migrations and the manifest, and no tests', () => {
    const files = tarballFiles(tarball)
    for (const f of [
      'package/package.json',
      'package/bin/run.js',
      'package/dist/src/index.js',
      'package/dist/src/commands/migrate.js',
      'package/dist/src/commands/erd.js',
      'package/schemas/schema-file.schema.json',
      'package/schemas/migration-file.schema.json',
      'package/schemas/strata-config.schema.json',
      'package/migrations/0001_history.yaml',
      'package/oclif.manifest.json',
      'package/README.md',
    ]) {
      assert.ok(files.includes(f), `${f} in the tarball`)
    }
    assert.ok(!files.some((f) => f.startsWith('package/dist/test/') || f.startsWith('package/src/')), 'no tests or TypeScript sources')
  })

  it('npx strata init && npx strata make && npx strata migrate', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
    delete env.STRATA_DATABASE_URL
    const out = execFileSync('bash', ['-c', 'set -euo pipefail; npx strata init && npx strata make && npx strata migrate && npx strata status'], {
      cwd: app,
      env,
      encoding: 'utf8',
    })
    assert.match(out, /created strata\.yaml/)
    assert.match(out, /Wrote migrations\/0001_initial\.yaml/)
    assert.match(out, /Applied 0001_initial in /)
    assert.match(out, /\[X\] 0001_initial/)
    assert.deepEqual(listTables(join(app, 'db.sqlite3')), ['strata_migrations', 'users'])
    // The $schema lines point into the installed package, relative to each file.
    assert.match(readFileSync(join(app, 'strata.yaml'), 'utf8'), /^# yaml-language-server: \$schema=\.\/node_modules\/strata-migrate\/schemas\/strata-config\.schema\.json$/m)
    assert.match(readFileSync(join(app, 'schemas/example.yaml'), 'utf8'), /^# yaml-language-server: \$schema=\.\.\/node_modules\/strata-migrate\/schemas\/schema-file\.schema\.json$/m)
    assert.match(
      readFileSync(join(app, 'migrations/0001_initial.yaml'), 'utf8'),
      /^# yaml-language-server: \$schema=\.\.\/node_modules\/strata-migrate\/schemas\/migration-file\.schema\.json$/m,
    )
  })

  it('yaml-language-server finds the schemas: a diagnostic for a typo, completion of a key, in schema and migration files', async () => {
    const settings = { yaml: { validate: true, completion: true, hover: true, schemaStore: { enable: false } } }
    const server = join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server')
    const lsp = new LspClient(process.execPath, [server, '--stdio'], settings, app)
    try {
      await lsp.request('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(app).href,
        capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } } }, workspace: { configuration: true } },
      })
      lsp.notify('initialized', {})
      lsp.notify('workspace/didChangeConfiguration', { settings })
      let version = 1
      const open = (file: string, text: string) => {
        const uri = pathToFileURL(join(app, file)).href
        lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: version++, text } })
        return uri
      }
      const diagnosticsOf = (uri: string) => lsp.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length > 0)
      const labels = async (uri: string, line: number, character: number) => {
        const result = await lsp.request('textDocument/completion', { textDocument: { uri }, position: { line, character } })
        return ((Array.isArray(result) ? result : result.items) as { label: string }[]).map((i) => i.label)
      }

      // A schema file with a misspelt key.
      const example = readFileSync(join(app, 'schemas/example.yaml'), 'utf8')
      const typo = example.replace('    columns:', '    colums:')
      const schemaUri = open('schemas/example.yaml', typo)
      const diagnostics = await diagnosticsOf(schemaUri)
      const line = typo.split('\n').findIndex((l) => l.includes('colums:'))
      assert.ok(
        diagnostics.diagnostics.some((d: { message: string; range: { start: { line: number } } }) => /colums/.test(d.message) && d.range.start.line === line),
        JSON.stringify(diagnostics.diagnostics),
      )
      // Completion of a column key: `nullable` offered inside a column.
      const withKey = example.replace('      display_name: string\n', '      display_name:\n        type: string\n        nul\n')
      lsp.notify('textDocument/didChange', { textDocument: { uri: schemaUri, version: version++ }, contentChanges: [{ text: withKey }] })
      const keyLine = withKey.split('\n').findIndex((l) => l === '        nul')
      assert.ok((await labels(schemaUri, keyLine, 11)).includes('nullable'))

      // A migration file: an unknown operation is a diagnostic, and operation names complete.
      const migration = readFileSync(join(app, 'migrations/0001_initial.yaml'), 'utf8')
      const badOp = migration.replace(/^ {2}- createTable:/m, '  - createTabel:')
      const migrationUri = open('migrations/0001_initial.yaml', badOp)
      const migrationDiagnostics = await diagnosticsOf(migrationUri)
      const opAt = badOp.split('\n').findIndex((l) => l.includes('createTabel'))
      assert.ok(
        migrationDiagnostics.diagnostics.some((d: { range: { start: { line: number }; end: { line: number } } }) => d.range.start.line <= opAt && d.range.end.line >= opAt),
        `createTabel (line ${opAt}) is reported: ${JSON.stringify(migrationDiagnostics.diagnostics)}`,
      )
      const withOp = migration.replace(/^down:/m, '  - addCol\ndown:')
      lsp.notify('textDocument/didChange', { textDocument: { uri: migrationUri, version: version++ }, contentChanges: [{ text: withOp }] })
      const opLine = withOp.split('\n').findIndex((l) => l === '  - addCol')
      assert.ok((await labels(migrationUri, opLine, 10)).includes('addColumn'))
    } finally {
      await lsp.close()
    }
  })
})
