import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The libraries that think and never touch the outside world: apps/ do their I/O and hand them data.
// libs/reference's main entry is pure too; its file loader lives behind @atalaya/reference/files.
const pureLibs = [
  'libs/triggers/**/*.ts',
  'libs/contracts/**/*.ts',
  'libs/cap/**/*.ts',
  'libs/webhooks/**/*.ts',
  'libs/reference/src/*.ts',
  'libs/routing/src/{*.ts,!(files)/**/*.ts}',
  'libs/sharing/src/{*.ts,!(files)/**/*.ts}',
];

const pureMessage =
  'the pure libs (libs/triggers, libs/contracts, libs/cap, libs/webhooks, libs/sharing, @atalaya/reference) do no I/O and know no framework: ' +
  'take the data as an argument and leave the I/O to the app that calls them (apps/*), which reads reference ' +
  'files with loadReference from @atalaya/reference/files.';

const ioModules = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'tls',
  'dgram',
  'dns',
  'child_process',
  'cluster',
].flatMap((m) => [m, `node:${m}`]);

const ioPackages = [
  'pg',
  'typeorm',
  'kafkajs',
  'pino',
  'prom-client',
  '@atalaya/reference/files',
  '@atalaya/persistence',
  '@atalaya/messaging',
  '@atalaya/observability',
  '@atalaya/testing',
];

export default tseslint.config(
  // examples/ holds plain JavaScript for receivers to copy as it is, outside the TypeScript project.
  // The dashboard's build script is plain JavaScript that Node runs as it is, like the config files.
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.run/',
      'coverage/',
      '*.js',
      '*.mjs',
      'examples/**/*.js',
      'apps/gateway/dashboard/build.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      // import-x reads only the files it can parse: TypeScript's, with tsconfig.json's @atalaya/* paths.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Cycles cannot run through node_modules back into this repository.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Nothing imports a test, so no cycle runs through one: walking the graph from each would only cost time.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.medium-spec.ts'],
    rules: { 'import-x/no-cycle': 'off' },
  },
  {
    // The dashboard runs in a browser: nothing of Node's may reach its bundle (its specs run in Node).
    files: ['apps/gateway/dashboard/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'the dashboard runs in a browser, which has no Node modules' },
            {
              group: ['@nestjs/*', 'pg', 'typeorm', 'kafkajs', 'pino'],
              message: 'the dashboard runs in a browser',
            },
          ],
        },
      ],
    },
  },
  {
    files: pureLibs,
    // Tests may read their fixtures and start what they need, and nothing imports a test: no cycle ends in one.
    ignores: ['**/*.spec.ts'],
    rules: {
      // import-x/no-cycle skips the imports that TypeScript erases (`import type`, or every name marked `type`),
      // but a cycle through a type still means a type lives in the wrong file. A plain import of a type is
      // erased just the same, and no-cycle follows it.
      'no-restricted-syntax': [
        'error',
        ...[
          "[importKind='type']",
          ":has(ImportSpecifier[importKind='type']):not(:has(ImportSpecifier[importKind='value'], ImportDefaultSpecifier, ImportNamespaceSpecifier))",
        ].map((typeOnly) => ({
          selector: `ImportDeclaration[source.value=/^(\\.|@atalaya\\/)/]${typeOnly}`,
          message:
            "Import types from the pure libs' own files without `type`: import-x/no-cycle skips type-only " +
            'imports, and a cycle through a type is a cycle too. TypeScript erases the import all the same.',
        })),
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [...ioModules, ...ioPackages].map((name) => ({
            name,
            message: `${name} does I/O; ${pureMessage}`,
          })),
          patterns: [
            { group: ['@nestjs/*'], message: `NestJS is the apps' framework; ${pureMessage}` },
            { group: ['fs/*', 'node:fs/*'], message: `The file system is I/O; ${pureMessage}` },
          ],
        },
      ],
    },
  },
);
