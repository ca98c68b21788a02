/** Refusals shared by the dialects that lack a kind of object. */
import { MigrationFileError } from '../errors'

/**
 * What a dialect without stored functions (capability `functions`) says
 * when asked to compile a function operation; `validate` refuses the
 * schema before it comes to this for a project with such a database.
 */
export function refuseFunction(dialect: string, name: string): never {
  throw new MigrationFileError(
    'E_UNSUPPORTED',
    `function "${name}": ${dialect} has no stored functions strata manages (functions: are PostgreSQL only); use a sql operation there`,
    { function: name },
  )
}
