// The e2e suites again, on MongoDB over the wire (a jongodb server; see README, "Which guarantee is
// proven where"). `npm run test:e2e:wire` runs it through scripts/test-wire-lane.mjs, which skips
// it visibly where the server's binary is not installed.
const e2e = require('./jest-e2e.json');

module.exports = {
  ...e2e,
  displayName: 'e2e on the MongoDB wire lane',
  globalSetup: '<rootDir>/test/support/wire-lane.global-setup.ts',
  globalTeardown: '<rootDir>/test/support/wire-lane.global-teardown.ts',
  // Each app here is two application contexts (the API and the worker, which polls the outbox: the
  // server has no change streams) over a database server: a test of a few sign-ups that takes under
  // 2 s on a quiet machine passed 5 s on a loaded one.
  testTimeout: 15_000,
};
