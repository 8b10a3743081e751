// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'core/model/validators.generated.*',
      'core/model/schema-types.ts',
      'node_modules/',
      'action/dist/',
      'site/dist/',
      'site/.astro/',
      'bench/out/',
      '.tmp/',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // The core stays pure: no GitHub Actions, Astro or Octokit imports (STYLE.md rule 1).
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@actions/*',
            '@octokit/*',
            'astro',
            'astro:*',
            'node:fs',
            'node:fs/*',
            'node:child_process',
          ],
        },
      ],
    },
  },
);
