#!/usr/bin/env node
// The strata command line. oclif reads oclif.manifest.json, so only the
// command being run is loaded: start-up does not pay for the others, nor for
// the database drivers.
const args = process.argv.slice(2)
if (args.length === 1 && args[0] === '--version') {
  // What oclif prints for --version, without loading oclif (most of start-up).
  const { name, version } = require('../package.json')
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  require('./compile-cache')
  require('@oclif/core').execute({ dir: __dirname })
}
