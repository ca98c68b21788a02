/**
 * Which command base the process runs with, decided once by bin/run.js
 * before any command module is loaded: oclif's (the default: help, parse
 * errors, completion, every unusual command line) or the light one of
 * src/cli/lite-command.ts, for a command line that src/cli/fast-parse.ts
 * understands completely (issue 13: start-up without oclif's machinery).
 */
let lite = false

/** Run the commands loaded from now on without oclif (bin/run.js only). */
export function useLite(on: boolean): void {
  lite = on
}

/** Whether the commands being loaded run without oclif. */
export function isLite(): boolean {
  return lite
}
