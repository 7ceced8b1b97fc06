// Lint rules that catch bugs the compiler does not: promises nobody awaits or handles, and
// misused ones; and the one structural rule, files of at most 300 lines. Style is not linted. `npm run lint` runs it; so does `npm test` (and CI).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/.work/**', 'test/oracle/build/**', 'fixtures/**', 'test/**/fixtures/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // One job per file: a source file over 300 lines says why at its top, in the directive that
    // lets it (`eslint-disable max-lines -- REASON`). Tests may be longer.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
);
