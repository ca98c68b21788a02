/**
 * The MySQL routine compiler and reader's parsing, offline: what a change
 * compiles to (nothing, ALTER, or DROP and CREATE), the body as sent, the
 * signature read out of SHOW CREATE text, and the explanation of error 1418
 * (binary logging), which this machine's server (log_bin off) cannot raise.
 */
import assert from 'node:assert/strict'
import { mysqlDialect } from '../../../src/dialects/mysql/mysql-dialect'
import { explainUnsafeRoutine } from '../../../src/dialects/mysql/mysql-routines'
import { routineSignature } from '../../../src/dialects/mysql/mysql-routines-read'
import type { StoredFunction } from '../../../src/schema/functions'

const compile = (op: Parameters<typeof mysqlDialect.compiler.compile>[0]) =>
  mysqlDialect.compiler.compile(op, { tables: [], enums: [] }).map((s) => s.sql)

const tax: StoredFunction = {
  name: 'with_tax',
  args: 'p DECIMAL(10,2)',
  returns: 'DECIMAL(10,2)',
  language: 'sql',
  deterministic: true,
  dataAccess: 'no sql',
  body: '  RETURN p * 1.2;  \n',
}

describe('mysql: routines compiled', () => {
  it('CREATE with the characteristics written out, the body trimmed without its trailing ;', () => {
    assert.deepEqual(compile({ op: 'createFunction', function: tax }), [
      'CREATE FUNCTION `with_tax`(p DECIMAL(10,2)) RETURNS DECIMAL(10,2)\n  DETERMINISTIC\n  NO SQL\n  SQL SECURITY INVOKER\nRETURN p * 1.2',
    ])
    const proc: StoredFunction = { name: 'p', procedure: true, language: 'sql', securityDefiner: true, comment: "it's", body: 'BEGIN SELECT 1; END;' }
    assert.deepEqual(compile({ op: 'createFunction', function: proc }), ["CREATE PROCEDURE `p`()\n  CONTAINS SQL\n  SQL SECURITY DEFINER\n  COMMENT 'it''s'\nBEGIN SELECT 1; END"])
    assert.deepEqual(compile({ op: 'dropFunction', name: 'p' }), ['DROP FUNCTION `p`'])
  })

  it('a change: nothing for PostgreSQL-only attributes, ALTER for what ALTER sets, else DROP and CREATE', () => {
    assert.deepEqual(compile({ op: 'replaceFunction', from: tax, to: { ...tax, volatility: 'stable', body: { postgres: 'SELECT 1', mysql: 'RETURN p * 1.2' } } }), [])
    assert.deepEqual(compile({ op: 'replaceFunction', from: tax, to: { ...tax, comment: 'gross', dataAccess: 'reads sql data' } }), [
      "ALTER FUNCTION `with_tax` READS SQL DATA SQL SECURITY INVOKER COMMENT 'gross'",
    ])
    // Back to the defaults: written out, since ALTER keeps what it is not told.
    assert.deepEqual(compile({ op: 'replaceFunction', from: { ...tax, comment: 'gross', securityDefiner: true }, to: { ...tax, dataAccess: undefined } as StoredFunction }), [
      "ALTER FUNCTION `with_tax` CONTAINS SQL SQL SECURITY INVOKER COMMENT ''",
    ])
    // DETERMINISTIC cannot be altered.
    assert.deepEqual(compile({ op: 'replaceFunction', from: tax, to: { ...tax, deterministic: undefined } as StoredFunction })[0], 'DROP FUNCTION `with_tax`')
    assert.equal(compile({ op: 'replaceFunction', from: tax, to: { ...tax, body: 'RETURN p * 1.25' } }).length, 2)
    // Without a MySQL body the function is not created here.
    const pgOnly: StoredFunction = { ...tax, body: { postgres: 'SELECT 1' } }
    assert.deepEqual(compile({ op: 'createFunction', function: pgOnly }), [])
    assert.deepEqual(compile({ op: 'replaceFunction', from: pgOnly, to: tax })[0]!.slice(0, 15), 'CREATE FUNCTION')
    assert.deepEqual(compile({ op: 'replaceFunction', from: tax, to: pgOnly }), ['DROP FUNCTION `with_tax`'])
  })
})

describe('mysql: routine signatures read from SHOW CREATE', () => {
  it('parameters as written (parentheses and quotes inside), the result type to the end of its line', () => {
    const create =
      "CREATE DEFINER=`root`@`%` FUNCTION `f``x`(a DECIMAL(5,2), b ENUM('(', ')') CHARSET latin1) RETURNS varchar(50) CHARSET utf8mb4 COLLATE utf8mb4_general_ci\n    NO SQL\nRETURN 'x'"
    assert.deepEqual(routineSignature(create, 'f`x', false), {
      args: "a DECIMAL(5,2), b ENUM('(', ')') CHARSET latin1",
      returns: 'varchar(50) CHARSET utf8mb4 COLLATE utf8mb4_general_ci',
    })
    // A routine created under ANSI_QUOTES is printed with "name".
    assert.deepEqual(routineSignature('CREATE DEFINER="root"@"%" PROCEDURE "p"(IN a INT, OUT b INT)\nBEGIN END', 'p', true), { args: 'IN a INT, OUT b INT' })
  })
})

describe('mysql: error 1418 (binary logging on, a function not declared safe)', () => {
  it('names the routine and what to declare, with the documentation', () => {
    const message = explainUnsafeRoutine('CREATE FUNCTION `with_tax`(p INT) RETURNS INT\n  SQL SECURITY INVOKER\nRETURN p')
    assert.match(message, /^function `with_tax`: binary logging is on \(log_bin\)/)
    assert.match(message, /deterministic: true, or dataAccess: no sql or reads sql data/)
    assert.match(message, /log_bin_trust_function_creators = 1/)
    assert.match(message, /https:\/\/dev\.mysql\.com\/doc\/refman\/8\.0\/en\/stored-programs-logging\.html/)
  })
})
