// The test environment of every test file (test/_environment.js) fails a file that leaves something open.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');

/** Runs jest, with this repository's environment, on one test file of the given source; returns its output. */
function runJest(source: string): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-environment-'));
  try {
    fs.writeFileSync(path.join(dir, 'sample.test.js'), source);
    const config = { rootDir: dir, testEnvironment: path.join(root, 'test', '_environment.js'), transform: {} };
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--forceExit', '--config', JSON.stringify(config)], {
      cwd: dir, encoding: 'utf8', timeout: 60_000,
    });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('fails a test file that leaves a server listening, naming what stays open', () => {
  // (A timer is counted too, but jest's own timers come and go, so the count of timers is not pinned here.)
  const r = runJest(`
    const net = require('net');
    test('leaks', () => { net.createServer().listen(0, '127.0.0.1'); });
  `);
  expect(r.status).toBe(1);
  expect(r.output).toMatch(/sample\.test\.js left 1 TCPServerWrap open after its tests: close servers, child processes, sockets and timers/);
}, 60_000);

test('passes a test file that closes what it opened', () => {
  const r = runJest(`
    const net = require('net');
    let server, timer;
    beforeAll((done) => { timer = setTimeout(() => undefined, 60000); server = net.createServer().listen(0, '127.0.0.1', done); });
    afterAll((done) => { clearTimeout(timer); server.close(done); });
    test('uses them', () => expect(server.listening).toBe(true));
  `);
  expect(r.output).toMatch(/Tests:\s+1 passed/);
  expect(r.status).toBe(0);
}, 60_000);
