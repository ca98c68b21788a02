/**
 * `strata help` and shell completion: the bash completion script that
 * `strata autocomplete` generates, sourced in a real bash the way its setup
 * instructions say, and driven as bash drives it on <TAB> (COMP_WORDS,
 * COMP_CWORD, then the function registered with `complete`).
 */
import { strict as assert } from 'node:assert'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, runCli } from '../helpers/cli'
import { TempProject } from '../helpers/project'

describe('strata help and shell completion', function () {
  this.timeout(120000)
  let project: TempProject
  let home: string
  let env: Record<string, string | undefined>

  before(async () => {
    project = new TempProject({
      'strata.yaml': 'databases:\n  default: sqlite:./db.sqlite3\n  staging: sqlite:./staging.sqlite3\n  production: ${DATABASE_URL}\n',
      'schemas/app.yaml': 'tables:\n  people:\n    columns:\n      name: text\n  pets:\n    columns:\n      name: text\n',
    })
    // `strata` on the PATH, and a cache folder of our own for the generated scripts.
    home = mkdtempSync(join(tmpdir(), 'strata-completion-'))
    mkdirSync(join(home, 'bin'))
    symlinkSync(BIN, join(home, 'bin', 'strata'))
    env = { XDG_CACHE_HOME: join(home, 'cache'), HOME: home, PATH: `${join(home, 'bin')}:${process.env.PATH}` }
    for (const args of [['make'], ['make', 'second', '--empty']]) {
      const made = await runCli(args, { cwd: project.dir, env })
      assert.equal(made.code, 0, made.stderr)
    }
  })
  after(() => {
    project?.cleanup()
    rmSync(home, { recursive: true, force: true })
  })

  it('strata help lists the commands with one line each; strata help COMMAND shows its usage and flags', async () => {
    const list = await runCli(['help'], { cwd: project.dir, env })
    assert.equal(list.code, 0, list.stderr)
    for (const command of ['init', 'validate', 'make', 'sql', 'status', 'migrate', 'diff', 'introspect', 'erd', 'help', 'autocomplete']) {
      assert.match(list.stdout, new RegExp(`^ {2}${command} +\\S`, 'm'), `${command} in the list`)
    }
    assert.doesNotMatch(list.stdout, /^ {2}(__complete|makemigrations|showmigrations) /m, 'hidden commands and aliases are not listed as commands')
    assert.match(list.stdout, /^ {2}make +Write the next migration\. Alias: makemigrations\.$/m)
    const make = await runCli(['help', 'make'], { cwd: project.dir, env })
    assert.equal(make.code, 0, make.stderr)
    assert.match(make.stdout, /USAGE\n {2}\$ strata make \[NAME\]/)
    assert.match(make.stdout, /--dry-run/)
    assert.match(make.stdout, /--\[no-\]color/)
    const same = await runCli(['make', '--help'], { cwd: project.dir, env })
    assert.equal(same.stdout, make.stdout)
  })

  it('bash: strata mi<TAB> completes migrate, strata migrate 00<TAB> the migrations, -d <TAB> the databases', async () => {
    const setup = await runCli(['autocomplete', 'bash'], { cwd: project.dir, env })
    assert.equal(setup.code, 0, setup.stderr)
    assert.match(setup.stdout, /strata autocomplete script bash/)
    /**
     * Complete each line (the cursor at its end) in one bash set up as the
     * instructions say, calling the function registered with `complete` as
     * bash does on <TAB>.
     */
    const completeAll = (lines: readonly string[]): string[][] => {
      const script = [
        'eval "$(strata autocomplete script bash)"',
        'fn=$(complete -p strata | sed -E "s/.*-F ([^ ]+).*/\\1/")',
        ...lines.flatMap((line) => {
          const words = line.split(' ')
          return [
            `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMP_LINE='${line}'; COMP_POINT=${line.length}; COMPREPLY=()`,
            '"$fn" strata "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
            'printf "%s\\n" "${COMPREPLY[@]}"; echo "--- end"',
          ]
        }),
      ].join('\n')
      const out = execFileSync('bash', ['--norc', '--noprofile', '-c', script], { cwd: project.dir, env: { ...process.env, ...env } as NodeJS.ProcessEnv, encoding: 'utf8' })
      return out.split('--- end\n').slice(0, lines.length).map((block) => block.split('\n').filter(Boolean).sort())
    }
    const cases: [string, string[]][] = [
      ['strata mi', ['migrate']],
      ['strata m', ['make', 'migrate']],
      ['strata migrate 00', ['0001_initial', '0002_second']],
      ['strata migrate z', ['zero']],
      ['strata sql 0002', ['0002_second']],
      ['strata migrate -d ', ['default', 'production', 'staging']],
      ['strata status --database st', ['staging']],
      ['strata migrate --dry', ['--dry-run']],
      ['strata erd --format ', ['dot', 'mermaid', 'svg']],
      ['strata erd pe', ['people', 'pets']],
      ['strata help mi', ['migrate']],
    ]
    const results = completeAll(cases.map(([line]) => line))
    for (const [i, [line, expected]] of cases.entries()) assert.deepEqual(results[i], expected, `${line}<TAB>`)
  })

  it('zsh: the completion function is generated too', async () => {
    const setup = await runCli(['autocomplete', 'zsh'], { cwd: project.dir, env })
    assert.equal(setup.code, 0, setup.stderr)
    const script = await runCli(['autocomplete', 'script', 'zsh'], { cwd: project.dir, env })
    const path = /STRATA_AC_ZSH_SETUP_PATH=(\S+)/.exec(script.stdout)?.[1]
    assert.ok(path, script.stdout)
    const text = execFileSync('bash', ['-c', `cat "$(dirname '${path}')/functions/zsh/_strata"`], { encoding: 'utf8' })
    assert.match(text, /^#compdef strata/)
    assert.match(text, /migrate/)
    assert.match(text, /--lock-timeout/)
  })
})
