import assert from 'node:assert/strict'
import { renameColumnInSql } from '../../src/schema/sql-rename'

describe('renameColumnInSql', () => {
  it('renames the column as an identifier, quoted or bare, and leaves string literals and other words alone', () => {
    assert.equal(renameColumnInSql('"qty" * 2', 'qty', 'amount'), '"amount" * 2')
    assert.equal(renameColumnInSql('lower(qty) || \'qty\'', 'qty', 'amount'), "lower(amount) || 'qty'")
    assert.equal(renameColumnInSql('QTY + qty2 + "qty2" + x.qty', 'qty', 'amount'), 'amount + qty2 + "qty2" + x.amount')
    assert.equal(renameColumnInSql("'it''s qty' || \"qty\"", 'qty', 'a b'), "'it''s qty' || \"a b\"")
    assert.equal(renameColumnInSql('qty * 2', 'qty', 'Amount'), '"Amount" * 2')
    assert.equal(renameColumnInSql('`qty` * 2', 'qty', 'amount'), '`amount` * 2')
  })
})
