/**
 * The names PostgreSQL keeps for itself, and strata's temporary names on it
 * (capabilities.names; schema/check-names.ts applies them). PostgreSQL
 * compares quoted names exactly (strata always quotes), so nothing here is
 * case-insensitive.
 */
import type { NameRules } from '../dialect'
import { ENUM_TEMPORARY_SUFFIX } from './postgres-enum'

/**
 * Every table has these system columns, and CREATE TABLE refuses a column of
 * the same name ("column name "ctid" conflicts with a system column name").
 * https://www.postgresql.org/docs/current/ddl-system-columns.html
 * `oid` is not among them: it stopped being a system column in PostgreSQL 12
 * (WITH OIDS was removed), and strata needs 13 or later.
 */
const SYSTEM_COLUMNS = ['tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid']

export const POSTGRES_NAMES: NameRules = {
  columns: SYSTEM_COLUMNS.map((name) => ({ name, reason: 'PostgreSQL gives every table a system column of this name and refuses a column that has it' })),
  types: [
    {
      name: ENUM_TEMPORARY_SUFFIX,
      match: 'suffix',
      reason: `strata's change of an enum's values creates the new type under the enum's name followed by ${ENUM_TEMPORARY_SUFFIX}`,
    },
  ],
}
