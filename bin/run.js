#!/usr/bin/env node
// The strata command line. oclif reads oclif.manifest.json, so only the
// command being run is loaded: start-up does not pay for the others, nor for
// the database drivers.
require('@oclif/core').execute({ dir: __dirname })
