import { extname, relative, resolve } from 'node:path'
import * as Args from '../cli/args'
import * as Flags from '../cli/flags'
import { StrataCommand } from '../base-command'
import { UsageError } from '../errors'
import { ERD_FORMATS, type ErdFormat, drawErd } from '../erd'
import { writeFileAtomic } from '../migrations/atomic'
import { loadSchemaFiles } from '../schema/load'
import { loadAppsSchema } from '../migrations/app-schemas'
import { findApp } from '../migrations/apps'

/** The format an --output file's extension names, when --format is not given. */
const BY_EXTENSION: Record<string, ErdFormat> = { '.mmd': 'mermaid', '.mermaid': 'mermaid', '.md': 'mermaid', '.dot': 'dot', '.gv': 'dot', '.svg': 'svg' }

export default class Erd extends StrataCommand<typeof Erd> {
  static override summary = 'Draw the schema as a Mermaid, DOT or SVG ER diagram.'
  static override description =
    'Draw the schema files as an entity-relationship diagram: Mermaid erDiagram (default; renders on GitHub), Graphviz DOT, or SVG rendered in-process. Every table with its columns (type, PK/FK/UK) and every relationship with its cardinality: one-to-one for a unique foreign key, one-to-many, many-to-many through a join table.'
  static override examples = [
    '<%= config.bin %> erd                               # Mermaid, every table',
    '<%= config.bin %> erd --format svg -o schema.svg    # a picture, no Graphviz install needed',
    '<%= config.bin %> erd posts --depth 1               # posts and the tables it relates to',
    "<%= config.bin %> erd --tables 'billing_*' --format dot",
    '<%= config.bin %> erd -o docs/schema.md             # a Markdown file with a mermaid block',
    '<%= config.bin %> erd --app billing                 # with apps: one app\'s tables (default: every app\'s)',
  ]
  static override strict = false
  static override args = {
    tables: Args.string({ description: 'Tables to draw (names or globs); default: every table.' }),
  }
  static override flags = {
    format: Flags.string({ char: 'f', description: 'mermaid (default), dot or svg; default from the --output extension.', options: [...ERD_FORMATS] }),
    output: Flags.string({ char: 'o', description: 'Write the diagram to this file instead of stdout (.md: a fenced mermaid block).' }),
    tables: Flags.string({ char: 't', description: 'Tables to draw: names or globs, comma-separated. Repeatable.', multiple: true }),
    app: Flags.string({ description: 'With apps: draw this app\'s tables (with --depth, what they relate to in other apps too). Default: every app\'s.' }),
    depth: Flags.integer({ description: 'Also draw every table within N relationships of the tables given.', min: 0 }),
  }

  async run(): Promise<void> {
    const project = this.project()
    if (this.flags.app) findApp(project, this.flags.app)
    // With apps: every app's files are one schema (foreign keys cross apps).
    const apps = project.apps ? await loadAppsSchema(project) : undefined
    const loaded = apps ? apps.loaded : await loadSchemaFiles(project.schemas, { settings: { grants: project.grants } })
    const ofApp = apps && this.flags.app ? loaded.schema.tables.filter((t) => apps.declared.get(`table:${t.name}`) === this.flags.app).map((t) => t.name) : []
    const output = this.flags.output
    const extension = output ? extname(output).toLowerCase() : ''
    const format = (this.flags.format as ErdFormat | undefined) ?? BY_EXTENSION[extension] ?? 'mermaid'
    const result = await drawErd(loaded.schema, {
      ...(this.flags.app && !ofApp.length ? (() => { throw new UsageError(`app ${this.flags.app} declares no tables to draw`) })() : {}),
      tables: [...this.positional, ...(this.flags.tables ?? []), ...ofApp],
      ...(this.flags.depth !== undefined ? { depth: this.flags.depth } : {}),
      format,
    })
    const text = format === 'mermaid' && extension === '.md' ? '```mermaid\n' + result.text + '```\n' : result.text
    const json = {
      format,
      tables: result.erd.tables.map((t) => t.name),
      relationships: result.erd.relationships,
      ...(output ? { written: [relative(process.cwd(), resolve(output)) || output] } : { text }),
    }
    if (output) {
      writeFileAtomic(resolve(output), text)
      const n = result.erd.tables.length
      this.emit(json, `Wrote ${relative(process.cwd(), resolve(output))} (${format}, ${n} table${n === 1 ? '' : 's'}, ${result.erd.relationships.length} relationship${result.erd.relationships.length === 1 ? '' : 's'})`)
    } else if (this.flags.json) {
      this.emit(json, [])
    } else {
      process.stdout.write(text)
    }
  }
}
