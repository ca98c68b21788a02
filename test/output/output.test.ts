/** The terminal output module: when colour is on, the shapes it colours, the live line, migrate's progress. */
import { strict as assert } from 'node:assert'
import { colourEnabled, palette, stripAnsi } from '../../src/output/colour'
import { formatCount, formatDuration, severityLabel, statusMark, summaryLine } from '../../src/output/format'
import { LiveLine, freshLine } from '../../src/output/live-line'
import { MigrateProgress } from '../../src/output/migrate-progress'

class FakeStream {
  text = ''
  constructor(readonly isTTY: boolean, readonly columns = 80) {}
  write(s: string) {
    this.text += s
    return true
  }
}

describe('output: colour', () => {
  it('decides colour from the flag, NO_COLOR, FORCE_COLOR and the terminal, in that order', () => {
    assert.equal(colourEnabled({ isTTY: true, env: {} }), true)
    assert.equal(colourEnabled({ isTTY: false, env: {} }), false)
    assert.equal(colourEnabled({ isTTY: true, env: { TERM: 'dumb' } }), false)
    assert.equal(colourEnabled({ isTTY: true, env: { NO_COLOR: '1' } }), false)
    assert.equal(colourEnabled({ isTTY: true, env: { NO_COLOR: '' } }), true, 'an empty NO_COLOR is unset (no-color.org)')
    assert.equal(colourEnabled({ isTTY: false, env: { FORCE_COLOR: '1' } }), true)
    assert.equal(colourEnabled({ isTTY: true, env: { FORCE_COLOR: '0' } }), false)
    assert.equal(colourEnabled({ isTTY: true, env: { FORCE_COLOR: 'false' } }), false)
    assert.equal(colourEnabled({ isTTY: false, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }), false, 'NO_COLOR wins')
    assert.equal(colourEnabled({ isTTY: true, env: {}, flag: false }), false, '--no-color')
    assert.equal(colourEnabled({ isTTY: false, env: { NO_COLOR: '1' }, flag: true }), true, '--color')
  })

  it('a palette without colour returns text unchanged; with colour it wraps it in SGR codes', () => {
    assert.equal(palette(false).red('x'), 'x')
    assert.equal(palette(true).red('x'), '\x1b[31mx\x1b[39m')
    assert.equal(stripAnsi(palette(true).bold(palette(true).green('ok'))), 'ok')
  })

  it('colours the mark of summary lines, status marks and severities', () => {
    const p = palette(true)
    assert.equal(summaryLine('+ table users', p), '\x1b[32m+\x1b[39m table users')
    assert.equal(summaryLine('- column users.bio', p), '\x1b[31m-\x1b[39m column users.bio')
    assert.equal(summaryLine('~ column users.bio: null -> not null', p), '\x1b[33m~\x1b[39m column users.bio: null -> not null')
    assert.equal(summaryLine('plain text', p), 'plain text')
    assert.equal(statusMark('applied', p), '\x1b[32m[X]\x1b[39m')
    assert.equal(statusMark('pending', p), '\x1b[33m[ ]\x1b[39m')
    assert.equal(stripAnsi(statusMark('missing', p)), '[?]')
    assert.equal(severityLabel('error', p), '\x1b[1m\x1b[31merror\x1b[39m\x1b[22m')
    assert.equal(severityLabel('warning', p), '\x1b[33mwarning\x1b[39m')
    assert.equal(summaryLine('+ table users', palette(false)), '+ table users')
  })

  it('formats counts and durations', () => {
    assert.equal(formatCount(5193), '5,193')
    assert.equal(formatCount(1234567), '1,234,567')
    assert.equal(formatCount(12), '12')
    assert.equal(formatDuration(12.4), '12 ms')
    assert.equal(formatDuration(1234), '1.2 s')
    assert.equal(formatDuration(31000), '31 s')
    assert.equal(formatDuration(125000), '2 min 5 s')
  })
})

