// Settings shared by every Jest project (unit in jest.config.js, e2e in test/jest-e2e.json).
// Jest runs in native ESM mode (node --experimental-vm-modules), while `nest build` emits CommonJS.
//
// On Node 20 Jest cannot require() an ES module (it can from Node 24.9). Node itself can, so a few
// CommonJS dependencies require ESM-only leaf packages; those leaves are transpiled to CommonJS
// for Jest only. ts-jest emits ESM solely where Jest loads a file as ESM, so our own .ts stay ESM.
const ESM_ONLY_LEAVES_REQUIRED_FROM_COMMONJS = ['content-disposition', 'cookie'];

module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: { module: 'esnext', moduleResolution: 'bundler', isolatedModules: true } }],
    [`node_modules/(${ESM_ONLY_LEAVES_REQUIRED_FROM_COMMONJS.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0', isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_LEAVES_REQUIRED_FROM_COMMONJS.join('|')})/)`],
  // Mirrors the `paths` of tsconfig.json: the contexts' index.ts and the kernel's entry points.
  moduleNameMapper: {
    '^@keepem/(shared|users|assets)$': '<rootDir>/libs/$1/src',
    '^@keepem/(users|assets)/http$': '<rootDir>/libs/$1/src/$1-http.module',
    '^@keepem/assets/cli$': '<rootDir>/libs/assets/src/entrypoints/cli/assets.cli-commands',
    '^@keepem/shared/(contracts|domain|service_layer|testing)$': '<rootDir>/libs/shared/src/$1',
    '^@keepem/shared/(config|persistence)$': '<rootDir>/libs/shared/src/adapters/$1',
    '^@keepem/shared/(http|messaging)$': '<rootDir>/libs/shared/src/entrypoints/$1',
  },
  testEnvironment: 'node',
};
