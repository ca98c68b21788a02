/** Values typed for `--default` and the fill prompt are read as the column's type. */
import { strict as assert } from 'node:assert'
import { ValueMisfit, parseTypedValue, plainDecimal } from '../../src/schema/parse-value'

const misfit = (text: string, type: Parameters<typeof parseTypedValue>[1], reason: RegExp) =>
  assert.throws(() => parseTypedValue(text, type), (e: unknown) => e instanceof ValueMisfit && reason.test(e.problem), `${text} as ${type.type}`)

describe('schema: values typed on the command line', () => {
  it('00000 into a string column stays the string "00000"', () => {
    assert.equal(parseTypedValue('00000', { type: 'string', length: 5 }), '00000')
    assert.equal(parseTypedValue('007', { type: 'text' }), '007')
    assert.equal(parseTypedValue('true', { type: 'string' }), 'true')
    assert.equal(parseTypedValue('"quoted"', { type: 'string' }), 'quoted')
  })

  it('1e3 into a decimal is 1000, exactly; long decimals stay text', () => {
    assert.equal(parseTypedValue('1e3', { type: 'decimal', precision: 10, scale: 2 }), 1000)
    assert.equal(parseTypedValue('2.50', { type: 'decimal', precision: 10, scale: 2 }), 2.5)
    assert.equal(parseTypedValue('12345678901234567890.5', { type: 'decimal' }), '12345678901234567890.5')
    assert.equal(plainDecimal('1.5e-3'), '0.0015')
    assert.equal(plainDecimal('-12.5E2'), '-1250')
    misfit('1e3', { type: 'decimal', precision: 3, scale: 0 }, /too many digits for decimal\(3,0\)/)
    misfit('1.234', { type: 'decimal', precision: 10, scale: 2 }, /more than 2 digits after the point/)
  })

  it('true into a boolean is true; integers and floats are numbers', () => {
    assert.equal(parseTypedValue('true', { type: 'boolean' }), true)
    assert.equal(parseTypedValue('FALSE', { type: 'boolean' }), false)
    assert.equal(parseTypedValue('42', { type: 'integer' }), 42)
    assert.equal(parseTypedValue('1e3', { type: 'double' }), 1000)
  })

  it('refuses a value that does not fit, saying why', () => {
    misfit('maybe', { type: 'boolean' }, /expected true or false, not "maybe"/)
    misfit('1.5', { type: 'integer' }, /expected an integer/)
    misfit('70000', { type: 'smallint' }, /out of range/)
    misfit('abcdef', { type: 'string', length: 5 }, /longer than 5 characters/)
    misfit('2026-02-30', { type: 'date' }, /expected a date/)
    misfit('not-a-uuid', { type: 'uuid' }, /expected a UUID/)
    misfit('{', { type: 'json' }, /expected JSON text/)
  })
})