describe('output: live line', () => {
  it('redraws in place on a terminal and writes nothing elsewhere', () => {
    const tty = new FakeStream(true)
    const line = new LiveLine(tty)
    line.update('one')
    line.update('two')
    line.clear()
    assert.equal(tty.text, '\r\x1b[Kone\r\x1b[Ktwo\r\x1b[K')
    const pipe = new FakeStream(false)
    const quiet = new LiveLine(pipe)
    quiet.update('one')
    quiet.clear()
    assert.equal(pipe.text, '')
    const json = new FakeStream(true)
    new LiveLine(json, false).update('x')
    assert.equal(json.text, '')
  })

  it('never wraps, and freshLine() erases every line on the screen', () => {
    const tty = new FakeStream(true, 20)
    const line = new LiveLine(tty)
    line.update('a'.repeat(50))
    assert.ok(stripAnsi(tty.text).replace('\r', '').length <= 19)
    freshLine()
    assert.ok(tty.text.endsWith('\r\x1b[K'))
    const before = tty.text
    freshLine()
    assert.equal(tty.text, before, 'nothing to erase twice')
  })
})

describe('output: migrate progress', () => {
  it('shows a counter on a terminal and one line per finished migration', () => {
    const out = new FakeStream(true)
    const err = new FakeStream(true)
    const progress = new MigrateProgress({ out, err, palette: palette(false), redrawMs: 0 })
    progress.onProgress({ type: 'start', migration: '0001_initial', direction: 'up', operations: 5193 })
    progress.onProgress({ type: 'operation', migration: '0001_initial', done: 1234, total: 5193 })
    progress.onProgress({ type: 'done', migration: '0001_initial', direction: 'up', durationMs: 12 })
    progress.onProgress({ type: 'start', migration: '0002_more', direction: 'down', operations: 1 })
    progress.onProgress({ type: 'done', migration: '0002_more', direction: 'down', durationMs: 1500 })
    assert.match(err.text, /\r\x1b\[K0001_initial {2}0\/5,193 operations {2}0 s/)
    assert.match(err.text, /\r\x1b\[K0001_initial {2}1,234\/5,193 operations {2}0 s/)
    assert.ok(err.text.endsWith('\r\x1b[K'), 'the counter is erased when the migration is done')
    assert.equal(out.text, 'Applied 0001_initial in 12 ms\nReversed 0002_more in 1.5 s\n')
    assert.match(progress.summary('sqlite:db.sqlite3'), /^2 migrations on sqlite:db\.sqlite3 in \d+ ms$/)
  })

  it('prints no counter in a pipe and nothing at all when quiet (--json)', () => {
    const out = new FakeStream(false)
    const err = new FakeStream(false)
    const progress = new MigrateProgress({ out, err, palette: palette(false) })
    progress.onProgress({ type: 'start', migration: '0001_initial', direction: 'up', operations: 3 })
    progress.onProgress({ type: 'operation', migration: '0001_initial', done: 3, total: 3 })
    progress.onProgress({ type: 'done', migration: '0001_initial', direction: 'up', durationMs: 2 })
    assert.equal(err.text, '')
    assert.equal(out.text, 'Applied 0001_initial in 2 ms\n')
    const quietOut = new FakeStream(true)
    const quietErr = new FakeStream(true)
    const quiet = new MigrateProgress({ out: quietOut, err: quietErr, palette: palette(false), quiet: true })
    quiet.onProgress({ type: 'start', migration: '0001_initial', direction: 'up', operations: 3 })
    quiet.onProgress({ type: 'done', migration: '0001_initial', direction: 'up', durationMs: 2 })
    assert.equal(quietOut.text + quietErr.text, '')
  })

  it('a failure replaces the counter with a Failed line', () => {
    const out = new FakeStream(true)
    const err = new FakeStream(true)
    const progress = new MigrateProgress({ out, err, palette: palette(false) })
    progress.onProgress({ type: 'start', migration: '0002_bad', direction: 'down', operations: 2 })
    progress.failed()
    assert.ok(err.text.endsWith('\r\x1b[K'))
    assert.match(out.text, /^Failed 0002_bad after \d+ ms\n$/)
  })
})
