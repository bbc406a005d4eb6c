// Lint: typescript-eslint's recommended rules plus the house rules that a reviewer would otherwise repeat.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-output/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // The API client runs without VS Code: it must never import it.
    files: ['src/xai/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/xai must not depend on VS Code.' }] }],
    },
  },
  {
    // The webview knows nothing of the client or the host; it talks through protocol.ts only.
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/xai/*', 'vscode', '**/chat/*'] }],
    },
  },
  {
    // What host and page share: pure, so both may import it; it imports nothing outside src/shared.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ImportDeclaration:not([source.value=/^\\.\\/[\\w-]+$/])', message: 'src/shared imports only its siblings: the host and the webview both import it.' }],
    },
  },
);
