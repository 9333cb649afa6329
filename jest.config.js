/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: `tsc --noEmit` type-checks once, in the test command.
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  snapshotResolver: '<rootDir>/test/snapshot-resolver.js',
  // The slow suites wait on child processes (npm pack, tsc, typedoc, cdk8s synth): two workers overlap them
  // even on two cores, where jest's default would be one.
  maxWorkers: 2,
};
