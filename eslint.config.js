// Lint: TypeScript-aware recommended rules, plus two rules that need type information (the
// TypeScript program from tsconfig.json, via the project service): a promise nobody awaits or
// handles (`no-floating-promises`), and a promise passed where a callback's result is ignored, such
// as an async listener or an async function in a boolean test (`no-misused-promises`). A deliberate
// fire-and-forget is written `void p` next to a comment saying where its errors go. Generated and
// vendored output is ignored.
import tseslint from 'typescript-eslint';

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
);
