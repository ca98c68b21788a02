/**
 * The names SQLite keeps for itself, and strata's temporary names on it
 * (capabilities.names; schema/check-names.ts applies them).
 */
import type { NameRules } from '../dialect'
import { REBUILD_PREFIX } from './sqlite-rebuild'

export const SQLITE_NAMES: NameRules = {
  // "SQLite is case-insensitive" for identifiers, quoted or not, in ASCII
  // (https://www.sqlite.org/lang_keywords.html, and
  // https://www.sqlite.org/faq.html#q18: only ASCII letters fold): `Users` and
  // `users` are one table, `Email` and `email` one column.
  caseInsensitive: { relations: true, columns: true },
  relations: [
    // https://www.sqlite.org/lang_createtable.html: "Table names that begin
    // with "sqlite_" are reserved for internal use"; indexes likewise.
    { name: 'sqlite_', match: 'prefix', reason: 'SQLite keeps names starting sqlite_ for its own objects and refuses to create them' },
    // The table rebuild (sqlite-rebuild.ts) creates the new table under this name first.
    { name: REBUILD_PREFIX, match: 'prefix', reason: `strata's SQLite table rebuild uses names starting ${REBUILD_PREFIX} for the table being rebuilt` },
  ],
}
