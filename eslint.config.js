// One lint configuration for the repository. Besides correctness, it enforces the architecture's boundaries.
import js from '@eslint/js'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const restrict = (patterns) => ['error', { patterns }]

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/build/**', '**/.turbo/**', '**/test-results/**', '**/playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // The environment is read in one module per deployable; everything else receives typed configuration.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read the environment in env.ts only.' }],
    },
  },
  {
    files: ['portal/**/*.tsx', 'packages/documents/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules, ...jsxA11y.flatConfigs.recommended.rules },
  },
  {
    files: ['packages/domain/**/*.ts'],
    rules: {
      // Pure rules: no IO, no framework, no database.
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['@quittance/*', 'drizzle-orm*', '@remix-run/*', 'react', 'react-*', 'node:*'], message: 'packages/domain depends on nothing.' },
      ]),
    },
  },
  {
    files: ['portal/**', 'packages/use-cases/**', 'packages/documents/**', 'packages/i18n/**', 'packages/cli/**', 'e2e/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'Only packages/db talks to drizzle: add a repository function.' },
      ]),
    },
  },
  {
    files: ['portal/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'Only packages/db talks to drizzle: add a repository function.' },
        { group: ['@quittance/db/client'], allowTypeImports: true, message: 'Apps get the database from the load context.' },
        { group: ['backoffice/*', '../backoffice/*'], message: 'An app never imports the other app.' },
      ]),
    },
  },
  {
    files: ['**/env.ts', '**/vitest.config.ts', '**/*.test.ts', 'packages/db/src/testing/**', 'e2e/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Playwright fixtures that need no other fixture are written `async ({}, use) => …`.
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
)
