// Loaded by jest.mutation.config.js only. Under mutation testing, a snapshot assertion always passes (as it does
// after `jest -u`), and the tests that compare with committed generated files are skipped, so that the score
// counts only the tests that state a rule.

/** Names of tests, in files that also hold rule tests, that compare output with a committed file. */
const FRESHNESS_TESTS = [
  /embeds the lab's diagram as `check --graph dist\/` prints it/,
];

expect.extend({
  toMatchSnapshot() {
    return { pass: true, message: () => 'snapshots are not counted under mutation testing' };
  },
  toMatchInlineSnapshot() {
    return { pass: true, message: () => 'snapshots are not counted under mutation testing' };
  },
});

// Stryker records which test runs which code from a test's start to its end. What a beforeAll hook runs belongs to no
// test, so Stryker takes it for code that runs at load ("static") and runs the whole suite for each of its mutants.
// Rebuilt before each test instead, a shared fixture is counted for the tests that read it.
global.beforeAll = global.beforeEach;

const realTest = global.test;
const filtered = ((name: string, fn?: jest.ProvidesCallback, timeout?: number) => (FRESHNESS_TESTS.some((re) => re.test(name))
  ? realTest.skip(name, fn, timeout)
  : realTest(name, fn, timeout))) as jest.It;
global.test = Object.assign(filtered, realTest);
global.it = global.test;
