// The node test environment, plus a check that each test file closes what it opens.
//
// jest runs test files in worker processes and, at the end of the run, kills a worker that does not exit
// by itself ("A worker process has failed to exit gracefully and has been force exited"): a server left
// listening, a child process, a socket or a timer keeps it alive, and jest cannot say which file left it.
// Here each file is compared with the worker as it was before the file ran: anything that still keeps the
// event loop alive after the file's tests and hooks fails that file, naming what stays open.
'use strict';
const { TestEnvironment } = require('jest-environment-node');

/** Types of the handles and requests that keep the event loop alive, counted. */
function liveResources() {
  const counts = new Map();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

class LeakCheckingEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
  }

  async setup() {
    await super.setup();
    this.before = liveResources();
  }

  /** What keeps the event loop alive now and did not before the file ran, as [type, count]. */
  left() {
    return [...liveResources()].map(([type, n]) => [type, n - (this.before.get(type) ?? 0)]).filter(([type, n]) => n > 0 && type !== 'Immediate');
  }

  async teardown() {
    // Let the event loop turn a few times first: a server's listen() opens its handle a tick later, and handles
    // closed by the file's last hooks go away a few turns after their close(). Then wait, for at most 50 turns,
    // for what is still closing.
    let left = this.left();
    for (let turn = 1; turn <= 50 && (turn <= 5 || left.length > 0); turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      left = this.left();
    }
    await super.teardown();
    if (left.length > 0) {
      const what = left.map(([type, n]) => `${n} ${type}`).join(', ');
      throw new Error(`${this.testPath} left ${what} open after its tests: close servers, child processes, sockets and timers in afterAll`);
    }
  }
}

module.exports = LeakCheckingEnvironment;
