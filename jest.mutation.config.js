// Jest as `npm run test:mutation` runs it: rule tests only. The freshness tests are left out, because
// `npm run test:update` (or a regenerated dist/, Helm chart or API docs) silences them: a mutant they kill
// is a break only a careless update would let through, not one a rule states.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  // Stryker wraps the environment to record which test covers which mutant; it does not resolve <rootDir>, and
  // the leak check of test/_environment.js is about test files, not about the code under mutation.
  testEnvironment: 'node',
  testPathIgnorePatterns: [
    '/node_modules/',
    // compare files with committed generated output: dist/, the Helm chart, docs/API.md
    '/test/dist\\.test\\.ts$',
    '/test/helm\\.test\\.ts$',
    '/test/api-docs\\.test\\.ts$',
    '/test/pod-security\\.test\\.ts$',
    // slow end-to-end runs of tools (npm pack, cdk8s synth, a database server); their rules have fast tests
    '/test/consumer\\.test\\.ts$',
    '/test/check-synth\\.test\\.ts$',
    // the require hook of npm run synth (child processes; it is not code under mutation), and the documentation's links
    '/test/register\\.test\\.ts$',
    '/test/docs\\.test\\.ts$',
    '\\.integration\\.test\\.ts$',
    // time bounds on hostile input, which the instrumented code of a mutation run cannot keep
    '/test/check-hostile\\.test\\.ts$',
    // robustness on random input (no throw, no hang): they state no verdict, and they cover every mutant of the checker,
    // so each of its mutants would run them (2 s more per mutant); the rule tests feed the same odd shapes case by case
    '/test/check-robust\\.test\\.ts$',
    '/test/check-property\\.test\\.ts$',
  ],
  // snapshots always pass, and tests named in test/_mutation-setup.ts are skipped
  setupFilesAfterEnv: ['<rootDir>/test/_mutation-setup.ts'],
  maxWorkers: 1,
};
