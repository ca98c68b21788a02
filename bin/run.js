#!/usr/bin/env node
// The strata command line. oclif reads oclif.manifest.json, so only the
// command being run is loaded: start-up does not pay for the others, nor for
// the database drivers. strata's modules import oclif's parts by their own
// entry points (@oclif/core/command, /flags, /args, /execute), not its index,
// which loads every part (help, parser, ux, semver) before anything runs.
const args = process.argv.slice(2)
if (args.length === 1 && args[0] === '--version') {
  // What oclif prints for --version, without loading oclif (most of start-up).
  const { name, version } = require('../package.json')
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  require('./compile-cache')
  oclifIndexChecks()
  require('@oclif/core/execute').execute({ dir: __dirname })
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
