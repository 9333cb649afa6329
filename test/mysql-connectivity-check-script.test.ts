// The connectivity check's script, run by bash as the Job runs it, against stand-ins for `mysql` and `sleep` on
// PATH: a server that answers, one that refuses the credentials, one that does not answer (yet). Fast and
// offline; the MariaDB integration test runs the same script against a real server.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MysqlConnectivityCheck } from '../lib';
import { exposureChart } from './_fixtures';
import { synth } from './_manifests';

const BASH = ['/bin/bash', '/usr/bin/bash'].find((p) => fs.existsSync(p));

/** What `mysql` prints when the server refuses the password, and when nothing answers. */
const REFUSED = "ERROR 1045 (28000): Access denied for user 'root'@'10.244.0.7' (using password: YES)";
const NO_ANSWER = "ERROR 2003 (HY000): Can't connect to MySQL server on 'mysql-service:3306' (111)";

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** One line per `mysql` call: its arguments, then host, port and password from the environment. */
  readonly calls: string[];
  /** The argument of every `sleep` call. */
  readonly sleeps: string[];
}

/** The Job's command and literal environment, as synthesized. */
function synthesizedCheck(): { command: string[]; env: Record<string, string> } {
  const { chart, exposure } = exposureChart();
  new MysqlConnectivityCheck(chart, 'Check', { exposure });
  const job = synth(chart).find((m) => m.kind === 'Job');
  const [container] = job.spec.template.spec.containers;
  const env: Record<string, string> = {};
  for (const e of container.env) {
    if (typeof e.value === 'string') env[e.name] = e.value;
  }
  return { command: container.command, env };
}

/**
 * Runs the check with `mysql` answering each attempt with the next of `answers` (the last one repeats): `ok`
 * prints two databases and exits 0, anything else is printed to stderr with exit 1. `sleep` returns at once,
 * or after one real second with `realSleep` (so bash's SECONDS advances).
 */
