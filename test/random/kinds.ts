/**
 * Which schema operation kinds a dialect can hold at all, read from its
 * capabilities (never its name): a kind they rule out (an EXCLUDE
 * constraint on SQLite) is not expected from the runs on that dialect.
 */
import type { DialectCapabilities } from '../../src/dialects/dialect'

/** Per operation kind, whether the capabilities rule it out; kinds not listed are possible everywhere. */
const RULED_OUT: Readonly<Record<string, (caps: DialectCapabilities) => boolean>> = {
  addExclusion: (caps) => caps.constraints?.exclusions === false,
  dropExclusion: (caps) => caps.constraints?.exclusions === false,
  // A foreign key's or check's state: DEFERRABLE / INITIALLY DEFERRED (a foreign key) or NOT VALID.
  alterConstraint: (caps) => caps.constraints?.notValid === false && caps.constraints.deferrable?.includes('foreignKey') === false,
  // `functions:`, which the generator makes only as trigger functions (a
  // PostgreSQL trigger's own function is part of its createTrigger).
  createFunction: (caps) => !caps.triggerFunctions,
  dropFunction: (caps) => !caps.triggerFunctions,
  replaceFunction: (caps) => !caps.triggerFunctions,
  // PostgreSQL schemas (`schema.table` names).
  createSchema: (caps) => !caps.schemas,
  dropSchema: (caps) => !caps.schemas,
  // Declarative partitioning.
  addPartition: (caps) => !caps.partitions,
  dropPartition: (caps) => !caps.partitions,
  alterPartition: (caps) => !caps.partitions,
}

/** The kinds of `kinds` that the dialect's capabilities rule out. */
export function ruledOut(kinds: readonly string[], caps: DialectCapabilities): string[] {
  return kinds.filter((k) => RULED_OUT[k]?.(caps) === true)
}
