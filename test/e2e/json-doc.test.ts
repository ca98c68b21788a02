/** docs/JSON.md documents the `--json` document of every command strata has (from the oclif manifest). */
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..', '..')

describe('docs/JSON.md', () => {
  it('has a row for every visible command', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, { hidden?: boolean }> }
    const doc = readFileSync(join(ROOT, 'docs', 'JSON.md'), 'utf8')
    const documented = new Set([...doc.matchAll(/^\| `([a-z][\w -]*?)(?: --[\w-]+)?`/gm)].map((m) => m[1]))
    const commands = Object.entries(manifest.commands).filter(([, c]) => !c.hidden).map(([id]) => id.replace(/:/g, ' '))
    assert.ok(commands.length >= 10, commands.join(', '))
    const missing = commands.filter((c) => !documented.has(c))
    assert.deepEqual(missing, [], `commands without their --json document in docs/JSON.md: ${missing.join(', ')}`)
  })
})
