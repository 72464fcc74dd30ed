// The e2e suites again, on MongoDB over the wire (a jongodb server; see README, "Which guarantee is
// proven where"). `npm run test:e2e:wire` runs it through scripts/test-wire-lane.mjs, which skips
// it visibly where the server's binary is not installed.
const e2e = require('./jest-e2e.json');

module.exports = {
  ...e2e,
  displayName: 'e2e on the MongoDB wire lane',
  globalSetup: '<rootDir>/test/support/wire-lane.global-setup.ts',
  globalTeardown: '<rootDir>/test/support/wire-lane.global-teardown.ts',
};
