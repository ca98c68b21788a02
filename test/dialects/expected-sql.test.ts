/**
 * Every dialect's expected SQL for every shared case, in one table typed by
 * dialect and case: a new dialect without expectations, or a new case without
 * one for every dialect, does not compile (Kysely's `testSql` pattern).
 */
import assert from 'node:assert/strict'
import { applyOperation } from '../../src/diff/apply'
import { dialectByName } from '../../src/dialects'
import { DIALECT_NAMES, type DialectName } from '../../src/dialects/dialect'
import { CASES, type CaseName } from './cases'
import { POSTGRES_SQL } from './postgres/expected-sql'
import { SQLITE_SQL } from './sqlite/expected-sql'
import { MYSQL_SQL, type Refused } from './mysql/expected-sql'
import { OPERATION_KINDS } from '../../src/diff/operations'

/** A case's statements, or (MySQL) the refusal of an operation the database cannot do. */
type Expected = { up: string[]; down: string[] } | Refused

const EXPECTED: Record<DialectName, Record<CaseName, Expected>> = {
  sqlite: SQLITE_SQL,
  postgres: POSTGRES_SQL,
  mysql: MYSQL_SQL,
}

describe('expected SQL, every dialect, every case', () => {
  it('the cases cover every operation kind', () => {
    const covered = new Set(Object.values(CASES).map((c) => c.up.op))
    assert.deepEqual(OPERATION_KINDS.filter((k) => !covered.has(k)), [])
  })

  for (const dialect of DIALECT_NAMES) {
    it(`${dialect}: compile(up) and compile(down) give the written-out statements`, () => {
      const { compiler } = dialectByName(dialect)
      for (const name of Object.keys(CASES) as CaseName[]) {
        const c = CASES[name]
        const expected = EXPECTED[dialect][name]
        if ('refused' in expected) {
          assert.throws(() => compiler.compile(c.up, c.before), expected.refused, `${dialect} ${name}`)
          continue
        }
        const up = compiler.compile(c.up, c.before).map((s) => s.sql)
        let schema = applyOperation(c.before, c.up)
        const down: string[] = []
        for (const op of c.down) {
          down.push(...compiler.compile(op, schema).map((s) => s.sql))
          schema = applyOperation(schema, op)
        }
        assert.deepEqual({ up, down }, expected, `${dialect} ${name}`)
      }
    })
  }
})
