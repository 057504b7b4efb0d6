// Three tiers: `unit` runs pure code beside its source; `medium` runs repositories, the transport and the
// relay against the real broker and database that test/run-all.sh starts, without whole services; `e2e`
// starts whole services against them. The two tiers on real infrastructure run one suite at a time.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const shared = {
  testEnvironment: 'node',
  // tsconfig's isolatedModules makes ts-jest transpile only: type checking is `npm run lint`'s job.
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // intl-messageformat and its @formatjs parts ship ES modules only. Node (>= 20.19) requires them as they
    // are, but jest 29's module system cannot, so ts-jest turns just those into CommonJS.
    '^.+/node_modules/(intl-messageformat|@formatjs)/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(intl-messageformat|@formatjs)/)'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'medium',
      testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/e2e-timeout.ts'],
    },
    // Last, after the others: test/run-all.sh scans the logs the run wrote for secrets.
    { ...shared, displayName: 'logs', testMatch: ['<rootDir>/test/logs.scan-spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/e2e-timeout.ts'],
    },
  ],
};
