// Jest for mutation runs of the checker (stryker.checker.config.mjs): the rule tests of jest.mutation.config.js that
// run the checker, test/check*.test.ts. The construct tests never call the checker's policy and wiring rules, and
// loading them (cdk8s and the Kubernetes imports, once per file) would cost seconds on every one of its mutants.
const base = require('./jest.mutation.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['**/check*.test.ts'],
};
