// Lint rules, including the dependency direction of docs/architecture.md
// (its package table and per-folder blocks).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import { readdirSync } from 'node:fs';

const ROOT = import.meta.dirname;
const PACKAGES = [
  ...readdirSync(`${ROOT}/packages`).map((name) => `packages/${name}`),
  ...readdirSync(`${ROOT}/apps`).map((name) => `apps/${name}`),
];

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'http',
  'https',
  'net',
  'stream',
  'zlib',
  'child_process',
  'crypto',
];

/** Builds a no-restricted-imports rule banning the given module patterns. */
function banImports(patterns, message) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: patterns, message },
          {
            group: ['@pathprof/*/src/*', '@pathprof/*/dist/*'],
            message: 'Import packages through their public entry.',
          },
        ],
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'packages/cli/bundle/**',
      '**/node_modules/**',
      'coverage/**',
      'bench/out/**',
      '**/test/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.mjs',
            '*.js',
            'bench/*.mjs',
            'packages/cli/bin/*.js',
          ],
        },
      },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // It misreads typed-array element access under noUncheckedIndexedAccess; tsc is the judge.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportAllDeclaration',
          message: 'List public exports one by one (no export *).',
        },
      ],
      curly: ['error', 'all'],
      eqeqeq: ['error', 'smart'],
    },
  },
  // Each package declares what it imports; test tools come from the root's devDependencies.
  ...PACKAGES.map((name) => ({
    files: [`${name}/**/*.ts`],
    rules: {
      'import-x/no-extraneous-dependencies': [
        'error',
        {
          devDependencies: ['**/test/**'],
          packageDir: [ROOT, `${ROOT}/${name}`],
        },
      ],
    },
  })),
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/cli/src/**'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['packages/model/src/**/*.ts'],
    rules: banImports(
      [...NODE_BUILTINS, '@pathprof/*'],
      'model imports nothing: no Node APIs, no other package.',
    ),
  },
  {
    files: ['packages/engine/src/**/*.ts'],
    rules: {
      ...banImports(
        [
          ...NODE_BUILTINS,
          '@pathprof/store',
          '@pathprof/collector',
          '@pathprof/cli',
          '@pathprof/web',
          '@pathprof/sdk',
        ],
        'engine is pure: it imports only @pathprof/model, and no Node APIs.',
      ),
      'no-restricted-globals': [
        'error',
        {
          name: 'process',
          message: 'engine is pure: pass configuration as parameters.',
        },
        { name: 'Buffer', message: 'engine is pure: use Uint8Array.' },
        { name: 'setTimeout', message: 'engine is pure: no timers.' },
        { name: 'fetch', message: 'engine is pure: no I/O.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'engine is deterministic: take times as input.',
        },
        {
          object: 'Math',
          property: 'random',
          message: 'engine is deterministic: use a seeded generator.',
        },
      ],
    },
  },
  {
    files: ['packages/store/src/**/*.ts'],
    rules: banImports(
      [
        '@pathprof/engine',
        '@pathprof/cli',
        '@pathprof/collector',
        '@pathprof/web',
        '@pathprof/sdk',
        '@pathprof/showcase',
      ],
      'store imports only @pathprof/model (and its database clients).',
    ),
  },
  {
    files: ['packages/sources/src/**/*.ts'],
    rules: banImports(
      [
        '@pathprof/store',
        '@pathprof/collector',
        '@pathprof/cli',
        '@pathprof/web',
        '@pathprof/sdk',
        '@pathprof/showcase',
      ],
      'sources reads traces (files, streams, a live Jaeger) for the engine: it imports model, engine and Node only.',
    ),
  },
  {
    files: ['packages/measure/src/**/*.ts'],
    rules: banImports(
      [
        '@pathprof/store',
        '@pathprof/sources',
        '@pathprof/collector',
        '@pathprof/cli',
        '@pathprof/web',
        '@pathprof/sdk',
        '@pathprof/showcase',
      ],
      'measure holds the measurement tools (load, overhead): it imports engine, model and Node only; the CLI starts the systems it measures.',
    ),
  },
  {
    files: ['packages/collector/src/**/*.ts'],
    rules: banImports(
      [
        '@pathprof/cli',
        '@pathprof/web',
        '@pathprof/sdk',
        '@pathprof/showcase',
        '@duckdb/*',
        '@clickhouse/*',
      ],
      'collector composes model, engine and store; only store names a database.',
    ),
  },
  {
    files: ['packages/sdk/src/**/*.ts'],
    rules: banImports(
      ['@pathprof/*'],
      "sdk ships inside users' services: it imports only @opentelemetry/* and Node.",
    ),
  },
  {
    files: ['apps/showcase/src/**/*.ts'],
    rules: banImports(
      [
        '@pathprof/model',
        '@pathprof/engine',
        '@pathprof/cli',
        '@pathprof/store',
        '@pathprof/collector',
        '@pathprof/web',
      ],
      'the showcase imports only @pathprof/sdk.',
    ),
  },
  {
    files: ['packages/cli/src/**/*.ts'],
    rules: banImports(
      ['@pathprof/web', '@pathprof/sdk'],
      'cli composes model, engine, sources, measure, store and collector only.',
    ),
  },
  // web: browser code; types from model, pure helpers from engine, nothing with I/O.
  {
    // The UI is bundled by Vite: every dependency is a build-time one.
    files: ['packages/web/**/*.ts', 'packages/web/**/*.tsx'],
    rules: {
      'import-x/no-extraneous-dependencies': [
        'error',
        {
          devDependencies: true,
          packageDir: [ROOT, `${ROOT}/packages/web`],
        },
      ],
    },
  },
  {
    files: ['packages/web/src/**/*.ts', 'packages/web/src/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@pathprof/model',
              allowTypeImports: true,
              allowImportNames: [
                'formatMicros',
                'formatBytes',
                'formatPercent',
                'formatShare',
                'formatCount',
                'formatGoDuration',
              ],
              message:
                'web takes only types and the shared unit formatting from @pathprof/model.',
            },
          ],
          patterns: [
            {
              group: [
                ...NODE_BUILTINS,
                '@pathprof/store',
                '@pathprof/collector',
                '@pathprof/sdk',
                '@pathprof/cli',
                '@pathprof/showcase',
              ],
              message:
                'web runs in the browser: it imports @pathprof/engine and types from @pathprof/model only.',
            },
            {
              group: ['@pathprof/*/src/*', '@pathprof/*/dist/*'],
              message: 'Import packages through their public entry.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'web runs in the browser.' },
        { name: 'Buffer', message: 'web runs in the browser.' },
        { name: 'require', message: 'web is ES modules.' },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
