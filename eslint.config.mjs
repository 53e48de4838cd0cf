// Lint for the whole repository (typescript-eslint, React hooks for the mini-program). `npm run lint`; part of `npm test`.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'miniapp/.swc/**', 'coverage/**', 'migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused names are mistakes, except those that mark a position (`_request`) or rest siblings that drop a field.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // A function or component longer than this is split, or says in a comment (eslint-disable-next-line ... -- why) why it is one piece.
      'max-lines-per-function': ['error', { max: 200, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ['miniapp/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // CommonJS files (configs, preloads for node -r) are written with require.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Browser tests run these functions in the page (page.evaluate): the browser's globals.
    files: ['scripts/e2e/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    // A test file's describe() holds its cases: its length is the number of cases, not one function's complexity.
    files: ['**/*.test.ts', '**/*.test.mjs', 'server/test/**', 'scripts/e2e/**', 'scripts/fault/**', 'scripts/bench/**'],
    rules: { 'max-lines-per-function': 'off' },
  },
);
