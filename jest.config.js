const base = require('./jest.preset.js');

// `npm run test:unit` selects the unit project, `npm run test:e2e` uses test/jest-e2e.json, and
// `npm run test:cov` runs both projects here with one coverage report.
module.exports = {
  // Every source file counts, tested or not, so an untested module shows up as 0% instead of vanishing.
  collectCoverageFrom: ['{apps,libs}/**/*.ts', '!**/*.spec.ts', '!**/main.ts'],
  coverageDirectory: '<rootDir>/.coverage_html',
  coverageReporters: ['html', 'text-summary'],
  projects: [
    {
      ...base,
      displayName: 'unit',
      rootDir: __dirname,
      // Every *.spec.ts (unit and contract suites beside the code; test/ in case a suite lives there),
      // so no suite is silently left out. e2e suites are *.e2e-spec.ts and never match.
      roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
      testRegex: '.*\\.spec\\.ts$',
    },
    '<rootDir>/test/jest-e2e.json',
  ],
};
