#!/usr/bin/env node
// The strata command line. A plain command line of one of strata's commands
// runs on the light path (dist/src/cli/dispatch.js): the command's module
// alone, found in oclif.manifest.json, without loading oclif, whose config,
// plugins, parser, help and errors are most of a small command's start-up.
// Everything else (help, completion, an alias, a parse error) goes to oclif
// as before. oclif too reads oclif.manifest.json, so only the command being
// run is loaded; strata's modules reach oclif's parts by their own entry
// points (src/cli/command.ts, flags.ts, args.ts), never its index, which
// loads every part (help, parser, ux, semver) before anything runs.
const args = process.argv.slice(2)
if (args.length === 1 && args[0] === '--version') {
  // What oclif prints for --version, without loading oclif (most of start-up).
  const { name, version } = require('../package.json')
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  require('./compile-cache')
  oclifIndexChecks()
  const light = require('../dist/src/cli/dispatch').dispatch(args, require('node:path').join(__dirname, '..'))
  if (light) {
    light.catch((error) => {
      // As oclif's handler: what escaped the command's own catch, and its exit code.
      process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`)
      process.exitCode = (error && error.exitCode) || 1
    })
  } else {
    require('@oclif/core/execute').execute({ dir: __dirname })
  }
}

// The two checks oclif's index runs when it is loaded, with its messages:
// the current folder gone, and a Node older than @oclif/core's engines (its
// `>=X.Y.Z` compared here; any other range through semver, as oclif does).
function oclifIndexChecks() {
  try {
    process.cwd()
  } catch (error) {
    if (error.code === 'ENOENT') process.stderr.write('WARNING: current directory does not exist\n')
  }
  const flag = process.env.OCLIF_DISABLE_ENGINE_WARNING
  if (flag && ['1', 'true', 'y', 'yes'].includes(flag.toLowerCase())) return
  try {
    const range = require('@oclif/core/package.json').engines.node
    const floor = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(range)
    const have = process.versions.node.split('.').map(Number)
    let ok
    if (floor) {
      const want = floor.slice(1).map(Number)
      const i = [0, 1, 2].find((k) => have[k] !== want[k])
      ok = i === undefined || have[i] > want[i]
    } else {
      ok = require('semver').satisfies(process.versions.node, range)
    }
    if (!ok) process.emitWarning(`Node version must be ${range} to use this CLI. Current node version: ${process.versions.node}`)
  } catch {
    // As oclif: ignore.
  }
}
