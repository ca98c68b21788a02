'use strict'
// Tests are compiled with the sources (npm test builds first) and run from dist/.
module.exports = {
  spec: ['dist/test/**/*.test.js'],
  timeout: 60000,
  forbidOnly: Boolean(process.env.CI),
  reporter: './test/reporter.cjs',
}
