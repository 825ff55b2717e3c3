// Lint: typescript-eslint's recommended rules, no import cycles (import-x resolves the
// @policy/* aliases through tsconfig.json), and Prettier owns the layout (eslint-config-prettier
// turns off the rules it would fight). Run by `npm test` before any test.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'data/**', 'coverage/**', 'schemas/**', 'clients/typescript/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Tells import-x how to parse TypeScript files, so it can follow their imports.
  importX.flatConfigs.typescript,
  {
    files: ['**/*.ts'],
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      // Unused names are errors, but `_`-prefixed ones are a deliberate "not needed here".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Off for TypeScript: it does not see a use inside a decorator's arguments (a schema passed
      // to a validation pipe reads as never used), and the compiler already reports dead stores.
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        globalThis: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
