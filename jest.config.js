module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  testRegex: '.*\\.spec\\.ts$',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, isolatedModules: true, tsconfig: { module: 'esnext', moduleResolution: 'bundler', isolatedModules: true } }] },
  moduleNameMapper: { '^@keepem/(shared|users|assets)$': '<rootDir>/libs/$1/src', '^@keepem/shared/(.*)$': '<rootDir>/libs/shared/src/$1' },
  testEnvironment: 'node',
};
