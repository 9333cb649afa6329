/** @type {import('jest').Config} */
module.exports = {
  // The node environment, failing a test file that leaves a handle open (test/_environment.js).
  testEnvironment: '<rootDir>/test/_environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: `tsc --noEmit` type-checks once, in the test command.
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  snapshotResolver: '<rootDir>/test/snapshot-resolver.js',
  // The slow suites wait on child processes (npm pack, tsc, typedoc, cdk8s synth): two workers overlap them
  // even on two cores, where jest's default would be one.
  maxWorkers: 2,
};
