import { deepStrictEqual, throws } from 'node:assert/strict'
import { invert } from '../../src/diff/invert'
import type { Operation } from '../../src/diff/operations'
import { IrreversibleError } from '../../src/errors'
import { col, id, schema, table } from './helpers'

describe('invert', () => {
  const posts = table('posts', [id(), col('title', 'string')])
  const before = schema([posts], [{ name: 'role', values: ['a', 'b'] }])

  it('reverses the order and computes each inverse from the schema just before it', () => {
    const up: Operation[] = [
      { op: 'addColumn', table: 'posts', column: col('slug', 'string', { nullable: true }) },
      { op: 'dropColumn', table: 'posts', column: 'title' },
      { op: 'dropEnum', name: 'role' },
    ]
    deepStrictEqual(invert(before, up), [
      { op: 'createEnum', name: 'role', values: ['a', 'b'] },
      // NOT NULL without default: re-added with a placeholder for the rows kept meanwhile.
      { op: 'addColumn', table: 'posts', column: col('title', 'string'), fill: '' },
      { op: 'dropColumn', table: 'posts', column: 'slug' },
    ])
  })

  it('a nullable dropped column, or one with a default, comes back without fill', () => {
    const t = table('t', [id(), col('a', 'integer', { nullable: true }), col('b', 'integer', { default: 3 })])
    deepStrictEqual(
      invert(schema([t]), [
        { op: 'dropColumn', table: 't', column: 'a' },
        { op: 'dropColumn', table: 't', column: 'b' },
      ]),
      [
        { op: 'addColumn', table: 't', column: col('b', 'integer', { default: 3 }) },
        { op: 'addColumn', table: 't', column: col('a', 'integer', { nullable: true }) },
      ],
    )
  })

  it('drops the fill of an alterColumn and inverts enum value renames', () => {
    const up: Operation[] = [
      { op: 'alterColumn', table: 'posts', column: 'title', from: { nullable: true }, to: { nullable: false }, fill: 'x' },
      { op: 'alterEnum', name: 'role', from: ['a', 'b'], to: ['a', 'c'], renamed: { b: 'c' } },
    ]
    deepStrictEqual(invert(before, up), [
      { op: 'alterEnum', name: 'role', from: ['a', 'c'], to: ['a', 'b'], renamed: { c: 'b' } },
      { op: 'alterColumn', table: 'posts', column: 'title', from: { nullable: false }, to: { nullable: true } },
    ])
  })

  it('swaps up and down of a reversible sql operation', () => {
    const up: Operation[] = [
      { op: 'sql', up: 'CREATE VIEW v AS SELECT 1', down: { postgres: 'DROP VIEW v', sqlite: 'DROP VIEW v' }, transactional: false },
    ]
    deepStrictEqual(invert(before, up), [
      { op: 'sql', up: { postgres: 'DROP VIEW v', sqlite: 'DROP VIEW v' }, down: 'CREATE VIEW v AS SELECT 1', transactional: false },
    ])
  })

  it('refuses a sql operation without down: E_IRREVERSIBLE', () => {
    const up: Operation[] = [
      { op: 'addColumn', table: 'posts', column: col('slug', 'string', { nullable: true }) },
      { op: 'sql', up: 'UPDATE posts SET slug = title' },
    ]
    throws(
      () => invert(before, up),
      (error: unknown) =>
        error instanceof IrreversibleError &&
        error.code === 'E_IRREVERSIBLE' &&
        error.exitCode === 2 &&
        error.message ===
          'operation 2 (sql) has no down: the migration is irreversible; add `down:` to the sql operation to make it reversible',
    )
  })

  for (const op of [
    { op: 'insert', table: 'posts', rows: [{ title: 'a' }] },
    { op: 'update', table: 'posts', set: { title: 'b' }, where: { id: 1 } },
    { op: 'delete', table: 'posts', where: { id: 1 } },
  ] as Operation[]) {
    it(`refuses to derive the reverse of ${op.op}`, () => {
      throws(
        () => invert(before, [op]),
        (error: unknown) =>
          error instanceof IrreversibleError &&
          error.message ===
            `operation 1 (${op.op} on "posts") changes data: its reverse cannot be derived; write the down list of this migration by hand`,
      )
    })
  }

  it('fails when an operation does not fit the schema', () => {
    throws(() => invert(before, [{ op: 'dropTable', name: 'nope' }]), /table "nope" does not exist/)
  })
})
