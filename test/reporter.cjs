'use strict'
// Mocha's spec reporter plus one plain closing line, "N passed, N failed,
// N skipped", which CI reads to know how many tests ran.
const Mocha = require('mocha')

class StrataReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options)
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats
      process.stdout.write(`\n${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`)
    })
  }
}

module.exports = StrataReporter
