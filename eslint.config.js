// Lint: TypeScript-aware recommended rules, plus two rules that need type information (the
// TypeScript program from tsconfig.json, via the project service): a promise nobody awaits or
// handles (`no-floating-promises`), and a promise passed where a callback's result is ignored, such
// as an async listener or an async function in a boolean test (`no-misused-promises`). A deliberate
// fire-and-forget is written `void p` next to a comment saying where its errors go. Generated and
// vendored output is ignored.
// The import boundaries below keep each service's wire contract (coordinator/api, keystore/api)
// the only thing its clients share with it (tests/lint/importBoundaries.test.ts checks they bite).
import tseslint from 'typescript-eslint';

/** no-restricted-imports with one group of gitignore-style patterns: a `!` pattern allows a folder
 * again, which works only when its parent folder is not itself forbidden (hence `!../..`). */
const onlyImports = (group, message) => ({ 'no-restricted-imports': ['error', { patterns: [{ group, message }] }] });

export default tseslint.config(
  { ignores: ['node_modules/**', '**/target/**', '**/build/**', '**/dist/**', '**/*.wasm', 'examples/**/assembly/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // The worker talks to the coordinator and the keystore through their APIs and clients only: never
    // their internals, the keystore's service, configuration or master-secret code.
    files: ['worker/**/*.ts'],
    rules: onlyImports(
      [
        '**/coordinator/*',
        '!**/coordinator/api',
        '!**/coordinator/client',
        '**/keystore/*',
        '!**/keystore/api',
        '!**/keystore/client',
        '!**/keystore/envelope',
      ],
      'worker/ imports coordinator/api, coordinator/client, keystore/api, keystore/client and keystore/envelope only',
    ),
  },
  {
    files: ['coordinator/client/**/*.ts'],
    rules: onlyImports(['../*', '!../api', '!../..', '../../*', '!../../common'], 'coordinator/client imports coordinator/api and common/ only'),
  },
  {
    files: ['coordinator/api/**/*.ts'],
    rules: onlyImports(
      ['../*', '!../..', '../../*', '!../../common', '!../../keystore', '../../keystore/*', '!../../keystore/api'],
      'coordinator/api imports common/ and keystore/api only',
    ),
  },
  {
    files: ['keystore/api/**/*.ts'],
    rules: onlyImports(['../*', '!../..', '../../*', '!../../common'], 'keystore/api imports common/ only'),
  },
);
