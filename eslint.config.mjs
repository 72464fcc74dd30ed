// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// Syntax-only linting on purpose (no type information): it keeps `npm run lint` fast, and
// `npm run typecheck` already runs the compiler. Layer boundaries are checked by dependency-cruiser.

// The `globals` package is not a dependency; these are the Node globals our plain JS files use.
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'AbortController',
    'fetch',
    'performance',
    'structuredClone',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'queueMicrotask',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig(
  globalIgnores(['**/dist/', '**/node_modules/', '**/coverage/', '**/.coverage_html/', '**/var/']),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // The typescript-eslint version understands type positions and works on JS as well.
      'no-unused-vars': 'off',
      // Unused names are errors unless they are deliberately marked with a leading underscore.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // Nest resolves constructor parameters from the runtime types emitted by emitDecoratorMetadata.
      // A class used only as a constructor parameter type looks type-only to this rule, and turning
      // it into `import type` would erase it and break DI. (The reverse case, an interface in a
      // decorated signature, must be `import type`; tsc enforces that itself, error TS1272.)
      '@typescript-eslint/consistent-type-imports': 'off',
      // `interface CreateAssetBody extends Pick<...> {}` style DTO contracts are fine.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
      'no-var': 'error',
      'object-shorthand': ['error', 'always'],
    },
  },
  {
    // Plain JS/ESM tooling: configs, scripts/bench, etc.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // No "type": "module" in package.json, so .js is CommonJS like .cjs.
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs', globals: { __dirname: 'readonly', __filename: 'readonly' } },
  },
  // Last, so it switches off every stylistic rule that would fight Prettier.
  prettier,
);
