/**
 * After `strata autocomplete` (oclif's plugin-autocomplete) has written its
 * bash completion function, extend it: words after the command (arguments
 * and flag values) are asked from `strata __complete`, which knows the
 * project's database names, migration names and tables; command and flag
 * names stay with the plugin's function. The file is in the plugin's cache
 * (`~/.cache/strata/autocomplete/functions/bash/strata.bash`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Hook } from '@oclif/core'

const MARKER = '# strata: project values'

/** The bash code appended to the plugin's function file for a CLI named `bin`. */
export function bashProjectCompletion(bin: string): string {
  const fn = `_${bin}_project_autocomplete`
  return `
${MARKER} (arguments and flag values) from \`${bin} __complete\`; command and flag names from the function above.
${fn}()
{
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  if [[ $COMP_CWORD -ge 2 && "$cur" != -* ]]; then
    local IFS=$'\\n' values
    values=$("\${COMP_WORDS[0]}" __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
    if [[ -n "$values" ]]; then
      COMPREPLY=($(compgen -W "$values" -- "$cur"))
      return 0
    fi
  fi
  _${bin}_autocomplete
}

complete -F ${fn} ${bin}
`
}

const hook: Hook<'postrun'> = async function (options) {
  if (options.Command?.id !== 'autocomplete') return
  const file = join(options.config.cacheDir, 'autocomplete', 'functions', 'bash', `${options.config.bin}.bash`)
  if (!existsSync(file)) return
  const text = readFileSync(file, 'utf8')
  if (!text.includes(MARKER)) writeFileSync(file, text + bashProjectCompletion(options.config.bin))
}

export default hook
