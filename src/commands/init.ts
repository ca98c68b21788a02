import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import * as Flags from '../cli/flags'
import { StrataCommand } from '../base-command'
import { UsageError } from '../errors'
import { writeFileAtomic } from '../migrations/atomic'
import { schemaModeline } from '../paths'
import { CONFIG_FILE } from '../project'

/**
 * The yaml-language-server lines point at the JSON Schemas of the strata that
 * runs `init`, relative to each file: in a project that installed strata,
 * `./node_modules/strata-migrate/schemas/…`.
 */
const CONFIG = (dir: string) => `# strata's configuration. Every key has a default.
${schemaModeline('strata-config', dir)}
schemas: schemas            # folder of schema files (*.yaml, *.yml)
migrations: migrations      # folder of migration files
databases:
  default: sqlite:./db.sqlite3          # the embedded default: no server needed
  # production: \${DATABASE_URL}         # \${VAR} is read from the environment
`

const EXAMPLE = (dir: string) => `${schemaModeline('schema-file', dir)}
# Describe your tables here, then run \`strata make\` and \`strata migrate\`.
tables:
  users:
    columns:
      id: { type: bigint, primaryKey: true, autoincrement: true }
      email: { type: string, length: 320, unique: true }
      display_name: string
      created_at: { type: timestamp, timezone: true, default: { expr: now } }
`

export default class Init extends StrataCommand<typeof Init> {
  static override summary = 'Scaffold strata.yaml, schemas/ and migrations/.'
  static override description = 'Scaffold strata.yaml, schemas/ (with an example) and migrations/ in the current folder.'
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --no-example']
  static override flags = {
    example: Flags.boolean({ description: 'Write schemas/example.yaml.', default: true, allowNo: true }),
  }

  async run(): Promise<void> {
    const cwd = process.cwd()
    const config = join(cwd, this.flags.config ?? CONFIG_FILE)
    if (existsSync(config)) throw new UsageError(`${relative(cwd, config)} already exists: this folder is already a strata project`)
    const written: string[] = []
    for (const dir of ['schemas', 'migrations']) {
      if (!existsSync(join(cwd, dir))) {
        mkdirSync(join(cwd, dir))
        written.push(dir + '/')
      }
    }
    const example = join(cwd, 'schemas', 'example.yaml')
    if (this.flags.example && !existsSync(example)) {
      writeFileAtomic(example, EXAMPLE(join(cwd, 'schemas')))
      written.push('schemas/example.yaml')
    }
    writeFileAtomic(config, CONFIG(dirname(config)))
    written.unshift(relative(cwd, config))
    // strata's local caches (content-addressed history) are not part of the project.
    const gitignore = join(cwd, '.gitignore')
    const ignored = existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : ''
    if (!/^\/?\.strata\/?$/m.test(ignored)) {
      writeFileAtomic(gitignore, `${ignored}${ignored && !ignored.endsWith('\n') ? '\n' : ''}.strata/\n`)
      written.push(existsSync(gitignore) && ignored ? '.gitignore (added .strata/)' : '.gitignore')
    }
    this.emit({ written }, [...written.map((f) => `created ${f}`), '', 'Next: edit schemas/, then `strata make` and `strata migrate`.'])
  }
}
