// Test tiers are told apart by file name: *.unit.spec.ts (pure, no I/O), *.api.spec.ts (the api's
// Nest app in process, on a real SQLite store, answered through Fastify's inject), *.int.spec.ts
// (a real store or broker), test/*.e2e.spec.ts (the built service over HTTP, across processes).
// `npm test` runs them all; the Kafka broker they need is started by the global setup.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

/** @type {import('jest').Config} */
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.cache/'],
};

/** The int and e2e tiers talk to a real Kafka broker, started once per run by the project itself. */
const kafkaBroker = {
  globalSetup: '<rootDir>/test/setup/kafka.global-setup.cjs',
  globalTeardown: '<rootDir>/test/setup/kafka.global-teardown.cjs',
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench}/**/*.unit.spec.ts'] },
    { ...common, displayName: 'api', testMatch: ['<rootDir>/apps/**/*.api.spec.ts'] },
    { ...common, ...kafkaBroker, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,bench}/**/*.int.spec.ts'] },
    { ...common, ...kafkaBroker, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e.spec.ts'] },
  ],
  testTimeout: 60_000,
};
