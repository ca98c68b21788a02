/** Several statements as one script, for `Connection.runBatch`. */

/**
 * Each statement is ended on a line of its own, so a statement that ends in
 * a `--` comment does not swallow the separator; the empty statement a
 * statement's own trailing `;` leaves (`;\n;`) is allowed by SQLite and
 * PostgreSQL alike.
 */
export function joinStatements(statements: readonly string[]): string {
  return statements.join('\n;\n') + '\n;'
}