function runCheck(answers: string[], waitSeconds: number, options: { realSleep?: boolean } = {}): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-script-'));
  try {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(dir, 'answers'), `${answers.join('\n')}\n`);
    fs.writeFileSync(path.join(bin, 'mysql'), [
      '#!/bin/sh',
      `d='${dir}'`,
      'echo "$* host=${MYSQL_HOST} port=${MYSQL_TCP_PORT} pwd=${MYSQL_PWD}" >> "$d/calls"',
      'n=$(wc -l < "$d/calls")',
      'total=$(wc -l < "$d/answers")',
      'if [ "$n" -gt "$total" ]; then n=$total; fi',
      'answer=$(sed -n "${n}p" "$d/answers")',
      'if [ "$answer" = ok ]; then printf "information_schema\\nmysql\\n"; exit 0; fi',
      'echo "$answer" >&2',
      'exit 1',
    ].join('\n'), { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'sleep'), [
      '#!/bin/sh',
      `echo "$1" >> '${dir}/sleeps'`,
      options.realSleep ? 'exec /bin/sleep 1' : 'exit 0',
    ].join('\n'), { mode: 0o755 });
    const { command, env } = synthesizedCheck();
    const result = spawnSync(BASH!, command.slice(1), {
      encoding: 'utf8',
      timeout: 10_000,
      env: { ...env, MYSQL_PWD: 's3cret', CHECK_WAIT_SECONDS: String(waitSeconds), PATH: `${bin}:/usr/bin:/bin` },
    });
    const read = (f: string): string[] => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean) : []);
    return { code: result.status, stdout: result.stdout, stderr: result.stderr, calls: read('calls'), sleeps: read('sleeps') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const CALL = '--user=root --connect-timeout=5 --batch --skip-column-names --execute=SHOW DATABASES; host=mysql-service port=3306 pwd=s3cret';

(BASH ? describe : describe.skip)('the connectivity check script', () => {
  test('runs as bash -c with the script as one argument', () => {
    const { command } = synthesizedCheck();
    expect(command.slice(0, 2)).toEqual(['/bin/bash', '-c']);
    expect(command).toHaveLength(3);
  });

  test('exits 0 and prints the databases when the server answers', () => {
    const run = runCheck(['ok'], 300);
    expect(run).toMatchObject({ code: 0, stderr: '', calls: [CALL], sleeps: [] });
    expect(run.stdout).toBe('ok: connected to root@mysql-service:3306 and ran SHOW DATABASES:\ninformation_schema\nmysql\n');
  });

  test.each([
    ['ERROR 1045 (access denied)', REFUSED],
    ['ERROR 1044 (no access to the database)', "ERROR 1044 (42000): Access denied for user 'root'@'%' to database 'mysql'"],
    ['ERROR 1698 (auth plugin refuses)', "ERROR 1698 (28000): Access denied for user 'root'@'localhost'"],
  ])('fails at once, without retrying, when the server refuses the credentials: %s', (_name, answer) => {
    const run = runCheck([answer], 300);
    expect(run).toMatchObject({ code: 1, stdout: '', calls: [CALL], sleeps: [] });
    expect(run.stderr).toBe(`failed: root@mysql-service:3306 refused the credentials from the Secret: ${answer}\n`);
  });

  test('retries every 5 seconds while nothing answers, then succeeds', () => {
    const run = runCheck([NO_ANSWER, NO_ANSWER, 'ok'], 300);
    expect(run).toMatchObject({ code: 0, stderr: '', calls: [CALL, CALL, CALL], sleeps: ['5', '5'] });
    expect(run.stdout).toBe([
      `waiting for root@mysql-service:3306: ${NO_ANSWER}`,
      `waiting for root@mysql-service:3306: ${NO_ANSWER}`,
      'ok: connected to root@mysql-service:3306 and ran SHOW DATABASES:',
      'information_schema',
      'mysql',
      '',
    ].join('\n'));
  });

  test('fails after one attempt when nothing answers and the wait is 0', () => {
    const run = runCheck([NO_ANSWER], 0);
    expect(run).toMatchObject({ code: 1, stdout: '', calls: [CALL], sleeps: [] });
    expect(run.stderr).toBe(`failed: no answer from root@mysql-service:3306 within 0s: ${NO_ANSWER}\n`);
  });

  test('gives up once the wait has passed (1 s wait, 1 s between attempts: no attempt after the first sleep)', () => {
    const run = runCheck([NO_ANSWER], 1, { realSleep: true });
    // Two attempts, or one when a loaded machine lets bash's whole-second clock tick during the first: never more.
    const attempts = run.calls.length;
    expect([1, 2]).toContain(attempts);
    expect(run).toMatchObject({ code: 1, calls: Array(attempts).fill(CALL), sleeps: Array(attempts - 1).fill('5') });
    expect(run.stdout).toBe(`waiting for root@mysql-service:3306: ${NO_ANSWER}\n`.repeat(attempts - 1));
    expect(run.stderr).toBe(`failed: no answer from root@mysql-service:3306 within 1s: ${NO_ANSWER}\n`);
  });

  test('refused credentials after a server that was not up yet still fail at once', () => {
    const run = runCheck([NO_ANSWER, REFUSED], 300);
    expect(run).toMatchObject({ code: 1, calls: [CALL, CALL], sleeps: ['5'] });
    expect(run.stderr).toBe(`failed: root@mysql-service:3306 refused the credentials from the Secret: ${REFUSED}\n`);
  });

  test('fails when a variable it needs is unset (set -u), instead of dialing an empty host', () => {
    const { command } = synthesizedCheck();
    const result = spawnSync(BASH!, command.slice(1), { encoding: 'utf8', timeout: 10_000, env: { PATH: '/usr/bin:/bin', CHECK_WAIT_SECONDS: '0' } });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/MYSQL_HOST: unbound variable/);
  });
});
