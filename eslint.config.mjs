// ESLint (flat config): ESLint's and typescript-eslint's recommended rules on every source, test and script file.
// Not type-aware (typescript-eslint's `recommended`, not `recommended-type-checked`): `tsc` already type-checks each
// package, and linting with types would type-check the whole repository a second time on every `npm test`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '**/.vitest-result.json',
      'packages/sentiment-model/model/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (a callback's position, a destructured-away field).
      // A `let` assigned once but read earlier by a closure (declared first so the closure can see it) stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The dashboard's front end runs in the browser.
    files: ['dashboards/web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // CommonJS files (none are TypeScript).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
