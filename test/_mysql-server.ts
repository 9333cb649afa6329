/**
 * Running commands against a real MySQL-compatible server (MariaDB from the distribution), in a network namespace
 * of their own where the Service's host name resolves to it: what the integration tests share.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = any;

const NEEDED = ['mariadbd', 'mariadb-install-db', 'mariadb-admin', 'mariadb', 'mysql', 'unshare', 'ip'];
const missing = NEEDED.filter((cmd) => spawnSync('sh', ['-c', `command -v ${cmd} || test -x /usr/sbin/${cmd}`]).status !== 0);
const required = process.env.CI === 'true' || process.env.REQUIRE_MYSQL_INTEGRATION === '1';
if (missing.length > 0 && !required) {
  console.warn(`skipping the MySQL integration test: ${missing.join(', ')} not found. `
    + 'Install them with `apt-get install -y mariadb-server mariadb-client iproute2 util-linux`.');
}

/** `describe` when the server can run (or must: under CI or REQUIRE_MYSQL_INTEGRATION=1), else `describe.skip`. */
export const describeIfServer = missing.length === 0 || required ? describe : describe.skip;

/** A command to run in the server's network namespace, with its environment. */
export interface Case { name: string; command: string[]; env: Record<string, string> }

/** What a case did. */
export interface Result { name: string; status: number | null; stdout: string; stderr: string; error?: string; seconds: number }

/** A container's env as the kubelet builds it: literals, and Secret keys read from the Secrets of the manifests. */
export function resolvedEnv(container: Manifest, manifests: Manifest[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container.env as Manifest[]) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref) {
      const secret = manifests.find((m) => m.kind === 'Secret' && m.metadata.name === ref.name);
      env[e.name] = secret.stringData?.[ref.key] ?? Buffer.from(secret.data[ref.key], 'base64').toString('utf8');
    } else {
      env[e.name] = e.value;
    }
  }
  return env;
}

/**
 * Starts a server whose root password is `rootPassword`, reachable as `host` on port 3306, runs the cases one after
 * the other, and returns their results by name.
 */
export function runAgainstServer(host: string, rootPassword: string, cases: Case[]): Map<string, Result> {
  if (missing.length > 0) throw new Error(`the MySQL integration test needs ${missing.join(', ')}: apt-get install -y mariadb-server mariadb-client`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mysql-server-'));
  try {
    fs.writeFileSync(path.join(work, 'cases.json'), JSON.stringify(cases));
    execFileSync('unshare', [
      '--user', '--map-root-user', '--net', '--mount',
      'bash', path.join(__dirname, 'integration', 'mysql-server-netns.sh'), work, host, rootPassword, '--',
      process.execPath, path.join(__dirname, 'integration', 'run-cases.js'), path.join(work, 'cases.json'), path.join(work, 'results.json'),
    ], { stdio: 'pipe', timeout: 120_000 });
    const list: Result[] = JSON.parse(fs.readFileSync(path.join(work, 'results.json'), 'utf8'));
    return new Map(list.map((r) => [r.name, r]));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
