// Three tiers: `unit` runs pure code beside its source; `medium` runs repositories, the transport and the
// relay against the real broker and database that test/run-all.sh starts, without whole services; `e2e`
// starts whole services against them. The two tiers on real infrastructure run one suite at a time.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const ESM_ONLY =
  'intl-messageformat|@formatjs|kubernetes-models|@kubernetes-models|is-cidr|cidr-regex|ip-regex|@apidevtools/json-schema-ref-parser|@apidevtools/swagger-parser';

const shared = {
  testEnvironment: 'node',
  // tsconfig's isolatedModules makes ts-jest transpile only: type checking is `npm run lint`'s job.
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // intl-messageformat and its @formatjs parts ship ES modules only. Node (>= 20.19) requires them as they
    // are, but jest 29's module system cannot, so ts-jest turns just those into CommonJS.
    // So do kubernetes-models and its CRD packages (the manifests' offline validation) and is-cidr's family.
    [`^.+/node_modules/(${ESM_ONLY})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY})/)`],
  moduleNameMapper: {
    ...pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
    // The schema packages export their files under the `import` condition only, which jest 29's resolver
    // does not use: their paths are spelled out here.
    '^(kubernetes-models|@kubernetes-models/(?:apimachinery|cloudnative-pg|keda|strimzi-kafka-operator))/(.+)$':
      '<rootDir>/node_modules/$1/$2.js',
    '^@kubernetes-models/(base|validate)$': '<rootDir>/node_modules/@kubernetes-models/$1/dist/index.js',
    '^@kubernetes-models/validate/runtime/(.+)$':
      '<rootDir>/node_modules/@kubernetes-models/validate/dist/runtime/$1.js',
  },
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
