// @ts-check
import js from '@eslint/js';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import layers from './layers.json' with { type: 'json' };

/**
 * The layers and what each may import (docs/architecture.md). core/ is pure; node/ is the
 * one Node layer the three fronts share; the fronts (scripts/ the CLI, action/src, site/)
 * never import each other; bench/ imports only the product and tools/.
 */
const LAYERS = layers.layers;
const MAY_IMPORT = layers.mayImport;
const zones = Object.entries(MAY_IMPORT).flatMap(([target, allowed]) =>
  LAYERS.filter((layer) => !allowed.includes(layer)).map((layer) => ({
    target: `./${target}/**/*`,
    from: `./${layer}/**/*`,
    message: `${target}/ may import only ${allowed.join(', ')} (docs/architecture.md).`,
  })),
);
// The fast YAML path has one entry point, where its switch is (core/parse/fast-yaml/README.md).
zones.push({
  target: ['./!(core)/**/*', './core/!(parse)/**/*', './core/parse/*'],
  from: './core/parse/fast-yaml',
  except: ['./index.ts'],
  message: 'import the fast YAML path from core/parse/fast-yaml/index.ts, where its switch is.',
});

/** Packages and built-ins that mean input and output: none of them in core/. */
const IO_MODULES = [
  '@actions/*',
  '@octokit/*',
  'astro',
  'astro:*',
  'astro/*',
  'pagefind',
  'node:fs',
  'node:fs/*',
  'node:child_process',
  'node:worker_threads',
  'node:net',
  'node:http',
  'node:https',
  'node:os',
];

export default tseslint.config(
  {
    ignores: [
      'core/model/validators.generated.*',
      'core/model/schema-types.ts',
      'node_modules/',
      'action/dist/',
      'dist/',
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
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // The core stays pure: no file system, processes, network, GitHub or Astro (STYLE.md rule 1).
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: IO_MODULES }],
    },
  },
  {
    // The Node layer serves all three fronts: no GitHub Actions toolkit and no Astro in it.
    files: ['node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@actions/*', 'astro', 'astro:*', 'astro/*', 'pagefind'] },
      ],
    },
  },
);
